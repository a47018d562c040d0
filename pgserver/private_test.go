package pgserver

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestStartInPrivateFolder is issue 18's first finding: a checkout in a
// folder of mode 0700 (root's home on Debian). As root the server runs as
// the postgres user, which cannot enter it, so the cluster must go where
// that user can reach it, stay there across restarts, and never be shared
// by two checkouts. As a normal user the cluster stays in the data folder.
func TestStartInPrivateFolder(t *testing.T) {
	if _, err := FindBinaries(); errors.Is(err, ErrNoBinaries) {
		t.Skip("no PostgreSQL server binaries on this machine")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	private := privateFolder(t)
	dir := filepath.Join(private, "checkout", ".fahrdienst")

	s, err := Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(); removeRelocated(s) })
	root := os.Geteuid() == 0
	inside := strings.HasPrefix(s.Dir, private+string(filepath.Separator))
	if root && (inside || !s.Relocated) {
		t.Fatalf("as root the cluster is in %s (relocated %v), which the postgres user cannot reach", s.Dir, s.Relocated)
	}
	if !root && (!inside || s.Relocated) {
		t.Fatalf("as a normal user the cluster went to %s instead of the data folder", s.Dir)
	}
	execSQL(ctx, t, s.URL, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)")
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	again, err := Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Stop()
	if again.Dir != s.Dir {
		t.Fatalf("second start put the cluster in %s, first in %s", again.Dir, s.Dir)
	}
	conn, err := pgx.Connect(ctx, again.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != 7 {
		t.Fatalf("data did not survive a restart: %v %v", v, err)
	}
	if root {
		other, err := (&Server{runAs: again.runAs}).reachableBase(filepath.Join(private, "other", ".fahrdienst"))
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(other)
		if filepath.Join(other, "postgres") == again.Dir {
			t.Fatalf("two checkouts share the cluster %s", other)
		}
	}
}

// TestStartInPrivateFolderAsNormalUser runs TestStartInPrivateFolder as
// the unprivileged user nobody, for a newcomer who clones into their own
// 0700 home: the test binary is copied where nobody can run it.
func TestStartInPrivateFolderAsNormalUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: TestStartInPrivateFolder already ran as a normal user")
	}
	if _, err := FindBinaries(); errors.Is(err, ErrNoBinaries) {
		t.Skip("no PostgreSQL server binaries on this machine")
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skip("no user nobody to run as")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	binDir, err := os.MkdirTemp("", "pgs-bin")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(binDir) })
	os.Chmod(binDir, 0o755)
	bin := filepath.Join(binDir, "pgserver.test")
	copyExecutable(t, os.Args[0], bin)
	cmd := exec.Command(bin, "-test.run=^TestStartInPrivateFolder$", "-test.v")
	cmd.Dir = "/"
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TMPDIR=/tmp", "HOME=/tmp"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestStartInPrivateFolder") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

// privateFolder is a fresh folder of mode 0700, as a home folder is.
func privateFolder(t *testing.T) string {
	t.Helper()
	private, err := os.MkdirTemp("", "home")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(private) })
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	return private
}

func removeRelocated(s *Server) {
	if s.Relocated {
		os.RemoveAll(filepath.Dir(s.Dir))
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
