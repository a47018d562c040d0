package dispatch

import (
	"context"
	"encoding/json"
	"time"
)

// Subject kinds: the people the GDPR gives rights over their data (Art. 15
// access, Art. 17 erasure). A relative and a coordinator are both accounts.
const (
	SubjectRider   = "rider"
	SubjectDriver  = "driver"
	SubjectAccount = "account"
)

// ValidSubject reports whether kind names a kind of person.
func ValidSubject(kind string) bool {
	return kind == SubjectRider || kind == SubjectDriver || kind == SubjectAccount
}

// RuleRideInProgress refuses to erase a person whose ride of today has
// begun: cancelling it under way would strand a senior or a driver.
const RuleRideInProgress Rule = "ride_in_progress"

// RetentionPolicy is how long personal data is kept (FAHRDIENST_RETENTION_MONTHS,
// FAHRDIENST_MESSAGE_RETENTION_DAYS, FAHRDIENST_AUDIT_RETENTION_MONTHS). It
// is one value so that the nightly job, the start-up check and the record
// of processing all state the same periods.
type RetentionPolicy struct {
	TripMonths  int // finished trips keep the senior's identity this long
	MessageDays int // SMS and call texts and numbers
	AuditMonths int // audit entries
}

// DefaultRetention is the agency's default: two years of trips for the
// yearly reports and their checks, 90 days of messages for questions about
// a ride, three years of audit entries (the usual limitation period).
var DefaultRetention = RetentionPolicy{TripMonths: 24, MessageDays: 90, AuditMonths: 36}

// Lower bounds of the retention periods. The reports of the current year
// count every trip since 1 January, at most twelve months back; the audit
// log must explain every change those reports rest on; a message must
// outlive the conversation it belongs to (offers are answered within days,
// a question about a ride comes within a week).
const (
	MinTripMonths  = 12
	MinAuditMonths = 12
	MinMessageDays = 7
)

// Cutoffs are the instants before which each kind of data is past its
// period at now: trips by their local service date, messages and audit
// entries by their time.
func (p RetentionPolicy) Cutoffs(now time.Time, loc *time.Location) (tripsBefore string, messagesBefore, auditBefore time.Time) {
	local := now.In(loc)
	tripsBefore = local.AddDate(0, -p.TripMonths, 0).Format(time.DateOnly)
	return tripsBefore, now.AddDate(0, 0, -p.MessageDays), now.AddDate(0, -p.AuditMonths, 0)
}

// RetentionResult counts what one run of the retention job changed.
type RetentionResult struct {
	Trips    int64 `json:"trips"`    // trips anonymised
	Messages int64 `json:"messages"` // messages emptied of text and numbers
	Audit    int64 `json:"audit"`    // audit entries deleted
	Other    int64 `json:"other"`    // skips and sign-in records deleted
}

// SubjectExport is everything stored about one person (GDPR Art. 15): their
// profile and the rows of every table that refers to them, by table name.
// Rows are JSON objects with the table's columns, so that a column added
// later is in the export without a change here; secrets (password and
// token hashes) are left out.
type SubjectExport struct {
	Kind        string                       `json:"kind"`
	ID          int64                        `json:"id"`
	GeneratedAt time.Time                    `json:"generated_at"`
	Profile     map[string]any               `json:"profile"`
	Tables      map[string][]json.RawMessage `json:"tables"`
}

// ErasureResult is what an erasure did, for the coordinator's confirmation.
type ErasureResult struct {
	Kind           string  `json:"kind"`
	ID             int64   `json:"id"`
	CancelledTrips []int64 `json:"cancelled_trips"`
	// ReleasedRides are a driver's rides given back to planning.
	ReleasedRides []int64 `json:"released_rides"`
}

// PrivacyStore is subject access and erasure, as the pages and the API use
// them.
type PrivacyStore interface {
	// ExportSubject gathers everything about a person and records the
	// export in the audit log.
	ExportSubject(ctx context.Context, actor Actor, kind string, id int64) (SubjectExport, error)
	// EraseSubject anonymises a person at once, cancels their future trips
	// through the normal path and records who erased whom.
	EraseSubject(ctx context.Context, actor Actor, kind string, id int64) (ErasureResult, error)
}
