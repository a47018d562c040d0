package dispatch

import "time"

// Span is a span of real time. A zero From means "no earliest time" and a
// zero To "no latest time", so that a booking states only what matters, such
// as the latest arrival at a doctor's.
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}
