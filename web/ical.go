package web

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// calEvent is one ride in a driver's calendar feed.
type calEvent struct {
	UID, Summary, Location, Description, Status string
	Start, End                                  time.Time
	Lat, Lon                                    float64
}

// calendar writes an RFC 5545 calendar: CRLF line ends, lines folded at
// 75 octets without splitting a character, text values escaped, and every
// time in UTC so that no time zone definition is needed.
func calendar(name string, now time.Time, events []calEvent) []byte {
	var b bytes.Buffer
	line := func(s string) { writeFolded(&b, s) }
	stamp := icalTime(now)
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Fahrdienst//Fahrdienst//DE")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + icalText(name))
	line("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + icalText(e.UID))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + icalTime(e.Start))
		line("DTEND:" + icalTime(e.End))
		line("SUMMARY:" + icalText(e.Summary))
		line("LOCATION:" + icalText(e.Location))
		line("DESCRIPTION:" + icalText(e.Description))
		line(fmt.Sprintf("GEO:%.6f;%.6f", e.Lat, e.Lon))
		line("STATUS:" + e.Status)
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icalText escapes a TEXT value (RFC 5545, 3.3.11).
func icalText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// writeFolded writes a content line, folded so that no line is longer than
// 75 octets; a continuation line starts with a space (RFC 5545, 3.1).
func writeFolded(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
