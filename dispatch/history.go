package dispatch

import "time"

// HistoryEntry is one past ride of a senior as their page lists it ("zum
// Fußpfleger, wie immer"): the outbound leg, where it went, what became of
// it, and whether a ride back was booked, so that "book again" can fill
// the form with the same choices.
type HistoryEntry struct {
	Trip      Trip   `json:"trip"`
	PlaceName string `json:"place_name,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	// Return is how the ride back was booked: at, on_call or none.
	Return string `json:"return"`
	// ReturnAt is the ride back's pickup time when it had one.
	ReturnAt *time.Time `json:"return_at,omitempty"`
}
