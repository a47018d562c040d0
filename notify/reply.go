package notify

import (
	"strings"
	"unicode/utf8"
)

// ReplyKind is what a driver (or anyone texting us) meant by an SMS.
type ReplyKind int

// The kinds of replies. Unknown gets the help text back, never silence.
const (
	ReplyUnknown ReplyKind = iota
	ReplyYes               // takes an offered ride
	ReplyNo                // declines an offered ride
	ReplyCancel            // gives back a confirmed ride
	ReplyStop              // no more SMS (opt-out)
	ReplyStart             // SMS again (opt-in)
	ReplyHelp              // what can I answer?
)

var replyKindNames = [...]string{"unknown", "yes", "no", "cancel", "stop", "start", "help"}

// The drivers' self-service replies (issue 15), numbered apart from the
// kinds above so that kinds added there never shift them.
const (
	ReplyOpenRides ReplyKind = 20 + iota // OFFEN: which rides have no driver yet?
	ReplyAbsence                         // URLAUB 12.08.-19.08.: days off; Code holds the dates
)

// String names the kind for structured logs ("yes", "cancel").
func (k ReplyKind) String() string {
	if n, ok := outcomeKindNames[k]; ok {
		return n
	}
	if n, ok := selfReplyNames[k]; ok {
		return n
	}
	if k < 0 || int(k) >= len(replyKindNames) {
		return "unknown"
	}
	return replyKindNames[k]
}

// Reply is a parsed SMS answer: what the sender meant, and the reply code of
// the ride they meant it for ("" when they gave none). For ReplyAbsence,
// Code is the words after URLAUB joined by dots ("12.08.19.08"), which
// ParseDays reads.
type Reply struct {
	Kind ReplyKind
	Code string
}

// replyWords maps the first word of a reply to its kind. German and English,
// and the words people really send ("ok", "jo", "nee"). CANCEL is also one
// of Twilio's default opt-out words: where Twilio's opt-out handling is on
// for the sender, Twilio itself answers it and blocks further SMS, so the
// texts tell drivers to write ABSAGE.
var replyWords = map[string]ReplyKind{
	"JA": ReplyYes, "J": ReplyYes, "YES": ReplyYes, "Y": ReplyYes, "OK": ReplyYes, "OKAY": ReplyYes,
	"JO": ReplyYes, "JAWOHL": ReplyYes, "GERNE": ReplyYes, "GERN": ReplyYes, "YEP": ReplyYes,
	"NEIN": ReplyNo, "N": ReplyNo, "NO": ReplyNo, "NEE": ReplyNo, "NOPE": ReplyNo,
	"ABSAGE": ReplyCancel, "ABSAGEN": ReplyCancel, "CANCEL": ReplyCancel, "STORNO": ReplyCancel,
	"STOP": ReplyStop, "STOPP": ReplyStop, "STOPALL": ReplyStop, "ABMELDEN": ReplyStop,
	"UNSUBSCRIBE": ReplyStop, "END": ReplyStop, "ENDE": ReplyStop, "QUIT": ReplyStop, "OPTOUT": ReplyStop,
	"START": ReplyStart, "UNSTOP": ReplyStart, "ANMELDEN": ReplyStart, "OPTIN": ReplyStart,
	"HILFE": ReplyHelp, "HELP": ReplyHelp, "INFO": ReplyHelp,
	"OFFEN": ReplyOpenRides, "OPEN": ReplyOpenRides, "URLAUB": ReplyAbsence, "ABWESEND": ReplyAbsence, "HOLIDAY": ReplyAbsence,
}

// replyEmoji are answers sent as a single symbol, common on smartphones.
var replyEmoji = map[string]ReplyKind{
	"\U0001F44D": ReplyYes, // thumbs up
	"\u2705":     ReplyYes, // check mark button
	"\u2714":     ReplyYes, // heavy check mark
	"\U0001F44E": ReplyNo,  // thumbs down
	"\u274C":     ReplyNo,  // cross mark
	"?":          ReplyHelp,
}

// maxReplyBytes bounds the part of a body we look at: a real answer is a
// few words, and a pasted essay must not cost more than a glance.
const maxReplyBytes = 1024

// ParseReply reads a driver's SMS. Case, spaces and punctuation do not
// matter ("ja!", " Ja 4k7.", "JA-4K7", "ja4k7", "nein danke"); only the first
// word decides the kind, and the first code-shaped word after it (three
// letters and digits, with at least one of each) is the code.
func ParseReply(body string) Reply {
	if len(body) > maxReplyBytes {
		body = body[:maxReplyBytes]
	}
	trimmed := strings.TrimSpace(body)
	for sym, kind := range replyEmoji {
		if strings.HasPrefix(trimmed, sym) && strings.Trim(trimmed, sym+" ") == "" {
			return Reply{Kind: kind}
		}
	}
	words := replyTokens(body)
	if r, ok := outcomeReply(words); ok {
		return r
	}
	if len(words) == 0 {
		return Reply{}
	}
	kind, ok := replyWords[words[0]]
	rest := words[1:]
	if !ok {
		// "JA4K7": a keyword glued to a code.
		kind, rest = splitGlued(words[0], rest)
		if kind == ReplyUnknown {
			return Reply{}
		}
	}
	r := Reply{Kind: kind}
	if kind == ReplyAbsence {
		r.Code = strings.Join(rest, ".")
	}
	if kind == ReplyYes || kind == ReplyNo || kind == ReplyCancel {
		for _, w := range rest {
			if looksLikeCode(w) {
				r.Code = w
				break
			}
		}
	}
	return r
}

func splitGlued(word string, rest []string) (ReplyKind, []string) {
	if len(word) <= CodeLength {
		return ReplyUnknown, rest
	}
	head, tail := word[:len(word)-CodeLength], word[len(word)-CodeLength:]
	kind, ok := replyWords[head]
	if !ok || !looksLikeCode(tail) {
		return ReplyUnknown, rest
	}
	return kind, append([]string{tail}, rest...)
}

// replyTokens upper-cases body and splits it into words of ASCII letters and
// digits; everything else separates words. Lower-casing first makes the
// result the same for a text and its lower-case form, also for the odd
// characters (the Kelvin sign) whose upper case is not ASCII.
func replyTokens(body string) []string {
	body = strings.ToUpper(strings.ToLower(strings.ToValidUTF8(body, " ")))
	return strings.FieldsFunc(body, func(r rune) bool {
		return r >= utf8.RuneSelf || !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
}

// looksLikeCode reports whether an upper-case word has the shape of a reply
// code. Requiring a digit and a letter keeps words such as "GUT" in
// "ja gut" or a time such as "930" from being taken for codes.
func looksLikeCode(w string) bool {
	if len(w) != CodeLength {
		return false
	}
	var letter, digit bool
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9':
			digit = true
		default:
			return false
		}
	}
	return letter && digit
}
