package solver

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fairProblem is a small day under the production objective: places in a
// 20×20 square, drivers with one or two shifts (overlapping, unlike real
// ones), rides already this week, some with a weekly limit, and tasks with
// preferred drivers.
func fairProblem(seed uint64, tasks, drivers int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 3))
	nl := 2*tasks + drivers
	xs, ys := make([]float64, nl), make([]float64, nl)
	for k := range xs {
		xs[k], ys[k] = 20*rng.Float64(), 20*rng.Float64()
	}
	p := &Problem{Locations: nl, Time: make([]float64, nl*nl), Dist: make([]float64, nl*nl),
		Weights: Weights{Unassigned: 1e6, Time: 1, Fairness: 3, Preferred: 2}}
	for a := range xs {
		for b := range xs {
			p.Time[a*nl+b] = math.Hypot(xs[a]-xs[b], ys[a]-ys[b])
			p.Dist[a*nl+b] = p.Time[a*nl+b]
		}
	}
	for d := 0; d < drivers; d++ {
		home := Visit{Location: 2*tasks + d, Close: 200}
		p.Drivers = append(p.Drivers, DriverLoad{Rides: rng.IntN(5), MaxRides: rng.IntN(3) * 6})
		if d%2 == 0 {
			early, late := home, home
			// overlapping and from another place, so that a task may
			// move between a driver's shifts and gain by it
			early.Close, late.Open, late.Location = 130, 70, 2*tasks+d+1
			p.Shifts = append(p.Shifts, Shift{Driver: d, Start: early, End: early, Capacity: 3},
				Shift{Driver: d, Start: late, End: late, Capacity: 3})
			continue
		}
		p.Shifts = append(p.Shifts, Shift{Driver: d, Start: home, End: home, Capacity: 3})
	}
	for i := 0; i < tasks; i++ {
		at := 170 * rng.Float64()
		t := Task{Load: 1, MaxRide: 40,
			Pickup:  Visit{Location: 2 * i, Open: at, Close: at + 15},
			Dropoff: Visit{Location: 2*i + 1, Close: 200}}
		if rng.IntN(3) == 0 {
			t.Preferred = []int{rng.IntN(drivers)}
		}
		p.Tasks = append(p.Tasks, t)
	}
	return p
}

// bestRelocation is the cheapest objective reachable by moving task alone
// to the cheapest slot of any shift, its own included, by trying each.
func bestRelocation(c *core, st *state, task int, w *scratch) float64 {
	best := c.objective(st)
	tmp := newState(c)
	for s := 0; s < c.ns; s++ {
		tmp.copyFrom(st)
		d := c.p.Shifts[s].Driver
		if !c.compat[task*c.ns+s] || !c.unplace(tmp, task, w) || c.atLimit(d, tmp.extra[d]) {
			continue
		}
		if sl := c.bestSlot(&tmp.routes[s], s, task, w); !math.IsInf(sl.cost, 1) {
			c.place(tmp, task, s, sl, w)
			best = math.Min(best, c.objective(tmp))
		}
	}
	return best
}

// randomPlan places the tasks in random order, each on a random shift
// that can take it, so that many moves improve, among them ones that
// open and close tours.
func randomPlan(c *core, rng *rand.Rand, w *scratch) *state {
	st := newState(c)
	for _, task := range rng.Perm(c.n) {
		for _, s := range rng.Perm(c.ns) {
			d := c.p.Shifts[s].Driver
			if !c.compat[task*c.ns+s] || c.atLimit(d, st.extra[d]) {
				continue
			}
			if sl := c.bestSlot(&st.routes[s], s, task, w); !math.IsInf(sl.cost, 1) {
				c.place(st, task, s, sl, w)
				break
			}
		}
	}
	return st
}

// TestRelocateDeltaFindsTheBestMove checks the relocation's computed
// changes against the objective: on random plans, it must make a move
// exactly when one improves, and the best one.
func TestRelocateDeltaFindsTheBestMove(t *testing.T) {
	moves := 0
	for seed := uint64(1); seed <= 10; seed++ {
		c := newCore(fairProblem(seed, 24, 8))
		w := newScratch(c)
		c.classify(w)
		sr := newSearch(c, SolveOptions{Seed: seed})
		st := randomPlan(c, rand.New(rand.NewPCG(seed, 4)), w)
		dirty := sr.markAll(true)
		for task := 0; task < c.n; task++ {
			if st.where[task] < 0 {
				continue
			}
			before := c.objective(st)
			want := bestRelocation(c, st, task, w)
			moved := sr.relocateDelta(st, int32(task), dirty)
			got := c.objective(st)
			if moved != (want < before-1e-6) || math.Abs(got-want) > 1e-6 {
				t.Fatalf("seed %d task %d: moved %v to objective %.4f from %.4f, best single move %.4f",
					seed, task, moved, got, before, want)
			}
			if moved {
				moves++
			}
		}
	}
	if moves == 0 {
		t.Fatal("no relocation improved any random plan: the test proves nothing")
	}
	t.Logf("%d improving moves", moves)
}

// TestJoinedCostIsSeqCost backs the tail exchange's shortcut: the cost of
// a route made of one route's head and another's tail, computed from
// prefix costs, must be seqCost of that route, for every pair of cut
// points, the empty head and the empty tail included.
func TestJoinedCostIsSeqCost(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 5; seed++ {
		c := newCore(fairProblem(seed, 40, 6))
		c.classify(newScratch(c))
		sr := newSearch(c, SolveOptions{Seed: seed})
		st := sr.construct()
		for a := range st.routes {
			for b := range st.routes {
				x, y := st.routes[a].nodes, st.routes[b].nodes
				if a == b || len(x) == 2 || len(y) == 2 {
					continue
				}
				preX, preY := c.prefixCosts(nil, x), c.prefixCosts(nil, y)
				for i := 0; i < len(x)-1; i++ {
					for j := 0; j < len(y)-1; j++ {
						want := c.seqCost(joinTail(nil, x[:i+1], y[j+1:len(y)-1], x[len(x)-1]))
						if got := c.joinedCost(x, preX, i, y, preY, j); math.Abs(got-want) > 1e-9*(1+want) {
							t.Fatalf("seed %d, head of %d to %d, tail of %d from %d: %v, seqCost %v", seed, a, i, b, j, got, want)
						}
					}
				}
			}
		}
	}
}
