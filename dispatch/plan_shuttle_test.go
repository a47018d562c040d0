package dispatch

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func shuttle(riders int) ShuttleRun {
	run := ShuttleRun{ID: "thu", Shop: near(0.5, 0.5), Arrive: at(9, 0), Dwell: time.Hour,
		Service: 2 * time.Minute, DriverPool: []string{"a", "b"}}
	for k := 0; k < riders; k++ {
		run.Riders = append(run.Riders, ShuttleRider{ID: fmt.Sprintf("s%d", k), Home: near(3+float64(k), 2-float64(k%3))})
	}
	return run
}

func TestShuttleRequests(t *testing.T) {
	t.Parallel()
	reqs := shuttle(2).Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	out, back := reqs[0], reqs[1]
	if out.ID != "thu/s0/out" || !out.DropoffWindow.To.Equal(at(9, 0)) || out.MaxRide != DefaultShuttleMaxRide {
		t.Errorf("outbound %+v", out)
	}
	if back.ID != "thu/s0/back" || !back.PickupWindow.From.Equal(at(10, 0)) || back.Pickup != out.Dropoff {
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
			run := shuttle(tc.riders)
			in := PlanInput{Requests: run.Requests(), Drivers: []PlanDriver{
				driver("a", tc.seats, at(7, 0), at(12, 0)), driver("b", tc.seats, at(7, 0), at(12, 0)),
				driver("other", 8, at(7, 0), at(12, 0))}}
			pl := &Planner{Iterations: 300, Weights: Weights{Unassigned: 1e6, Time: 1}}
			out, err := pl.Plan(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, in, out) // includes the maximum ride time of every senior
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

// TestShuttlePoolAbsentToday plans a shopping run whose driver pool has
// nobody today: its rides come back unassigned with ReasonNoDriver, even
// though another driver is free, while a ride whose pool has one driver here
// is served by that driver.
func TestShuttlePoolAbsentToday(t *testing.T) {
	t.Parallel()
	gone := trip("gone", near(3, 2), near(0.5, 0.5), at(9, 0))
	gone.Allowed = []string{"x", "y"}
	kept := trip("kept", near(4, 1), near(0.5, 0.5), at(9, 0))
	kept.Allowed = []string{"x", "a"}
	in := PlanInput{Requests: []PlanRequest{gone, kept}, Drivers: []PlanDriver{
		driver("a", 3, at(7, 0), at(12, 0)), driver("other", 8, at(7, 0), at(12, 0))}}
	out, err := (&Planner{Iterations: 100, Weights: Weights{Unassigned: 1e6, Time: 1}}).Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, in, out)
	if len(out.Unassigned) != 1 || out.Unassigned[0].RequestID != "gone" || out.Unassigned[0].Reason != ReasonNoDriver {
		t.Errorf("unassigned %+v, want only gone with %q", out.Unassigned, ReasonNoDriver)
	}
	if d := driverOf(out, "kept"); d != "a" {
		t.Errorf("kept is driven by %q, want a", d)
	}
}
