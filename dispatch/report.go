package dispatch

import (
	"cmp"
	"slices"
	"time"
)

// MaxReportYears bounds a report's period: five years of a busy agency
// (some 250,000 trips) is still one request; more is a mistake or a load
// test.
const MaxReportYears = 5

// Period is a span of whole local days, both ends included (YYYY-MM-DD).
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// ParsePeriod checks a report period: both dates given and well formed,
// from not after to, and at most MaxReportYears long. Errors name the
// field (from or to).
func ParsePeriod(from, to string) (Period, error) {
	var fe Fields
	f := parseDateField(&fe, "from", from)
	t := parseDateField(&fe, "to", to)
	if len(fe) == 0 {
		switch {
		case t.Before(f):
			fe.AddRule("to", RuleRange, "must not be before from")
		case !t.Before(f.AddDate(MaxReportYears, 0, 0)):
			fe.AddRule("to", RuleRange, "the period must be at most %d years", MaxReportYears)
		}
	}
	return Period{From: from, To: to}, fe.Err()
}

// ParseMonth checks a month (YYYY-MM) and returns its first and last day,
// for the volunteer log and the statements. Errors name the field "month".
func ParseMonth(month string) (Period, error) {
	m, err := time.Parse("2006-01", month)
	if err != nil {
		var fe Fields
		fe.AddRule("month", RuleRequired, "must be a month as YYYY-MM")
		return Period{}, fe.Err()
	}
	return Period{From: m.Format(time.DateOnly), To: m.AddDate(0, 1, -1).Format(time.DateOnly)}, nil
}

func parseDateField(fe *Fields, field, v string) time.Time {
	if v == "" {
		fe.AddRule(field, RuleRequired, "is required (YYYY-MM-DD)")
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		fe.Add(field, "must be a date as YYYY-MM-DD")
	}
	return t
}

