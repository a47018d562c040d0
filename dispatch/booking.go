package dispatch

import (
	"time"
)

// Return timings of a booking.
const (
	ReturnAt     = "at"
	ReturnOnCall = "on_call"
	ReturnNone   = "none"
)

// Booking is what a coordinator or relative asks for: a senior to a place or
// an address, arriving by an appointment or picked up at a time, and usually
// a ride back at a time or on call.
type Booking struct {
	RiderID    int64
	From       *Location // nil: the rider's home
	To         Location
	Timing     string // TimingArriveBy or TimingPickupAt
	At         time.Time
	Return     string // ReturnAt, ReturnOnCall or ReturnNone
	ReturnAt   *time.Time
	Passengers int    // the senior and companions
	Needs      *Needs // nil: the rider's own
	Notes      string
	Purpose    string // optional; one of BookingRules.Purposes
	Via        string
	BookedBy   *int64
}

// BookingRules are the agency's limits on what can be booked.
type BookingRules struct {
	Now           time.Time
	Horizon       time.Duration // how far ahead bookings are taken
	MaxRide       time.Duration // the longest a senior sits in the car
	PickupSlack   time.Duration // how long after the wished time a pickup may be
	ArrivalSlack  time.Duration // how early before the appointment one may arrive
	Location      *time.Location
	MaxPassengers int
	// Purposes is the agency's list of ride purposes; nil is DefaultPurposes.
	Purposes []string
}

// DefaultBookingRules are the rules of a typical agency: 90 days ahead, at
// most 45 minutes in the car, pickups within 15 minutes of the wished time.
func DefaultBookingRules(now time.Time, loc *time.Location) BookingRules {
	return BookingRules{
		Now: now, Horizon: 90 * 24 * time.Hour, MaxRide: 45 * time.Minute,
		PickupSlack: 15 * time.Minute, ArrivalSlack: 20 * time.Minute,
		Location: loc, MaxPassengers: 8,
	}
}

// AgencyBookingRules are DefaultBookingRules with the agency's own horizon
// and maximum ride time where it set them (zero keeps the default).
func AgencyBookingRules(now time.Time, loc *time.Location, horizon, maxRide time.Duration) BookingRules {
	r := DefaultBookingRules(now, loc)
	if horizon > 0 {
		r.Horizon = horizon
	}
	if maxRide > 0 {
		r.MaxRide = maxRide
	}
	return r
}

// Legs validates a booking and turns it into its trip legs: the outbound leg
// and, unless there is no ride back, the return leg (on call when its time is
// not known yet). Field names in errors are those of the API.
func (b Booking) Legs(rider Rider, r BookingRules) ([]Trip, error) {
	var fe Fields
	b.validate(r, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	from := rider.Home()
	if b.From != nil {
		from = *b.From
	}
	needs := rider.Needs
	if b.Needs != nil {
		needs = *b.Needs
	}
	out := b.leg(rider, from, b.To, needs, r)
	out.Leg = "outbound"
	out.Timing = b.Timing
	if b.Timing == TimingArriveBy {
		setWindows(&out, b.At.Add(-r.ArrivalSlack-r.MaxRide), b.At, b.At.Add(-r.ArrivalSlack), b.At, r)
	} else {
		setWindows(&out, b.At, b.At.Add(r.PickupSlack), b.At, b.At.Add(r.PickupSlack+r.MaxRide), r)
	}
	legs := []Trip{out}
	switch b.Return {
	case ReturnAt:
		back := b.leg(rider, b.To, from, needs, r)
		back.Leg, back.Timing = "return", TimingPickupAt
		at := *b.ReturnAt
		setWindows(&back, at, at.Add(r.PickupSlack), at, at.Add(r.PickupSlack+r.MaxRide), r)
		legs = append(legs, back)
	case ReturnOnCall:
		back := b.leg(rider, b.To, from, needs, r)
		back.Leg, back.Timing, back.Status = "return", TimingOnCall, TripOnCall
		legs = append(legs, back)
	}
	return legs, nil
}

func (b Booking) validate(r BookingRules, fe *Fields) {
	if b.Timing != TimingArriveBy && b.Timing != TimingPickupAt {
		fe.Add("timing", "must be arrive_by or pickup_at")
	}
	switch {
	case b.At.IsZero():
		fe.AddRule("at", RuleRequired, "is required")
	case b.At.Before(r.Now):
		fe.AddRule("at", RulePast, "lies in the past")
	case b.At.After(r.Now.Add(r.Horizon)):
		fe.AddRule("at", RuleHorizon, "is more than %d days ahead", int(r.Horizon.Hours()/24))
	}
	switch b.Return {
	case ReturnAt:
		if b.ReturnAt == nil {
			fe.Add("return.at", "is required when the ride back is at a time")
		} else if !b.At.IsZero() && !b.ReturnAt.After(b.At) {
			fe.AddRule("return.at", RuleReturnAfter, "must be after the outbound ride")
		}
	case ReturnOnCall, ReturnNone:
		if b.ReturnAt != nil {
			fe.Add("return.at", "only fits a ride back at a time")
		}
	default:
		fe.Add("return.type", "must be at, on_call or none")
	}
	if b.Passengers < 1 || b.Passengers > r.MaxPassengers {
		fe.AddRule("passengers", RuleRange, "must be between 1 and %d", r.MaxPassengers)
	}
	if b.From != nil {
		validateLocation("from", *b.From, fe)
	}
	validateLocation("to", b.To, fe)
	fe.notes(b.Notes, 1000)
	validatePurpose(b.Purpose, r.Purposes, fe)
}

// validateLocation checks an address given by hand; a place's location is
// filled in from the place and always valid.
func validateLocation(field string, l Location, fe *Fields) {
	if l.PlaceID != nil {
		return
	}
	fe.Text(field+".street", l.Street, true)
	fe.Text(field+".city", l.City, true)
	validateCoordinates(field, l.Lat, l.Lon, fe)
}

// validateCoordinates checks a latitude and longitude pair; 0,0 is taken as
// missing, since no senior lives in the Gulf of Guinea. The errors are named
// field.lat and field.lon, or lat and lon when field is empty (a record's own
// coordinates).
func validateCoordinates(field string, lat, lon float64, fe *Fields) {
	prefix := ""
	if field != "" {
		prefix = field + "."
	}
	if lat < -90 || lat > 90 || lat != lat {
		fe.AddRule(prefix+"lat", RuleRange, "must be between -90 and 90")
	}
	if lon < -180 || lon > 180 || lon != lon {
		fe.AddRule(prefix+"lon", RuleRange, "must be between -180 and 180")
	}
	if lat == 0 && lon == 0 {
		fe.Add(prefix+"lat", "coordinates are required")
	}
}

func (b Booking) leg(rider Rider, from, to Location, needs Needs, r BookingRules) Trip {
	return Trip{
		RiderID: rider.ID, Kind: "appointment", Pickup: from, Dropoff: to,
		MaxRideMinutes: int(r.MaxRide.Minutes()), Passengers: b.Passengers, Needs: needs,
		Notes: b.Notes, Purpose: b.Purpose, Status: TripBooked, BookedBy: b.BookedBy, BookedVia: b.Via,
	}
}

func setWindows(t *Trip, pe, pl, de, dl time.Time, r BookingRules) {
	t.PickupEarliest, t.PickupLatest, t.DropoffEarliest, t.DropoffLatest = &pe, &pl, &de, &dl
	t.ServiceDate = pe.In(r.Location).Format(time.DateOnly)
}
