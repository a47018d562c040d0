package dispatch

import "time"

// ShuttleRun is one materialised date of a weekly ride: its trips exist, so
// that the planner and the day plan see it like any other trip. It reports
// how full the run is, because a run over its seats is reported, not cut.
type ShuttleRun struct {
	ID           int64     `json:"id"`
	ShuttleID    int64     `json:"shuttle_id"`
	Date         string    `json:"date"`
	StartsAt     time.Time `json:"starts_at"`
	Riders       int       `json:"riders"`
	Capacity     int       `json:"capacity"`
	OverCapacity bool      `json:"over_capacity"`
	// Refused lists subscribers who could not be put on the run because
	// they have another trip at that time.
	Refused []int64 `json:"refused,omitempty"`
}

// Subscriber is a rider on a weekly ride as the shopping rides page lists
// them: with the dates of the subscription and the dates they skip from a
// day on, so that a coordinator answers "is my mother on Thursday's ride?"
// at a glance.
type Subscriber struct {
	RiderID int64
	Name    string
	From    string
	Until   string
	Skips   []string
}
