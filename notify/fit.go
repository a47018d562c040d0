package notify

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// catalog is the set of texts of one language. Each language fills one in a
// file of its own (texts_de.go, texts_en.go), so that a translator finds every
// sentence in one place and the Go code around it stays the same.
type catalog struct {
	day          func(t time.Time) string // "Do 27.11."
	clock        func(t time.Time) string // "09:30"
	deadline     func(t time.Time) string // "Mi 18:00": an offer runs out within 12 hours
	needNames    map[Need]string
	returnOnCall string
	returnAt     func(clock string) string

	offer, confirmation, reminderEvening, reminderSoon func(v *vars) string
	cancelled, timeChanged, expired, taken, withdrawn  func(v *vars) string
	declineAck, cancelAck                              func(v *vars) string
	riderReminder, riderCancelled                      func(v *vars) string
	help, stopAck, startAck, unknown                   func(v *vars) string
}

func (c *catalog) when(t time.Time) string { return c.day(t) + " " + c.clock(t) }

func (c *catalog) needs(needs []Need) string {
	var parts []string
	for _, n := range needs {
		if name, ok := c.needNames[n]; ok {
			parts = append(parts, name)
		} else if s := cutRunes(clean(string(n)), maxNeedLen); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// maxNeedLen bounds a need we have no name for, as typed by a coordinator.
const maxNeedLen = 40

// sentence is a small helper for the catalogs: it returns s with a
// trailing space when cond holds, and nothing otherwise.
func sentence(cond bool, s string) string {
	if !cond {
		return ""
	}
	return s + " "
}

// shrinkKind says how a part of a text may be shortened.
type shrinkKind int

const (
	shrinkPlain   shrinkKind = iota // cut with "..."
	shrinkAddress                   // abbreviate, drop the postal code, then cut
	shrinkDrop                      // all or nothing (a phone number, a link)
)

type shrinkable struct {
	p    *string
	min  int
	kind shrinkKind
}

// fit renders v and, while the text is longer than MaxSegments segments,
// shortens its parts in order of how little the reader loses: the note
// first, then the destination (usually a known place), then the pickup
// address, the link (the driver can still read the SMS), names, and needs
// last, because a driver must know about a wheelchair. Then it gives back
// what it can, most important part first, so that one overlong part does
// not leave the others cut for nothing.
func fit(render func(*vars) string, v vars) string {
	s := render(&v)
	if fits(s) {
		return s
	}
	order := []shrinkable{
		{&v.Note, 0, shrinkPlain},
		{&v.Destination, 24, shrinkAddress},
		{&v.Pickup, 30, shrinkAddress},
		{&v.Link, 0, shrinkDrop},
		{&v.Rider, 18, shrinkPlain},
		{&v.Name, 18, shrinkPlain},
		{&v.Driver, 18, shrinkPlain},
		{&v.Agency, 20, shrinkPlain},
		{&v.Needs, 40, shrinkPlain},
		{&v.Phone, 0, shrinkDrop},
		{&v.Destination, 0, shrinkPlain},
		{&v.Pickup, 0, shrinkPlain},
		{&v.Rider, 0, shrinkPlain},
		{&v.Name, 0, shrinkPlain},
		{&v.Needs, 0, shrinkPlain},
	}
	original := map[*string]string{}
	for _, f := range order {
		original[f.p] = *f.p
	}
	s = shrinkUntilFit(render, &v, order)
	restore := []shrinkable{
		{&v.Needs, 0, shrinkPlain},
		{&v.Pickup, 0, shrinkAddress},
		{&v.Name, 0, shrinkPlain},
		{&v.Rider, 0, shrinkPlain},
		{&v.Driver, 0, shrinkPlain},
		{&v.Phone, 0, shrinkDrop},
		{&v.Link, 0, shrinkDrop},
		{&v.Destination, 0, shrinkAddress},
		{&v.Agency, 0, shrinkPlain},
		{&v.Note, 0, shrinkPlain},
	}
	for _, f := range restore {
		if *f.p != original[f.p] {
			s = giveBack(render, &v, f, original[f.p])
		}
	}
	return s
}

func shrinkUntilFit(render func(*vars) string, v *vars, order []shrinkable) string {
	s := render(v)
	for _, f := range order {
		if f.kind == shrinkAddress {
			for _, step := range addressSteps {
				*f.p = step(*f.p)
				if s = render(v); fits(s) {
					return s
				}
			}
		}
		for !fits(s) && utf8.RuneCountInString(*f.p) > f.min {
			*f.p = shorten(*f.p, overflow(s), f.min, f.kind)
			s = render(v)
		}
		if fits(s) {
			return s
		}
	}
	return s // not reached with our catalogs; TestTextsFitWithHugeData holds them to it
}

// giveBack lengthens one shortened part as far as the text still fits:
// first whole, then (for addresses) abbreviated, then cut as long as possible.
func giveBack(render func(*vars) string, v *vars, f shrinkable, orig string) string {
	short := *f.p
	try := func(candidate string) bool {
		*f.p = candidate
		if fits(render(v)) {
			return true
		}
		*f.p = short
		return false
	}
	if try(orig) || f.kind == shrinkDrop {
		return render(v)
	}
	base := orig
	if f.kind == shrinkAddress {
		for _, step := range addressSteps {
			base = step(base)
		}
		if try(base) {
			return render(v)
		}
	}
	// Binary search for the longest cut of base that fits and is longer
	// than what we have.
	lo, hi := utf8.RuneCountInString(short)+1, utf8.RuneCountInString(base)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		if try(cutWithEllipsis(base, mid)) {
			short = *f.p
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	*f.p = short
	return render(v)
}

func cutWithEllipsis(s string, n int) string {
	if n <= len("...") {
		return ""
	}
	return strings.TrimRight(cutRunes(s, n-len("...")), " ,.;:-") + "..."
}

// overflow is how many characters s has beyond MaxSegments segments.
func overflow(s string) int {
	over := Measure(s).Units - MaxSegments*GSM7MultiSegment
	if over < 1 {
		over = 1 // an escape pair at a segment boundary can need one more
	}
	return over
}

// shorten cuts s by over characters, but not below min; every call makes s
// strictly shorter while it is longer than min.
func shorten(s string, over, min int, kind shrinkKind) string {
	if kind == shrinkDrop {
		return ""
	}
	target := utf8.RuneCountInString(s) - over
	if target < min {
		target = min
	}
	return cutWithEllipsis(s, target)
}

func cutRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

var (
	streetWord = regexp.MustCompile(`(?i)(stra(ß|ss)e)\b`)
	postalCode = regexp.MustCompile(`\b\d{5}\s+`)
	country    = regexp.MustCompile(`(?i),\s*(Deutschland|Germany)\s*$`)
)

// addressSteps shorten an address the way a person would, before it is
// cut: "Hauptstraße 12, 54634 Bitburg, Deutschland" → "Hauptstr. 12, Bitburg".
var addressSteps = []func(string) string{
	func(s string) string { return country.ReplaceAllString(s, "") },
	func(s string) string {
		return streetWord.ReplaceAllStringFunc(s, func(w string) string {
			if w[0] == 'S' {
				return "Str."
			}
			return "str."
		})
	},
	func(s string) string { return postalCode.ReplaceAllString(s, "") },
	// Street and town matter most; floors and building parts go last.
	func(s string) string {
		parts := strings.Split(s, ",")
		if len(parts) < 3 {
			return s
		}
		return strings.TrimSpace(parts[0]) + ", " + strings.TrimSpace(parts[len(parts)-1])
	},
}

// optional returns s when cond holds and nothing otherwise.
func optional(cond bool, s string) string {
	if !cond {
		return ""
	}
	return s
}

// or returns s, or fallback when s is empty.
func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// link puts an optional URL on a line of its own, where phones recognise it.
func link(url string) string {
	if url == "" {
		return ""
	}
	return "\n" + url
}
