package notify

import (
	"strings"
	"testing"
	"time"
)

func TestCallHours(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	h, err := ParseCallHours("", loc)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, loc)
	for _, tc := range []struct {
		at, want string
	}{{"08:59", "09:00"}, {"09:00", "09:00"}, {"18:59", "18:59"}, {"19:00", "09:00+1"}, {"23:00", "09:00+1"}} {
		c, _ := ParseClock(tc.at)
		got, ok := h.SendAt(c.At(day, loc), time.Time{})
		want, _ := ParseClock(strings.TrimSuffix(tc.want, "+1"))
		wantT := want.At(day, loc)
		if strings.HasSuffix(tc.want, "+1") {
			wantT = want.At(day.AddDate(0, 0, 1), loc)
		}
		if !ok || !got.Equal(wantT) {
			t.Errorf("call due %s goes at %v, want %v", tc.at, got, wantT)
		}
	}
	for _, bad := range []string{"9-19", "09:00", "09:00-09:00", "25:00-19:00"} {
		if _, err := ParseCallHours(bad, loc); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseDigit(f *testing.F) {
	for _, s := range []string{"1", "2", "3", "", "7", "12", "#", "*1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ParseDigit(s)
		if c != ChoiceNone && len(s) != 1 {
			t.Errorf("%q read as %d", s, c)
		}
	})
}

func TestReminderCallSpeaksWithoutAbbreviations(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	tx := NewTexts(loc, Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	d := RiderData{Name: "Erna Schmitz", PickupAt: time.Date(2026, 11, 26, 9, 30, 0, 0, loc), Destination: "Praxis Dr. Weber"}
	s := tx.RiderReminderCall(German, d)
	if !strings.Contains(s.Main, "Donnerstag, dem 26. November um 09:30 Uhr") || s.Prompt == "" ||
		!strings.Contains(s.Voicemail, "06561 6001") || strings.Contains(s.Voicemail, "Drücken") {
		t.Errorf("script %+v", s)
	}
	if e := tx.RiderReminderCall(English, d); !strings.Contains(e.Main, "Thursday, November 26") {
		t.Errorf("english %q", e.Main)
	}
}

// A notice is spoken in both languages, asks only "1 to hear it again",
// and no key means anything else: any other key or none says goodbye.
func TestNoticeCallTexts(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	tx := NewTexts(loc, Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	d := RiderData{Name: "Erna Schmitz", PickupAt: time.Date(2026, 11, 26, 9, 30, 0, 0, loc), Destination: "Praxis Dr. Weber"}
	for _, tc := range []struct {
		lang                      Lang
		main, prompt, bye, absent string
	}{
		{German, "Ihre Fahrt am Donnerstag, dem 26. November um 09:30 Uhr zu Praxis Dr. Weber fällt leider aus",
			"Drücken Sie die 1, um die Nachricht noch einmal zu hören.", "Auf Wiederhören.", "bestätigen"},
		{English, "Your ride on Thursday, November 26 at 09:30 to Praxis Dr. Weber is cancelled",
			"Press 1 to hear this message again.", "Goodbye.", "confirm"},
	} {
		s := tx.RiderCancelledCall(tc.lang, d)
		if !s.Notice || !strings.Contains(s.Main, tc.main) || s.Prompt != tc.prompt ||
			!strings.Contains(s.Voicemail, "06561 6001") || strings.Contains(s.Voicemail, tc.prompt) ||
			strings.Contains(s.Main+s.Prompt, tc.absent) {
			t.Errorf("%s notice %+v", tc.lang, s)
		}
		if r := tx.CallReplyTo(s, "1"); !r.Gather || r.Changed {
			t.Errorf("%s: 1 does not repeat: %+v", tc.lang, r)
		}
		for _, k := range []string{"2", "3", "9", ""} {
			if r := tx.CallReplyTo(s, k); r.Gather || r.Say != tc.bye {
				t.Errorf("%s: key %q: %+v", tc.lang, k, r)
			}
		}
		if got := tx.CallEnd(s); got != tc.bye {
			t.Errorf("%s: no key says %q", tc.lang, got)
		}
	}
	// A reminder's keys are unchanged.
	if r := tx.CallReplyTo(tx.RiderReminderCall(German, d), "1"); r.Gather || !strings.Contains(r.Say, "bestätigt") {
		t.Errorf("reminder 1: %+v", r)
	}
}
