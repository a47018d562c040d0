package dispatch

import "time"

// Sides of an incompatibility: who refused to be paired with the other.
const (
	RefusedByRider  = "rider"
	RefusedByDriver = "driver"
)

// Incompatibility marks a senior and a driver who must not be paired,
// because one of them asked so (a quarrel, a bad experience). The planner
// keeps them apart as a hard rule; coordinators see and remove it.
type Incompatibility struct {
	RiderID    int64     `json:"rider_id"`
	DriverID   int64     `json:"driver_id"`
	RefusedBy  string    `json:"refused_by"`
	Note       string    `json:"note"`
	RiderName  string    `json:"rider_name,omitempty"`
	DriverName string    `json:"driver_name,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Validate checks an incompatibility before it is stored.
func (i Incompatibility) Validate() error {
	var fe Fields
	if i.RiderID <= 0 {
		fe.AddRule("rider_id", RuleRequired, "is required")
	}
	if i.DriverID <= 0 {
		fe.AddRule("driver_id", RuleRequired, "is required")
	}
	if i.RefusedBy != RefusedByRider && i.RefusedBy != RefusedByDriver {
		fe.Add("refused_by", "must be rider or driver")
	}
	fe.Text("note", i.Note, false)
	return fe.Err()
}

// Kinds of volunteers' documents.
const (
	DocLicenceCheck      = "licence_check"
	DocPoliceCertificate = "police_certificate"
	DocInsurance         = "insurance"
)

// DocumentKinds lists the kinds in the order the pages show them.
var DocumentKinds = []string{DocLicenceCheck, DocPoliceCertificate, DocInsurance}

// DocumentExpiryWarning is how far ahead coordinators see expiring
// documents: two months leave time to renew a police certificate.
const DocumentExpiryWarning = 60 * 24 * time.Hour

// DriverDocument is a volunteer's document with its expiry: a required one
// that has expired keeps the driver out of planning until it is renewed.
type DriverDocument struct {
	DriverID   int64  `json:"driver_id"`
	Kind       string `json:"kind"`
	CheckedOn  string `json:"checked_on,omitempty"`
	ExpiresOn  string `json:"expires_on"`
	Required   bool   `json:"required"`
	DriverName string `json:"driver_name,omitempty"`
}

// Validate checks a document's kind and dates (YYYY-MM-DD).
func (d DriverDocument) Validate() error {
	var fe Fields
	switch d.Kind {
	case DocLicenceCheck, DocPoliceCertificate, DocInsurance:
	default:
		fe.Add("kind", "must be licence_check, police_certificate or insurance")
	}
	exp, err := time.Parse(time.DateOnly, d.ExpiresOn)
	if err != nil {
		fe.AddRule("expires_on", RuleRequired, "must be a date YYYY-MM-DD")
	}
	if d.CheckedOn != "" {
		checked, err2 := time.Parse(time.DateOnly, d.CheckedOn)
		if err2 != nil {
			fe.Add("checked_on", "must be a date YYYY-MM-DD")
		} else if err == nil && exp.Before(checked) {
			fe.AddRule("expires_on", RuleReturnAfter, "must not be before the check")
		}
	}
	return fe.Err()
}

// SelfServiceRules are the agency's limits on what drivers set on their own
// page: weekly windows within the service's hours, and absences not too far
// ahead nor too long, so that a typo does not take a driver out for years.
type SelfServiceRules struct {
	Earliest, Latest string        // "06:00", "21:00": the day the service runs
	MaxAhead         time.Duration // how far ahead an absence may start
	MaxAbsence       int           // days one absence may last
}

// DefaultSelfServiceRules are 06:00 to 21:00, absences up to a year ahead
// and at most 90 days long.
var DefaultSelfServiceRules = SelfServiceRules{Earliest: "06:00", Latest: "21:00",
	MaxAhead: 366 * 24 * time.Hour, MaxAbsence: 90}

// CheckWindows checks a driver's own weekly windows against the rules; the
// fields are windows[i].start and windows[i].end.
func (r SelfServiceRules) CheckWindows(ws []Window) error {
	var fe Fields
	for i, w := range ws {
		field := func(name string) string { return "windows[" + itoa(i) + "]." + name }
		if w.Weekday < 1 || w.Weekday > 7 {
			fe.AddRule(field("weekday"), RuleRange, "weekdays are 1 (Monday) to 7 (Sunday)")
		}
		if _, err := time.Parse("15:04", w.Start); err != nil || w.Start < r.Earliest {
			fe.AddRule(field("start"), RuleRange, "must be a time HH:MM from %s", r.Earliest)
		}
		if _, err := time.Parse("15:04", w.End); err != nil || w.End > r.Latest || w.End <= w.Start {
			fe.AddRule(field("end"), RuleRange, "must be a time HH:MM after the start and until %s", r.Latest)
		}
	}
	return fe.Err()
}

// CheckAbsence checks a driver's own absence against the rules; today is
// the local date.
func (r SelfServiceRules) CheckAbsence(a Absence, today time.Time) error {
	var fe Fields
	from, err1 := time.Parse(time.DateOnly, a.From)
	to, err2 := time.Parse(time.DateOnly, a.To)
	switch {
	case err1 != nil:
		fe.AddRule("from", RuleRequired, "must be a date")
	case from.Before(civil(today)):
		fe.AddRule("from", RulePast, "lies in the past")
	case from.After(civil(today).Add(r.MaxAhead)):
		fe.AddRule("from", RuleHorizon, "is too far ahead")
	}
	switch {
	case err2 != nil:
		fe.AddRule("to", RuleRequired, "must be a date")
	case err1 == nil && to.Before(from):
		fe.AddRule("to", RuleReturnAfter, "must not be before the first day")
	case err1 == nil && int(to.Sub(from).Hours()/24) >= r.MaxAbsence:
		fe.AddRule("to", RuleRange, "an absence lasts at most %d days", r.MaxAbsence)
	}
	fe.Text("reason", a.Reason, false)
	return fe.Err()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
