package solver

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SolveOptions bound and seed one run of the search.
type SolveOptions struct {
	Seed uint64
	// TimeLimit stops the search; with neither a time limit nor Iterations
	// the planner returns its construction, which is already complete.
	TimeLimit time.Duration
	// Iterations stops the search after that many iterations and makes the
	// result depend on Seed alone, not on the speed of the machine.
	Iterations int
	// Clock, if set, measures TimeLimit instead of the wall clock: any
	// reading that grows with the work done, such as the process's CPU
	// time, which the benchmark uses so that runs on a loaded machine
	// compare methods rather than the load.
	Clock func() time.Duration
	// Workers is how many searches run at once, each on its own goroutine
	// with its own seed (Seed, Seed+1, ...), and the cheapest plan wins;
	// on a big day they split the drivers between them instead (see
	// split). 0 means 1. The service passes its number of cores: a day is
	// planned in the same time with more searches behind it.
	Workers int
	started time.Duration // Clock's reading when Solve began
}

// Reason says in a coordinator's words why a request stays unassigned, so
// that they know what to change by hand.
type Reason string

// The reasons the planner gives, from the most specific to the most general.
const (
	ReasonWheelchair  Reason = "no wheelchair-capable vehicle"
	ReasonSeats       Reason = "no vehicle with enough seats"
	ReasonImpossible  Reason = "its time windows and maximum ride time cannot both be met"
	ReasonPinned      Reason = "the confirmed driver cannot serve it"
	ReasonNoDriver    Reason = "no driver available at that time"
	ReasonRideLimit   Reason = "every suitable driver has reached the weekly ride limit"
	ReasonNoInsertion Reason = "no feasible insertion"
)

// StopKind tells what happens at a stop.
type StopKind string

// The kinds of stops on a route.
const (
	StopStart   StopKind = "start"
	StopPickup  StopKind = "pickup"
	StopDropoff StopKind = "dropoff"
	StopEnd     StopKind = "end"
)

// Solution is the planner's answer in Problem units.
type Solution struct {
	Routes     []RoutePlan // one per shift, in the order of Problem.Shifts
	Unassigned []Miss
	Cost       float64 // the objective
	Time       float64 // total driving time
	Distance   float64 // total distance
	Iterations int     // search iterations done, to judge a time limit
}

// RoutePlan is the sequence of stops of one shift, with a planned start of
// service at each; it begins with StopStart and ends with StopEnd.
type RoutePlan struct {
	Shift int
	Stops []StopPlan
}

// StopPlan is one planned stop; Task is -1 at the start and end.
type StopPlan struct {
	Task int
	Kind StopKind
	Time float64
}

// Miss is a task the planner could not serve, and why.
type Miss struct {
	Task   int
	Reason Reason
}

// Solve plans the Problem: regret insertion, then the adaptive large
// neighbourhood search until the time limit, the iteration limit or the end
// of ctx, whichever comes first. The time limit counts from the call, so it
// covers the preprocessing and the construction as well; the construction
// itself always completes. It fails only on invalid input, with a
// *ValidationError; running out of time is normal and returns the best plan
// so far.
func Solve(ctx context.Context, p *Problem, opt SolveOptions) (*Solution, error) {
	if err := validate(p); err != nil {
		return nil, err
	}
	if opt.Clock == nil {
		// The time limit covers the preprocessing and the construction
		// too, so that a caller's short limit bounds the whole call.
		t0 := time.Now()
		opt.Clock = func() time.Duration { return time.Since(t0) }
	}
	opt.started = opt.Clock()
	c := newCore(p)
	w := newScratch(c)
	c.classify(w)
	st, iters := c.searchAll(ctx, opt)
	sol := c.output(st, w)
	sol.Iterations = iters
	return sol, nil
}

// searchAll runs opt.Workers searches at once, each on a copy of c with
// its own scratch, and returns the cheapest final state (the first worker's
// on a tie, so that a seeded run with an iteration limit stays
// deterministic) and the iterations of all; on a day it splits
// (core.splits), searchSplit's plan.
func (c *core) searchAll(ctx context.Context, opt SolveOptions) (*state, int) {
	workers := max(1, opt.Workers)
	srs := make([]*search, workers)
	for k := range srs {
		ck, o := c, opt
		if k > 0 {
			ck = c.clone()
			o.Seed = opt.Seed + uint64(k)
		}
		srs[k] = newSearch(ck, o)
	}
	if c.splits(workers) {
		return c.searchSplit(ctx, srs)
	}
	states := make([]*state, workers)
	iters := make([]int, workers)
	var wg sync.WaitGroup
	for k, sr := range srs {
		wg.Go(func() {
			states[k] = sr.improve(ctx, sr.construct())
			iters[k] = sr.iter
		})
	}
	wg.Wait()
	best, total := 0, 0
	for k := range workers {
		total += iters[k]
		if c.objective(states[k]) < c.objective(states[best]) {
			best = k
		}
	}
	return states[best], total
}

