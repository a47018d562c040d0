package web

import (
	"os"
	"regexp"
	"strings"
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
		for _, key := range helperKeys(t, n.Name(), string(b)) {
			if textsDE[key] == "" || textsEN[key] == "" {
				t.Errorf("%s passes %q to a form helper; it is not a text in both languages", n.Name(), key)
			}
		}
	}
}

var (
	helperCall  = regexp.MustCompile(`\((field|radios|checks|options|placeOptions)((?:\s+(?:"[^"]*"|[.$][\w.$]*))+)\s*\)`)
	helperStart = regexp.MustCompile(`\((field|radios|checks|options|placeOptions) `)
	helperArg   = regexp.MustCompile(`"[^"]*"|[.$][\w.$]*`)
	// inputTypes are the types field is given; anything else is most
	// likely an option that slipped into the type's place.
	inputTypes = map[string]bool{"text": true, "email": true, "password": true, "tel": true, "number": true, "": true}
)

// helperKeys lists the text keys a template passes to the form helpers
// (fields.go): the label or legend, hint=KEY, and the KEY of value:KEY.
func helperKeys(t *testing.T, name, tmpl string) []string {
	var keys []string
	for _, call := range helperCall.FindAllStringSubmatch(tmpl, -1) {
		args := helperArg.FindAllString(call[2], -1)
		quoted := func(i int) (string, bool) {
			if i >= len(args) || !strings.HasPrefix(args[i], `"`) {
				return "", false
			}
			return strings.Trim(args[i], `"`), true
		}
		label, opts := 2, 3 // (helper . name label opts...)
		switch call[1] {
		case "field":
			opts = 4 // (field . name label type opts...)
			if typ, ok := quoted(3); ok && !inputTypes[typ] {
				t.Errorf("%s: %s has the type %q", name, call[0], typ)
			}
		case "checks":
			label, opts = 1, 2 // (checks . legend name:KEY...)
		case "placeOptions":
			opts = len(args)
		}
		if k, ok := quoted(label); ok {
			keys = append(keys, k)
		}
		for i := opts; i < len(args); i++ {
			o, ok := quoted(i)
			if !ok {
				continue
			}
			if call[1] == "field" {
				if k, ok := strings.CutPrefix(o, "hint="); ok {
					keys = append(keys, k)
				}
			} else if _, k, ok := strings.Cut(o, ":"); ok {
				keys = append(keys, k)
			} else {
				t.Errorf("%s: %s has the option %q without a text key", name, call[0], o)
			}
		}
	}
	if all, read := len(helperStart.FindAllString(tmpl, -1)), len(helperCall.FindAllString(tmpl, -1)); all != read {
		t.Errorf("%s: %d form helper calls, %d of them understood by the test", name, all, read)
	}
	return keys
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

// dynamicTextPrefixes are the prefixes of keys the pages build from a
// value ("state_"+state, print "flag_" .Flag ...); such keys need not
// appear whole.
var dynamicTextPrefixes = []string{"by_", "dir_", "doc_", "driver_done_", "flag_", "leg_", "msg_", "occ_",
	"privacy_erase_hint_", "privacy_row_", "privacy_table_", "rep_", "shuttle_done_", "source_", "state_", "timing_"}

// TestTextsUsed finds keys no page or handler uses any more: a dead text
// still has to be kept in both languages.
func TestTextsUsed(t *testing.T) {
	var src strings.Builder
	names, _ := files.ReadDir("templates")
	for _, n := range names {
		b, _ := files.ReadFile("templates/" + n.Name())
		src.Write(b)
	}
	gos, _ := os.ReadDir(".")
	for _, n := range gos {
		name := n.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "texts") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	word := regexp.MustCompile(`[a-z_0-9]+`)
	used := map[string]bool{}
	for _, w := range word.FindAllString(src.String(), -1) {
		used[w] = true
	}
	for k := range textsDE {
		dynamic := false
		for _, p := range dynamicTextPrefixes {
			dynamic = dynamic || strings.HasPrefix(k, p)
		}
		if !used[k] && !dynamic {
			t.Errorf("text %q is used nowhere", k)
		}
	}
}
