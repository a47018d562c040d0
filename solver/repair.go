package solver

import (
	"math"
	"math/bits"
	"slices"
)

// repairer inserts a pool of unassigned tasks into a state. It keeps the
// best slot of every pool task in every shift and, after each insertion,
// recomputes only the column of the shift that changed, which is what makes
// regret insertion affordable on a day of a thousand rides. It keeps each
// task's k cheapest costs too, and after an insertion recomputes them only
// for the tasks whose cheapest shifts include one of the driver's shifts
// that changed (see updateTops).
type repairer struct {
	c     *core
	w     *scratch
	slots []slot // len(pool)×ns
	// jitter is the noise on each slot's cost, drawn when the slot is
	// evaluated: len(pool)×ns, all zero without noise.
	jitter []float64
	// fits has a bit per pool entry and shift, set where the slot is
	// finite: the k cheapest costs are looked up there only, a quarter
	// of the shifts or fewer on a day.
	fits  []uint64
	pool  []int32
	k     int
	top   []float64 // len(pool)×k: each pool entry's k cheapest costs, ascending
	topS  []int32   // len(pool)×k: their shifts, -1 for none
	extra []float64 // per shift: see shiftExtras
	focus []bool    // if set, the shifts it may insert into (see split)
	open  []int32   // the shifts it may insert into: all, or focus's (setFocus)
	noise float64   // relative noise on costs, 0 for none
	rnd   func() float64
}

// run inserts the tasks of pool into st, choosing at every step the task
// with the largest regret-k value (k=1 is plain greedy: the cheapest
// insertion). Tasks that fit nowhere stay unassigned.
func (rp *repairer) run(st *state, pool []int32, k int) {
	c := rp.c
	ns := c.ns
	rp.start(pool, k)
	for u, task := range rp.pool {
		for s := range ns {
			rp.slots[u*ns+s] = noSlot
		}
		clear(rp.fitsOf(u))
		for _, s := range rp.open {
			rp.evaluate(st, u, int(task), int(s))
		}
	}
	rp.fillTops(st)
	for len(rp.pool) > 0 {
		u, s := rp.choose()
		if u < 0 {
			return
		}
		task := int(rp.pool[u])
		c.place(st, task, s, rp.slots[u*ns+s], rp.w)
		rp.drop(u)
		for v, other := range rp.pool {
			// With the triangle inequality a route that grew takes no task
			// that did not fit before.
			if c.metric && math.IsInf(rp.slots[v*ns+s].cost, 1) {
				continue
			}
			rp.evaluate(st, v, int(other), s)
		}
		rp.updateTops(st, c.p.Shifts[s].Driver)
	}
}

// start sets up the buffers of a run over pool with regret-k.
func (rp *repairer) start(pool []int32, k int) {
	ns := rp.c.ns
	rp.pool, rp.k = append(rp.pool[:0], pool...), k
	rp.slots, rp.jitter = grow(rp.slots, len(pool)*ns), grow(rp.jitter, len(pool)*ns)
	rp.fits = grow(rp.fits, len(pool)*rp.words())
	rp.top, rp.topS = grow(rp.top, len(pool)*k), grow(rp.topS, len(pool)*k)
}

// setFocus limits the repair to the shifts marked in focus, or with nil
// lets it insert anywhere, and lists those shifts once for all its runs
// (the ejection runs the repair for one task at a time).
func (rp *repairer) setFocus(focus []bool) {
	rp.focus, rp.open = focus, rp.open[:0]
	for s := range rp.c.ns {
		if focus == nil || focus[s] {
			rp.open = append(rp.open, int32(s))
		}
	}
}

// words is the length of a pool entry's bits in fits.
func (rp *repairer) words() int { return (rp.c.ns + 63) / 64 }

// fitsOf is pool entry u's bits in fits.
func (rp *repairer) fitsOf(u int) []uint64 { return rp.fits[u*rp.words() : (u+1)*rp.words()] }

// grow returns buf with length n, reusing its array where it is big enough.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// drop removes pool entry u (moving the last one into its place).
func (rp *repairer) drop(u int) {
	ns, k := rp.c.ns, rp.k
	last := len(rp.pool) - 1
	rp.pool[u] = rp.pool[last]
	copy(rp.slots[u*ns:(u+1)*ns], rp.slots[last*ns:(last+1)*ns])
	copy(rp.jitter[u*ns:(u+1)*ns], rp.jitter[last*ns:(last+1)*ns])
	copy(rp.fitsOf(u), rp.fitsOf(last))
	copy(rp.top[u*k:(u+1)*k], rp.top[last*k:(last+1)*k])
	copy(rp.topS[u*k:(u+1)*k], rp.topS[last*k:(last+1)*k])
	rp.pool = rp.pool[:last]
}

// evaluate sets the best slot of pool entry u (task) in shift s, and with
// noise the slot's jitter, a new draw for each new slot as Ropke and
// Pisinger draw the noise of each insertion cost they compute.
func (rp *repairer) evaluate(st *state, u, task, s int) {
	c := rp.c
	sl := noSlot
	if c.compat[task*c.ns+s] {
		sl = c.bestSlot(&st.routes[s], s, task, rp.w)
	}
	rp.slots[u*c.ns+s], rp.jitter[u*c.ns+s] = sl, 0
	word, bit := &rp.fitsOf(u)[s/64], uint64(1)<<(s%64)
	if math.IsInf(sl.cost, 1) {
		*word &^= bit
		return
	}
	*word |= bit
	if rp.noise > 0 {
		rp.jitter[u*c.ns+s] = rp.noise * (2*rp.rnd() - 1)
	}
}

