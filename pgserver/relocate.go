package pgserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// reachableBase is where the server's folders go when it runs as the
// postgres user: the data folder abs itself when that user can enter every
// folder above it (or a cluster already lives there), else a folder of the
// postgres user named after abs's absolute path. Root's home is mode 0700
// on Debian, so a checkout in /root/fahrdienst would otherwise never start;
// the name is a hash of the path so that two checkouts never share a
// cluster, and it is the same at every start so that the data stays.
func (s *Server) reachableBase(abs string) (string, error) {
	if _, err := os.Stat(filepath.Join(abs, "postgres", "PG_VERSION")); err == nil {
		return abs, nil
	}
	if s.canEnterAll(filepath.Dir(abs)) {
		return abs, nil
	}
	home, err := s.ownHome()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	parent := filepath.Join(home, "fahrdienst")
	base := filepath.Join(parent, hex.EncodeToString(sum[:8]))
	for _, d := range []string{parent, base} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return "", err
		}
		if err := os.Chown(d, int(s.runAs.Uid), int(s.runAs.Gid)); err != nil {
			return "", err
		}
	}
	// Says which checkout the cluster belongs to, for whoever cleans up.
	if err := os.WriteFile(filepath.Join(base, "data-dir"), []byte(abs+"\n"), 0o644); err != nil {
		return "", err
	}
	return base, nil
}

// ownHome is a folder the postgres user owns and can reach: its home
// (/var/lib/postgresql on Debian), else /var/tmp, which survives reboots.
func (s *Server) ownHome() (string, error) {
	if u, err := user.LookupId(strconv.Itoa(int(s.runAs.Uid))); err == nil && u.HomeDir != "" {
		if st, err := os.Stat(u.HomeDir); err == nil && st.IsDir() &&
			st.Sys().(*syscall.Stat_t).Uid == s.runAs.Uid && s.canEnterAll(u.HomeDir) {
			return u.HomeDir, nil
		}
	}
	if s.canEnterAll("/var/tmp") {
		return "/var/tmp", nil
	}
	return "", fmt.Errorf("the postgres user (which runs the embedded server because this program runs as root) can reach neither the data folder nor its home; set FAHRDIENST_DATA_DIR to a folder it can reach")
}

// canEnterAll reports whether the server's user may pass through dir and
// every folder above it, judged from owner, group and mode (supplementary
// groups are not consulted, which errs towards relocating).
func (s *Server) canEnterAll(dir string) bool {
	for p := dir; ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return false
		}
		sys := st.Sys().(*syscall.Stat_t)
		perm := st.Mode().Perm()
		ok := perm&0o001 != 0 ||
			(sys.Uid == s.runAs.Uid && perm&0o100 != 0) ||
			(sys.Gid == s.runAs.Gid && perm&0o010 != 0)
		if !ok {
			return false
		}
		if p == "/" {
			return true
		}
	}
}
