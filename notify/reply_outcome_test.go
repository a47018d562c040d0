package notify

import "testing"

func TestParseOutcomeReplies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		kind ReplyKind
		code string
	}{
		{"FERTIG 4K7", ReplyDone, "4K7"},
		{"fertig", ReplyDone, ""},
		{"Erledigt, danke", ReplyDone, ""},
		{"done 4k7", ReplyDone, "4K7"},
		{"DONE4K7", ReplyDone, "4K7"},
		{"Nicht da 4k7", ReplyNoShow, "4K7"},
		{"NICHT DA", ReplyNoShow, ""},
		{"nichtda 4K7", ReplyNoShow, "4K7"},
		{"no show 4K7", ReplyNoShow, "4K7"},
		{"NoShow", ReplyNoShow, ""},
		{"no", ReplyNo, ""},        // a decline stays a decline
		{"NO 4K7", ReplyNo, "4K7"}, // also with its code
		{"nicht heute", ReplyUnknown, ""},
	}
	for _, tt := range tests {
		if r := ParseReply(tt.body); r.Kind != tt.kind || r.Code != tt.code {
			t.Errorf("ParseReply(%q) = %v %q, want %v %q", tt.body, r.Kind, r.Code, tt.kind, tt.code)
		}
	}
	if ReplyNoShow.String() != "no_show" || ActOutcome.String() == "" {
		t.Error("names")
	}
	texts := NewTexts(nil, Agency{Name: "Fahrdienst"})
	for _, key := range []string{"done", "no_show", "none", "ambiguous"} {
		for _, lang := range []Lang{German, English} {
			if s := texts.OutcomeReply(lang, key, 2, "4k7"); !fits(s) {
				t.Errorf("%s/%s does not fit one GSM-7 SMS: %q", lang, key, s)
			}
		}
	}
}
