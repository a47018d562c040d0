// Package pgserver starts a private PostgreSQL server from the server binaries
// installed on the machine. It is what lets a newcomer run Fahrdienst with
// nothing but Go and the PostgreSQL server package: the data lives in a folder
// of the project, the server listens only on a Unix socket inside that folder,
// and it is stopped again when the program ends.
package pgserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Database is the name of the database the embedded server provides.
const Database = "fahrdienst"

// maxSocketPath is the longest Unix socket path the kernel accepts (108 bytes
// including the terminating NUL); PostgreSQL's socket is ".s.PGSQL.5432".
const maxSocketPath = 107

// Server is a running PostgreSQL server whose data lives under Dir.
type Server struct {
	// Dir is the data directory (the cluster).
	Dir string
	// URL reaches the Database on this server.
	URL string
	// Relocated is true when the cluster lives outside the data folder,
	// because the postgres user (which runs the server when this program
	// runs as root) cannot reach the data folder; Dir then says where.
	Relocated bool

	bin     string
	owned   bool // we started it, so we stop it
	runAs   *syscall.Credential
	sockDir string
}

// ErrNoBinaries says that no PostgreSQL server is installed; its message names
// the package to install.
var ErrNoBinaries = errors.New("no PostgreSQL server binaries found (initdb, pg_ctl): install them, e.g. `apt-get install postgresql` on Debian/Ubuntu or `brew install postgresql` on macOS, or set DATABASE_URL")

// FindBinaries returns the directory holding initdb and pg_ctl: from PATH, or
// the newest /usr/lib/postgresql/*/bin where Debian puts them off the PATH.
func FindBinaries() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Start initialises the cluster in dataDir/postgres when it does not exist,
// starts the server unless it is already running there, and makes sure the
// Database exists. When run as root, the server runs as the postgres user, as
// PostgreSQL refuses to run as root.
func Start(ctx context.Context, dataDir string) (*Server, error) {
	bin, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin}
	base := abs
	if os.Geteuid() == 0 {
		if s.runAs, err = postgresUser(); err != nil {
			return nil, err
		}
		if base, err = s.reachableBase(abs); err != nil {
			return nil, err
		}
		s.Relocated = base != abs
	}
	s.Dir, s.sockDir = filepath.Join(base, "postgres"), filepath.Join(base, "run")
	if len(s.sockDir)+len("/.s.PGSQL.5432") > maxSocketPath {
		return nil, fmt.Errorf("the data directory %s is too deep for a Unix socket path; set FAHRDIENST_DATA_DIR to a shorter path", base)
	}
	if err := s.prepare(ctx, abs, base); err != nil {
		return nil, err
	}
	if !s.running(ctx) {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
		s.owned = true
	}
	s.URL = fmt.Sprintf("postgres://postgres@/%s?host=%s&sslmode=disable", Database, s.sockDir)
	if err := s.createDatabase(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, but there is no unprivileged 'postgres' user to run the embedded PostgreSQL server as; run as a normal user or set DATABASE_URL")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// prepare creates the data folder abs and, in base (abs itself unless the
// cluster was relocated), the socket folder and the cluster. As root it
// hands the folders of the server to the postgres user, in one pass.
func (s *Server) prepare(ctx context.Context, abs, base string) error {
	_, err := os.Stat(filepath.Join(s.Dir, "PG_VERSION"))
	initialised := err == nil
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return err
	}
	dirs := []string{base, s.sockDir}
	if !initialised {
		dirs = append(dirs, s.Dir)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if s.runAs != nil {
			if err := os.Chown(d, int(s.runAs.Uid), int(s.runAs.Gid)); err != nil {
				return err
			}
		}
	}
	if initialised {
		return nil
	}
	return s.run(ctx, "initdb", "-D", s.Dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions")
}

func (s *Server) running(ctx context.Context) bool {
	return s.run(ctx, "pg_ctl", "status", "-D", s.Dir) == nil
}

func (s *Server) start(ctx context.Context) error {
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c fsync=on", s.sockDir)
	err := s.run(ctx, "pg_ctl", "start", "-w", "-t", "60", "-D", s.Dir,
		"-l", filepath.Join(s.Dir, "server.log"), "-o", opts)
	if err != nil {
		return fmt.Errorf("starting PostgreSQL (log in %s): %w", filepath.Join(s.Dir, "server.log"), err)
	}
	return nil
}

func (s *Server) createDatabase(ctx context.Context) error {
	admin := fmt.Sprintf("postgres://postgres@/postgres?host=%s&sslmode=disable", s.sockDir)
	conn, err := connectRetry(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", Database).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+Database)
	return err
}

// connectRetry waits for a server that pg_ctl reported started but that may
// still be finishing its recovery.
func connectRetry(ctx context.Context, url string) (*pgx.Conn, error) {
	var err error
	for i := 0; i < 50; i++ {
		var conn *pgx.Conn
		if conn, err = pgx.Connect(ctx, url); err == nil {
			return conn, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil, err
}

// Stop shuts the server down cleanly if this process started it; a server
// that was already running when Start found it is left alone.
func (s *Server) Stop() error {
	if s == nil || !s.owned {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := s.run(ctx, "pg_ctl", "stop", "-w", "-m", "fast", "-D", s.Dir)
	s.owned = false
	return err
}

// run executes a server program as the server's user, in its own process
// group so that a Ctrl-C in the terminal reaches us first and we stop the
// server in order. The program's output only matters when it fails, so it
// goes into the error.
func (s *Server) run(ctx context.Context, prog string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, prog), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: s.runAs}
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", prog, args[0], err, strings.TrimSpace(out.String()))
	}
	return nil
}
