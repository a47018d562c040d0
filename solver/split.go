package solver

import (
	"context"
	"sync"
	"time"
)

// A big day under the production objective is split between the workers
// instead of being searched by each of them whole. Side by side, two
// searches of a day of 1,000 requests are two samples of one slow descent,
// and the better wins; but such a day is far from converged at the
// production limit (its cost falls about 4% with every doubling of the
// time), so what the second core should add is iterations. Split, each
// worker owns a part of the drivers for an epoch, with the tasks on their
// routes and a share of the unassigned ones, and searches only there; the
// parts never share a route, a task or a driver, and every term of the
// objective belongs to one route, one task or one driver, so the routes of
// the parts' states put together are a plan whose cost is the start's plus
// each part's change. After every epoch the parts are put together and the
// day is divided anew, around another random task, so that no border stays.
// The route pool's objective is not split: its set partitioning combines
// routes across the day.
//
// Measured on the synthetic days of the planning benchmarks, 8 s on both
// cores, seeds 1-3, cost without the unassigned penalty (which was the
// same): 1,000 requests (100 drivers, 125 shifts) side by side 919,700 on
// average, split with 0.1 s epochs 901,500 (-2.0%; again 901,800), with
// 0.05 s 905,800, 0.2 s 906,900 (an earlier, flawed version: 3 epochs of
// the run 930,500, 10 915,200, 30 907,200, 80 900,900, 250 905,200):
// short epochs mix the parts often and move the border every time, very
// short ones spend more of it putting the parts together. 600 requests (75
// shifts) 577,100 against 581,700 (-0.8%); 300 requests (37 shifts) 329,300
// against 328,700 (seeds 1-8), no gain, so smaller days are not split.
const (
	splitMinShifts  = 60
	splitEpoch      = 100 * time.Millisecond // of a time-limited run, at most a tenth of it
	splitEpochIters = 100                    // per worker and epoch where the run has an iteration limit
)

// splits reports whether searchAll splits the day between its workers.
func (c *core) splits(workers int) bool {
	return workers >= 2 && c.bigDay()
}

// bigDay reports whether the problem is a day big enough to be split
// between workers: one far from converged at the production limit, which
// the annealing ends colder on (endCoolBig), whatever the workers.
func (c *core) bigDay() bool {
	return c.ns >= splitMinShifts && !c.sumObjective()
}

// split is where a split search stands between epochs: the workers'
// searches and annealings, their parts (group per shift, owner per task),
// the current state put together from theirs, the best of the epoch put
// together from theirs, and the best plan so far.
type split struct {
	srs                  []*search
	anneals              []*anneal
	group                []int // per shift: the worker that owns it
	owner                []int // per task: the worker that may place it
	groupOf              []int // per driver
	cur, epochBest, best *state
	bestObj              float64 // best's objective
	parts                []*state
}

// searchSplit is searchAll for a split day: the first worker builds the
// start, then the workers search their parts epoch by epoch.
func (c *core) searchSplit(ctx context.Context, srs []*search) (*state, int) {
	lead := srs[0]
	start := lead.construct()
	if c.n == 0 || (lead.opt.Iterations <= 0 && lead.opt.TimeLimit <= 0) {
		return start, 0
	}
	sp := newSplit(c, srs, start)
	for e := 0; !lead.done(ctx); e++ {
		sp.epoch(ctx, e)
	}
	total := 0
	for _, sr := range srs {
		sr.mine = nil
		sr.rp.setFocus(nil)
		total += sr.iter
	}
	return sp.best, total
}

// newSplit starts a split search of srs from start.
func newSplit(c *core, srs []*search, start *state) *split {
	sp := &split{srs: srs, group: make([]int, c.ns), owner: make([]int, c.n), groupOf: make([]int, len(c.p.Drivers)),
		cur: newState(c), epochBest: newState(c), best: newState(c), parts: make([]*state, len(srs))}
	for _, sr := range srs {
		sp.anneals = append(sp.anneals, sr.startAnneal(start))
	}
	sp.cur.copyFrom(start)
	sp.best.copyFrom(start)
	sp.bestObj = c.objective(start)
	return sp
}

// epoch divides the day anew, lets each worker anneal its part from the
// current state put together, and puts their states together again. A
// worker's best is the best of its epoch, not the best plan so far: the
// parts' bests add up only when they come from the same start.
func (sp *split) epoch(ctx context.Context, e int) {
	c := sp.srs[0].c
	sp.divide(sp.srs[0], e, len(sp.srs))
	obj := c.objective(sp.cur)
	var wg sync.WaitGroup
	for k, sr := range sp.srs {
		a := sp.anneals[k]
		a.cur.copyFrom(sp.cur)
		a.best.copyFrom(sp.cur)
		a.curObj, a.bestObj = obj, obj
		sr.focusOn(sp, k)
		pause := sr.epochPause()
		wg.Go(func() { sr.iterate(ctx, a, pause) })
	}
	wg.Wait()
	sp.join(c)
}

