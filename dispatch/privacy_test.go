package dispatch

import (
	"testing"
	"time"
)

func TestParseServiceHours(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want ServiceHours
		ok   bool
	}{
		{"", DefaultServiceHours, true},
		{"06:00-21:00", ServiceHours{360, 1260}, true},
		{" 5:30 - 22:15 ", ServiceHours{330, 1335}, true},
		{"00:00-24:00", ServiceHours{0, 1440}, true},
		{"21:00-06:00", ServiceHours{}, false},
		{"08:00-08:00", ServiceHours{}, false},
		{"evenings", ServiceHours{}, false},
		{"25:00-26:00", ServiceHours{}, false},
	} {
		got, err := ParseServiceHours(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseServiceHours(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	h := DefaultServiceHours
	for at, want := range map[string]bool{"03:00": false, "06:00": true, "15:00": true, "21:00": true, "21:01": false} {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-10 "+at, loc)
		if got := h.Contains(tm.UTC(), loc); got != want {
			t.Errorf("Contains(%s) = %v, want %v", at, got, want)
		}
	}
	if !(ServiceHours{}).Contains(time.Time{}, loc) {
		t.Error("no service hours must contain every time")
	}
}

func FuzzParseServiceHours(f *testing.F) {
	for _, s := range []string{"06:00-21:00", "", "24:00-01:00", "-1:00-02:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseServiceHours(s)
		if err == nil && (h.Start < 0 || h.End <= h.Start || h.End > 24*60) {
			t.Fatalf("%q parsed to %v", s, h)
		}
	})
}

// The cutoffs count back in local time: 24 months before 1 March 2026
// 00:30 in Berlin is 1 March 2024, whatever the UTC date.
func TestRetentionCutoffs(t *testing.T) {
	t.Parallel()
	loc, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 3, 1, 0, 30, 0, 0, loc)
	trips, msgs, audit := DefaultRetention.Cutoffs(now.UTC(), loc)
	if trips != "2024-03-01" || !msgs.Equal(now.AddDate(0, 0, -90)) || !audit.Equal(now.AddDate(0, -36, 0)) {
		t.Fatalf("cutoffs = %s, %v, %v", trips, msgs, audit)
	}
}
