package notify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseReply(t *testing.T) {
	tests := []struct {
		in   string
		want Reply
	}{
		{"JA", Reply{ReplyYes, ""}},
		{"ja!", Reply{ReplyYes, ""}},
		{" Ja 4k7.", Reply{ReplyYes, "4K7"}},
		{"JA-4K7", Reply{ReplyYes, "4K7"}},
		{"ja4k7", Reply{ReplyYes, "4K7"}},
		{"Ja, 4K7 gerne", Reply{ReplyYes, "4K7"}},
		{"ja gut", Reply{ReplyYes, ""}},
		{"Ja um 930", Reply{ReplyYes, ""}},
		{"J", Reply{ReplyYes, ""}},
		{"y", Reply{ReplyYes, ""}},
		{"Yes 9px", Reply{ReplyYes, "9PX"}},
		{"OK", Reply{ReplyYes, ""}},
		{"👍", Reply{ReplyYes, ""}},
		{"  👍👍 ", Reply{ReplyYes, ""}},
		{"NEIN", Reply{ReplyNo, ""}},
		{"nein danke", Reply{ReplyNo, ""}},
		{"Nein, 4K7 geht nicht", Reply{ReplyNo, "4K7"}},
		{"no 4k7", Reply{ReplyNo, "4K7"}},
		{"n", Reply{ReplyNo, ""}},
		{"NO4K7", Reply{ReplyNo, "4K7"}},
		{"👎", Reply{ReplyNo, ""}},
		{"ABSAGE 4K7", Reply{ReplyCancel, "4K7"}},
		{"absage", Reply{ReplyCancel, ""}},
		{"Cancel 2ab!", Reply{ReplyCancel, "2AB"}},
		{"absagen 7xy bin krank", Reply{ReplyCancel, "7XY"}},
		{"STOP", Reply{ReplyStop, ""}},
		{"stopp", Reply{ReplyStop, ""}},
		{"Stop 4K7", Reply{ReplyStop, ""}},
		{"abmelden", Reply{ReplyStop, ""}},
		{"UNSUBSCRIBE", Reply{ReplyStop, ""}},
		{"start", Reply{ReplyStart, ""}},
		{"Hilfe", Reply{ReplyHelp, ""}},
		{"help?", Reply{ReplyHelp, ""}},
		{"?", Reply{ReplyHelp, ""}},
		{"", Reply{}},
		{"   ", Reply{}},
		{"...", Reply{}},
		{"Hallo, wann genau?", Reply{}},
		{"4K7", Reply{}},
		{"jaja", Reply{}},
		{"JANE", Reply{}},
		{"\xff\xfeJA", Reply{ReplyYes, ""}},
		{"ＪＡ", Reply{}}, // full-width letters are not read as JA
	}
	for _, tt := range tests {
		if got := ParseReply(tt.in); got != tt.want {
			t.Errorf("ParseReply(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// canonical renders a reply as a driver would write it ("JA 4K7", "STOP",
// "" for an unknown reply); the tests check that it parses back.
func canonical(r Reply) string {
	words := [...]string{"", "JA", "NEIN", "ABSAGE", "STOP", "START", "HILFE"}
	if r.Kind < 0 || int(r.Kind) >= len(words) {
		return ""
	}
	if r.Code != "" && r.Kind != ReplyUnknown {
		return words[r.Kind] + " " + r.Code
	}
	return words[r.Kind]
}

func TestReplyCanonicalFormRoundTrips(t *testing.T) {
	for _, r := range []Reply{{ReplyYes, "4K7"}, {ReplyNo, ""}, {ReplyCancel, "2AB"}, {ReplyStop, ""}, {ReplyStart, ""}, {ReplyHelp, ""}, {}} {
		if got := ParseReply(canonical(r)); got != r {
			t.Errorf("ParseReply(%q) = %+v, want %+v", canonical(r), got, r)
		}
	}
	if got := ReplyCancel.String(); got != "cancel" {
		t.Errorf("ReplyCancel.String() = %q", got)
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{"JA 4K7", " ja!", "nein danke", "JA-4K7", "absage 2ab", "STOP", "👍", "\xff", "NO4K7", "k", "\u212a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := ParseReply(body)
		if r.Kind < ReplyUnknown || r.Kind > ReplyHelp {
			t.Fatalf("kind out of range: %d", r.Kind)
		}
		if r.Code != "" {
			if !looksLikeCode(r.Code) || strings.ToUpper(r.Code) != r.Code {
				t.Fatalf("code %q not normalised", r.Code)
			}
			if r.Kind != ReplyYes && r.Kind != ReplyNo && r.Kind != ReplyCancel {
				t.Fatalf("code %q on a %s reply", r.Code, r.Kind)
			}
		}
		// The canonical form parses back to the same reply.
		if again := ParseReply(canonical(r)); again != r {
			t.Fatalf("ParseReply(%q) = %+v, but its canonical form %q parses to %+v", body, r, canonical(r), again)
		}
		if len(body) <= maxReplyBytes-4 && utf8.ValidString(body) {
			// Case, surrounding spaces and punctuation do not matter.
			if got := ParseReply(strings.ToLower(body)); got != r {
				t.Fatalf("lower case of %q parses to %+v, want %+v", body, got, r)
			}
			if got := ParseReply(" " + body + " ."); got != r && !strings.ContainsAny(body, "👍✅✔👎❌?") {
				t.Fatalf("padded %q parses to %+v, want %+v", body, got, r)
			}
		}
	})
}

func TestNewCode(t *testing.T) {
	taken := map[string]bool{}
	for range 2000 {
		code, err := NewCode(taken)
		if err != nil {
			t.Fatal(err)
		}
		if !looksLikeCode(code) || strings.Trim(code, CodeAlphabet) != "" {
			t.Fatalf("NewCode gave invalid %q", code)
		}
		if taken[code] {
			t.Fatalf("NewCode repeated taken code %q", code)
		}
		if strings.ContainsAny(code, "0O1IL") {
			t.Fatalf("ambiguous character in %q", code)
		}
		if got := ParseReply("ja " + strings.ToLower(code)); got != (Reply{ReplyYes, code}) {
			t.Fatalf("reply with code %q parsed as %+v", code, got)
		}
		taken[code] = true
	}
}

func TestNewCodeFailsWhenAllTaken(t *testing.T) {
	taken := map[string]bool{}
	for _, a := range CodeAlphabet {
		for _, b := range CodeAlphabet {
			for _, c := range CodeAlphabet {
				taken[string([]rune{a, b, c})] = true
			}
		}
	}
	if _, err := NewCode(taken); err == nil {
		t.Fatal("NewCode succeeded with every code taken")
	}
}
