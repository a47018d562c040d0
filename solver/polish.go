package solver

// polish is the local search that the ALNS applies to every new best
// state: relocations until none improves, then an exchange of route tails
// (exchangeTails), and again, a few rounds at most. Large removals explore;
// this makes sure no single move is left on the table.
func (sr *search) polish(st *state) {
	for round := 0; round < 8; round++ {
		sr.relocate(st)
		if !sr.exchangeTails(st) {
			return
		}
	}
}

// relocate takes each movable task in turn out and puts it back at its
// best position over all shifts, until a full pass finds no improvement.
func (sr *search) relocate(st *state) {
	c := sr.c
	for pass := 0; pass < 4; pass++ {
		improved := false
		tasks := append(sr.order[:0], sr.movable(st)...)
		sr.order = tasks
		sr.rng.Shuffle(len(tasks), func(a, b int) { tasks[a], tasks[b] = tasks[b], tasks[a] })
		for _, task := range tasks {
			before := c.objective(st)
			s := st.where[task]
			if !c.unplace(st, int(task), sr.w) {
				continue
			}
			sr.single[0] = task
			sr.rp.run(st, sr.single[:], 1)
			if st.where[task] != s && c.objective(st) < before-1e-9 {
				improved = true
			}
		}
		if !improved {
			return
		}
	}
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
			tmp.nodes = append(tmp.nodes[:0], r.nodes...)
			if !c.removeFrom(tmp, v, w) {
				continue
			}
			// bestSlot's cost is the exact change of travel cost
			// (an empty route's fixed arc included).
			sl := c.bestSlot(tmp, s, int(v), w)
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
