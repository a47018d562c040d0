package planning

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/solver"
)

// shoppingRun is one date of a weekly shopping ride as production plans it:
// the trips Shuttle.RunLegs books, turned into planner requests the way
// planning/convert.go turns trips (see planRequest).
type shoppingRun struct {
	shuttle dispatch.Shuttle
	shop    dispatch.Point
	start   time.Time         // when the group is due at the shop
	legs    map[string]string // request ID -> the trip's leg, "outbound" or "return"
	reqs    []PlanRequest
}

// newShoppingRun books a 09:00 run with an hour in the shop and 45 minutes
// in the car at most for riders living 3 km and more from the shop. pool, if
// set, limits the drivers, as refusals do in production.
func newShoppingRun(t *testing.T, riders int, pool []string) shoppingRun {
	t.Helper()
	sh := dispatch.Shuttle{ID: 1, Name: "Donnerstagseinkauf", Weekday: int(time.Thursday), StartTime: "09:00", PlaceID: 1,
		DwellMinutes: 60, Capacity: riders, MaxRideMinutes: 45, Active: true}
	shopAt := near(0.5, 0.5)
	shop := dispatch.Place{ID: 1, Name: "Markt", Kind: dispatch.PlaceShop, Street: "Am Markt 1", City: "Bitburg", Lat: shopAt.Lat, Lon: shopAt.Lon, Active: true}
	start, err := sh.RunStart(day0)
	if err != nil {
		t.Fatal(err)
	}
	run := shoppingRun{shuttle: sh, shop: shopAt, start: start, legs: map[string]string{}}
	for k := 0; k < riders; k++ {
		home := near(3+float64(k), 2-float64(k%3))
		rider := dispatch.Rider{ID: int64(k + 1), FirstName: "R", LastName: fmt.Sprint(k), Street: "Weg 1", City: "Bitburg",
			Lat: home.Lat, Lon: home.Lon, Active: true}
		for _, tr := range sh.RunLegs(rider, shop, start) {
			r := planRequest(fmt.Sprintf("s%d/%s", k, tr.Leg), tr)
			r.Allowed = pool
			run.legs[r.ID] = tr.Leg
			run.reqs = append(run.reqs, r)
		}
	}
	return run
}

// planRequest turns a booked trip into a planner request as planning/convert.go
// does: its points, its windows (a missing bound is no bound), seats, maximum
// ride and the boarding time (longer with a walker, an escort or a wheelchair).
func planRequest(id string, tr dispatch.Trip) PlanRequest {
	deref := func(p *time.Time) time.Time {
		if p == nil {
			return time.Time{}
		}
		return *p
	}
	r := PlanRequest{ID: id,
		Pickup:        dispatch.Point{Lat: tr.Pickup.Lat, Lon: tr.Pickup.Lon},
		Dropoff:       dispatch.Point{Lat: tr.Dropoff.Lat, Lon: tr.Dropoff.Lon},
		PickupWindow:  dispatch.Span{From: deref(tr.PickupEarliest), To: deref(tr.PickupLatest)},
		DropoffWindow: dispatch.Span{From: deref(tr.DropoffEarliest), To: deref(tr.DropoffLatest)},
		Passengers:    tr.Passengers, Wheelchair: tr.Wheelchair,
		MaxRide: time.Duration(tr.MaxRideMinutes) * time.Minute, Service: 2 * time.Minute}
	if tr.Walker || tr.NeedsEscort || tr.Wheelchair {
		r.Service = 5 * time.Minute
	}
	return r
}

// check verifies what makes a plan a shopping run, beyond checkPlan and from
// the shuttle itself rather than the requests' windows: each driver drives
// one tour, collects every rider of a tour before the first drop-off at the
// shop, arrives by the start, collects no one for home before the shopping
// time is over, and nobody is longer in the car than the shuttle allows.
func (run shoppingRun) check(t *testing.T, out *DayPlan) {
	t.Helper()
	maxRide := time.Duration(run.shuttle.MaxRideMinutes) * time.Minute
	back := run.start.Add(time.Duration(run.shuttle.DwellMinutes) * time.Minute)
	service := make(map[string]time.Duration)
	for _, r := range run.reqs {
		service[r.ID] = r.Service
	}
	for _, rt := range out.Routes {
		if len(rt.Stops) == 0 {
			continue
		}
		starts, firstShop := 0, -1
		picked := map[string]time.Time{}
		for i, s := range rt.Stops {
			leg := run.legs[s.RequestID]
			switch {
			case s.Kind == solver.StopStart:
				starts++
			case s.Kind == solver.StopPickup && leg == "outbound":
				if firstShop >= 0 {
					t.Errorf("%s: collects %s after a drop-off at the shop", rt.DriverID, s.RequestID)
				}
			case s.Kind == solver.StopDropoff && leg == "outbound":
				if firstShop < 0 {
					firstShop = i
				}
				if s.Point != run.shop || s.Time.After(run.start.Add(slack)) {
					t.Errorf("%s: %s at the shop at %v (%v), due by %v", rt.DriverID, s.RequestID, s.Time, s.Point, run.start)
				}
			case s.Kind == solver.StopPickup && leg == "return":
				if s.Point != run.shop || s.Time.Before(back.Add(-slack)) {
					t.Errorf("%s: %s collected for home at %v (%v), shopping ends at %v", rt.DriverID, s.RequestID, s.Time, s.Point, back)
				}
			}
			switch s.Kind {
			case solver.StopPickup:
				picked[s.RequestID] = s.Time
			case solver.StopDropoff:
				if ride := s.Time.Sub(picked[s.RequestID].Add(service[s.RequestID])); ride > maxRide+slack {
					t.Errorf("%s: %s rides %v, more than %v", rt.DriverID, s.RequestID, ride, maxRide)
				}
			}
		}
		if starts != 1 {
			t.Errorf("%s: %d tours, want one", rt.DriverID, starts)
		}
	}
}

