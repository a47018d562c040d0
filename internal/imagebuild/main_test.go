package main

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestImageRunsFromItsUnpackedLayers builds the image as `make image`
// does, reads it back from its OCI layout, unpacks its layers into a
// folder and runs the binary from there against PostgreSQL, as the
// image's own unprivileged user when the test runs as root: `migrate up`,
// then `serve` until /readyz answers 200.
func TestImageRunsFromItsUnpackedLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the static binary")
	}
	t.Parallel()
	work := openFolder(t)
	bin := filepath.Join(work, "fahrdienst-static")
	build := exec.Command("go", "build", "-trimpath", "-tags", "timetzdata", "-ldflags", "-s -w", "-o", bin, "../../cmd/fahrdienst")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("static build: %v\n%s", err, out)
	}
	img, err := Build(Options{Binary: bin, Certs: certsPath, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "layout")
	if err := WriteLayout(dir, img); err != nil {
		t.Fatal(err)
	}
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	man, err := idx.IndexManifest()
	if err != nil || len(man.Manifests) != 1 {
		t.Fatalf("layout index: %v %v", man, err)
	}
	back, err := idx.Image(man.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := back.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if u := cf.Config.User; u == "" || u == "0" || strings.HasPrefix(u, "0:") || u == "root" {
		t.Fatalf("the image runs as %q, want an unprivileged user", u)
	}
	root := filepath.Join(work, "root")
	unpack(t, mutate.Extract(back), root)
	for _, p := range []string{binaryPath, certsPath, "/etc/passwd", stateDir} {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("image lacks %s: %v", p, err)
		}
	}

	env := []string{"DATABASE_URL=" + storetest.TCPURL(t), "SSL_CERT_FILE=" + filepath.Join(root, certsPath),
		"ZONEINFO=" + filepath.Join(root, "usr/share/zoneinfo"), "FAHRDIENST_DATA_DIR=" + filepath.Join(root, stateDir),
		"FAHRDIENST_TIMEZONE=Europe/Berlin", "FAHRDIENST_LOG_FORMAT=json", "PATH=/nonexistent"}
	exe := filepath.Join(root, binaryPath)
	if out, err := imageCommand(exe, env, "migrate", "up").CombinedOutput(); err != nil {
		t.Fatalf("migrate up from the image: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	serve := imageCommand(exe, append(env, "FAHRDIENST_ADDR="+addr), "serve")
	var log strings.Builder
	serve.Stdout, serve.Stderr = &log, &log
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Process.Kill()
	if !readyWithin(addr, 60*time.Second) {
		t.Fatalf("/readyz never answered 200; log:\n%s", log.String())
	}
	serve.Process.Signal(syscall.SIGTERM)
	if err := serve.Wait(); err != nil {
		t.Fatalf("serve from the image after SIGTERM: %v\n%s", err, log.String())
	}
}

// imageCommand runs the unpacked binary; as root, as the image's user.
func imageCommand(exe string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(exe, args...)
	cmd.Env, cmd.Dir = env, "/"
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
	}
	return cmd
}

// openFolder is a temporary folder the image's user may enter.
func openFolder(t *testing.T) string {
	dir, err := os.MkdirTemp("", "image")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// unpack writes a flattened image file system into root, owners included
// when running as root.
func unpack(t *testing.T, rc io.ReadCloser, root string) {
	t.Helper()
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(root, filepath.Clean("/"+h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, os.FileMode(h.Mode).Perm())
			if err == nil {
				err = os.Chmod(p, os.FileMode(h.Mode).Perm())
			}
		case tar.TypeReg:
			var f *os.File
			if f, err = os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(h.Mode).Perm()); err == nil {
				_, err = io.Copy(f, tr)
				err = errors.Join(err, f.Close())
			}
		default:
			t.Fatalf("unexpected entry %s (type %c)", h.Name, h.Typeflag)
		}
		if err == nil && os.Geteuid() == 0 {
			err = os.Lchown(p, h.Uid, h.Gid)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func readyWithin(addr string, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(fmt.Sprintf("http://%s/readyz", addr)); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
	}
	return false
}
