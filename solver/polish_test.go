package solver

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomProblem is a Cordeau-like day: n tasks between random points of a
// 20×20 square, travel time and distance Euclidean, windows of 30 minutes
// at one end, a ride limit of 60 and ns cars of four seats from the centre.
func randomProblem(seed uint64, n, ns int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	nl := 2*n + 1
	xs, ys := make([]float64, nl), make([]float64, nl)
	for k := 1; k < nl; k++ {
		xs[k], ys[k] = 20*rng.Float64()-10, 20*rng.Float64()-10
	}
	p := &Problem{Locations: nl, Time: make([]float64, nl*nl), Dist: make([]float64, nl*nl),
		Weights: Weights{Distance: 1, Unassigned: 1e6}}
	for a := range nl {
		for b := range nl {
			p.Time[a*nl+b] = math.Hypot(xs[a]-xs[b], ys[a]-ys[b])
			p.Dist[a*nl+b] = p.Time[a*nl+b]
		}
	}
	for i := range n {
		pick := Visit{Location: 2*i + 1, Close: 600, Service: 3}
		drop := Visit{Location: 2*i + 2, Close: 600, Service: 3}
		at := 60 + 420*rng.Float64()
		if i%2 == 0 {
			pick.Open, pick.Close = at, at+30
		} else {
			drop.Open, drop.Close = at, at+30
		}
		p.Tasks = append(p.Tasks, Task{Pickup: pick, Dropoff: drop, Load: 1, MaxRide: 60})
	}
	for d := range ns {
		p.Shifts = append(p.Shifts, Shift{Driver: d, Start: Visit{Close: 600}, End: Visit{Close: 600}, Capacity: 4})
		p.Drivers = append(p.Drivers, DriverLoad{})
	}
	return p
}

// TestPolishChangedMissesNoMove checks the premise of polishChanged: after
// a removal and repair of a polished state, marking only the routes the
// repair changed finds every improving move a full polish would find, so
// that a full polish afterwards changes nothing.
func TestPolishChangedMissesNoMove(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		c := newCore(randomProblem(seed, 40, 5))
		w := newScratch(c)
		c.classify(w)
		sr := newSearch(c, SolveOptions{Seed: seed, Iterations: 1})
		cur, work, check := sr.construct(), newState(c), newState(c)
		sr.polish(cur)
		for it := range 60 {
			work.copyFrom(cur)
			sr.destroy(work, removeShaw, 6)
			sr.rp.run(work, sr.unassigned(work), 2)
			sr.polishChanged(work, cur)
			checkState(t, c, work)
			check.copyFrom(work)
			sr.polish(check)
			if got, want := c.objective(check), c.objective(work); got < want-1e-9 {
				t.Fatalf("seed %d, iteration %d: a full polish still improved %.3f to %.3f", seed, it, want, got)
			}
			if c.objective(work) <= c.objective(cur)+1e-9 {
				cur, work = work, cur
			}
		}
	}
}

// checkState fails unless every route of st is feasible and where and
// extra agree with the routes.
func checkState(t *testing.T, c *core, st *state) {
	t.Helper()
	w := newScratch(c)
	extra := make([]int32, len(st.extra))
	for s := range st.routes {
		r := &st.routes[s]
		b := make([]float64, len(r.nodes))
		if !c.schedule(r.nodes, s, b, w.pickPos) {
			t.Fatalf("route %d is infeasible: %v", s, r.nodes)
		}
		for _, v := range r.nodes {
			if int(v) < c.n {
				if st.where[v] != int32(s) {
					t.Fatalf("task %d is on route %d but where says %d", v, s, st.where[v])
				}
				extra[c.p.Shifts[s].Driver]++
			}
		}
	}
	if !slices.Equal(extra, st.extra) {
		t.Fatalf("rides per driver %v, the routes say %v", st.extra, extra)
	}
}
