package notify

import (
	"reflect"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

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

// FERTIG and NICHT DA mean the started rides of one tour: by code, or the
// only tour without one; NICHT DA needs a single ride; else the driver is
// told none or asked which. Not drivers are not understood; an opted-out
// driver's outcome is recorded silently.
func TestDecideOutcome(t *testing.T) {
	t.Parallel()
	shared := []StartedRide{{Tour: 5, Trip: 51, Code: "4K7"}, {Tour: 5, Trip: 52, Code: "4K7"}}
	two := []StartedRide{{Tour: 5, Trip: 51, Code: "4K7"}, {Tour: 6, Trip: 61, Code: "9XZ"}}
	done := func(trips ...int64) OutcomeDecision {
		return OutcomeDecision{Outcome: dispatch.OutcomeDone, Trips: trips, Key: "done"}
	}
	tests := []struct {
		body    string
		started []StartedRide
		want    OutcomeDecision
	}{
		{"FERTIG", shared, done(51, 52)},
		{"fertig 4k7", shared, done(51, 52)},
		{"FERTIG 9XZ", two, done(61)},
		{"FERTIG", two, OutcomeDecision{Key: "ambiguous", Code: "4K7"}},
		{"FERTIG 2AB", two, OutcomeDecision{Key: "none", Code: "2AB"}},
		{"FERTIG", nil, OutcomeDecision{Key: "none"}},
		{"NICHT DA 9XZ", two, OutcomeDecision{Outcome: dispatch.OutcomeNoShow, Trips: []int64{61}, Key: "no_show"}},
		{"NICHT DA", shared, OutcomeDecision{Key: "ambiguous", Code: "4K7"}},
		{"no show 4K7", shared, OutcomeDecision{Key: "ambiguous", Code: "4K7"}},
	}
	for _, tt := range tests {
		got := Decide(ParseReply(tt.body), Conversation{Driver: true, Started: tt.started})
		want := Decision{Action: ActOutcome, Answer: KindOutcomeAck, Outcome: tt.want}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Decide(%q) = %+v, want %+v", tt.body, got, want)
		}
	}
	if got := Decide(ParseReply("FERTIG"), Conversation{Started: shared}); got.Action != ActUnknown {
		t.Errorf("a senior's FERTIG = %v, want unknown", got.Action)
	}
	got := Decide(ParseReply("FERTIG"), Conversation{Driver: true, OptedOut: true, Started: shared})
	if !got.Silent || len(got.Outcome.Trips) != 2 {
		t.Errorf("an opted-out driver's FERTIG = %+v, want recorded silently", got)
	}
}
