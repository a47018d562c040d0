package dispatch

import "time"

// Defaults of a shopping run: 45 minutes in the car at most each way, the
// group may reach the shop up to 15 minutes early, and the ride home leaves
// within 15 minutes after the shopping time.
const (
	DefaultShuttleMaxRide = 45 * time.Minute
	DefaultShuttleEarly   = 15 * time.Minute
	DefaultShuttleReturn  = 15 * time.Minute
)

// ShuttleRun is one date of a weekly shopping ride (Einkaufsfahrt): the
// subscribers are collected at home, brought to the shop by Arrive, shop for
// Dwell and are driven home. The planner serves it like any other rides, so
// that one collection tour forms when the riders fit one car and the run is
// split over drivers when they do not.
type ShuttleRun struct {
	ID         string // prefix of the generated request IDs
	Shop       Point
	Arrive     time.Time     // when the group is due at the shop
	Dwell      time.Duration // time for shopping
	MaxRide    time.Duration // per rider and direction; 0 means DefaultShuttleMaxRide
	Early      time.Duration // how long before Arrive a rider may arrive; 0 means DefaultShuttleEarly
	Return     time.Duration // how long after Arrive+Dwell the ride home may start; 0 means DefaultShuttleReturn
	Service    time.Duration // boarding or alighting at each stop
	Riders     []ShuttleRider
	DriverPool []string // IDs of the drivers who drive this run; empty means any
}

// ShuttleRider is one subscriber on one date.
type ShuttleRider struct {
	ID         string
	Home       Point
	Passengers int // seats taken; 0 means 1
	Wheelchair bool
	Preferred  []string
}

// Requests turns the run into two requests per rider: "ID/RIDER/out" from
// home to the shop, due in [Arrive-Early, Arrive], and "ID/RIDER/back" from
// the shop home, leaving in [Arrive+Dwell, Arrive+Dwell+Return]. Both carry
// the maximum ride time, which keeps every collection tour short enough.
func (r ShuttleRun) Requests() []PlanRequest {
	maxRide := orDefault(r.MaxRide, DefaultShuttleMaxRide)
	w := shuttleWindows(r.Arrive, r.Dwell, maxRide, orDefault(r.Early, DefaultShuttleEarly),
		orDefault(r.Return, DefaultShuttleReturn))
	var out []PlanRequest
	for _, rd := range r.Riders {
		base := PlanRequest{Passengers: rd.Passengers, Wheelchair: rd.Wheelchair, MaxRide: maxRide,
			Service: r.Service, Preferred: rd.Preferred, Allowed: r.DriverPool}
		there := base
		there.ID = r.ID + "/" + rd.ID + "/out"
		there.Pickup, there.Dropoff = rd.Home, r.Shop
		there.DropoffWindow = w.outDrop
		out = append(out, there)
		home := base
		home.ID = r.ID + "/" + rd.ID + "/back"
		home.Pickup, home.Dropoff = r.Shop, rd.Home
		home.PickupWindow = w.backPickup
		out = append(out, home)
	}
	return out
}

// runWindows are the windows of a shopping run's two legs.
type runWindows struct{ outPickup, outDrop, backPickup, backDrop Span }

// shuttleWindows is the one rule for a shopping run's windows, used for the
// trips the service books (Shuttle.RunLegs) and the planner's requests
// (ShuttleRun.Requests): at the shop between early and the arrival, home
// leaving within ret after the dwell, at most maxRide in the car each way.
func shuttleWindows(arrive time.Time, dwell, maxRide, early, ret time.Duration) runWindows {
	back := arrive.Add(dwell)
	return runWindows{
		outPickup:  Span{From: arrive.Add(-early - maxRide), To: arrive},
		outDrop:    Span{From: arrive.Add(-early), To: arrive},
		backPickup: Span{From: back, To: back.Add(ret)},
		backDrop:   Span{From: back, To: back.Add(ret + maxRide)},
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
