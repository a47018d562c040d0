package solver

import (
	"math"
	"slices"
	"testing"
)

// pairProblem is lineProblem with three interchangeable shifts and five
// tasks: 0 and 1 to the right of the depot, 2 and 3 to the left, 4 near it.
func pairProblem() *Problem {
	p := lineProblem(0, 10, 11, 10.5, 11.5, -10, -11, -10.5, -11.5, 1, 2)
	p.Drivers = []DriverLoad{{}, {}, {}}
	sh := p.Shifts[0]
	p.Shifts = nil
	for d := range 3 {
		sh.Driver = d
		p.Shifts = append(p.Shifts, sh)
	}
	return p
}

// routeOn sets shift s of st to serve tasks in that order, each dropped
// off right after its pickup.
func routeOn(c *core, st *state, s int, tasks ...int32) {
	r := &st.routes[s]
	r.nodes = append(r.nodes[:0], int32(2*c.n+2*s))
	for _, u := range tasks {
		r.nodes = append(r.nodes, u, u+int32(c.n))
		st.where[u] = int32(s)
	}
	r.nodes = append(r.nodes, int32(2*c.n+2*s+1))
	c.refresh(r)
}

func TestRecombineFindsTheCheaperPair(t *testing.T) {
	// The best plan sends each car both ways (0 with 2, 1 with 3); the
	// pool holds the two one-sided routes, which drive half as far. The
	// third route (task 4) is no part of any cheaper pair and must stay.
	c := newCore(pairProblem())
	c.classify(newScratch(c))
	sr := newSearch(c, SolveOptions{Seed: 1})
	st := newState(c)
	routeOn(c, st, 0, 0, 2)
	routeOn(c, st, 1, 1, 3)
	routeOn(c, st, 2, 4)
	tmp := newState(c)
	routeOn(c, tmp, 0, 0, 1)
	routeOn(c, tmp, 1, 2, 3)
	for s := range 2 {
		sr.routes.add(c, &tmp.routes[s], s)
	}
	a := sr.startAnneal(st)
	a.cur.copyFrom(st) // startAnneal polishes; keep the two-way plan
	a.best.copyFrom(st)
	a.bestObj, a.curObj = c.objective(st), c.objective(st)
	sr.recombine(a)
	if want := tmp.routes[0].cost + tmp.routes[1].cost + st.routes[2].cost; a.bestObj > want+1e-9 {
		t.Fatalf("best %v after recombine, want %v", a.bestObj, want)
	}
	if a.bestObj != c.objective(a.best) || a.curObj != a.bestObj {
		t.Fatalf("best objective %v, its plan %v, current %v", a.bestObj, c.objective(a.best), a.curObj)
	}
	if !slices.Equal(a.best.routes[2].nodes, st.routes[2].nodes) {
		t.Fatalf("the third route changed to %v", a.best.routes[2].nodes)
	}
	for u, s := range a.best.where {
		if s < 0 || !slices.Contains(a.best.routes[s].nodes, int32(u)) {
			t.Fatalf("task %d: where %d, routes %v", u, s, a.best.routes)
		}
	}
	for s, r := range a.best.routes {
		if !r.sched || math.Abs(r.cost-c.seqCost(r.nodes)) > 1e-9 {
			t.Fatalf("route %d %v: schedule %v, cost %v, seqCost %v", s, r.nodes, r.sched, r.cost, c.seqCost(r.nodes))
		}
	}
}

func TestPartitionWithinKeepsToTheFreeShifts(t *testing.T) {
	// Three pooled columns of made-up low cost cover tasks 0-3 of two
	// routes, but with the third route kept only two shifts are free, so
	// partitionWithin must not take them; with the third shift empty it
	// must. The pool's prices stay those of the whole plan either way.
	c := newCore(pairProblem())
	c.classify(newScratch(c))
	sr := newSearch(c, SolveOptions{Seed: 1})
	rp := sr.routes
	st := newState(c)
	routeOn(c, st, 0, 0, 2)
	routeOn(c, st, 1, 1, 3)
	routeOn(c, st, 2, 4)
	for s := range 3 {
		rp.add(c, &st.routes[s], s)
	}
	tmp := newState(c)
	routeOn(c, tmp, 0, 0)
	routeOn(c, tmp, 1, 1)
	routeOn(c, tmp, 2, 2, 3)
	for s := range 3 {
		tmp.routes[s].cost = 1
		rp.add(c, &tmp.routes[s], s)
	}
	rp.price, rp.gap = []float64{1, 2, 3, 4, 5}, 7
	sel := []bool{true, true, false}
	if got := rp.partitionWithin(c, st, sel, 1000, nil, 0); got != nil {
		t.Fatalf("took columns %v for two free shifts", got)
	}
	routeOn(c, st, 2)
	st.where[4] = -1
	got := rp.partitionWithin(c, st, sel, 1000, nil, 0)
	if len(got) != 3 {
		t.Fatalf("took columns %v with three free shifts, want the three cheap ones", got)
	}
	if !slices.Equal(rp.price, []float64{1, 2, 3, 4, 5}) || rp.gap != 7 {
		t.Fatalf("prices %v and gap %v changed", rp.price, rp.gap)
	}
}

