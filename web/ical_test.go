package web

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCalendarEscapesFoldsAndUsesUTC(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2025, 3, 30, 9, 30, 0, 0, berlin) // the day clocks go forward
	long := strings.Repeat("Mötscher Straße, ", 10)
	out := calendar("Fahrten", start, []calEvent{{UID: "trip-1@x", Summary: "a;b,c\\d\ne", Location: long,
		Description: "x", Status: "CONFIRMED", Start: start, End: start.Add(30 * time.Minute), Lat: 49.9, Lon: 6.5}})
	s := string(out)
	if !strings.Contains(s, "DTSTART:20250330T073000Z\r\n") {
		t.Errorf("start not in UTC:\n%s", s)
	}
	if !strings.Contains(s, `SUMMARY:a\;b\,c\\d\ne`+"\r\n") {
		t.Errorf("summary not escaped:\n%s", s)
	}
	for _, l := range bytes.Split(bytes.TrimSuffix(out, []byte("\r\n")), []byte("\r\n")) {
		if len(l) > 75 || !utf8.Valid(l) || bytes.ContainsAny(l, "\r\n") {
			t.Errorf("bad line %q (%d octets)", l, len(l))
		}
	}
	unfolded := strings.ReplaceAll(s, "\r\n ", "")
	if !strings.Contains(unfolded, "LOCATION:"+strings.ReplaceAll(long, ",", `\,`)+"\r\n") {
		t.Errorf("folding lost text:\n%s", unfolded)
	}
}

func TestDriverTokens(t *testing.T) {
	key := derive([]byte("secret"), "driver-link")
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	link := DriverLink("https://fd.example/", []byte("secret"), 42, now)
	tok := strings.TrimPrefix(link, "https://fd.example/d/")
	if len(link) > 60 {
		t.Errorf("link too long for an SMS: %s", link)
	}
	if id, ok := parseDriverToken(key, tok, now.Add(29*24*time.Hour)); !ok || id != 42 {
		t.Fatalf("valid token refused: %d %v", id, ok)
	}
	if _, ok := parseDriverToken(key, tok, now.Add(31*24*time.Hour)); ok {
		t.Error("expired token accepted")
	}
	if _, ok := parseDriverToken(derive([]byte("other"), "driver-link"), tok, now); ok {
		t.Error("token of another secret accepted")
	}
	b := []byte(tok)
	b[0] ^= 1
	if _, ok := parseDriverToken(key, string(b), now); ok {
		t.Error("altered token accepted")
	}
}

func FuzzParseDriverToken(f *testing.F) {
	key := derive([]byte("k"), "driver-link")
	f.Add(driverToken(key, 7, time.Unix(1e9, 0)))
	f.Fuzz(func(t *testing.T, s string) {
		if id, ok := parseDriverToken(key, s, time.Unix(0, 0)); ok && id <= 0 {
			t.Fatalf("%q gave driver %d", s, id)
		}
	})
}
