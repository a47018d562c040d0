package notify

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is the character set an SMS travels in. It decides how many
// characters fit into one segment, and so what a message costs and whether it
// arrives as one piece on an old phone.
type Encoding int

const (
	// GSM7 is the 7-bit default alphabet of GSM 03.38 (with its extension
	// table). Every text of ours is written to stay in it.
	GSM7 Encoding = iota
	// UCS2 is used by the network as soon as one character is outside GSM-7;
	// it cuts the room per segment to less than half.
	UCS2
)

// String names the encoding as the console sender and logs show it.
func (e Encoding) String() string {
	if e == GSM7 {
		return "GSM-7"
	}
	return "UCS-2"
}

// Segment sizes. A message that does not fit one segment is sent as a
// concatenated SMS whose user-data header takes room from every part.
const (
	GSM7SingleSegment = 160
	GSM7MultiSegment  = 153
	UCS2SingleSegment = 70
	UCS2MultiSegment  = 67
	// MaxSegments is the most segments any of our texts may take: a third
	// segment costs money and sometimes arrives out of order on old phones.
	MaxSegments = 2
)

// gsm7Basic lists the basic character set of GSM 03.38 in septet order, so
// that the index of a rune is its septet value.
var gsm7Basic = []rune("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")

// gsm7Ext maps the characters of the extension table to the septet that
// follows the escape (0x1B); each counts as two septets.
var gsm7Ext = map[rune]byte{
	'\f': 0x0A, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2F,
	'[': 0x3C, '~': 0x3D, ']': 0x3E, '|': 0x40, '€': 0x65,
}

const gsm7Escape = 0x1B

var gsm7Index = func() map[rune]byte {
	m := make(map[rune]byte, len(gsm7Basic))
	for i, r := range gsm7Basic {
		if r == gsm7Escape {
			continue // the escape is not a character of its own
		}
		m[r] = byte(i)
	}
	return m
}()

// gsm7Septets returns how many septets r takes in GSM-7, or 0 if r cannot be
// written in GSM-7 at all.
func gsm7Septets(r rune) int {
	if _, ok := gsm7Index[r]; ok {
		return 1
	}
	if _, ok := gsm7Ext[r]; ok {
		return 2
	}
	return 0
}

// IsGSM7 reports whether s can be sent in the GSM-7 alphabet, which keeps a
// message at 160 characters a segment instead of 70.
func IsGSM7(s string) bool {
	for _, r := range s {
		if gsm7Septets(r) == 0 {
			return false
		}
	}
	return utf8.ValidString(s)
}

// EncodeGSM7 returns the unpacked septets of s (one byte each, extension
// characters as escape plus septet). It exists so that the character table
// can be tested against the standard; the network packs the septets itself.
func EncodeGSM7(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i, r := range s {
		if b, ok := gsm7Index[r]; ok {
			out = append(out, b)
			continue
		}
		if b, ok := gsm7Ext[r]; ok {
			out = append(out, gsm7Escape, b)
			continue
		}
		return nil, fmt.Errorf("character %q at byte %d is not in the GSM-7 alphabet", r, i)
	}
	return out, nil
}

// SMSInfo describes how a text travels: its encoding, its length in the
// units of that encoding (septets or UTF-16 code units) and its segments.
type SMSInfo struct {
	Encoding Encoding
	Units    int
	Segments int
}

// Measure tells how a body would be sent. It follows the rules networks and
// Twilio apply: an escape sequence or a surrogate pair is never split
// between two segments, so a multipart message may hold fewer units than
// the nominal 153 or 67 per segment.
func Measure(body string) SMSInfo {
	if body == "" {
		return SMSInfo{Encoding: GSM7}
	}
	if IsGSM7(body) {
		return measureUnits(GSM7, body, GSM7SingleSegment, GSM7MultiSegment, gsm7Septets)
	}
	return measureUnits(UCS2, body, UCS2SingleSegment, UCS2MultiSegment, utf16Units)
}

func utf16Units(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

func measureUnits(enc Encoding, body string, single, multi int, cost func(rune) int) SMSInfo {
	total := 0
	for _, r := range body {
		total += cost(r)
	}
	if total <= single {
		return SMSInfo{Encoding: enc, Units: total, Segments: 1}
	}
	segments, used := 1, 0
	for _, r := range body {
		c := cost(r)
		if used+c > multi {
			segments++
			used = 0
		}
		used += c
	}
	return SMSInfo{Encoding: enc, Units: total, Segments: segments}
}

// gsm7Replacements covers characters that people type or paste (smart
// quotes from a word processor, dashes, letters of neighbouring languages)
// and that have no GSM-7 form and no decomposition into one.
var gsm7Replacements = map[rune]string{
	'\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '`': "'", '´': "'",
	'\u201c': "\"", '\u201d': "\"", '\u201e': "\"", '«': "\"", '»': "\"",
	'\u2013': "-", '\u2014': "-", '\u2010': "-", '\u2011': "-", '\u2212': "-",
	'\u2026': "...", '\u00a0': " ", '\u2009': " ", '\u202f': " ", '\t': " ",
	'ç': "c", 'Ł': "L", 'ł': "l", 'Đ': "D", 'đ': "d", 'ı': "i", 'Œ': "OE", 'œ': "oe",
	'ẞ': "SS", 'Þ': "Th", 'þ': "th", 'Ð': "D", 'ð': "d", '•': "-", '·': "-",
	'°': "o", '²': "2", '³': "3", '½': "1/2", '\u200b': "", '\ufeff': "",
}

// ToGSM7 turns s into text that GSM-7 can carry: it keeps what GSM-7 has,
// replaces typographic characters, strips accents that GSM-7 lacks
// ("ł" → "l", "š" → "s") and writes "?" for anything else. Names and
// addresses come from people and a single "č" would otherwise switch a whole
// message to UCS-2 and double its segments.
func ToGSM7(s string) string {
	if IsGSM7(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "?") {
		if gsm7Septets(r) > 0 {
			b.WriteRune(r)
			continue
		}
		if rep, ok := gsm7Replacements[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteString(stripAccent(r))
	}
	return b.String()
}

// stripAccent decomposes r and keeps its base letter if GSM-7 has it.
func stripAccent(r rune) string {
	d := []rune(norm.NFD.String(string(r)))
	if len(d) > 0 && d[0] != r && gsm7Septets(d[0]) > 0 {
		return string(d[0])
	}
	if r == '\r' || r == '\n' {
		return string(r)
	}
	return "?"
}