// epochPause is when a worker ends its epoch: after splitEpochIters
// iterations where the run has an iteration limit, so that a seeded run
// stays deterministic (as progress does), else after splitEpoch or a tenth
// of the time limit.
func (sr *search) epochPause() func() bool {
	if sr.opt.Iterations > 0 {
		end := sr.iter + splitEpochIters
		return func() bool { return sr.iter >= end }
	}
	end := sr.elapsed() + min(splitEpoch, sr.opt.TimeLimit/10)
	return func() bool { return sr.elapsed() >= end }
}

// divide gives every driver to a worker, in about equal shares of the
// shifts: the drivers in the order in which the lead search's Shaw
// relatedness meets their tasks from a random one, so that each part is a
// stretch of the day in space and time, then those without tasks in turn.
// A task belongs to the worker of its route; an unassigned one to the
// worker of its confirmed driver, or in turn.
func (sp *split) divide(sr *search, epoch, workers int) {
	c := sr.c
	for d := range sp.groupOf {
		sp.groupOf[d] = -1
	}
	quota := (c.ns + workers - 1) / workers
	g, filled := 0, 0
	give := func(d int) {
		if sp.groupOf[d] >= 0 {
			return
		}
		sp.groupOf[d] = g
		if filled += len(c.driverShifts[d]); filled >= quota && g < workers-1 {
			g, filled = g+1, 0
		}
	}
	for _, task := range sr.related(sp.cur) {
		give(c.p.Shifts[sp.cur.where[task]].Driver)
	}
	for d := range sp.groupOf {
		give(d)
	}
	for s := range sp.group {
		sp.group[s] = sp.groupOf[c.p.Shifts[s].Driver]
	}
	for i, s := range sp.cur.where {
		switch {
		case s >= 0:
			sp.owner[i] = sp.group[s]
		case c.pinned[i] >= 0:
			sp.owner[i] = sp.groupOf[c.pinned[i]]
		default:
			sp.owner[i] = (i + epoch) % workers
		}
	}
}

// related lists the assigned tasks of st by Shaw relatedness to a random
// one, the most related first.
func (sr *search) related(st *state) []int32 {
	cand := sr.tasks[:0]
	for i, s := range st.where {
		if s >= 0 {
			cand = append(cand, int32(i))
		}
	}
	if len(cand) == 0 {
		return cand
	}
	sr.relatedKeys(st, cand, cand[sr.rng.IntN(len(cand))])
	sr.sortKeys()
	out := cand[:0]
	for _, k := range sr.keys {
		out = append(out, k.task)
	}
	return out
}

// focusOn limits the search to worker k's part of sp.
func (sr *search) focusOn(sp *split, k int) {
	c := sr.c
	focus := sr.rp.focus
	if sr.mine == nil {
		sr.mine, focus = make([]bool, c.n), make([]bool, c.ns)
	}
	for s, g := range sp.group {
		focus[s] = g == k
	}
	sr.rp.setFocus(focus)
	for i, g := range sp.owner {
		sr.mine[i] = g == k
	}
	sr.bestPolished = false
}

// join puts the workers' current and best states together and keeps the
// epoch's best if it is the best plan so far.
func (sp *split) join(c *core) {
	for k, a := range sp.anneals {
		sp.parts[k] = a.cur
	}
	c.assemble(sp.cur, sp.parts, sp.group)
	for k, a := range sp.anneals {
		sp.parts[k] = a.best
	}
	c.assemble(sp.epochBest, sp.parts, sp.group)
	if obj := c.objective(sp.epochBest); obj < sp.bestObj {
		sp.best.copyFrom(sp.epochBest)
		sp.bestObj = obj
	}
}

// assemble makes dst the plan whose route on shift s is that of
// parts[group[s]], with where and extra to match.
func (c *core) assemble(dst *state, parts []*state, group []int) {
	for i := range dst.where {
		dst.where[i] = -1
	}
	clear(dst.extra)
	for s := range dst.routes {
		r := &dst.routes[s]
		r.copyFrom(&parts[group[s]].routes[s])
		for _, v := range r.nodes {
			if int(v) < c.n {
				dst.where[v] = int32(s)
			}
		}
		dst.extra[c.p.Shifts[s].Driver] += r.tasks
	}
}

// inFocus reports whether the search may change the route of shift s.
func (sr *search) inFocus(s int) bool { return sr.rp.focus == nil || sr.rp.focus[s] }

// owns reports whether the search may place task.
func (sr *search) owns(task int) bool { return sr.mine == nil || sr.mine[task] }
