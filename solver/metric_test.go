package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// randomDay is a day of tasks between distinct random places in a square
// of 40 minutes' drive, with Euclidean travel times (a metric), and more
// places than the solver checks for the triangle inequality itself.
func randomDay(seed uint64, tasks, shifts int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	const minute = 60.0
	p := randomPlaces(rng, 2*tasks+shifts, 40*minute)
	p.Weights = Weights{Unassigned: 1e6, Time: 1}
	day := 10 * 60 * minute
	for k := range tasks {
		due := 60*minute + rng.Float64()*(day-120*minute)
		p.Tasks = append(p.Tasks, Task{
			Pickup:  Visit{Location: 2 * k, Open: 0, Close: day, Service: 2 * minute},
			Dropoff: Visit{Location: 2*k + 1, Open: due - 20*minute, Close: due, Service: 2 * minute},
			Load:    1, MaxRide: 45 * minute})
	}
	for s := range shifts {
		p.Drivers = append(p.Drivers, DriverLoad{})
		home := Visit{Location: 2*tasks + s, Open: 0, Close: day}
		p.Shifts = append(p.Shifts, Shift{Driver: s, Capacity: 3, Start: home, End: home, MaxDuration: 8 * 60 * minute})
	}
	return p
}

// randomPlaces is a problem of n places at random in a square of side
// seconds' drive, with Euclidean travel times and distances.
func randomPlaces(rng *rand.Rand, n int, side float64) *Problem {
	p := &Problem{Locations: n}
	pts := make([][2]float64, n)
	for i := range pts {
		pts[i] = [2]float64{side * rng.Float64(), side * rng.Float64()}
	}
	for _, a := range pts {
		for _, b := range pts {
			d := math.Hypot(a[0]-b[0], a[1]-b[1])
			p.Time, p.Dist = append(p.Time, d), append(p.Dist, d)
		}
	}
	return p
}

// TestDeclaredMetricChangesOnlySpeed solves a metric day too big for the
// solver's own triangle check twice with the same seed and iterations:
// declared metric, it skips the insertion tests only a metric rules out,
// and must find exactly the plan it finds without the declaration.
func TestDeclaredMetricChangesOnlySpeed(t *testing.T) {
	t.Parallel()
	opt := SolveOptions{Seed: 3, Iterations: 40}
	p := randomDay(1, 220, 12)
	plain, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	p.Metric = true
	declared, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Cost != declared.Cost || !reflect.DeepEqual(plain.Routes, declared.Routes) {
		t.Errorf("declared metric: cost %.3f, without: %.3f; the routes differ", declared.Cost, plain.Cost)
	}
}

// TestWrongMetricKeepsPlansFeasible declares travel times metric that are
// not (a fifth of the direct trips take 2.5 times as long, so that a
// detour is shorter): the solver may then miss insertions, but every plan
// it returns must keep every travel time, window, ride time and duty
// limit of the times it was given.
func TestWrongMetricKeepsPlansFeasible(t *testing.T) {
	t.Parallel()
	p := randomDay(2, 220, 12)
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range p.Time {
		if rng.IntN(5) == 0 {
			p.Time[i] *= 2.5
		}
	}
	p.Metric = true
	sol, err := Solve(context.Background(), p, SolveOptions{Seed: 5, Iterations: 40})
	if err != nil {
		t.Fatal(err)
	}
	served := 0
	for _, r := range sol.Routes {
		served += checkRoute(t, p, r)
	}
	if served < len(p.Tasks)/2 {
		t.Errorf("served %d of %d tasks", served, len(p.Tasks))
	}
}

// checkRoute checks one route's times against p independently of the
// solver and returns the tasks it serves.
func checkRoute(t *testing.T, p *Problem, r RoutePlan) int {
	t.Helper()
	sh := p.Shifts[r.Shift]
	visit := func(s StopPlan) Visit {
		switch s.Kind {
		case StopPickup:
			return p.Tasks[s.Task].Pickup
		case StopDropoff:
			return p.Tasks[s.Task].Dropoff
		case StopStart:
			return sh.Start
		}
		return sh.End
	}
	picked := map[int]float64{}
	for k, s := range r.Stops {
		v := visit(s)
		if s.Time < v.Open-1e-6 || s.Time > v.Close+1e-6 {
			t.Errorf("shift %d: %s of task %d at %.1f outside [%.1f, %.1f]", r.Shift, s.Kind, s.Task, s.Time, v.Open, v.Close)
		}
		if k > 0 {
			u := visit(r.Stops[k-1])
			if s.Time < r.Stops[k-1].Time+u.Service+p.Time[u.Location*p.Locations+v.Location]-1e-6 {
				t.Errorf("shift %d: %s of task %d at %.1f before the car can be there", r.Shift, s.Kind, s.Task, s.Time)
			}
		}
		switch s.Kind {
		case StopPickup:
			picked[s.Task] = s.Time + v.Service
			if len(picked) > sh.Capacity {
				t.Errorf("shift %d: more riders than seats", r.Shift)
			}
		case StopDropoff:
			if ride := s.Time - picked[s.Task]; ride > p.Tasks[s.Task].MaxRide+1e-6 {
				t.Errorf("shift %d: task %d rides %.1f, longer than %.1f", r.Shift, s.Task, ride, p.Tasks[s.Task].MaxRide)
			}
			delete(picked, s.Task)
		}
	}
	if d := r.Stops[len(r.Stops)-1].Time - r.Stops[0].Time; len(r.Stops) > 2 && d > sh.MaxDuration+1e-6 {
		t.Errorf("shift %d: duty of %.1f, longer than %.1f", r.Shift, d, sh.MaxDuration)
	}
	return (len(r.Stops) - 2) / 2
}

// TestCostsMetricFromTheirOwnCheck checks the triangle checks of newCore:
// costs that are the travel times take the times' answer, other costs are
// checked themselves, and a fairness objective never asks. Breaking one
// triangle of the distances only must leave the times metric and the
// costs that weigh distance not.
func TestCostsMetricFromTheirOwnCheck(t *testing.T) {
	t.Parallel()
	breakTriangle := func(m []float64, nl int) {
		m[0*nl+1], m[1*nl+0] = 100*m[0*nl+1], 100*m[1*nl+0]
	}
	for _, tc := range []struct {
		name                 string
		weights              Weights
		breakTime, breakDist bool
		metric, costMetric   bool
	}{
		{"shared, metric", Weights{Time: 1}, false, false, true, true},
		{"shared, broken", Weights{Time: 1}, true, true, false, false},
		{"distance broken, costs are times", Weights{Time: 1}, false, true, true, true},
		{"distance broken, costs weigh it", Weights{Time: 1, Distance: 1}, false, true, true, false},
		{"both metric, costs weigh both", Weights{Time: 1, Distance: 1}, false, false, true, true},
		{"fairness", Weights{Time: 1, Fairness: 300}, false, false, true, false},
	} {
		p := randomDay(1, 5, 2)
		if tc.breakTime {
			breakTriangle(p.Time, p.Locations)
		}
		if tc.breakDist {
			breakTriangle(p.Dist, p.Locations)
		}
		p.Weights = tc.weights
		p.Weights.Unassigned = 1e6
		c := newCore(p)
		if c.metric != tc.metric || c.costMetric != tc.costMetric {
			t.Errorf("%s: metric %v, cost metric %v; want %v, %v", tc.name, c.metric, c.costMetric, tc.metric, tc.costMetric)
		}
	}
}
