package solver

import "math"

// repairer inserts a pool of unassigned tasks into a state. It keeps the
// best slot of every pool task in every shift and, after each insertion,
// recomputes only the column of the shift that changed, which is what makes
// regret insertion affordable on a day of a thousand rides.
type repairer struct {
	c     *core
	w     *scratch
	slots []slot // len(pool)×ns
	pool  []int32
	best  []float64 // per pool entry: the k cheapest adjusted costs
	extra []float64 // per shift: see shiftExtras
	focus []bool    // if set, the shifts it may insert into (see split)
	noise float64   // relative noise on costs, 0 for none
	rnd   func() float64
}

// run inserts the tasks of pool into st, choosing at every step the task
// with the largest regret-k value (k=1 is plain greedy: the cheapest
// insertion). Tasks that fit nowhere stay unassigned.
func (rp *repairer) run(st *state, pool []int32, k int) {
	c := rp.c
	ns := c.ns
	rp.pool = append(rp.pool[:0], pool...)
	if cap(rp.slots) < len(pool)*ns {
		rp.slots = make([]slot, len(pool)*ns)
	}
	rp.slots = rp.slots[:len(pool)*ns]
	for u, task := range rp.pool {
		for s := 0; s < ns; s++ {
			rp.slots[u*ns+s] = rp.evaluate(st, int(task), s)
		}
	}
	for len(rp.pool) > 0 {
		u, s := rp.choose(st, k)
		if u < 0 {
			return
		}
		task := int(rp.pool[u])
		c.place(st, task, s, rp.slots[u*ns+s], rp.w)
		last := len(rp.pool) - 1
		rp.pool[u] = rp.pool[last]
		copy(rp.slots[u*ns:(u+1)*ns], rp.slots[last*ns:(last+1)*ns])
		rp.pool = rp.pool[:last]
		for v, other := range rp.pool {
			// With the triangle inequality a route that grew takes no task
			// that did not fit before.
			if c.metric && math.IsInf(rp.slots[v*ns+s].cost, 1) {
				continue
			}
			rp.slots[v*ns+s] = rp.evaluate(st, int(other), s)
		}
	}
}

func (rp *repairer) evaluate(st *state, task, s int) slot {
	c := rp.c
	if !c.compat[task*c.ns+s] || rp.focus != nil && !rp.focus[s] {
		return noSlot
	}
	return c.bestSlot(&st.routes[s], s, task, rp.w)
}

// choose returns the pool index and shift of the next insertion, or -1.
func (rp *repairer) choose(st *state, k int) (int, int) {
	c := rp.c
	bigM := c.p.Weights.Unassigned
	if bigM <= 0 {
		bigM = 1e9
	}
	bestU, bestS := -1, -1
	bestScore, bestCost := math.Inf(-1), math.Inf(1)
	if cap(rp.best) < k {
		rp.best = make([]float64, k)
	}
	top := rp.best[:k]
	extra := rp.shiftExtras(st)
	for u, task := range rp.pool {
		arg := rp.cheapest(u, int(task), extra, top)
		if arg < 0 {
			continue
		}
		score := -top[0]
		if k > 1 {
			score = 0
			for h := 1; h < k; h++ {
				score += math.Min(top[h], top[0]+bigM) - top[0]
			}
		}
		if score > bestScore || (score == bestScore && top[0] < bestCost) {
			bestU, bestS, bestScore, bestCost = u, arg, score, top[0]
		}
	}
	return bestU, bestS
}

// shiftExtras is what an insertion into each shift costs besides its
// travel: the fairness cost of a new tour where the route is empty, +Inf
// where the driver may take no more rides. It depends on the state only,
// so choose computes it once per insertion rather than per task and shift.
func (rp *repairer) shiftExtras(st *state) []float64 {
	c := rp.c
	rp.extra = rp.extra[:0]
	for s := range c.ns {
		d := c.p.Shifts[s].Driver
		switch {
		case c.atLimit(d, st.extra[d]):
			rp.extra = append(rp.extra, math.Inf(1))
		case st.routes[s].tasks == 0:
			rp.extra = append(rp.extra, c.openCost(st, d))
		default:
			rp.extra = append(rp.extra, 0)
		}
	}
	return rp.extra
}

// cheapest fills top with the k cheapest costs of pool entry u (task) under
// the objective, noise included, and returns the shift of the cheapest,
// or -1 if it fits nowhere.
func (rp *repairer) cheapest(u, task int, extra, top []float64) int {
	c := rp.c
	for h := range top {
		top[h] = math.Inf(1)
	}
	arg := -1
	prefers := len(c.p.Tasks[task].Preferred) > 0
	for s, sl := range rp.slots[u*c.ns : (u+1)*c.ns] {
		if math.IsInf(sl.cost, 1) || math.IsInf(extra[s], 1) {
			continue
		}
		cost := sl.cost
		if prefers {
			cost -= c.bonus(task, c.p.Shifts[s].Driver)
		}
		cost += extra[s]
		if rp.noise > 0 {
			cost += rp.noise * (2*rp.rnd() - 1)
		}
		if cost < top[0] {
			arg = s
		}
		pushTop(top, cost)
	}
	return arg
}

// pushTop inserts x into the ascending list top, dropping the largest.
func pushTop(top []float64, x float64) {
	if x >= top[len(top)-1] {
		return
	}
	h := len(top) - 1
	for h > 0 && top[h-1] > x {
		top[h] = top[h-1]
		h--
	}
	top[h] = x
}
