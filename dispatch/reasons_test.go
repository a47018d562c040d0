package dispatch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// Every rule declared in reasons.go is a flag or unassigned reason, so it
// must be in FlagRules: the tests of web and planning range over FlagRules
// to check that each is translated, and a rule missing from it would reach
// the board untranslated without a test failing.
func TestFlagRulesListsEveryReason(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "reasons.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if typ, ok := spec.Type.(*ast.Ident); !ok || typ.Name != "Rule" {
			return false
		}
		for _, name := range spec.Names {
			declared++
			lit := spec.Values[0].(*ast.BasicLit).Value
			rule := Rule(lit[1 : len(lit)-1])
			if !slices.Contains(FlagRules, rule) {
				t.Errorf("%s (%q) is declared in reasons.go but missing from FlagRules", name.Name, rule)
			}
		}
		return false
	})
	if declared != len(FlagRules) {
		t.Errorf("reasons.go declares %d rules, FlagRules lists %d", declared, len(FlagRules))
	}
}
