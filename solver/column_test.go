package solver

import (
	"math"
	"slices"
	"testing"
)

// lineProblem puts places on a line at the given coordinates (place 0 is
// the depot) with travel time and distance |a-b|, one shift from the depot
// and tasks from place 2i+1 to 2i+2 with wide windows.
func lineProblem(xs ...float64) *Problem {
	nl := len(xs)
	p := &Problem{Locations: nl, Time: make([]float64, nl*nl), Dist: make([]float64, nl*nl),
		Weights: Weights{Distance: 1}, Drivers: []DriverLoad{{}}}
	for a := range xs {
		for b := range xs {
			p.Time[a*nl+b] = math.Abs(xs[a] - xs[b])
			p.Dist[a*nl+b] = p.Time[a*nl+b]
		}
	}
	day := Visit{Close: 1000}
	p.Shifts = []Shift{{Start: day, End: day, Capacity: 3}}
	for i := 0; 2*i+2 < nl; i++ {
		p.Tasks = append(p.Tasks, Task{Load: 1,
			Pickup:  Visit{Location: 2*i + 1, Close: 1000},
			Dropoff: Visit{Location: 2*i + 2, Close: 1000}})
	}
	return p
}

func TestReorderRouteFindsTheCheaperOrder(t *testing.T) {
	// Task 0 far out (10 → 11), task 1 near (1 → 2): serving the far one
	// first drives 24, the near one first 22.
	c := newCore(lineProblem(0, 10, 11, 1, 2))
	w := newScratch(c)
	start, end := int32(2*c.n), int32(2*c.n+1)
	r := route{nodes: []int32{start, 0, 2, 1, 3, end}}
	c.refresh(&r)
	if !r.sched || r.cost != 24 {
		t.Fatalf("start route: feasible %v, cost %v; want feasible, 24", r.sched, r.cost)
	}
	var tmp route
	if !c.reorderRoute(&r, 0, w, &tmp) {
		t.Fatal("reorderRoute found nothing to improve")
	}
	if r.cost != 22 || !r.sched {
		t.Fatalf("cost %v (feasible %v), want 22", r.cost, r.sched)
	}
	got := slices.Clone(r.nodes)
	slices.Sort(got)
	if !slices.Equal(got, []int32{0, 1, 2, 3, start, end}) {
		t.Fatalf("nodes %v lost or gained a stop", r.nodes)
	}
	if c.reorderRoute(&r, 0, w, &tmp) {
		t.Fatalf("a second pass changed the best order %v", r.nodes)
	}
}

func TestReorderRouteKeepsTimeWindows(t *testing.T) {
	// Task 0 must be picked up by 10 and task 1 not before 50, so the far
	// task has to come first although the other order drives less.
	p := lineProblem(0, 10, 11, 1, 2)
	p.Tasks[0].Pickup.Close = 10
	p.Tasks[1].Pickup.Open = 50
	c := newCore(p)
	w := newScratch(c)
	start, end := int32(2*c.n), int32(2*c.n+1)
	r := route{nodes: []int32{start, 0, 2, 1, 3, end}}
	c.refresh(&r)
	var tmp route
	if c.reorderRoute(&r, 0, w, &tmp) {
		t.Fatalf("moved to %v (cost %v) against the time windows", r.nodes, r.cost)
	}
}

func TestPriceRoutesFollowsThePrices(t *testing.T) {
	// Task 1 is priced far above what it costs to add, task 0 at nothing:
	// from a route with task 0 alone, pricing adds task 1 and then drops
	// task 0, and the pool gains both routes.
	c := newCore(lineProblem(0, 10, 11, 1, 2))
	w := newScratch(c)
	c.classify(w)
	sr := newSearch(c, SolveOptions{Seed: 1})
	st := newState(c)
	r := &st.routes[0]
	r.nodes = []int32{int32(2 * c.n), 0, 2, int32(2*c.n + 1)}
	c.refresh(r)
	st.where[0] = 0
	sr.routes.price = []float64{0, 100}
	sr.priceRoutes(st)
	var sets [][]int
	for k := range sr.routes.cols {
		var set []int
		forEach(sr.routes.set(int32(k)), func(u int) { set = append(set, u) })
		sets = append(sets, set)
	}
	for _, want := range [][]int{{0, 1}, {1}} {
		if !slices.ContainsFunc(sets, func(s []int) bool { return slices.Equal(s, want) }) {
			t.Errorf("pool %v lacks the route of tasks %v", sets, want)
		}
	}
}
