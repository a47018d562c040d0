package cordeau

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/solver"
)

// cordeau holds the few Cordeau instances the tests solve, copied from
// shared/darp/cordeau so that the independent check never skips.
const cordeau = "testdata"

func load(t *testing.T, name string) *Instance {
	t.Helper()
	in, err := ReadFile(filepath.Join(cordeau, name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestSolutionsPassTheIndependentCheck(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"a2-16", "a2-20", "a3-24", "b2-16", "b3-18", "b4-24"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := load(t, name)
			res, err := Solve(context.Background(), in, solver.SolveOptions{Seed: 1, TimeLimit: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			cost, err := Check(in, res.Routes)
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			if diff := cost - res.Cost; diff > 1e-6 || diff < -1e-6 {
				t.Errorf("reported cost %v, recomputed %v", res.Cost, cost)
			}
			if len(res.Routes) != in.Vehicles {
				t.Errorf("%d routes for %d vehicles", len(res.Routes), in.Vehicles)
			}
		})
	}
}

func TestCheckRejectsBrokenSolutions(t *testing.T) {
	t.Parallel()
	in := load(t, "a2-16")
	res, err := Solve(context.Background(), in, solver.SolveOptions{Seed: 1, Iterations: 50})
	if err != nil {
		t.Fatal(err)
	}
	n := in.Requests
	busy := 0 // a route with a pickup and its drop-off later on it
	for k, r := range res.Routes {
		if len(r.Stops) > len(res.Routes[busy].Stops) {
			busy = k
		}
	}
	// Each entry breaks the routes or makes the instance stricter; the
	// checker must then find the named violation.
	same := func(f func(rs []Route)) func(*Instance, []Route) *Instance {
		return func(in *Instance, rs []Route) *Instance { f(rs); return in }
	}
	tests := []struct {
		name    string
		breakIt func(in *Instance, rs []Route) *Instance
		want    string
	}{
		{"late service", same(func(rs []Route) { rs[busy].Stops[1].Time = in.Nodes[rs[busy].Stops[1].Node].Close + 1 }), "outside"},
		{"too early after travel", same(func(rs []Route) { rs[busy].Stops[2].Time = rs[busy].Stops[1].Time }), "before arrival"},
		{"missing node", same(func(rs []Route) {
			st := rs[busy].Stops
			rs[busy].Stops = append(st[:1:1], st[2:]...)
		}), "served 0 times"},
		{"does not end at the depot", same(func(rs []Route) { rs[busy].Stops = rs[busy].Stops[:len(rs[busy].Stops)-1] }), "end at node"},
		{"drop-off before pickup", same(func(rs []Route) {
			st := rs[busy].Stops
			for k := range st {
				for j := k + 1; j < len(st) && st[k].Node >= 1 && st[k].Node <= n; j++ {
					if st[j].Node == st[k].Node+n {
						st[k], st[j] = st[j], st[k]
						return
					}
				}
			}
		}), "without its pickup"},
		{"two vehicles on one route", same(func(rs []Route) { rs[1].Vehicle = rs[0].Vehicle }), "used twice"},
		{"ride too long", func(in *Instance, _ []Route) *Instance { c := *in; c.MaxRide = 0; return &c }, "rides"},
		{"route too long", func(in *Instance, _ []Route) *Instance { c := *in; c.MaxDuration = 1; return &c }, "duration"},
		{"over capacity", func(in *Instance, _ []Route) *Instance { c := *in; c.Capacity = 0; return &c }, "load"},
		{"NaN times", same(func(rs []Route) { setTimes(rs, math.NaN()) }), "not a finite number"},
		{"infinite times", same(func(rs []Route) { setTimes(rs, math.Inf(1)) }), "not a finite number"},
		{"one NaN time", same(func(rs []Route) { rs[busy].Stops[1].Time = math.NaN() }), "not a finite number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			routes := copyRoutes(res.Routes)
			_, err := Check(tc.breakIt(in, routes), routes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// setTimes sets every stop's time to v.
func setTimes(rs []Route, v float64) {
	for _, r := range rs {
		for k := range r.Stops {
			r.Stops[k].Time = v
		}
	}
}

// TestCheckLimitsAreTight sets each limit of the instance to exactly what a
// solved instance's routes need, where the checker must accept them, and a
// little below, where it must reject them; breaking a window or the travel
// time by less than a stretched-limits test would notice must be caught too.
// A checker with loose limits (a missing lower window bound, arrival without
// the previous stop's service, twice the ride or route limit, one seat more)
// passes the extreme cases of TestCheckRejectsBrokenSolutions but not these.
func TestCheckLimitsAreTight(t *testing.T) {
	t.Parallel()
	in := load(t, "a2-16")
	res, err := Solve(context.Background(), in, solver.SolveOptions{Seed: 1, Iterations: 50})
	if err != nil {
		t.Fatal(err)
	}
	ride, duration, seats := demands(in, res.Routes)
	if ride <= 0 || duration <= 0 || seats <= 0 {
		t.Fatalf("degenerate solution: ride %v, duration %v, load %d", ride, duration, seats)
	}
	limits := []struct {
		name string
		set  func(c *Instance, tight bool)
		want string
	}{
		{"max ride", func(c *Instance, tight bool) {
			c.MaxRide = ride
			if tight {
				c.MaxRide -= 1e-3
			}
		}, "rides"},
		{"max duration", func(c *Instance, tight bool) {
			c.MaxDuration = duration
			if tight {
				c.MaxDuration -= 1e-3
			}
		}, "duration"},
		{"capacity", func(c *Instance, tight bool) {
			c.Capacity = seats
			if tight {
				c.Capacity--
			}
		}, "load"},
	}
	for _, l := range limits {
		t.Run(l.name, func(t *testing.T) {
			c := *in
			l.set(&c, false)
			if _, err := Check(&c, res.Routes); err != nil {
				t.Errorf("limit exactly as used: %v", err)
			}
			l.set(&c, true)
			if _, err := Check(&c, res.Routes); err == nil || !strings.Contains(err.Error(), l.want) {
				t.Errorf("limit just below the use: error %v, want one mentioning %q", err, l.want)
			}
		})
	}

	t.Run("before the window opens", func(t *testing.T) {
		rs := copyRoutes(res.Routes)
		for _, r := range rs {
			for k := 1; k < len(r.Stops)-1; k++ {
				node := r.Stops[k].Node
				if open := in.Nodes[node].Open; open > 0 {
					r.Stops[k].Time = open - 1
					_, err := Check(in, rs)
					want := fmt.Sprintf("node %d served at %.6f outside", node, open-1)
					if err == nil || !strings.Contains(err.Error(), want) {
						t.Fatalf("error %v, want one mentioning %q", err, want)
					}
					return
				}
			}
		}
		t.Fatal("no served node with a window opening after 0")
	})

	t.Run("previous service ignored", func(t *testing.T) {
		rs := copyRoutes(res.Routes)
		for _, r := range rs {
			for k := 2; k < len(r.Stops); k++ {
				prev, cur := r.Stops[k-1], r.Stops[k].Node
				if in.Nodes[prev.Node].Service <= 0 {
					continue
				}
				a, b := in.Nodes[prev.Node], in.Nodes[cur]
				r.Stops[k].Time = prev.Time + math.Hypot(a.X-b.X, a.Y-b.Y)
				_, err := Check(in, rs)
				want := fmt.Sprintf("node %d served at %.6f before arrival", cur, r.Stops[k].Time)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("error %v, want one mentioning %q", err, want)
				}
				return
			}
		}
		t.Fatal("no stop after one with a service time")
	})
}

// demands is what routes need of the instance's limits as the README defines
// them: the longest ride (drop-off start minus the end of pickup service),
// the longest route (end depot minus start depot) and the most on board.
func demands(in *Instance, rs []Route) (ride, duration float64, seats int) {
	n := in.Requests
	for _, r := range rs {
		picked := make(map[int]float64)
		load := 0
		for _, s := range r.Stops {
			node := in.Nodes[s.Node]
			switch {
			case s.Node >= 1 && s.Node <= n:
				picked[s.Node] = s.Time + node.Service
			case s.Node > n && s.Node <= 2*n:
				ride = math.Max(ride, s.Time-picked[s.Node-n])
			}
			load += node.Load
			seats = max(seats, load)
		}
		duration = math.Max(duration, r.Stops[len(r.Stops)-1].Time-r.Stops[0].Time)
	}
	return ride, duration, seats
}

func copyRoutes(rs []Route) []Route {
	out := make([]Route, len(rs))
	for i, r := range rs {
		out[i] = Route{Vehicle: r.Vehicle, Stops: append([]Stop(nil), r.Stops...)}
	}
	return out
}

func TestReadRejectsMalformedInput(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "2 1 480 3", "1 1 480 3 30\n0 0 0 0 0 0 480\n", "1 1 480 3 30\n0 0 0 0 0 0 480\n2 1 1 3 1 0 1440\n1 1 1 3 -1 0 1440\n3 0 0 0 0 0 480\n"} {
		if _, err := Read(strings.NewReader(text)); err == nil {
			t.Errorf("%q was accepted", text)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("1 1 480 3 30\n0 0 0 0 0 0 480\n1 1 1 3 1 0 1440\n2 2 2 3 -1 0 1440\n3 0 0 0 0 0 480\n")
	f.Fuzz(func(t *testing.T, text string) {
		in, err := Read(strings.NewReader(text))
		if err != nil {
			return
		}
		if len(in.Nodes) != 2*in.Requests+2 {
			t.Fatalf("%d nodes for %d requests", len(in.Nodes), in.Requests)
		}
	})
}

// TestSolveIsDeterministicWithPartitioning runs long enough for the set
// partitioning step over the route pool to run several times, and checks
// that a seed and an iteration limit still fix the result.
func TestSolveIsDeterministicWithPartitioning(t *testing.T) {
	t.Parallel()
	in := load(t, "b4-32")
	opt := solver.SolveOptions{Seed: 7, Iterations: 3500}
	a, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Cost != b.Cost {
		t.Fatalf("costs %v and %v for the same seed", a.Cost, b.Cost)
	}
	if _, err := Check(in, a.Routes); err != nil {
		t.Fatal(err)
	}
}

// TestSolveWorkersKeepTheFirstSearch runs two searches at once: the first
// is the one-worker search itself, so the winner can only be as cheap or
// cheaper, the result must pass the check, and a seed and an iteration
// limit must still fix it (run it with -race: the searches share the
// problem's read-only data).
func TestSolveWorkersKeepTheFirstSearch(t *testing.T) {
	t.Parallel()
	in := load(t, "b4-24")
	one, err := Solve(context.Background(), in, solver.SolveOptions{Seed: 3, Iterations: 600})
	if err != nil {
		t.Fatal(err)
	}
	opt := solver.SolveOptions{Seed: 3, Iterations: 600, Workers: 2}
	two, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if two.Cost > one.Cost {
		t.Errorf("two workers: %v, dearer than the first worker alone: %v", two.Cost, one.Cost)
	}
	if two.Cost != again.Cost || two.Iterations != 1200 {
		t.Errorf("two runs with the same seed: %v and %v, %d iterations (want 1200)", two.Cost, again.Cost, two.Iterations)
	}
	if _, err := Check(in, two.Routes); err != nil {
		t.Fatal(err)
	}
}
