package dispatch

import "time"

// Message is one SMS of the log, in or out, as the API shows it to
// coordinators: with every link to the trip, offer and people it concerns,
// so that a failed delivery can be traced to what it was about.
type Message struct {
	ID           int64      `json:"id"`
	Direction    string     `json:"direction"`
	Kind         string     `json:"kind"`
	To           string     `json:"to"`
	From         string     `json:"from,omitempty"`
	Body         string     `json:"body"`
	Status       string     `json:"status"`
	DriverID     *int64     `json:"driver_id,omitempty"`
	RiderID      *int64     `json:"rider_id,omitempty"`
	AccountID    *int64     `json:"account_id,omitempty"`
	TripID       *int64     `json:"trip_id,omitempty"`
	AssignmentID *int64     `json:"assignment_id,omitempty"`
	OfferID      *int64     `json:"offer_id,omitempty"`
	TwilioSID    *string    `json:"twilio_sid,omitempty"`
	ErrorCode    *int       `json:"error_code,omitempty"`
	ErrorMessage string     `json:"error_message,omitempty"`
	DueAt        *time.Time `json:"due_at,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	SentAt       *time.Time `json:"sent_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// MessageEntry is one SMS of the log as the messages page shows it: with
// the name of whom it went to or came from instead of ids, since a
// coordinator calls a person, not a row.
type MessageEntry struct {
	ID           int64
	Direction    string
	Kind         string
	To           string
	From         string
	Body         string
	Status       string
	ErrorCode    *int
	ErrorMessage string
	TripID       *int64
	Person       string
	CreatedAt    time.Time
	StatusAt     *time.Time
}
