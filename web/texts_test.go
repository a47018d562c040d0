package web

import (
	"regexp"
	"testing"
)

// TestTextsComplete keeps the languages in step and every key a template
// uses defined.
func TestTextsComplete(t *testing.T) {
	for k := range textsDE {
		if textsEN[k] == "" {
			t.Errorf("English lacks %q", k)
		}
	}
	for k := range textsEN {
		if textsDE[k] == "" {
			t.Errorf("German lacks %q", k)
		}
	}
	names, _ := files.ReadDir("templates")
	re := regexp.MustCompile(`\.T\.([a-z_0-9]+)|"(?:hint=)?([a-z_0-9]+)"`)
	for _, n := range names {
		b, _ := files.ReadFile("templates/" + n.Name())
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if m[1] != "" && textsDE[m[1]] == "" {
				t.Errorf("%s uses undefined text %q", n.Name(), m[1])
			}
		}
	}
}

// TestRuleTexts keeps a text for every rule a form can break.
func TestRuleTexts(t *testing.T) {
	keys := []string{"err_required", "err_too_long_short", "err_sms_mobile", "err_mobile", "err_check", "choose"}
	for _, k := range ruleTexts {
		keys = append(keys, k)
	}
	for _, k := range keys {
		if textsDE[k] == "" || textsEN[k] == "" {
			t.Errorf("text %q missing", k)
		}
	}
}