// TestCombinationAtListsEverySubsetOnce unranks every pair, triple and
// group of four of up to seven elements and compares them with the
// subsets nested loops list, in the same (lexicographic) order.
func TestCombinationAtListsEverySubsetOnce(t *testing.T) {
	t.Parallel()
	for size := 1; size <= 4; size++ {
		for n := size; n <= 7; n++ {
			var got [][]int
			for k := range binomial(n, size) {
				idx := make([]int, size)
				combinationAt(k, n, idx)
				got = append(got, idx)
			}
			want := subsets(n, size, nil)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("size %d of %d: %v, want %v", size, n, got, want)
			}
		}
	}
}

// subsets lists the size-element subsets of 0..n-1 that extend prefix, in
// lexicographic order.
func subsets(n, size int, prefix []int) [][]int {
	if len(prefix) == size {
		return [][]int{slices.Clone(prefix)}
	}
	from := 0
	if len(prefix) > 0 {
		from = prefix[len(prefix)-1] + 1
	}
	var out [][]int
	for x := from; x < n; x++ {
		out = append(out, subsets(n, size, append(prefix, x))...)
	}
	return out
}

// TestRecombineGroupsFindsWhatNoPairCan builds a plan that only a group of
// four routes recombines, as one of the five groups of its five routes:
// with so few routes recombineGroups tries every group, so a single call
// finds it, whatever the seed.
func TestRecombineGroupsFindsWhatNoPairCan(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 20; seed++ {
		st, regions, sr := fourRegions(seed)
		c := sr.c
		a := sr.startAnneal(st)
		a.cur.copyFrom(st)
		a.best.copyFrom(st)
		a.bestObj, a.curObj = c.objective(st), c.objective(st)
		sr.recombine(a)
		if a.bestObj != c.objective(st) {
			t.Fatalf("seed %d: pairs recombined %v to %v", seed, c.objective(st), a.bestObj)
		}
		sr.recombineGroups(a)
		if want := regions.travelCost() + st.routes[4].cost; a.bestObj > want+1e-9 || want >= c.objective(st) {
			t.Fatalf("seed %d: best %v after recombineGroups, want %v (plan %v)", seed, a.bestObj, want, c.objective(st))
		}
	}
}

// fourRegions is the plan of TestRecombineGroupsFindsWhatNoPairCan: four
// regions on a line, two tasks in each; each route of the plan serves two
// regions, one task each, while the pool holds the four routes that serve
// one region each. Any two routes of the plan share a region with routes
// outside the pair, so only all four together recombine; a fifth route
// (task 8, near the depot) makes the group of four one of five. It returns
// the plan, the state of the regions' routes and the search with the pool.
func fourRegions(seed uint64) (*state, *state, *search) {
	p := lineProblem(0, 10, 11, 20, 21, 20.5, 21.5, -10, -11, -10.5, -11.5,
		-20, -21, -20.5, -21.5, 10.5, 11.5, 1, 2)
	p.Drivers = make([]DriverLoad, 5)
	sh := p.Shifts[0]
	p.Shifts = nil
	for d := range 5 {
		sh.Driver = d
		p.Shifts = append(p.Shifts, sh)
	}
	c := newCore(p)
	c.classify(newScratch(c))
	sr := newSearch(c, SolveOptions{Seed: seed})
	st := newState(c)
	for s := range 4 {
		routeOn(c, st, s, int32(2*s), int32(2*s+1))
	}
	routeOn(c, st, 4, 8)
	regions := newState(c)
	for s := range 4 {
		routeOn(c, regions, s, int32(2*s+1), int32((2*s+2)%8))
		sr.routes.add(c, &regions.routes[s], s)
	}
	return st, regions, sr
}
