package notify

import (
	"fmt"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// After the ride a driver reports by SMS how it went: FERTIG <code> (or
// DONE) when the ride is done, NICHT DA <code> (or NO SHOW) when the senior
// was not there. The kinds have values of their own, far from the iota
// list of reply.go, so that new kinds there never collide with these.
const (
	ReplyDone   ReplyKind = 100 // the ride is done
	ReplyNoShow ReplyKind = 101 // the senior was not there
)

// ActOutcome is the action of a FERTIG or NICHT DA reply: an outcome is
// recorded (or the driver is told why not).
const ActOutcome Action = 100

// KindOutcomeAck is the answer to FERTIG or NICHT DA.
const KindOutcomeAck MessageKind = "outcome_ack"

// StartedRide is a driver's confirmed ride that has begun and has no
// outcome yet, on its tour, with the tour's code.
type StartedRide struct {
	Tour, Trip int64
	Code       string
}

// OutcomeDecision is what a FERTIG or NICHT DA means: the outcome to
// record for Trips, or nothing (Trips empty) and why. Key names the answer
// (Texts.OutcomeReply): done, no_show, none (no started ride with Code) or
// ambiguous (Code is one of the driver's, as an example).
type OutcomeDecision struct {
	Outcome string
	Trips   []int64
	Key     string
	Code    string
}

// decideOutcome applies FERTIG or NICHT DA to the driver's started rides.
// With a code it is that tour's started rides; without one, the driver's
// only tour with started rides. FERTIG records every such ride of the tour
// done; NICHT DA needs a tour with one such ride, since on a shared tour
// the driver must say who was missing (on their page).
func decideOutcome(r Reply, started []StartedRide) OutcomeDecision {
	var rides []StartedRide
	tours := map[int64]bool{}
	for _, sr := range started {
		if r.Code == "" || strings.EqualFold(sr.Code, r.Code) {
			rides = append(rides, sr)
			tours[sr.Tour] = true
		}
	}
	switch {
	case len(tours) == 0:
		return OutcomeDecision{Key: "none", Code: r.Code}
	case len(tours) > 1 || (r.Kind == ReplyNoShow && len(rides) > 1):
		return OutcomeDecision{Key: "ambiguous", Code: rides[0].Code}
	}
	d := OutcomeDecision{Outcome: dispatch.OutcomeDone, Key: "done"}
	if r.Kind == ReplyNoShow {
		d.Outcome, d.Key = dispatch.OutcomeNoShow, "no_show"
	}
	for _, sr := range rides {
		d.Trips = append(d.Trips, sr.Trip)
	}
	return d
}

// outcomeKindNames name the after-the-ride kinds in logs.
var outcomeKindNames = map[ReplyKind]string{ReplyDone: "done", ReplyNoShow: "no_show"}

// outcomeWords are the one-word forms; NICHT DA and NO SHOW are two words
// and read in outcomeReply.
var outcomeWords = map[string]ReplyKind{
	"FERTIG": ReplyDone, "ERLEDIGT": ReplyDone, "DONE": ReplyDone,
	"NICHTDA": ReplyNoShow, "NOSHOW": ReplyNoShow,
}

// outcomeReply reads an after-the-ride reply from the words of an SMS
// (upper case, see replyTokens): the kind and the first code-shaped word
// after it, also glued to the keyword ("FERTIG4K7"). ok is false for any
// other reply, which ParseReply then reads as before. "NO SHOW" must be
// caught here, before "NO" is taken for a decline.
func outcomeReply(words []string) (Reply, bool) {
	if len(words) == 0 {
		return Reply{}, false
	}
	kind, rest := outcomeWords[words[0]], words[1:]
	if len(words) > 1 && ((words[0] == "NICHT" && words[1] == "DA") || (words[0] == "NO" && words[1] == "SHOW")) {
		kind, rest = ReplyNoShow, words[2:]
	}
	if kind == 0 {
		for word, k := range outcomeWords {
			if len(words[0]) == len(word)+CodeLength && words[0][:len(word)] == word && looksLikeCode(words[0][len(word):]) {
				kind, rest = k, append([]string{words[0][len(word):]}, rest...)
			}
		}
	}
	if kind == 0 {
		return Reply{}, false
	}
	r := Reply{Kind: kind}
	for _, w := range rest {
		if looksLikeCode(w) {
			r.Code = w
			break
		}
	}
	return r, true
}

// outcomeTexts are the answers to FERTIG and NICHT DA, in German and
// English: recorded (how many rides), nothing found, or which code.
var outcomeTexts = map[Lang]map[string]string{
	German: {
		"done":      "Danke! Eingetragen: %d Fahrt(en) erledigt.",
		"no_show":   "Danke, eingetragen: nicht angetroffen. Wir kümmern uns darum.",
		"none":      "Wir finden keine begonnene Fahrt%s, die noch einzutragen ist.",
		"ambiguous": "Welche Fahrt? Bitte mit Code antworten, z. B. FERTIG %s, oder auf Ihrer Fahrer-Seite tippen.",
	},
	English: {
		"done":      "Thank you! Recorded: %d ride(s) done.",
		"no_show":   "Thank you, recorded: senior not there. We will take care of it.",
		"none":      "We find no started ride%s still to be recorded.",
		"ambiguous": "Which ride? Please answer with the code, e.g. DONE %s, or tap it on your driver page.",
	},
}

// OutcomeReply words the answer to FERTIG or NICHT DA: key is done (n
// rides recorded), no_show, none (nothing to record for code, which may be
// empty) or ambiguous (code is an example of the driver's codes).
func (t *Texts) OutcomeReply(lang Lang, key string, n int, code string) string {
	texts := outcomeTexts[German]
	if lang == English {
		texts = outcomeTexts[English]
	}
	code = strings.ToUpper(cutRunes(clean(code), maxCodeLen))
	var body string
	switch key {
	case "done":
		body = fmt.Sprintf(texts[key], n)
	case "none":
		if code != "" {
			code = " " + code
		}
		body = fmt.Sprintf(texts[key], code)
	case "ambiguous":
		if code == "" {
			code = "4K7" // the shape of a code, when the rides have none
		}
		body = fmt.Sprintf(texts[key], code)
	default:
		body = texts["no_show"]
	}
	return clean(t.agency.Name) + ": " + body
}
