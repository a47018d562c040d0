package dispatch

import "strings"

// CleanText makes text from outside (an SMS body, a form field) storable:
// it drops NUL characters and bytes that are not UTF-8, which PostgreSQL
// refuses (SQLSTATE 22021), and keeps everything else. It is the one rule
// of every edge where a person's words must be kept even when a phone or
// a browser garbled them; edges that can ask the sender again refuse such
// text instead (Storable).
func CleanText(s string) string {
	if Storable(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}
