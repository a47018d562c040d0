package dispatch

import "time"

// Location is a point on the map with the address a driver reads. Coordinates
// come from the caller: no geocoding service is reachable.
type Location struct {
	PlaceID *int64  `json:"place_id,omitempty"`
	Street  string  `json:"street"`
	City    string  `json:"city"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
}

// Needs are the mobility needs that decide which vehicle and how much time a
// ride takes.
type Needs struct {
	Walker      bool `json:"walker"`
	Wheelchair  bool `json:"wheelchair"`
	NeedsEscort bool `json:"needs_escort"`
}

// Rider is a senior who is driven.
type Rider struct {
	ID                int64   `json:"id"`
	FirstName         string  `json:"first_name"`
	LastName          string  `json:"last_name"`
	Phone             string  `json:"phone,omitempty"`
	PhoneMobile       bool    `json:"phone_mobile"`
	Street            string  `json:"street"`
	PostalCode        string  `json:"postal_code"`
	City              string  `json:"city"`
	Lat               float64 `json:"lat"`
	Lon               float64 `json:"lon"`
	Needs                     // mobility needs, flattened in JSON
	ContactPreference string  `json:"contact_preference"`
	Language          string  `json:"language"`
	SMSOptOut         bool    `json:"sms_opt_out"`
	// SMSProblem is Twilio's error code of the last SMS to this number
	// that failed for good (an invalid or blocked number), 0 for none:
	// the coordinators see it and fix the number.
	SMSProblem int       `json:"sms_problem,omitempty"`
	Notes      string    `json:"notes"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Home is where a rider is collected and brought back to.
func (r Rider) Home() Location {
	return Location{Street: r.Street, City: r.City, Lat: r.Lat, Lon: r.Lon}
}

// Driver is a volunteer with a car.
type Driver struct {
	ID                int64   `json:"id"`
	FirstName         string  `json:"first_name"`
	LastName          string  `json:"last_name"`
	Phone             string  `json:"phone"`
	Street            string  `json:"street"`
	City              string  `json:"city"`
	Lat               float64 `json:"lat"`
	Lon               float64 `json:"lon"`
	VehicleSeats      int     `json:"vehicle_seats"`
	VehicleWheelchair bool    `json:"vehicle_wheelchair"`
	MaxRidesPerWeek   int     `json:"max_rides_per_week"`
	MaxDutyMinutes    int     `json:"max_duty_minutes"`
	Language          string  `json:"language"`
	SMSOptOut         bool    `json:"sms_opt_out"`
	// SMSProblem is Twilio's error code of the last SMS to this number
	// that failed for good (an invalid or blocked number), 0 for none:
	// the coordinators see it and fix the number.
	SMSProblem int       `json:"sms_problem,omitempty"`
	Notes      string    `json:"notes"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Window is a weekly availability window in local clock time. Weekday is ISO:
// 1 is Monday, 7 is Sunday. Start and End are "15:04".
type Window struct {
	Weekday int    `json:"weekday"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

// Absence is a span of whole local days, inclusive, when a driver cannot drive.
type Absence struct {
	ID       int64  `json:"id"`
	DriverID int64  `json:"driver_id"`
	From     string `json:"from"`
	To       string `json:"to"`
	Reason   string `json:"reason"`
}

// Place kinds.
const (
	PlaceShop              = "shop"
	PlacePractice          = "practice"
	PlaceVaccinationCentre = "vaccination_centre"
	PlaceHospital          = "hospital"
	PlaceOther             = "other"
)

// Place is a destination riders are taken to.
type Place struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	Street string  `json:"street"`
	City   string  `json:"city"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Notes  string  `json:"notes"`
	Active bool    `json:"active"`
}

// Location of the place, for a trip leg.
func (p Place) Location() Location {
	id := p.ID
	return Location{PlaceID: &id, Street: p.Street, City: p.City, Lat: p.Lat, Lon: p.Lon}
}

// Trip statuses. A trip's planning state (proposed, offered, confirmed) lives
// in its assignment, not here.
const (
	TripBooked    = "booked"
	TripOnCall    = "on_call"
	TripCancelled = "cancelled"
	TripCompleted = "completed"
)

// Trip timings.
const (
	TimingArriveBy = "arrive_by"
	TimingPickupAt = "pickup_at"
	TimingOnCall   = "on_call"
)

// Trip is one leg of a ride: a pickup, a drop-off and the windows the planner
// must keep. A return leg points to its outbound leg.
type Trip struct {
	ID              int64       `json:"id"`
	RiderID         int64       `json:"rider_id"`
	Kind            string      `json:"kind"`
	Leg             string      `json:"leg"`
	OutboundID      *int64      `json:"outbound_id,omitempty"`
	ReturnID        *int64      `json:"return_id,omitempty"`
	ShuttleRunID    *int64      `json:"shuttle_run_id,omitempty"`
	Timing          string      `json:"timing"`
	Pickup          Location    `json:"pickup"`
	Dropoff         Location    `json:"dropoff"`
	ServiceDate     string      `json:"service_date,omitempty"`
	PickupEarliest  *time.Time  `json:"pickup_earliest,omitempty"`
	PickupLatest    *time.Time  `json:"pickup_latest,omitempty"`
	DropoffEarliest *time.Time  `json:"dropoff_earliest,omitempty"`
	DropoffLatest   *time.Time  `json:"dropoff_latest,omitempty"`
	MaxRideMinutes  int         `json:"max_ride_minutes"`
	Passengers      int         `json:"passengers"`
	Needs                       // per trip, defaulting to the rider's
	Notes           string      `json:"notes"`
	Purpose         string      `json:"purpose,omitempty"` // one of the agency's purposes, or ""
	Status          string      `json:"status"`
	Flagged         string      `json:"flagged,omitempty"`
	BookedBy        *int64      `json:"booked_by,omitempty"`
	BookedVia       string      `json:"booked_via"`
	CancelledAt     *time.Time  `json:"cancelled_at,omitempty"`
	CancelledBy     *int64      `json:"cancelled_by,omitempty"`
	CancelReason    string      `json:"cancel_reason,omitempty"`
	Assignment      *Assignment `json:"assignment,omitempty"`
	CreatedAt       time.Time   `json:"created_at"`
}

// Assignment states. Proposed comes from the planner, offered is waiting for
// the driver's SMS answer, confirmed is the driver's yes; the others are
// history.
const (
	AssignProposed  = "proposed"
	AssignOffered   = "offered"
	AssignConfirmed = "confirmed"
	AssignDeclined  = "declined"
	AssignExpired   = "expired"
	AssignCancelled = "cancelled"
	AssignWithdrawn = "withdrawn"
)

// Assignment puts a trip on a driver's tour with planned times.
type Assignment struct {
	ID             int64      `json:"id"`
	TripID         int64      `json:"trip_id"`
	DriverID       int64      `json:"driver_id"`
	DriverName     string     `json:"driver_first_name,omitempty"`
	TourID         int64      `json:"tour_id"`
	State          string     `json:"state"`
	PlannedPickup  time.Time  `json:"planned_pickup"`
	PlannedDropoff time.Time  `json:"planned_dropoff"`
	StopOrder      int        `json:"stop_order"`
	OfferCode      string     `json:"offer_code,omitempty"`
	ExpiresAt      *time.Time `json:"expires_at,omitempty"`
	DecidedBy      string     `json:"decided_by"`
}

// Roles of accounts.
const (
	RoleCoordinator = "coordinator"
	RoleRelative    = "relative"
)

// Account is a person who logs in: a coordinator, or a relative who books
// for their seniors.
type Account struct {
	ID       int64   `json:"id"`
	Email    string  `json:"email"`
	Role     string  `json:"role"`
	Name     string  `json:"name"`
	Phone    string  `json:"phone,omitempty"`
	Language string  `json:"language"`
	RiderIDs []int64 `json:"rider_ids,omitempty"`
	Active   bool    `json:"active"`
}

// Actor is who makes a change: the account, or a system part such as the
// planner or an SMS reply. It goes into the audit log.
type Actor struct {
	AccountID *int64
	Role      string
	Name      string
}

// Shuttle is a weekly shopping ride: every Weekday (ISO, 1 = Monday) the
// subscribers are collected and arrive at the place at StartTime (local
// "15:04"), shop for DwellMinutes, and are driven home.
type Shuttle struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Weekday        int    `json:"weekday"`
	StartTime      string `json:"start_time"`
	PlaceID        int64  `json:"place_id"`
	DwellMinutes   int    `json:"dwell_minutes"`
	Capacity       int    `json:"capacity"`
	MaxRideMinutes int    `json:"max_ride_minutes"`
	Active         bool   `json:"active"`
}

// Subscription puts a rider on a shuttle from a date (YYYY-MM-DD), until a
// date or open-ended.
type Subscription struct {
	ShuttleID int64   `json:"shuttle_id"`
	RiderID   int64   `json:"rider_id"`
	From      string  `json:"from"`
	Until     *string `json:"until,omitempty"`
}

// RunStart is the instant of the shuttle's start time on a local date, so
// that a 09:00 ride stays at 09:00 across daylight-saving changes.
func (s Shuttle) RunStart(date time.Time) (time.Time, error) {
	t, err := ClockOn(date, s.StartTime)
	if err != nil {
		return time.Time{}, Errorf(CodeInvalid, "start time must be HH:MM")
	}
	return t, nil
}

// ClockOn is the instant of a local "15:04" clock time on date's day in
// date's location. Shuttle starts and drivers' weekly windows are stored as
// wall-clock times, so that 09:00 stays 09:00 across daylight-saving changes;
// this is the one place that turns them into instants.
func ClockOn(date time.Time, clock string) (time.Time, error) {
	c, err := time.Parse("15:04", clock)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(date.Year(), date.Month(), date.Day(), c.Hour(), c.Minute(), 0, 0, date.Location()), nil
}

// RunLegs are a subscriber's two trips of one run: collected at home and at
// the shop by the start time (up to DefaultShuttleEarly before), and home
// again after the dwell time (leaving within DefaultShuttleReturn), each at
// most the shuttle's maximum ride time in the car.
func (s Shuttle) RunLegs(rider Rider, shop Place, start time.Time) []Trip {
	w := shuttleWindows(start, time.Duration(s.DwellMinutes)*time.Minute, time.Duration(s.MaxRideMinutes)*time.Minute,
		DefaultShuttleEarly, DefaultShuttleReturn)
	leg := func(from, to Location) Trip {
		return Trip{RiderID: rider.ID, Kind: "shuttle", Pickup: from, Dropoff: to, MaxRideMinutes: s.MaxRideMinutes,
			Passengers: 1, Needs: rider.Needs, Status: TripBooked, BookedVia: "shuttle",
			ServiceDate: start.Format(time.DateOnly)}
	}
	out := leg(rider.Home(), shop.Location())
	out.Leg, out.Timing = "outbound", TimingArriveBy
	out.PickupEarliest, out.PickupLatest = ptr(w.outPickup.From), ptr(w.outPickup.To)
	out.DropoffEarliest, out.DropoffLatest = ptr(w.outDrop.From), ptr(w.outDrop.To)
	ret := leg(shop.Location(), rider.Home())
	ret.Leg, ret.Timing = "return", TimingPickupAt
	ret.PickupEarliest, ret.PickupLatest = ptr(w.backPickup.From), ptr(w.backPickup.To)
	ret.DropoffEarliest, ret.DropoffLatest = ptr(w.backDrop.From), ptr(w.backDrop.To)
	return []Trip{out, ret}
}

func ptr[T any](v T) *T { return &v }

// MayAct reports whether the account may see and change things of a rider:
// coordinators all, relatives only their own seniors. Callers answer "not
// found" otherwise, so that a relative learns nothing about other riders.
func (a Account) MayAct(riderID int64) bool {
	if a.Role == RoleCoordinator {
		return true
	}
	for _, id := range a.RiderIDs {
		if id == riderID {
			return true
		}
	}
	return false
}
