package dispatch

import (
	"slices"
	"time"
)

// MaxSeriesOccurrences bounds a series: 400 dates are dialysis three times
// a week for more than two years, and a longer one is more likely a typo
// than a plan.
const MaxSeriesOccurrences = 400

// MaxSeriesInterval is the longest rhythm a series has, in weeks.
const MaxSeriesInterval = 52

// Occurrence states of a series date.
const (
	OccurrenceBooked    = "booked"
	OccurrenceSkipped   = "skipped"
	OccurrenceClash     = "clash"
	OccurrenceCancelled = "cancelled"
)

// SeriesReturn is the ride back of every date of a series: at a local
// clock time ("15:04"), on call, or none.
type SeriesReturn struct {
	Type string `json:"type"`
	Time string `json:"time,omitempty"`
}

// Series is a standing booking: the same ride on chosen weekdays (ISO, 1 =
// Monday) every IntervalWeeks weeks, from Start until a date or for Count
// dates. Times are local clock times, so that a 07:30 dialysis stays at
// 07:30 across daylight-saving changes; each date becomes an ordinary trip
// when it comes within the materialisation horizon, and is planned like any
// other.
type Series struct {
	ID            int64        `json:"id"`
	RiderID       int64        `json:"rider_id"`
	PreviousID    *int64       `json:"previous_id,omitempty"`
	NextID        *int64       `json:"next_id,omitempty"`
	Weekdays      []int        `json:"weekdays"`
	IntervalWeeks int          `json:"interval_weeks"`
	Start         string       `json:"start"`
	Until         *string      `json:"until,omitempty"`
	Count         *int         `json:"count,omitempty"`
	Ended         bool         `json:"ended"`
	Timing        string       `json:"timing"`
	Time          string       `json:"time"`
	Return        SeriesReturn `json:"return"`
	From          *Location    `json:"from,omitempty"`
	To            Location     `json:"to"`
	Passengers    int          `json:"passengers"`
	// Needs nil: the rider's own at each date.
	Needs          *Needs       `json:"needs,omitempty"`
	MaxRideMinutes int          `json:"max_ride_minutes"`
	Notes          string       `json:"notes"`
	Purpose        string       `json:"purpose"`
	BookedBy       *int64       `json:"booked_by,omitempty"`
	BookedVia      string       `json:"booked_via"`
	Occurrences    []Occurrence `json:"occurrences"`
	// Anchor is the Monday (YYYY-MM-DD) of the week the rhythm counts
	// from; a successor keeps its predecessor's, so that "every other
	// week" stays on the same weeks. Empty: the week of Start.
	Anchor    string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Occurrence is one date of a series as far as it was materialised: booked
// (TripID is the outbound leg), skipped, a clash with another trip of the
// senior (Reason says so), or cancelled by a change or the end of the series.
type Occurrence struct {
	Date   string `json:"date"`
	State  string `json:"state"`
	TripID *int64 `json:"trip_id,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Validate checks a series before it is stored; today is the local date the
// series may start on at the earliest. Field names are those of the API.
func (s *Series) Validate(today time.Time) error {
	var fe Fields
	s.validateRhythm(today, &fe)
	if s.Timing != TimingArriveBy && s.Timing != TimingPickupAt {
		fe.Add("timing", "must be arrive_by or pickup_at")
	}
	at, err := time.Parse("15:04", s.Time)
	if err != nil {
		fe.AddRule("time", RuleRequired, "must be a time HH:MM")
	}
	switch s.Return.Type {
	case ReturnAt:
		back, err2 := time.Parse("15:04", s.Return.Time)
		if err2 != nil {
			fe.Add("return.time", "is required as HH:MM when the ride back is at a time")
		} else if err == nil && !back.After(at) {
			fe.AddRule("return.time", RuleReturnAfter, "must be after the outbound ride")
		}
	case ReturnOnCall, ReturnNone:
		if s.Return.Time != "" {
			fe.Add("return.time", "only fits a ride back at a time")
		}
	default:
		fe.Add("return.type", "must be at, on_call or none")
	}
	if s.Passengers < 1 || s.Passengers > 8 {
		fe.AddRule("passengers", RuleRange, "must be between 1 and 8")
	}
	if s.From != nil {
		validateLocation("from", *s.From, &fe)
	}
	validateLocation("to", s.To, &fe)
	fe.notes(s.Notes, 1000)
	fe.Text("purpose", s.Purpose, false)
	return fe.Err()
}

// validateRhythm checks the weekdays, the interval and the bounds: a series
// ends by a date or after a count, and never has more than
// MaxSeriesOccurrences dates.
func (s *Series) validateRhythm(today time.Time, fe *Fields) {
	if len(s.Weekdays) == 0 {
		fe.AddRule("weekdays", RuleRequired, "choose at least one weekday")
	}
	for _, d := range s.Weekdays {
		if d < 1 || d > 7 {
			fe.AddRule("weekdays", RuleRange, "weekdays are 1 (Monday) to 7 (Sunday)")
			break
		}
	}
	slices.Sort(s.Weekdays)
	s.Weekdays = slices.Compact(s.Weekdays)
	if s.IntervalWeeks < 1 || s.IntervalWeeks > MaxSeriesInterval {
		fe.AddRule("interval_weeks", RuleRange, "must be between 1 and %d weeks", MaxSeriesInterval)
	}
	start, err := time.Parse(time.DateOnly, s.Start)
	switch {
	case err != nil:
		fe.AddRule("start", RuleRequired, "must be a date YYYY-MM-DD")
	case start.Before(civil(today)):
		fe.AddRule("start", RulePast, "lies in the past")
	}
	switch {
	case s.Until == nil && s.Count == nil:
		fe.AddRule("until", RuleRequired, "give an end date (until) or a number of dates (count)")
	case s.Until != nil && s.Count != nil:
		fe.Add("count", "give either an end date (until) or a number of dates (count), not both")
	case s.Count != nil && (*s.Count < 1 || *s.Count > MaxSeriesOccurrences):
		fe.AddRule("count", RuleRange, "must be between 1 and %d", MaxSeriesOccurrences)
	case s.Until != nil:
		until, err2 := time.Parse(time.DateOnly, *s.Until)
		if err2 != nil {
			fe.AddRule("until", RuleRequired, "must be a date YYYY-MM-DD")
		} else if err == nil && until.Before(start) {
			fe.AddRule("until", RuleReturnAfter, "must not be before the start")
		} else if len(*fe) == 0 && len(s.Dates(start, until)) > MaxSeriesOccurrences {
			fe.AddRule("until", RuleRange, "the series would have more than %d dates", MaxSeriesOccurrences)
		}
	}
}

// civil is t's calendar date at midnight UTC: date arithmetic on it has no
// daylight-saving days of 23 or 25 hours.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// isoWeekday is 1 for Monday to 7 for Sunday.
func isoWeekday(d time.Time) int {
	wd := int(d.Weekday())
	if wd == 0 {
		return 7
	}
	return wd
}

// Monday is the Monday of d's week as YYYY-MM-DD.
func Monday(d time.Time) string {
	c := civil(d)
	return c.AddDate(0, 0, 1-isoWeekday(c)).Format(time.DateOnly)
}

// Dates are the series' dates from from to to (calendar dates, inclusive),
// within its start, end and count, as calendar dates at midnight UTC.
// The count is counted from Start, skipped dates included: "six
// appointments" are six dates of the rhythm.
func (s Series) Dates(from, to time.Time) []time.Time {
	start, err := time.Parse(time.DateOnly, s.Start)
	if err != nil {
		return nil
	}
	end := civil(to)
	if s.Until != nil {
		if u, err := time.Parse(time.DateOnly, *s.Until); err == nil && u.Before(end) {
			end = u
		}
	}
	anchor, err := time.Parse(time.DateOnly, s.Anchor)
	if err != nil {
		anchor, _ = time.Parse(time.DateOnly, Monday(start))
	}
	interval := max(s.IntervalWeeks, 1)
	var out []time.Time
	n := 0
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		weeks := int(d.Sub(anchor).Hours()/24) / 7
		if weeks%interval != 0 || !slices.Contains(s.Weekdays, isoWeekday(d)) {
			continue
		}
		n++
		if s.Count != nil && n > *s.Count {
			break
		}
		if !d.Before(civil(from)) {
			out = append(out, d)
		}
	}
	return out
}

// Booking is the booking of one date (a calendar date as Dates returns
// it): the series' times on that local day in loc, which is what keeps
// them on the clock across daylight-saving changes.
func (s Series) Booking(date time.Time, loc *time.Location) (Booking, error) {
	day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, loc)
	at, err := ClockOn(day, s.Time)
	if err != nil {
		return Booking{}, Errorf(CodeInvalid, "time must be HH:MM")
	}
	b := Booking{RiderID: s.RiderID, From: s.From, To: s.To, Timing: s.Timing, At: at, Return: s.Return.Type,
		Passengers: s.Passengers, Needs: s.Needs, Notes: s.Notes, Via: s.BookedVia, BookedBy: s.BookedBy}
	if s.Return.Type == ReturnAt {
		back, err := ClockOn(day, s.Return.Time)
		if err != nil {
			return Booking{}, Errorf(CodeInvalid, "return time must be HH:MM")
		}
		b.ReturnAt = &back
	}
	return b, nil
}

// SeriesRules are the booking rules for a series' dates: the agency's rules
// without the booking horizon, since a series is materialised a few weeks
// ahead at a time and its end was checked when it was booked.
func SeriesRules(now time.Time, loc *time.Location, maxRideMinutes int) BookingRules {
	r := DefaultBookingRules(now, loc)
	r.Horizon = 10 * 366 * 24 * time.Hour
	if maxRideMinutes > 0 {
		r.MaxRide = time.Duration(maxRideMinutes) * time.Minute
	}
	return r
}

// SeriesChange is a change of a series from a date on: the fields that are
// set replace the series' own for every date from From; dates before From
// stay as they are.
type SeriesChange struct {
	From          string
	Weekdays      []int
	IntervalWeeks *int
	Until         *string
	Count         *int
	Timing        *string
	Time          *string
	Return        *SeriesReturn
	To            *Location
	Passengers    *int
	Needs         *Needs
	Notes         *string
	Purpose       *string
}

// Apply returns the successor of s that a change makes: it starts at From
// and keeps s's rhythm; a count-bounded series keeps the dates it has left.
// The caller validates the result.
func (c SeriesChange) Apply(s Series) Series {
	next := s
	next.ID, next.PreviousID, next.NextID, next.Occurrences = 0, &s.ID, nil, nil
	next.Start = c.From
	if next.Anchor == "" {
		if start, err := time.Parse(time.DateOnly, s.Start); err == nil {
			next.Anchor = Monday(start)
		}
	}
	if s.Count != nil {
		from, _ := time.Parse(time.DateOnly, c.From)
		left := *s.Count - len(s.Dates(time.Time{}, from.AddDate(0, 0, -1)))
		next.Count = &left
	}
	if c.Weekdays != nil {
		next.Weekdays = c.Weekdays
	}
	setIf(&next.IntervalWeeks, c.IntervalWeeks)
	if c.Until != nil {
		next.Until, next.Count = c.Until, nil
	}
	if c.Count != nil {
		next.Count, next.Until = c.Count, nil
	}
	setIf(&next.Timing, c.Timing)
	setIf(&next.Time, c.Time)
	setIf(&next.Return, c.Return)
	setIf(&next.To, c.To)
	setIf(&next.Passengers, c.Passengers)
	if c.Needs != nil {
		next.Needs = c.Needs
	}
	setIf(&next.Notes, c.Notes)
	setIf(&next.Purpose, c.Purpose)
	return next
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
