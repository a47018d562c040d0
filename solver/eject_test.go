package solver

import (
	"math"
	"testing"
)

// ejectionProblem has two cars at a depot at 0 with one seat each and two
// rides from 10 to 20, both to be picked up by 15, so one car serves only
// one of them. Ride 0 may only go with driver 0; with onlyZero, ride 1 too.
func ejectionProblem(onlyZero bool) *Problem {
	xs := []float64{0, 10, 20}
	p := &Problem{Locations: 3, Time: make([]float64, 9), Dist: make([]float64, 9),
		Weights: Weights{Unassigned: 1e6, Time: 1}, Drivers: []DriverLoad{{}, {}}}
	for a := range xs {
		for b := range xs {
			p.Time[a*3+b] = math.Abs(xs[a] - xs[b])
			p.Dist[a*3+b] = p.Time[a*3+b]
		}
	}
	day := Visit{Close: 1000}
	p.Shifts = []Shift{{Driver: 0, Start: day, End: day, Capacity: 1}, {Driver: 1, Start: day, End: day, Capacity: 1}}
	ride := Task{Load: 1, Pickup: Visit{Location: 1, Close: 15}, Dropoff: Visit{Location: 2, Close: 1000}}
	zero, other := ride, ride
	zero.Allowed = []int{0}
	if onlyZero {
		other.Allowed = []int{0}
	}
	p.Tasks = []Task{zero, other}
	return p
}

// TestEjectAllServesByMovingAnother: ride 1 holds the only car ride 0 may
// use; the ejection moves it to the other car and serves ride 0. When ride
// 1 may not move either, nothing changes.
func TestEjectAllServesByMovingAnother(t *testing.T) {
	for _, onlyZero := range []bool{false, true} {
		c := newCore(ejectionProblem(onlyZero))
		sr := newSearch(c, SolveOptions{})
		c.classify(sr.w)
		st := newState(c)
		c.place(st, 1, 0, c.bestSlot(&st.routes[0], 0, 1, sr.w), sr.w)
		if sl := c.bestSlot(&st.routes[0], 0, 0, sr.w); !math.IsInf(sl.cost, 1) {
			t.Fatalf("ride 0 fits next to ride 1 at %+v: the test proves nothing", sl)
		}
		served := sr.ejectAll(st)
		want := [2]int32{0, 1}
		if onlyZero {
			want = [2]int32{-1, 0}
		}
		if served != !onlyZero || [2]int32(st.where) != want {
			t.Errorf("only driver 0 for both %v: served %v, rides on shifts %v, want %v", onlyZero, served, st.where, want)
		}
		for s := range st.routes {
			if r := &st.routes[s]; !r.sched {
				t.Errorf("route %d infeasible: %v", s, r.nodes)
			}
		}
	}
}
