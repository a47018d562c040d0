package dispatch

import "time"

// Board is the day as coordinators see it: every driver's stops in order,
// and the trips still without a driver, in one read. It is the answer of
// GET /api/v1/plan and the model of the day board page, so both show the
// same day.
type Board struct {
	Date       string       `json:"date"`
	Routes     []BoardRoute `json:"routes"`
	Unassigned []Trip       `json:"unassigned"`
	OnCall     []Trip       `json:"on_call"`
	// Flagged are the day's booked trips that need a coordinator (declined
	// by every driver, a driver's SMS cancellation), assigned or not, and
	// its cancelled trips whose senior could not be told (a notice call or
	// SMS failed): someone must phone them.
	Flagged []Trip `json:"flagged"`
	// RiderNames names the riders of every trip on the board.
	RiderNames map[int64]string `json:"rider_names"`
	// PlaceNames names the places the board's trips start or end at, out
	// of use or not, so that a page polling the board need not read every
	// place again.
	PlaceNames map[int64]string `json:"place_names"`
}

// BoardRoute is one driver's day, so that a coordinator reads it as the
// driver will drive it.
type BoardRoute struct {
	DriverID  int64       `json:"driver_id"`
	FirstName string      `json:"first_name"`
	LastName  string      `json:"last_name"`
	Stops     []BoardStop `json:"stops"`
}

// Kinds of board stops: each assigned leg is a pickup and a drop-off on its
// driver's route.
const (
	BoardPickup  = "pickup"
	BoardDropoff = "dropoff"
)

// BoardStop is a pickup or drop-off at its planned time, with what the
// driver must know there (who, where, any special needs).
type BoardStop struct {
	Time      time.Time `json:"time"`
	Kind      string    `json:"kind"` // BoardPickup or BoardDropoff
	TripID    int64     `json:"trip_id"`
	RiderID   int64     `json:"rider_id"`
	RiderName string    `json:"rider_name"`
	Address   Location  `json:"address"`
	State     string    `json:"state"`
	TourID    int64     `json:"tour_id"`
	Needs     Needs     `json:"needs"`
	// DecidedBy says whose decision the assignment is: "driver" on a
	// confirmed stop means the driver said yes or took the open ride.
	DecidedBy string `json:"decided_by"`
}
