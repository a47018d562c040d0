package dispatch

import (
	"context"
	"time"
)

// PlannedTimes fits a ride assigned by hand into the trip's windows: as
// late as the drop-off window allows for an appointment, at the wished time
// otherwise, with a great-circle estimate of the ride (the pages and the API
// assign the same way; the planner computes its own times).
func PlannedTimes(ctx context.Context, t Trip) (time.Time, time.Time, error) {
	if t.PickupEarliest == nil || t.DropoffLatest == nil || t.PickupLatest == nil {
		return time.Time{}, time.Time{}, Errorf(CodeConflict, "only a booked trip with a time can be assigned")
	}
	m, err := GreatCircle{}.Matrix(ctx, []Point{{Lat: t.Pickup.Lat, Lon: t.Pickup.Lon}, {Lat: t.Dropoff.Lat, Lon: t.Dropoff.Lon}})
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	ride := max(time.Duration(m.Seconds[1])*time.Second, time.Minute)
	pickup := *t.PickupEarliest
	if t.Timing == TimingArriveBy {
		pickup = t.DropoffLatest.Add(-ride)
		if pickup.After(*t.PickupLatest) {
			pickup = *t.PickupLatest
		}
		if pickup.Before(*t.PickupEarliest) {
			pickup = *t.PickupEarliest
		}
	}
	return pickup, pickup.Add(ride), nil
}
