package solver

// relocateDelta is relocateOne where the pool does not exist (the
// production objective: fairness, continuity bonus, weekly limits). It
// computes the exact change of the objective of every move from the route
// costs and the terms of the task's driver before and after: the travel
// its route saves, the continuity bonus it keeps or gains, and the tour it
// closes or opens. The task leaves its route only for a move that
// improves. Before, every task came out and went back in by a greedy
// repair, and the whole objective was summed twice per task: the polish
// then took more than half of a 5 s run on a day of 1,000 requests.
func (sr *search) relocateDelta(st *state, task int32, dirty []bool) bool {
	c := sr.c
	a := int(st.where[task])
	ra := &st.routes[a]
	da := c.p.Shifts[a].Driver
	emptied := ra.tasks == 1
	// save is what leaving route a takes off the objective.
	save := c.routeRemovalGain(ra, task) - c.bonus(int(task), da)
	if emptied {
		save += c.tourCost(da, c.tours(st, da))
	}
	bound, to := -1e-9, -1 // the best change so far must beat bound
	var best slot
	for s := 0; s < c.ns; s++ {
		if s == a || !dirty[a] && !dirty[s] || !c.compat[int(task)*c.ns+s] || !sr.inFocus(s) {
			continue
		}
		extra, ok := sr.moveExtra(st, int(task), da, emptied, s)
		if !ok {
			continue
		}
		lim := save - extra + bound
		if sl := c.bestSlotBelow(&st.routes[s], s, int(task), sr.w, lim); sl.cost < lim {
			best, to, bound = sl, s, sl.cost+extra-save
		}
	}
	if dirty[a] && !emptied {
		// within its own route, where only the travel changes; the slot
		// refers to the route without the task
		lim := c.routeRemovalGain(ra, task) + bound
		if sl := sr.withinRoute(ra, a, task, lim); sl.cost < lim {
			best, to = sl, a
		}
	}
	return sr.moveTask(st, task, a, to, best)
}

// moveExtra is what the objective gains, besides the insertion's travel,
// when task moves from a route of driver da (emptied if it was alone
// there) to shift s: the continuity bonus it loses as a negative cost, and
// the fairness cost of the tour it opens on an empty route. It reports
// false when the driver of s has reached the weekly limit.
func (sr *search) moveExtra(st *state, task, da int, emptied bool, s int) (float64, bool) {
	c := sr.c
	d := c.p.Shifts[s].Driver
	if d != da && c.atLimit(d, st.extra[d]) {
		return 0, false
	}
	extra := -c.bonus(task, d)
	if st.routes[s].tasks == 0 {
		k := c.tours(st, d) + 1
		if d == da && emptied {
			k-- // the driver's tour on route a closes as this one opens
		}
		extra += c.tourCost(d, k)
	}
	return extra, true
}

// tourCost is the fairness cost of driver d's k-th tour of the plan
// (see Weights.Fairness): the objective charges k tours
// Fairness·(k·rides + k(k-1)/2), of which the k-th adds
// Fairness·(rides + k - 1).
func (c *core) tourCost(d, k int) float64 {
	if c.p.Weights.Fairness == 0 || len(c.p.Drivers) == 0 {
		return 0
	}
	return c.p.Weights.Fairness * float64(c.p.Drivers[d].Rides+k-1)
}

// polishNew polishes work, a new best state of the production path, before
// it replaces best. First the unassigned tasks get their chance by
// ejection (ejectAll), which costs about half a per cent of a run and
// served a request the search had not in some runs of days of 300
// requests. Then the polish: best is polished, so only the routes where
// work differs from it are marked (polishChanged; the first time, with the
// construction as best, all of them). The ejection comes first so that
// the routes it changes are marked too and best stays polished. On a day
// of 1,000 requests a full polish of every new best took a quarter of a
// 5 s run.
func (sr *search) polishNew(work, best *state) {
	sr.ejectAll(work)
	if sr.bestPolished {
		sr.polishChanged(work, best)
	} else {
		sr.polish(work)
	}
	sr.bestPolished = true
}