// fillTops computes every pool entry's k cheapest costs from scratch.
func (rp *repairer) fillTops(st *state) {
	extra := rp.shiftExtras(st)
	for u, task := range rp.pool {
		rp.cheapest(u, int(task), extra)
	}
}

// updateTops brings the k cheapest costs up to date after an insertion
// into a shift of driver d: only the column of that shift changed, and the
// extras of d's shifts (a tour opened, the weekly limit reached). A task
// whose k cheapest include none of d's shifts keeps them, and takes a
// cheaper one of d's shifts in; the others are computed again.
func (rp *repairer) updateTops(st *state, d int) {
	c, k := rp.c, rp.k
	extra := rp.shiftExtras(st)
	changed := c.driverShifts[d]
	for u, task := range rp.pool {
		top, topS := rp.top[u*k:(u+1)*k], rp.topS[u*k:(u+1)*k]
		if slices.ContainsFunc(topS, func(s int32) bool { return slices.Contains(changed, s) }) {
			rp.cheapest(u, int(task), extra)
			continue
		}
		pref := c.hasPreferred(int(task))
		for _, s := range changed {
			if cost, ok := rp.costAt(u, int(task), int(s), extra, pref); ok {
				pushTop(top, topS, cost, s)
			}
		}
	}
}

// choose returns the pool index and shift of the next insertion, or -1.
func (rp *repairer) choose() (int, int) {
	k := rp.k
	bigM := rp.c.p.Weights.Unassigned
	if bigM <= 0 {
		bigM = 1e9
	}
	bestU, bestS := -1, -1
	bestScore, bestCost := math.Inf(-1), math.Inf(1)
	for u := range rp.pool {
		top := rp.top[u*k : (u+1)*k]
		if rp.topS[u*k] < 0 {
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
			bestU, bestS, bestScore, bestCost = u, int(rp.topS[u*k]), score, top[0]
		}
	}
	return bestU, bestS
}

// shiftExtras is what an insertion into each shift costs besides its
// travel: the fairness cost of a new tour where the route is empty, +Inf
// where the driver may take no more rides. It depends on the state only,
// so the repair computes it once per insertion rather than per task and
// shift.
func (rp *repairer) shiftExtras(st *state) []float64 {
	c := rp.c
	rp.extra = grow(rp.extra, c.ns)
	for _, s := range rp.open {
		d := c.p.Shifts[s].Driver
		switch {
		case c.atLimit(d, st.extra[d]):
			rp.extra[s] = math.Inf(1)
		case st.routes[s].tasks == 0:
			rp.extra[s] = c.openCost(st, d)
		default:
			rp.extra[s] = 0
		}
	}
	return rp.extra
}

// cheapest sets the k cheapest costs of pool entry u (task) under the
// objective, jitter included, and their shifts.
func (rp *repairer) cheapest(u, task int, extra []float64) {
	k := rp.k
	top, topS := rp.top[u*k:(u+1)*k], rp.topS[u*k:(u+1)*k]
	for h := range top {
		top[h], topS[h] = math.Inf(1), -1
	}
	pref := rp.c.hasPreferred(task)
	for w, word := range rp.fitsOf(u) {
		for ; word != 0; word &= word - 1 {
			s := w*64 + bits.TrailingZeros64(word)
			if cost, ok := rp.costAt(u, task, s, extra, pref); ok {
				pushTop(top, topS, cost, int32(s))
			}
		}
	}
}

// costAt is the cost of pool entry u's (task's) best slot in shift s under
// the objective, jitter included, and false where it fits nowhere there;
// pref says whether the task has preferred drivers (hasPreferred), which
// the callers look up once per task rather than once per shift.
func (rp *repairer) costAt(u, task, s int, extra []float64, pref bool) (float64, bool) {
	c := rp.c
	sl := rp.slots[u*c.ns+s]
	if math.IsInf(sl.cost, 1) || math.IsInf(extra[s], 1) {
		return 0, false
	}
	cost := sl.cost + extra[s] + rp.jitter[u*c.ns+s]
	if pref {
		cost -= c.bonus(task, c.p.Shifts[s].Driver)
	}
	return cost, true
}

// pushTop inserts x, of shift s, into the ascending list top (with its
// shifts in topS), dropping the largest; a cost equal to one listed goes
// after it unless its shift is lower, so that the list is the same in
// whatever order the shifts come.
func pushTop(top []float64, topS []int32, x float64, s int32) {
	h := len(top)
	for h > 0 && (top[h-1] > x || top[h-1] == x && topS[h-1] > s) {
		h--
	}
	if h == len(top) {
		return
	}
	copy(top[h+1:], top[h:len(top)-1])
	copy(topS[h+1:], topS[h:len(topS)-1])
	top[h], topS[h] = x, s
}