// Months lists the months (YYYY-MM) the period touches, in order.
func (p Period) Months() []string {
	f, _ := time.Parse(time.DateOnly, p.From)
	t, _ := time.Parse(time.DateOnly, p.To)
	var out []string
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(t); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// ReportTrip is one trip of the period as the report counts it: every leg
// not cancelled in time, with its outcome ("" while none is recorded).
type ReportTrip struct {
	TripID      int64
	RiderID     int64
	Kind        string
	Date        string
	Purpose     string
	Wheelchair  bool
	Outcome     string
	CancelledBy string
	Reason      string
}

// Count is one row of a breakdown, in the order the report shows it.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Figures are what the funder asks about a period: how many rides for how
// many seniors, with how much volunteer work, and what went wrong. Rides
// by kind and purpose, seniors and wheelchair rides count rides done;
// no-shows are in the rate, not in the rides.
type Figures struct {
	Trips            int     `json:"trips"`
	Done             int     `json:"done"`
	NoShow           int     `json:"no_show"`
	CancelledLate    int     `json:"cancelled_late"`
	NotServed        int     `json:"not_served"`
	Open             int     `json:"open"`
	ByKind           []Count `json:"by_kind"`
	ByPurpose        []Count `json:"by_purpose"`
	SeniorsServed    int     `json:"seniors_served"`
	NewSeniors       int     `json:"new_seniors"`
	WheelchairRides  int     `json:"wheelchair_rides"`
	VolunteerTenthKm int64   `json:"volunteer_tenth_km"`
	VolunteerSeconds int64   `json:"volunteer_seconds"`
	ActiveVolunteers int     `json:"active_volunteers"`
	NotServedReasons []Count `json:"not_served_reasons"`
	CancelledLateBy  []Count `json:"cancelled_late_by"`
	// NoShowPermille is no-shows per thousand rides that took place (done
	// or no-show), rounded half up; an integer so that it adds up.
	NoShowPermille int `json:"no_show_permille"`
}

// MonthFigures are the figures of one month of the period.
type MonthFigures struct {
	Month string `json:"month"`
	Figures
}

// Report is the funder's report of a period: the totals and every month.
type Report struct {
	Period
	Total  Figures        `json:"total"`
	Months []MonthFigures `json:"months"`
}

// ReportData is what a report is built from: the trips of the period, the
// first day each senior served in it was ever served, and the tour logs.
type ReportData struct {
	Trips       []ReportTrip
	FirstServed map[int64]string
	Tours       []TourLog
}

// tally gathers one column of the report before it is put in order.
type tally struct {
	f         Figures
	kinds     map[string]int
	purposes  map[string]int
	reasons   map[string]int
	by        map[string]int
	seniors   map[int64]bool
	newOnes   map[int64]bool
	drivers   map[int64]bool
	purposeOf []string
}

func newTally(purposes []string) *tally {
	return &tally{kinds: map[string]int{}, purposes: map[string]int{}, reasons: map[string]int{}, by: map[string]int{},
		seniors: map[int64]bool{}, newOnes: map[int64]bool{}, drivers: map[int64]bool{}, purposeOf: purposes}
}

func (t *tally) trip(r ReportTrip) {
	t.f.Trips++
	switch r.Outcome {
	case OutcomeDone:
		t.f.Done++
		t.kinds[r.Kind]++
		t.purposes[r.Purpose]++
		t.seniors[r.RiderID] = true
		if r.Wheelchair {
			t.f.WheelchairRides++
		}
	case OutcomeNoShow:
		t.f.NoShow++
	case OutcomeCancelledLate:
		t.f.CancelledLate++
		t.by[r.CancelledBy]++
	case OutcomeNotServed:
		t.f.NotServed++
		t.reasons[r.Reason]++
	default:
		t.f.Open++
	}
}

func (t *tally) tour(l TourLog) {
	t.f.VolunteerTenthKm += l.Hectometres()
	t.f.VolunteerSeconds += l.Seconds
	t.drivers[l.DriverID] = true
}

func (t *tally) figures() Figures {
	f := t.f
	f.SeniorsServed, f.NewSeniors, f.ActiveVolunteers = len(t.seniors), len(t.newOnes), len(t.drivers)
	f.ByKind = ordered(t.kinds, []string{"appointment", "shuttle"})
	f.ByPurpose = ordered(t.purposes, t.purposeOf)
	f.NotServedReasons = ordered(t.reasons, nil)
	f.CancelledLateBy = ordered(t.by, CancelledByValues)
	if took := f.Done + f.NoShow; took > 0 {
		f.NoShowPermille = (f.NoShow*1000*2 + took) / (2 * took)
	}
	return f
}

// ordered lists counts in the order of known (always, zeros included),
// then the other keys by count and name.
func ordered(m map[string]int, known []string) []Count {
	out := make([]Count, 0, len(m)+len(known))
	for _, k := range known {
		out = append(out, Count{k, m[k]})
	}
	var rest []Count
	for k, n := range m {
		if !slices.Contains(known, k) {
			rest = append(rest, Count{k, n})
		}
	}
	slices.SortFunc(rest, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) })
	return append(out, rest...)
}

// BuildReport counts the period's data per month and in total. purposes
// orders the purpose breakdown (every purpose shown, zeros too).
func BuildReport(p Period, d ReportData, purposes []string) Report {
	if len(purposes) == 0 {
		purposes = DefaultPurposes
	}
	total := newTally(purposes)
	months := map[string]*tally{}
	names := p.Months()
	for _, m := range names {
		months[m] = newTally(purposes)
	}
	at := func(date string) *tally {
		if t, ok := months[date[:7]]; ok {
			return t
		}
		return newTally(purposes) // outside the period: counted nowhere
	}
	for _, r := range d.Trips {
		total.trip(r)
		at(r.Date).trip(r)
	}
	for _, l := range d.Tours {
		total.tour(l)
		at(l.Date).tour(l)
	}
	for rider, first := range d.FirstServed {
		if first >= p.From && first <= p.To {
			total.newOnes[rider] = true
			at(first).newOnes[rider] = true
		}
	}
	rep := Report{Period: p, Total: total.figures()}
	for _, m := range names {
		rep.Months = append(rep.Months, MonthFigures{Month: m, Figures: months[m].figures()})
	}
	return rep
}
