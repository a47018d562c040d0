package api

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The checks shared by riders, drivers and places. Limits keep one record
// readable on a coordinator's screen and in an SMS.

// storable reports whether PostgreSQL can store a text: valid UTF-8
// without NUL bytes. Anything else would fail in the database, and a
// client's input must never cause a 500.
func storable(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsRune(v, 0)
}

func checkText(fe *dispatch.Fields, field, v string, required bool) {
	switch {
	case required && strings.TrimSpace(v) == "":
		fe.Add(field, "is required")
	case !storable(v):
		fe.Add(field, "must be valid UTF-8 without NUL characters")
	case utf8.RuneCountInString(v) > 200:
		fe.Add(field, "must be at most 200 characters")
	}
}

func checkNotes(fe *dispatch.Fields, v string) {
	if !storable(v) || utf8.RuneCountInString(v) > 2000 {
		fe.Add("notes", "must be at most 2000 characters of valid UTF-8")
	}
}

func checkCoordinates(fe *dispatch.Fields, lat, lon float64) {
	var inner dispatch.Fields
	dispatch.ValidateCoordinates("", lat, lon, &inner)
	for _, f := range inner {
		fe.Add(strings.TrimPrefix(f.Field, "."), "%s", f.Message)
	}
}

func checkLanguage(fe *dispatch.Fields, v string) {
	if v != "de" && v != "en" {
		fe.Add("language", "must be de or en")
	}
}

// indexed names a field of a list element as the field errors do:
// windows[2].start.
func indexed(list string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, field)
}
