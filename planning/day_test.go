package planning

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/solver"
)

func TestPlanSyntheticDayIsFeasible(t *testing.T) {
	t.Parallel()
	in := SyntheticDay(1, 120, 12)
	out := plan(t, in)
	if len(out.Unassigned) > len(in.Requests)/4 {
		t.Errorf("%d of %d unassigned", len(out.Unassigned), len(in.Requests))
	}
	for _, u := range out.Unassigned {
		if u.Reason == "" {
			t.Errorf("%s unassigned without a reason", u.RequestID)
		}
	}
}

func TestPlanIsDeterministicForASeed(t *testing.T) {
	t.Parallel()
	in := SyntheticDay(2, 80, 8)
	pl := &Planner{Iterations: 200, Seed: 42, TimeLimit: time.Minute}
	first, err := pl.Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	second, err := pl.Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Error("two runs with the same seed differ")
	}
}

// TestPlanKeepsConfirmed confirms a plan's assignments of half the drivers
// and re-plans with another seed: every confirmed request must stay with its
// driver (the first plan proves that this is feasible).
func TestPlanKeepsConfirmed(t *testing.T) {
	t.Parallel()
	in := SyntheticDay(3, 100, 10)
	first := plan(t, in)
	confirmed := make(map[string]string)
	for k, rt := range first.Routes {
		if k%2 == 1 {
			continue
		}
		for _, s := range rt.Stops {
			if s.Kind == solver.StopPickup {
				confirmed[s.RequestID] = rt.DriverID
			}
		}
	}
	if len(confirmed) == 0 {
		t.Fatal("the first plan assigned nothing")
	}
	for i := range in.Requests {
		in.Requests[i].Driver = confirmed[in.Requests[i].ID]
	}
	for _, seed := range []uint64{5, 6, 7} {
		pl := &Planner{Iterations: 300, Seed: seed}
		second, err := pl.Plan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, in, second)
		for id, want := range confirmed {
			if got := driverOf(second, id); got != want {
				t.Errorf("seed %d: confirmed %s moved from %s to %q (%s)", seed, id, want, got, reasons(second)[id])
			}
		}
	}
}

// TestSplitPlanIsSoundAndRepeatable plans a day big enough for the
// workers to split it (500 requests, 50 drivers, over 60 shifts) on two
// workers with an iteration limit, twice: every plan must pass the
// independent check, and the same seed must give the same plan.
func TestSplitPlanIsSoundAndRepeatable(t *testing.T) {
	t.Parallel()
	in := SyntheticDay(11, 500, 50)
	var costs []float64
	for range 2 {
		out, err := (&Planner{Iterations: 150, Seed: 4, Workers: 2}).Plan(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, in, out)
		costs = append(costs, out.Cost)
	}
	if costs[0] != costs[1] {
		t.Errorf("the same seed planned %.3f and %.3f", costs[0], costs[1])
	}
}

func TestPlanHonoursContext(t *testing.T) {
	t.Parallel()
	in := SyntheticDay(4, 60, 6)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	pl := &Planner{TimeLimit: time.Hour}
	out, err := pl.Plan(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, in, out)
}

func TestPlanRejectsInvalidInput(t *testing.T) {
	t.Parallel()
	in := PlanInput{
		Drivers:  []PlanDriver{{ID: "a", Seats: -1, Availability: []dispatch.Span{{From: at(8, 0)}}}},
		Requests: []PlanRequest{{ID: "x", PickupWindow: dispatch.Span{From: at(10, 0), To: at(9, 0)}}, {ID: "x"}},
	}
	_, err := (&Planner{}).Plan(context.Background(), in)
	if dispatch.ErrorCode(err) != dispatch.CodeInvalid {
		t.Fatalf("error %v, want invalid", err)
	}
	if n := len(err.(*dispatch.Error).Fields); n != 4 {
		t.Errorf("%d field errors, want 4: %v", n, err)
	}
}

// BenchmarkPlanDay1000 plans a day of 1,000 requests for 100 drivers: the
// construction alone, and the full default run (DefaultTimeLimit, to be
// kept under 10 s). How good the default run's plan is, against a longer
// run of the same day over several seeds, fahrdienst darp days measures.
func BenchmarkPlanDay1000(b *testing.B) { benchDay(b, 1000, 100) }

// BenchmarkPlanDay300 plans a county service's day, 300 requests for 30
// drivers, as BenchmarkPlanDay1000 does, and the quick pass that slots a
// new booking into the plan (quickLimit).
func BenchmarkPlanDay300(b *testing.B) { benchDay(b, 300, 30) }

func benchDay(b *testing.B, requests, drivers int) {
	in := SyntheticDay(BenchDaySeed, requests, drivers)
	runs := []struct {
		name string
		pl   Planner
	}{
		{"construction", Planner{TimeLimit: time.Nanosecond}},
		{"quick", Planner{TimeLimit: quickSearch}},
		{"default", Planner{}},
	}
	for _, bc := range runs {
		b.Run(bc.name, func(b *testing.B) {
			var out *DayPlan
			for b.Loop() {
				var err error
				if out, err = bc.pl.Plan(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(out.Unassigned)), "unassigned")
			b.ReportMetric(out.DrivingTime.Hours(), "driving-h")
			b.ReportMetric(out.Cost, "cost")
		})
	}
}
