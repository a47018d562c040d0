package notify

import (
	"strconv"
	"strings"
	"time"
)

// The answers to the drivers' self-service SMS (OFFEN, JA to an open ride,
// URLAUB), in German and English. They name no senior and no address: an
// open ride's details go to the driver who takes it, in the confirmation.

// OpenRideLine is one open ride in an OFFEN answer.
type OpenRideLine struct {
	PickupAt time.Time // the start of the pickup window
	Town     string    // the pickup town
	Needs    []Need
	Code     string
}

type selfTexts struct {
	list, none, taken, clash, help func(v *vars) string
	ack                            func(v *vars, flagged int) string
}

var selfTextsDE = selfTexts{
	list: func(v *vars) string {
		return v.Agency + ": Offene Fahrten für Sie: " + v.Note + " Zum Übernehmen JA und den Code senden."
	},
	none: func(v *vars) string {
		return v.Agency + ": Zurzeit gibt es keine offene Fahrt in Ihrer Nähe und zu Ihren Zeiten. Danke fürs Nachfragen!"
	},
	taken: func(v *vars) string {
		return v.Agency + ": Diese Fahrt hat leider schon jemand übernommen. Mit OFFEN sehen Sie, was noch frei ist."
	},
	clash: func(v *vars) string {
		return v.Agency + ": Diese Fahrt überschneidet sich mit einer Fahrt, die Sie schon zugesagt haben. Sie ist nicht eingetragen."
	},
	help: func(v *vars) string {
		return v.Agency + ": Das Datum konnten wir nicht lesen, es wurde nichts eingetragen. Bitte so schreiben: " +
			"URLAUB 12.08.-19.08. (oder URLAUB 12.08. für einen Tag)." + optional(v.Phone != "", " Fragen: "+v.Phone)
	},
	ack: func(v *vars, flagged int) string {
		s := v.Agency + ": Danke, Sie sind vom " + v.Day + " bis " + v.Time + " als abwesend eingetragen."
		if flagged > 0 {
			s += " Wegen " + strconv.Itoa(flagged) + " zugesagter Fahrt(en) in dieser Zeit melden wir uns."
		}
		return s
	},
}

var selfTextsEN = selfTexts{
	list: func(v *vars) string {
		return v.Agency + ": Open rides for you: " + v.Note + " To take one, send YES and the code."
	},
	none: func(v *vars) string {
		return v.Agency + ": There is no open ride near you at your times right now. Thank you for asking!"
	},
	taken: func(v *vars) string {
		return v.Agency + ": Someone else has already taken this ride. Send OPEN to see what is still free."
	},
	clash: func(v *vars) string {
		return v.Agency + ": This ride overlaps a ride you already confirmed. It was not booked for you."
	},
	help: func(v *vars) string {
		return v.Agency + ": We could not read the dates, nothing was recorded. Please write: " +
			"HOLIDAY 12.08.-19.08. (or HOLIDAY 12.08. for one day)." + optional(v.Phone != "", " Questions: "+v.Phone)
	},
	ack: func(v *vars, flagged int) string {
		s := v.Agency + ": Thank you, you are away from " + v.Day + " to " + v.Time + "."
		if flagged > 0 {
			s += " We will call you about " + strconv.Itoa(flagged) + " confirmed ride(s) in that time."
		}
		return s
	},
}

func (t *Texts) selfCat(lang Lang) selfTexts {
	if lang == English {
		return selfTextsEN
	}
	return selfTextsDE
}

// OpenRides answers OFFEN with the rides (at most OpenRidesShown, fewer
// when they do not fit) and their codes, or says there is none.
func (t *Texts) OpenRides(lang Lang, rides []OpenRideLine) string {
	c, sc := t.cat(lang), t.selfCat(lang)
	v := t.base()
	if len(rides) == 0 {
		return fit(sc.none, v)
	}
	if len(rides) > OpenRidesShown {
		rides = rides[:OpenRidesShown]
	}
	for n := len(rides); n > 0; n-- {
		parts := make([]string, 0, n)
		for _, r := range rides[:n] {
			line := c.when(r.PickupAt.In(t.loc)) + " " + cutRunes(clean(r.Town), 20)
			if needs := c.needs(r.Needs); needs != "" {
				line += " (" + needs + ")"
			}
			parts = append(parts, line+": "+strings.ToUpper(cutRunes(clean(r.Code), maxCodeLen))+".")
		}
		v.Note = strings.Join(parts, " ")
		if s := sc.list(&v); fits(s) || n == 1 {
			return s
		}
	}
	return fit(sc.none, v)
}

// OpenRideTaken answers JA to an open ride that someone else took first
// (or that is no longer open), without naming it.
func (t *Texts) OpenRideTaken(lang Lang) string { return fit(t.selfCat(lang).taken, t.base()) }

// OpenRideClash answers JA to an open ride that overlaps a ride the driver
// already confirmed.
func (t *Texts) OpenRideClash(lang Lang) string { return fit(t.selfCat(lang).clash, t.base()) }

// AbsenceHelp answers URLAUB whose dates could not be read or lie outside
// what a driver may enter; nothing was changed.
func (t *Texts) AbsenceHelp(lang Lang) string { return fit(t.selfCat(lang).help, t.base()) }

// AbsenceAck confirms the days off of a URLAUB reply; flagged is the number
// of the driver's confirmed rides in that time, which the coordinators now
// look at.
func (t *Texts) AbsenceAck(lang Lang, from, to time.Time, flagged int) string {
	c, sc := t.cat(lang), t.selfCat(lang)
	v := t.base()
	v.Day, v.Time = c.day(from), c.day(to)
	return fit(func(v *vars) string { return sc.ack(v, flagged) }, v)
}
