package dispatch

import "time"

// OpenRide is a ride nobody drives yet, as a driver may see it before
// taking it: when, the towns and the needs, but neither the senior's name
// nor an address, which only the driver who takes it needs (issue 15).
type OpenRide struct {
	TripID int64 `json:"trip_id"`
	// PickupFrom..PickupUntil is the pickup window; for an appointment
	// ArriveBy is when the senior must be there (zero otherwise).
	PickupFrom  time.Time `json:"pickup_from"`
	PickupUntil time.Time `json:"pickup_until"`
	ArriveBy    time.Time `json:"arrive_by"`
	PickupTown  string    `json:"pickup_town"`
	DropoffTown string    `json:"dropoff_town"`
	Wheelchair  bool      `json:"wheelchair"`
	Walker      bool      `json:"walker"`
	Escort      bool      `json:"escort"`
	Passengers  int       `json:"passengers"`
	// Km is the distance from the driver's home to the pickup, as the crow
	// flies.
	Km float64 `json:"km"`
	// Code is the reply code that takes it by SMS (JA code), set when the
	// list was sent by SMS (OFFEN).
	Code string `json:"code,omitempty"`
}

// Needs lists the ride's needs by name, as a trip's Needs does.
func (o OpenRide) Needs() []string {
	var n []string
	if o.Wheelchair {
		n = append(n, "wheelchair")
	}
	if o.Walker {
		n = append(n, "walker")
	}
	if o.Escort {
		n = append(n, "escort")
	}
	return n
}

// DriverOffer is an offer waiting for a driver's answer, as their page
// shows it with the buttons that answer it like JA or NEIN with its code.
type DriverOffer struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	PickupAt  time.Time `json:"pickup_at"`
	Rides     int       `json:"rides"`
}

// RuleRideTaken names the refusal of an open ride someone else took (or
// that was planned, cancelled or moved) between the list and the tap.
const RuleRideTaken Rule = "ride_taken"

// RuleRideClash names the refusal of an open ride that overlaps a ride the
// driver already confirmed.
const RuleRideClash Rule = "ride_clash"

// DefaultOpenRideKm is how far from a driver's home an open ride's pickup
// may be for the driver to see it, unless the agency sets another distance.
const DefaultOpenRideKm = 25.0