// clone returns a copy of c that shares its read-only data but has its
// own scratch, for a search on another goroutine.
func (c *core) clone() *core {
	cc := *c
	cc.pickTmp = make([]int32, c.n)
	return &cc
}

// output turns a state into a Solution with delayed schedules.
func (c *core) output(st *state, w *scratch) *Solution {
	sol := &Solution{Cost: c.objective(st)}
	for s := range st.routes {
		nodes := st.routes[s].nodes
		b := make([]float64, len(nodes))
		if !c.schedule(nodes, s, b, w.pickPos) {
			panic(fmt.Sprintf("solver: planned route of shift %d is infeasible", s))
		}
		c.delay(nodes, b, w.pickPos)
		rp := RoutePlan{Shift: s, Stops: make([]StopPlan, len(nodes))}
		for k, node := range nodes {
			rp.Stops[k] = c.stop(node, b[k])
			if k > 0 && len(nodes) > 2 {
				li, lj := int(c.loc[nodes[k-1]]), int(c.loc[node])
				sol.Time += c.p.Time[li*c.nl+lj]
				sol.Distance += c.p.Dist[li*c.nl+lj]
			}
		}
		sol.Routes = append(sol.Routes, rp)
	}
	for i, s := range st.where {
		if s < 0 {
			sol.Unassigned = append(sol.Unassigned, Miss{Task: i, Reason: c.missReason(st, i)})
		}
	}
	return sol
}

func (c *core) stop(node int32, at float64) StopPlan {
	n := int32(c.n)
	switch {
	case node < n:
		return StopPlan{Task: int(node), Kind: StopPickup, Time: at}
	case node < 2*n:
		return StopPlan{Task: int(node - n), Kind: StopDropoff, Time: at}
	case (node-2*n)%2 == 0:
		return StopPlan{Task: -1, Kind: StopStart, Time: at}
	default:
		return StopPlan{Task: -1, Kind: StopEnd, Time: at}
	}
}

// missReason explains an unassigned task after the search.
func (c *core) missReason(st *state, task int) Reason {
	if c.reason[task] != "" {
		return c.reason[task]
	}
	for s := 0; s < c.ns; s++ {
		d := c.p.Shifts[s].Driver
		if c.compat[task*c.ns+s] && !c.atLimit(d, st.extra[d]) {
			return ReasonNoInsertion
		}
	}
	return ReasonRideLimit
}

// classify decides for every task which shifts could serve it alone, and
// for tasks without any, the reason. Shifts that cannot serve a task alone
// are never tried for it again, which also prunes the search.
func (c *core) classify(w *scratch) {
	c.compat = make([]bool, c.n*c.ns)
	seq := make([]int32, 4)
	b := make([]float64, 4)
	for i := 0; i < c.n; i++ {
		t := c.p.Tasks[i]
		var wheel, seats, alone bool
		for s, sh := range c.p.Shifts {
			wheel = wheel || sh.Wheelchair
			seats = seats || sh.Capacity >= t.Load
			if t.Wheelchair && !sh.Wheelchair || sh.Capacity < t.Load {
				continue
			}
			if c.pinned[i] >= 0 && int32(sh.Driver) != c.pinned[i] || !allowed(t.Allowed, sh.Driver) {
				continue
			}
			seq[0], seq[1], seq[2], seq[3] = int32(2*c.n+2*s), int32(i), int32(c.n+i), int32(2*c.n+2*s+1)
			c.compat[i*c.ns+s] = c.schedule(seq, s, b, w.pickPos)
			alone = alone || c.compat[i*c.ns+s]
		}
		switch {
		case alone:
		case t.Wheelchair && !wheel:
			c.reason[i] = ReasonWheelchair
		case !seats:
			c.reason[i] = ReasonSeats
		case !c.possible(i):
			c.reason[i] = ReasonImpossible
		case c.pinned[i] >= 0:
			c.reason[i] = ReasonPinned
		default:
			c.reason[i] = ReasonNoDriver
		}
	}
}

// possible reports whether a task's own windows and ride limit agree, with
// no vehicle considered.
func (c *core) possible(i int) bool {
	p, d := int32(i), int32(c.n+i)
	direct := c.svc[p] + c.t(p, d)
	t := c.p.Tasks[i]
	return t.Pickup.Open <= t.Pickup.Close && t.Dropoff.Open <= t.Dropoff.Close &&
		t.Pickup.Open+direct <= t.Dropoff.Close && c.t(p, d) <= c.maxRide[i]
}

// allowed reports whether driver d may serve a task with this allow list.
func allowed(list []int, d int) bool {
	if len(list) == 0 {
		return true
	}
	for _, k := range list {
		if k == d {
			return true
		}
	}
	return false
}
