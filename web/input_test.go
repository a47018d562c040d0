package web

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	today := time.Date(2025, 11, 20, 15, 0, 0, 0, berlin)
	tests := []struct {
		in, want string
	}{
		{"morgen", "2025-11-21"}, {"heute", "2025-11-20"}, {"übermorgen", "2025-11-22"},
		{"24.12.2025", "2025-12-24"}, {"24.12.25", "2025-12-24"}, {"24.12.", "2025-12-24"},
		{"3.1.", "2026-01-03"}, {"2025-12-01", "2025-12-01"}, {" 1.12 ", "2025-12-01"},
		{"31.2.2026", ""}, {"", ""}, {"13.13.", ""}, {"x", ""}, {"1.2.3.4", ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, today)
		if s := got.Format(time.DateOnly); (tt.want == "") == ok || (ok && s != tt.want) {
			t.Errorf("parseDate(%q) = %s %v, want %q", tt.in, s, ok, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"9", 9, 0, true}, {"09:30", 9, 30, true}, {"930", 9, 30, true}, {"1015", 10, 15, true},
		{"9.30", 9, 30, true}, {"14 Uhr", 14, 0, true}, {"7h", 7, 0, true},
		{"24:00", 0, 0, false}, {"9:60", 0, 0, false}, {"", 0, 0, false}, {"abc", 0, 0, false}, {"9:-1", 0, 0, false},
	}
	for _, tt := range tests {
		h, m, ok := parseClock(tt.in)
		if ok != tt.ok || (ok && (h != tt.h || m != tt.m)) {
			t.Errorf("parseClock(%q) = %d:%d %v", tt.in, h, m, ok)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"24.12.2025", "morgen", "1.1.", "2025-01-01", "31.2."} {
		f.Add(s)
	}
	today := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseDate(s, today); ok && (d.Year() < 2000 || d.Year() > 2201 || d.Hour() != 0) {
			t.Fatalf("%q gave %v", s, d)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"9", "09:30", "930", "14 Uhr", "-1:5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, m, ok := parseClock(s); ok && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Fatalf("%q gave %d:%d", s, h, m)
		}
	})
}

func FuzzParseCoordinates(f *testing.F) {
	f.Add("49.967, 6.527")
	f.Fuzz(func(t *testing.T, s string) {
		if lat, lon, ok := parseCoordinates(s); ok && (lat < -90 || lat > 90 || lon < -180 || lon > 180 || lat != lat) {
			t.Fatalf("%q gave %v %v", s, lat, lon)
		}
	})
}
