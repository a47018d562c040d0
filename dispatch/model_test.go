package dispatch

import (
	"encoding/json"
	"testing"
	"time"
)

// TestClockOn checks that a clock time keeps its wall-clock value on the
// days daylight saving starts and ends, and that a malformed one is refused.
func TestClockOn(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	for _, day := range []time.Time{
		time.Date(2026, 3, 29, 0, 0, 0, 0, berlin),
		time.Date(2026, 10, 25, 23, 0, 0, 0, berlin),
	} {
		got, err := ClockOn(day, "09:30")
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(day.Year(), day.Month(), day.Day(), 9, 30, 0, 0, berlin); !got.Equal(want) || got.Location() != berlin {
			t.Errorf("ClockOn(%v, 09:30) = %v, want %v", day, got, want)
		}
	}
	for _, bad := range []string{"", "9am", "25:00", "09:30:00"} {
		if _, err := ClockOn(time.Now(), bad); err == nil {
			t.Errorf("ClockOn accepted %q", bad)
		}
	}
}

// TestFieldErrorJSONKeepsTheContract checks that a field error answers
// the API with its field and message only: the rule is for the web pages.
func TestFieldErrorJSONKeepsTheContract(t *testing.T) {
	var f Fields
	f.AddRule("at", RulePast, "lies in the past")
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `[{"field":"at","message":"lies in the past"}]`; got != want {
		t.Errorf("JSON %s, want %s", got, want)
	}
	if f[0].Rule != RulePast {
		t.Errorf("rule %q, want %q", f[0].Rule, RulePast)
	}
}