// TestShuttleRunLegsAsRequests checks the requests a shopping run gives the
// planner: at the shop by the start and at most dispatch.DefaultShuttleEarly before,
// home collected at the shop from the end of the shopping time.
func TestShuttleRunLegsAsRequests(t *testing.T) {
	t.Parallel()
	run := newShoppingRun(t, 2, nil)
	if len(run.reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(run.reqs))
	}
	out, back := run.reqs[0], run.reqs[1]
	if out.ID != "s0/outbound" || !out.DropoffWindow.To.Equal(at(9, 0)) ||
		!out.DropoffWindow.From.Equal(at(9, 0).Add(-dispatch.DefaultShuttleEarly)) || out.MaxRide != 45*time.Minute || out.Dropoff != run.shop {
		t.Errorf("outbound %+v", out)
	}
	if back.ID != "s0/return" || !back.PickupWindow.From.Equal(at(10, 0)) || back.Pickup != run.shop || back.Dropoff != out.Pickup {
		t.Errorf("return %+v", back)
	}
}

func TestShuttleRuns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		riders  int
		seats   int
		drivers int // drivers that must be used
	}{
		{"one collection tour", 3, 4, 1},
		{"split over two vehicles", 5, 3, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			run := newShoppingRun(t, tc.riders, []string{"a", "b"})
			in := PlanInput{Requests: run.reqs, Drivers: []PlanDriver{
				planDriver("a", tc.seats, at(7, 0), at(12, 0)), planDriver("b", tc.seats, at(7, 0), at(12, 0)),
				planDriver("other", 8, at(7, 0), at(12, 0))}}
			pl := &Planner{Iterations: 300, Weights: solver.Weights{Unassigned: 1e6, Time: 1}}
			out, err := pl.Plan(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, in, out) // includes the maximum ride time of every senior
			run.check(t, out)
			if len(out.Unassigned) > 0 {
				t.Fatalf("unassigned: %+v", out.Unassigned)
			}
			used := 0
			for _, r := range out.Routes {
				if r.DriverID == "other" && len(r.Stops) > 0 {
					t.Error("a driver outside the pool drives the run")
				}
				if len(r.Stops) > 0 {
					used++
				}
			}
			if used != tc.drivers {
				t.Errorf("%d drivers used, want %d", used, tc.drivers)
			}
		})
	}
}

// TestShuttlePoolAbsentToday plans rides to the shop whose allowed drivers
// (a pool) are nobody here today: they come back unassigned with
// ReasonNoDriver, even though another driver is free, while a ride whose pool
// has one driver here is served by that driver.
func TestShuttlePoolAbsentToday(t *testing.T) {
	t.Parallel()
	gone := trip("gone", near(3, 2), near(0.5, 0.5), at(9, 0))
	gone.Allowed = []string{"x", "y"}
	kept := trip("kept", near(4, 1), near(0.5, 0.5), at(9, 0))
	kept.Allowed = []string{"x", "a"}
	in := PlanInput{Requests: []PlanRequest{gone, kept}, Drivers: []PlanDriver{
		planDriver("a", 3, at(7, 0), at(12, 0)), planDriver("other", 8, at(7, 0), at(12, 0))}}
	out, err := (&Planner{Iterations: 100, Weights: solver.Weights{Unassigned: 1e6, Time: 1}}).Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, in, out)
	if len(out.Unassigned) != 1 || out.Unassigned[0].RequestID != "gone" || out.Unassigned[0].Reason != solver.ReasonNoDriver {
		t.Errorf("unassigned %+v, want only gone with %q", out.Unassigned, solver.ReasonNoDriver)
	}
	if d := driverOf(out, "kept"); d != "a" {
		t.Errorf("kept is driven by %q, want a", d)
	}
}
