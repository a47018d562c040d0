package main

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	std := func(p string) bool { return !strings.Contains(p, ".") }
	domain := rules[0]
	http := rules[3]
	tests := []struct {
		name string
		r    rule
		deps []string
		want int
	}{
		{"domain on the standard library", domain, []string{"fmt", "time"}, 0},
		{"domain on x/text", domain, []string{"golang.org/x/text/unicode/norm"}, 0},
		{"domain on pgx", domain, []string{"fmt", "github.com/jackc/pgx/v5"}, 1},
		{"domain on our store", domain, []string{module + "/store"}, 1},
		{"web on dispatch", http, []string{module + "/dispatch", "github.com/go-chi/chi/v5"}, 0},
		{"web on store and River", http, []string{module + "/store", "github.com/riverqueue/river/rivertype", "github.com/riverqueue/river"}, 2},
		{"web on storetest is not store", http, []string{module + "/storetest"}, 0},
		{"web on store/storetest is store", http, []string{module + "/store/storetest"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(tt.r, pkg{ImportPath: module + "/x", Deps: tt.deps}, std)
			if len(got) != tt.want {
				t.Errorf("check = %q, want %d breaches", got, tt.want)
			}
		})
	}
}

// TestRulesNamePackages guards against a rule that silently checks nothing
// because its package was renamed.
func TestRulesNamePackages(t *testing.T) {
	for _, r := range rules {
		for _, p := range r.Packages {
			roots, err := list("./../../" + p)
			if err != nil {
				t.Fatalf("rule %q: %v", r.Why, err)
			}
			if len(roots) == 0 {
				t.Errorf("rule %q names %s, which has no package", r.Why, p)
			}
		}
	}
}
