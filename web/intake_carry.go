package web

import (
	"net/url"
	"strings"
	"unicode"
)

// carryOver fills the new-person form from what the coordinator searched
// for, so that nothing is typed twice while the caller waits: a phone
// number goes into the phone field, a name into the name fields ("Erna
// Schmitz", "Schmitz, Erna"; a single word is taken as the surname, as
// callers give it), and the focus goes to the first field still empty.
func carryOver(f url.Values, query string) {
	q := strings.TrimSpace(query)
	if q == "" {
		return
	}
	if looksLikePhone(q) {
		f.Set("phone", q)
		f.Set(focusField, "first_name")
		return
	}
	first, last := splitName(q)
	f.Set("first_name", first)
	f.Set("last_name", last)
	if first == "" {
		f.Set(focusField, "first_name")
	} else {
		f.Set(focusField, "phone")
	}
}

// focusField names, in a form's values, the field that gets the focus
// when the page opens; it is never an input itself.
const focusField = "_focus"

// looksLikePhone reports whether a search is a phone number: digits and
// the signs people write numbers with, at least three digits, no letter.
func looksLikePhone(q string) bool {
	digits := 0
	for _, r := range q {
		switch {
		case unicode.IsDigit(r):
			digits++
		case strings.ContainsRune("+ /-().", r):
		default:
			return false
		}
	}
	return digits >= 3
}

// splitName reads "First Last", "First Middle Last" or "Last, First".
func splitName(q string) (first, last string) {
	if l, f, ok := strings.Cut(q, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(l)
	}
	words := strings.Fields(q)
	if len(words) == 1 {
		return "", words[0]
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}
