package notify

import (
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Drivers' self-service by SMS (issue 15): OFFEN lists the open rides near
// them with codes, JA and such a code takes one, URLAUB and dates records
// days off, as the driver's page does.

// The self-service actions, numbered apart from the others so that actions
// added there never shift them.
const (
	ActOpenRides   Action = 20 + iota // OFFEN: answer with the next open rides and their codes
	ActTakeOpen                       // JA to an OFFEN code: the driver takes the open ride
	ActAbsence                        // URLAUB with readable days within the rules: record the absence
	ActAbsenceHelp                    // URLAUB with unreadable days: explain, change nothing
)

var selfActionNames = map[Action]string{ActOpenRides: "open_rides", ActTakeOpen: "take_open",
	ActAbsence: "absence", ActAbsenceHelp: "absence_help"}

var selfReplyNames = map[ReplyKind]string{ReplyOpenRides: "open_rides", ReplyAbsence: "absence"}

// The kinds of the self-service answers, for the SMS log.
const (
	KindOpenRides     MessageKind = "open_rides"      // the list of open rides with codes
	KindOpenRideTaken MessageKind = "open_ride_taken" // someone else was quicker, or it clashes
	KindAbsenceAck    MessageKind = "absence_ack"     // the days off are recorded
	KindAbsenceHelp   MessageKind = "absence_help"    // the days could not be read
)

// OpenRidesShown is how many open rides an OFFEN answer names: more do not
// fit into the two segments of an SMS with their codes.
const OpenRidesShown = 3

// decideSelf decides OFFEN and URLAUB, which only drivers have.
func decideSelf(r Reply, c Conversation) Decision {
	if r.Kind == ReplyOpenRides {
		return Decision{Action: ActOpenRides, Answer: KindOpenRides}
	}
	from, to, ok := ParseDays(r.Code, c.Today)
	if !ok {
		return Decision{Action: ActAbsenceHelp, Answer: KindAbsenceHelp}
	}
	a := dispatch.Absence{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	if dispatch.DefaultSelfServiceRules.CheckAbsence(a, c.Today) != nil {
		return Decision{Action: ActAbsenceHelp, Answer: KindAbsenceHelp}
	}
	return Decision{Action: ActAbsence, Answer: KindAbsenceAck, From: a.From, To: a.To}
}

// decideTakeOpen: JA with a code an OFFEN answer gave takes that ride,
// unless the code is also an open offer's (the offer wins: it was asked).
func decideTakeOpen(r Reply, c Conversation) (Decision, bool) {
	if r.Kind != ReplyYes || r.Code == "" {
		return Decision{}, false
	}
	trip, ok := c.OpenRides[r.Code]
	if !ok {
		return Decision{}, false
	}
	if _, offered := offerByCode(c.Offers, r.Code); offered {
		return Decision{}, false
	}
	return Decision{Action: ActTakeOpen, TripID: trip}, true
}

// ParseDays reads the days of a URLAUB reply, as ParseReply put them into
// Code: day and month separated by dots, optionally with a year (two or
// four digits), one day or two ("12.08", "12.08.19.08", "12.19.08" for
// "12.–19.8.", "12.08.2027.19.08.2027", "12.08.19.08.2027"). Words after the numbers are
// ignored. Without a year a day is the next such date from today on, and
// the last day is not before the first (28.12.-03.01. spans the new year).
func ParseDays(code string, today time.Time) (from, to time.Time, ok bool) {
	var n []int
	for _, w := range strings.Split(code, ".") {
		v, err := strconv.Atoi(w)
		if err != nil || len(w) > 4 {
			break
		}
		n = append(n, v)
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case len(n) == 6:
		from, ok1 := civilDate(n[0], n[1], year(n[2]))
		to, ok2 := civilDate(n[3], n[4], year(n[5]))
		return from, to, ok1 && ok2 && !to.Before(from)
	case len(n) == 5: // 12.08.-19.08.2027: the year once, at the end
		to, ok2 := civilDate(n[2], n[3], year(n[4]))
		from, ok1 := civilDate(n[0], n[1], to.Year())
		return from, to, ok1 && ok2 && !to.Before(from)
	case len(n) == 4:
		return span(n[0], n[1], n[2], n[3], today)
	case len(n) == 3 && n[2] > 31:
		d, ok := civilDate(n[0], n[1], year(n[2]))
		return d, d, ok
	case len(n) == 3:
		return span(n[0], n[2], n[1], n[2], today)
	case len(n) == 2:
		return span(n[0], n[1], n[0], n[1], today)
	}
	return time.Time{}, time.Time{}, false
}

// span is d1.m1.–d2.m2. without years: the first day from today on, the
// last not before it.
func span(d1, m1, d2, m2 int, today time.Time) (time.Time, time.Time, bool) {
	from, ok1 := civilDate(d1, m1, today.Year())
	if ok1 && from.Before(today) {
		from, ok1 = civilDate(d1, m1, today.Year()+1)
	}
	to, ok2 := civilDate(d2, m2, from.Year())
	if ok2 && to.Before(from) {
		to, ok2 = civilDate(d2, m2, from.Year()+1)
	}
	return from, to, ok1 && ok2
}

// civilDate is the date d.m.y, refusing the 31.02. that time.Date would
// roll over.
func civilDate(d, m, y int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// year reads a two-digit year as this century's.
func year(y int) int {
	if y < 100 {
		return 2000 + y
	}
	return y
}
