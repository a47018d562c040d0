package planning

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/fahrdienst/fahrdienst/solver"
)

// TestShoppingRunIsNotSplitForFairness plans a shopping run of 10 riders
// with the production weights (fairness on) for drivers with 3 and 5 seats.
// Two 5-seat cars carry everyone, so the run must use at most 2+1 = 3
// drivers in all; and a driver who takes riders to the shop also brings
// riders home, so that outbound and return are not torn apart.
func TestShoppingRunIsNotSplitForFairness(t *testing.T) {
	t.Parallel()
	run := newShoppingRun(t, 10, nil)
	seats := []int{5, 3, 5, 3, 3, 3}
	var drivers []PlanDriver
	for k, n := range seats {
		d := planDriver(fmt.Sprintf("d%d", k), n, at(7, 0), at(12, 0))
		d.Start, d.End = near(float64(k%3), float64(k/3)), near(float64(k%3), float64(k/3))
		d.RidesThisWeek = k % 3
		drivers = append(drivers, d)
	}
	in := PlanInput{Requests: run.reqs, Drivers: drivers}
	for seed := uint64(1); seed <= 3; seed++ {
		out, err := (&Planner{Iterations: 1000, Seed: seed}).Plan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, in, out)
		run.check(t, out)
		if len(out.Unassigned) > 0 {
			t.Fatalf("seed %d: unassigned %+v", seed, out.Unassigned)
		}
		out2, back := map[string]bool{}, map[string]bool{}
		for _, r := range in.Requests {
			if run.legs[r.ID] == "outbound" {
				out2[driverOf(out, r.ID)] = true
			} else {
				back[driverOf(out, r.ID)] = true
			}
		}
		if len(out2) > 3 || len(back) > 3 {
			t.Errorf("seed %d: %d drivers out and %d back, want at most 3 (2 needed + 1)", seed, len(out2), len(back))
		}
		for d := range out2 {
			if !back[d] {
				t.Errorf("seed %d: %s takes riders to the shop but none home", seed, d)
			}
		}
	}
}

// TestRidesSpreadOverTheWeek plans five days of four single rides each for
// four volunteers who live 0, 2, 4 and 6 km from the riders, counting each
// day's rides into RidesThisWeek as the service does. Driving time alone
// would give every ride to the nearest one; every volunteer must drive in
// the week, and nobody more than twice the fair share.
func TestRidesSpreadOverTheWeek(t *testing.T) {
	t.Parallel()
	drivers := make([]PlanDriver, 4)
	for k := range drivers {
		drivers[k] = planDriver(fmt.Sprintf("v%d", k), 3, at(7, 0), at(17, 0))
		drivers[k].Start, drivers[k].End = near(-2*float64(k), 0), near(-2*float64(k), 0)
	}
	total := 0
	for day := 0; day < 5; day++ {
		var in PlanInput
		for k := 0; k < 4; k++ {
			home, doctor := near(float64(day+k)/2, 3), near(float64(k), -4)
			in.Requests = append(in.Requests, trip(fmt.Sprintf("d%dr%d", day, k), home, doctor, at(8+2*k, 0)))
		}
		in.Drivers = slices.Clone(drivers)
		out, err := (&Planner{Iterations: 500, Seed: uint64(day)}).Plan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, in, out)
		for k, r := range out.Routes {
			for _, s := range r.Stops {
				if s.Kind == solver.StopPickup {
					drivers[k].RidesThisWeek++
					total++
				}
			}
		}
	}
	fair := total / len(drivers)
	for _, d := range drivers {
		if d.RidesThisWeek == 0 || d.RidesThisWeek > 2*fair {
			t.Errorf("%s drove %d of %d rides; want 1 to %d", d.ID, d.RidesThisWeek, total, 2*fair)
		}
	}
}
