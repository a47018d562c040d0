package deb

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDebianPackage builds the package as `make deb` does, lists it,
// unpacks it into a scratch root and checks what an installation needs:
// the binary, the unit with its hardening, the environment file as a
// conffile, and maintainer scripts that create the system user. The unit
// is checked with systemd-analyze where it is installed.
func TestDebianPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the static binary")
	}
	for _, tool := range []string{"dpkg-deb", "dpkg", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install dpkg; .ci/run does)", tool)
		}
	}
	t.Parallel()
	work := t.TempDir()
	bin := filepath.Join(work, "fahrdienst-static")
	build := exec.Command("go", "build", "-trimpath", "-tags", "timetzdata", "-ldflags", "-s -w", "-o", bin, "../../cmd/fahrdienst")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	mustRun(t, build)
	deb := strings.TrimSpace(mustRun(t, exec.Command("bash", "build.sh", bin, "abc1234-dirty", work)))
	if filepath.Base(deb) != "fahrdienst_0.0~gitabc1234.dirty_"+arch(t)+".deb" {
		t.Errorf("package name %s", filepath.Base(deb))
	}
	list := mustRun(t, exec.Command("dpkg-deb", "-c", deb))
	for _, want := range []string{"./usr/bin/fahrdienst", "./lib/systemd/system/fahrdienst.service", "./etc/fahrdienst/fahrdienst.env"} {
		if !strings.Contains(list, want) {
			t.Errorf("the package lacks %s:\n%s", want, list)
		}
	}
	control := filepath.Join(work, "control")
	mustRun(t, exec.Command("dpkg-deb", "-e", deb, control))
	if c := read(t, control, "conffiles"); strings.TrimSpace(c) != "/etc/fahrdienst/fahrdienst.env" {
		t.Errorf("conffiles: %q", c)
	}
	if p := read(t, control, "postinst"); !strings.Contains(p, "adduser --system") || !strings.Contains(p, "useradd --system") {
		t.Errorf("postinst creates no system user:\n%s", p)
	}
	root := filepath.Join(work, "root")
	mustRun(t, exec.Command("dpkg", "-x", deb, root))
	if out := mustRun(t, exec.Command(filepath.Join(root, "usr/bin/fahrdienst"), "version")); !strings.HasPrefix(out, "fahrdienst ") {
		t.Errorf("the packaged binary says %q", out)
	}
	unit := read(t, root, "lib/systemd/system/fahrdienst.service")
	for _, want := range []string{"User=fahrdienst", "ProtectSystem=strict", "StateDirectory=fahrdienst",
		"EnvironmentFile=/etc/fahrdienst/fahrdienst.env", "NoNewPrivileges=yes", "CapabilityBoundingSet=\n"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %q", want)
		}
	}
	verifyUnit(t, root, unit)
}

// verifyUnit runs systemd-analyze verify and an offline security review
// on the unit, its paths pointed into the scratch root.
func verifyUnit(t *testing.T, root, unit string) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Log("systemd-analyze is not installed: the unit was not verified (apt-get install systemd; .ci/run does)")
		return
	}
	dir := t.TempDir()
	unit = strings.ReplaceAll(unit, "/usr/bin/fahrdienst", filepath.Join(root, "usr/bin/fahrdienst"))
	unit = strings.ReplaceAll(unit, "EnvironmentFile=/", "EnvironmentFile="+root+"/")
	path := filepath.Join(dir, "fahrdienst.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exec.Command("systemd-analyze", "verify", path))
	out := mustRun(t, exec.Command("systemd-analyze", "security", "--offline=yes", "--threshold=30", path))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	t.Log(lines[len(lines)-1])
}

func mustRun(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return string(out)
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func arch(t *testing.T) string {
	out, err := exec.Command("dpkg", "--print-architecture").Output()
	if err != nil {
		return "amd64"
	}
	return strings.TrimSpace(string(out))
}
