package dispatch

import (
	"context"
	"slices"
	"time"
)

// Outcomes of a trip: what became of it once its time had come. Done and
// no-show mean the driver drove (a senior who is not at the door still costs
// the trip there), so both count in the volunteer log; cancelled late and
// not served mean nobody drove, and the report explains them.
const (
	OutcomeDone          = "done"
	OutcomeNoShow        = "no_show"
	OutcomeCancelledLate = "cancelled_late"
	OutcomeNotServed     = "not_served"
)

// Outcomes lists the outcomes in the order forms and reports show them.
var Outcomes = []string{OutcomeDone, OutcomeNoShow, OutcomeCancelledLate, OutcomeNotServed}

// CancelledByValues are who may cancel a ride late: the senior, a relative,
// the driver or the agency. The report says who, because the funder asks
// whether late cancellations are the service's fault.
var CancelledByValues = []string{"rider", "relative", "driver", "agency"}

// Where an outcome was recorded: the driver's SMS, the driver's page, the
// coordinator's close-out page, or the JSON API. The audit log keeps it, so
// that a coordinator correcting an outcome sees whom they overrule.
const (
	SourceSMS        = "sms"
	SourceDriverPage = "driver_page"
	SourceCloseout   = "closeout"
	SourceAPI        = "api"
)

// Outcome is what became of one trip, with the notes of whoever recorded it.
type Outcome struct {
	TripID int64 `json:"trip_id"`
	// Outcome is one of Outcomes.
	Outcome string `json:"outcome"`
	// CancelledBy and Reason say who cancelled late and why; Reason also
	// says why a ride could not be served.
	CancelledBy string     `json:"cancelled_by,omitempty"`
	Reason      string     `json:"reason,omitempty"`
	Notes       string     `json:"notes,omitempty"`
	Source      string     `json:"source"`
	DriverID    *int64     `json:"driver_id,omitempty"`
	RecordedBy  *int64     `json:"recorded_by,omitempty"`
	RecordedAt  time.Time  `json:"recorded_at"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
}

// TookPlace reports whether the driver drove: the ride counts for the
// volunteer log and the statement.
func TookPlace(outcome string) bool {
	return outcome == OutcomeDone || outcome == OutcomeNoShow
}

// Validate checks an outcome as given by a person: a known outcome, who
// cancelled for a late cancellation (and only then), short texts.
func (o Outcome) Validate() error {
	var fe Fields
	if !slices.Contains(Outcomes, o.Outcome) {
		fe.Add("outcome", "must be done, no_show, cancelled_late or not_served")
	}
	switch {
	case o.Outcome == OutcomeCancelledLate && !slices.Contains(CancelledByValues, o.CancelledBy):
		fe.AddRule("cancelled_by", RuleRequired, "must be rider, relative, driver or agency for a late cancellation")
	case o.Outcome != OutcomeCancelledLate && o.CancelledBy != "":
		fe.Add("cancelled_by", "only fits a late cancellation")
	}
	fe.Text("reason", o.Reason, false)
	fe.notes(o.Notes, 1000)
	return fe.Err()
}

// CheckOutcomeFor refuses an outcome for a trip that cannot have one yet:
// a cancelled trip (nothing became of it but the cancellation), a ride back
// still on call, or a ride whose pickup time has not come. The error names
// the field "outcome" and is a conflict: the input is fine, the trip is not
// ready for it.
func CheckOutcomeFor(t Trip, now time.Time) error {
	var why string
	switch {
	case t.Status == TripCancelled:
		why = "the ride was cancelled"
	case t.Status == TripOnCall || t.PickupEarliest == nil:
		why = "the ride back is still on call and has no time yet"
	case now.Before(*t.PickupEarliest):
		why = "the ride has not started yet"
	}
	if why == "" {
		return nil
	}
	return &Error{Code: CodeConflict, Message: "no outcome can be recorded for this ride",
		Fields: []FieldError{{Field: "outcome", Message: why}}}
}

// OutcomeStore records outcomes and reads them back. Record sets or
// corrects the outcome of one trip (audited); RecordDay records the
// close-out page's outcomes of many trips in one transaction.
type OutcomeStore interface {
	RecordOutcome(ctx context.Context, actor Actor, o Outcome) (Outcome, error)
	TripOutcome(ctx context.Context, tripID int64) (Outcome, error)
	RecordOutcomes(ctx context.Context, actor Actor, os []Outcome) error
	// CloseoutDay lists the trips of a local date (YYYY-MM-DD) that need
	// or have an outcome, for the close-out page.
	CloseoutDay(ctx context.Context, date string) ([]CloseoutRow, error)
}

// CloseoutRow is one ride on the close-out page: the trip, its driver, and
// its outcome when one is recorded, else the one the page suggests.
type CloseoutRow struct {
	Trip       Trip     `json:"trip"`
	RiderName  string   `json:"rider_name"`
	DriverName string   `json:"driver_name,omitempty"`
	Confirmed  bool     `json:"confirmed"`
	Outcome    *Outcome `json:"outcome,omitempty"`
}

// Suggested is the outcome the close-out page preselects: the recorded one,
// else done where the driver had confirmed (nothing reported means it went
// as planned), else not served where no driver was found; empty leaves the
// choice to the coordinator.
func (r CloseoutRow) Suggested() string {
	switch {
	case r.Outcome != nil:
		return r.Outcome.Outcome
	case r.Confirmed:
		return OutcomeDone
	case r.Trip.Assignment == nil:
		return OutcomeNotServed
	}
	return ""
}
