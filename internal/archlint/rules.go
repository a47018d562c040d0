// Command archlint enforces the package layout of DESIGN.md: which packages
// may depend on which. `make lint` runs it; it fails with one line per
// broken rule, naming the package, the forbidden dependency and the rule.
//
// It is a small program over `go list -deps` rather than golangci-lint's
// depguard because it checks the transitive closure (what a package drags in
// through others), which is what the layout is about, and needs nothing
// beyond the Go toolchain.
package main

import (
	"fmt"
	"strings"
)

// module is the import path prefix of this project's own packages.
const module = "github.com/fahrdienst/fahrdienst"

// A rule constrains the transitive, non-test dependencies of the packages it
// names. Allow, when set, lists the only non-standard packages (by prefix)
// the dependencies may contain; Deny lists prefixes that must not appear.
type rule struct {
	Packages []string // import paths, relative to the module ("dispatch", "solver/...")
	Why      string
	Allow    []string // nil: anything not denied
	Deny     []string
}

// rules is the architecture. Keep it in step with DESIGN.md's "Architecture".
var rules = []rule{
	{
		Packages: []string{"dispatch"},
		Why:      "the domain is standard library only",
		Allow:    []string{"golang.org/x/text"},
	},
	{
		Packages: []string{"solver/..."},
		Why:      "the solver is standard library only and knows nothing of trips or riders",
		Allow:    []string{"golang.org/x/text", module + "/solver"},
	},
	{
		Packages: []string{"notify"},
		Why:      "notify decides what to say; it is standard library and dispatch only",
		Allow:    []string{"golang.org/x/text", module + "/dispatch"},
	},
	{
		Packages: []string{"api", "web"},
		Why:      "HTTP depends on dispatch types and its own small interfaces, not on the database, River or Twilio",
		Deny: []string{"github.com/jackc/pgx", "github.com/riverqueue/river", "github.com/twilio/twilio-go",
			module + "/store", module + "/twilio", module + "/planning", module + "/geocode"},
	},
	{
		Packages: []string{"planning"},
		Why:      "planning turns a day into a solver problem; it does not talk to Twilio or to HTTP",
		Deny: []string{"github.com/twilio/twilio-go", module + "/twilio", module + "/api", module + "/web",
			module + "/store"},
	},
	{
		Packages: []string{"store", "twilio/...", "osrm", "auth", "phone", "pgserver", "geocode"},
		Why:      "only cmd/fahrdienst wires the outer packages together",
		Deny:     []string{module + "/api", module + "/web", module + "/cmd"},
	},
	{
		Packages: []string{"store"},
		Why:      "store implements dispatch's interfaces; it does not send SMS itself",
		Deny:     []string{module + "/twilio", "github.com/twilio/twilio-go"},
	},
}

// pkg is one package as go list reports it.
type pkg struct {
	ImportPath string
	Standard   bool
	Deps       []string
}

// check returns one message per group of dependencies of root that break
// r, grouped by repository (or by our own package) so that one forbidden
// import reads as one line, not as fifty. std reports whether an import path
// is in the standard library.
func check(r rule, root pkg, std func(string) bool) []string {
	count := map[string]int{}
	var groups []string
	for _, d := range root.Deps {
		if std(d) || d == root.ImportPath || broken(r, d) == "" {
			continue
		}
		g := group(d)
		if count[g] == 0 {
			groups = append(groups, g)
		}
		count[g]++
	}
	var out []string
	for _, g := range groups {
		out = append(out, fmt.Sprintf("%s depends on %s (%d packages): %s", root.ImportPath, g, count[g], r.Why))
	}
	return out
}

// group names the repository of an import path (its first three elements),
// or the package itself when it is one of ours.
func group(path string) string {
	if hasPrefix(path, module) {
		return path
	}
	parts := strings.SplitN(path, "/", 4)
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return strings.Join(parts, "/")
}

// broken says why dependency d breaks r, or "" when it does not.
func broken(r rule, d string) string {
	for _, p := range r.Deny {
		if hasPrefix(d, p) {
			return "denied"
		}
	}
	if r.Allow == nil {
		return ""
	}
	for _, p := range r.Allow {
		if hasPrefix(d, p) {
			return ""
		}
	}
	return "not allowed"
}

// hasPrefix matches an import path against a prefix on path-element bounds,
// so that ".../store" does not match ".../storetest" but matches
// ".../store/storetest".
func hasPrefix(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}
