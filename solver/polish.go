package solver

import "slices"

// polish is the local search that the ALNS applies to every new best
// state: relocations until none improves, then an exchange of route tails
// (exchangeTails), and again, a few rounds at most. Large removals explore;
// this makes sure no single move is left on the table.
//
// Routes carry don't-look marks: after the first pass, a task whose route
// did not change is tried only on the routes that did, since against the
// others the last pass found nothing; after a tail exchange only its two
// routes are marked. A pass then costs what changed, not tasks × routes
// (three passes of 120 × 11 tests per iteration on pr05 before).
func (sr *search) polish(st *state) {
	sr.polishMarked(st, sr.markAll(true))
}

// polishChanged polishes st with only the routes marked that differ from
// those of from, a polished state st was made from: against the others,
// from's polish found no move. The production path polishes its new bests
// so (polishNew).
func (sr *search) polishChanged(st, from *state) {
	dirty := sr.markAll(false)
	for s := range dirty {
		dirty[s] = !slices.Equal(st.routes[s].nodes, from.routes[s].nodes)
	}
	sr.polishMarked(st, dirty)
}

// polishMarked is polish starting from the routes marked in dirty.
func (sr *search) polishMarked(st *state, dirty []bool) {
	for round := 0; round < 8; round++ {
		sr.relocate(st, dirty)
		a, b, ok := sr.exchangeTails(st)
		if !ok {
			return
		}
		clear(dirty)
		dirty[a], dirty[b] = true, true
	}
}

// markAll returns the search's per-route scratch marks, all set to v.
func (sr *search) markAll(v bool) []bool {
	if len(sr.dirty) != sr.c.ns {
		sr.dirty, sr.changed = make([]bool, sr.c.ns), make([]bool, sr.c.ns)
	}
	for s := range sr.dirty {
		sr.dirty[s] = v
	}
	return sr.dirty
}

// relocate takes each movable task in turn out and puts it back at its
// best position, over all shifts if its route is marked dirty and over the
// dirty ones otherwise, until a pass changes no route. dirty then holds the
// routes the last pass changed (none when it converged).
func (sr *search) relocate(st *state, dirty []bool) {
	for pass := 0; pass < 4; pass++ {
		any := false
		clear(sr.changed)
		tasks := append(sr.order[:0], sr.movable(st)...)
		sr.order = tasks
		sr.rng.Shuffle(len(tasks), func(a, b int) { tasks[a], tasks[b] = tasks[b], tasks[a] })
		for _, task := range tasks {
			if sr.relocateOne(st, task, dirty) {
				any = true
			}
		}
		copy(dirty, sr.changed)
		if !any {
			return
		}
	}
}

// relocateOne moves task to its best place on its own route or a dirty one
// (any route when its own is dirty) and marks in sr.changed the routes an
// improving move changed. It reports whether it made one.
func (sr *search) relocateOne(st *state, task int32, dirty []bool) bool {
	if sr.routes != nil {
		return sr.relocateSum(st, task, dirty)
	}
	return sr.relocateDelta(st, task, dirty)
}

// relocateSum is relocateOne where the objective is the plain sum of
// route costs (the route pool exists): a move improves exactly when the
// task's insertion costs less than its removal saves, so only insertions
// below that gain are checked, on the other routes as they stand, and the
// task leaves its route only for a move that improves. Before, every task
// came out and went back in, two route updates per test even when nothing
// moved, which made the polish three quarters of the search's time.
func (sr *search) relocateSum(st *state, task int32, dirty []bool) bool {
	c := sr.c
	a := int(st.where[task])
	ra := &st.routes[a]
	gain := c.routeRemovalGain(ra, task)
	best, to := slot{cost: gain - 1e-9}, -1
	for s := 0; s < c.ns; s++ {
		if s == a || !dirty[a] && !dirty[s] || !c.compat[int(task)*c.ns+s] || !sr.inFocus(s) {
			continue
		}
		if sl := c.bestSlotBelow(&st.routes[s], s, int(task), sr.w, best.cost); sl.cost < best.cost {
			best, to = sl, s
		}
	}
	if dirty[a] {
		if sl := sr.withinRoute(ra, a, task, best.cost); sl.cost < best.cost {
			best, to = sl, a
		}
	}
	return sr.moveTask(st, task, a, to, best)
}

// withinRoute is the cheapest place below limit for task in its own route
// r of shift s; the slot refers to the route without the task.
func (sr *search) withinRoute(r *route, s int, task int32, limit float64) slot {
	return sr.c.slotWithout(r, s, task, int(task), limit, &sr.tmp, sr.w)
}

// moveTask moves task from its route on shift from to shift to at sl and
// marks both changed; it reports false when there is no move (to < 0) or
// the task cannot leave.
func (sr *search) moveTask(st *state, task int32, from, to int, sl slot) bool {
	if to < 0 || !sr.c.unplace(st, int(task), sr.w) {
		return false
	}
	sr.c.place(st, int(task), to, sl, sr.w)
	sr.changed[from], sr.changed[to] = true, true
	return true
}

// reorderRoute improves the order of route r on shift s by moving single
// tasks within it: each task in turn comes out and goes back at its
// cheapest feasible place, while that lowers the route's cost. The
// repairs build routes by cheapest insertion, in the order the tasks came,
// so a route's order is often not the best one for its set of tasks; the
// route pool keeps one order per set, and the partitioning can only
// combine what the pool holds. tmp is scratch. It reports whether the
// order changed.
func (c *core) reorderRoute(r *route, s int, w *scratch, tmp *route) bool {
	improved := false
	n := int32(c.n)
	for pass := 0; pass < 4; pass++ {
		moved := false
		for k := 1; k < len(r.nodes)-1; k++ {
			v := r.nodes[k]
			if v >= n {
				continue
			}
			// Only a place that saves more than the removal gains can
			// pay; the margin keeps rounding from hiding one. The slot's
			// cost is the exact change of travel cost (an empty route's
			// fixed arc included).
			limit := c.routeRemovalGain(r, v) - 1e-7 + 1e-9
			sl := c.slotWithout(r, s, v, int(v), limit, tmp, w)
			if tmp.cost+sl.cost >= r.cost-1e-7 {
				continue
			}
			c.insert(tmp, int(v), sl, w)
			r.nodes = append(r.nodes[:0], tmp.nodes...)
			c.refresh(r)
			moved, improved = true, true
		}
		if !moved {
			break
		}
	}
	return improved
}
