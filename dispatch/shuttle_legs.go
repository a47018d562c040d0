package dispatch

import "time"

// Defaults of a shopping run: the group may reach the shop up to 15 minutes
// early, and the ride home leaves within 15 minutes after the shopping time.
// The maximum ride time is the shuttle's own (Shuttle.MaxRideMinutes).
const (
	DefaultShuttleEarly  = 15 * time.Minute
	DefaultShuttleReturn = 15 * time.Minute
)

// runWindows are the windows of a shopping run's two legs.
type runWindows struct{ outPickup, outDrop, backPickup, backDrop Span }

// shuttleWindows is the one rule for a shopping run's windows, used for the
// trips the service books (Shuttle.RunLegs), which the planner gets as any
// other trips: at the shop between early and the arrival, home leaving
// within ret after the dwell, at most maxRide in the car each way. The planner
// serves them like any other rides, so that one collection tour forms when
// the riders fit one car and the run is split over drivers when they do not.
func shuttleWindows(arrive time.Time, dwell, maxRide, early, ret time.Duration) runWindows {
	back := arrive.Add(dwell)
	return runWindows{
		outPickup:  Span{From: arrive.Add(-early - maxRide), To: arrive},
		outDrop:    Span{From: arrive.Add(-early), To: arrive},
		backPickup: Span{From: back, To: back.Add(ret)},
		backDrop:   Span{From: back, To: back.Add(ret + maxRide)},
	}
}
