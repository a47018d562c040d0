package solver

import (
	"cmp"
	"math"
	"slices"
)

// slot is where a task goes into a route: its pickup after position i and
// its drop-off after position j of the current sequence (j >= i), and what
// that costs. cost is +Inf when the task fits nowhere.
type slot struct {
	cost float64
	i, j int32
}

var noSlot = slot{cost: math.Inf(1)}

// scratch holds the buffers of insertion tests, so that testing a
// candidate allocates nothing.
type scratch struct {
	seq     []int32
	b       []float64
	pickPos []int32
	cands   []slot
	onRoute []bool // per task, for priceRoutes
}

func newScratch(c *core) *scratch {
	return &scratch{pickPos: make([]int32, c.n), onRoute: make([]bool, c.n)}
}

// bestSlot finds the cheapest feasible insertion of task into route r of
// shift s. It first enumerates every pickup and drop-off position pair with
// constant-time necessary conditions (capacity, time windows against the
// earliest and latest starts, the ride time along the path), which removes
// infeasible arcs and most candidates; then it checks the survivors exactly,
// cheapest first, and stops at the first that holds.
func (c *core) bestSlot(r *route, s, task int, w *scratch) slot {
	return c.bestSlotBelow(r, s, task, w, math.Inf(1))
}

// bestSlotBelow is bestSlot among the insertions that cost less than
// limit: the relocation of the polish asks only for moves that beat the
// task's removal gain, and so skips the exact checks of all others.
func (c *core) bestSlotBelow(r *route, s, task int, w *scratch, limit float64) slot {
	if !c.listCandidates(r, s, task, w, limit) {
		return noSlot
	}
	return c.firstFit(r, s, task, w)
}

// slotWithout is bestSlotBelow for task in route r of shift s with task v
// taken out, a route built in tmp. The exact schedule of that route, which
// the exact checks start from, is computed only when a candidate passes
// the constant-time tests: the ejection tries every task of a route in
// turn, and on a day of 300 requests 97% of those tries have none.
func (c *core) slotWithout(r *route, s int, v int32, task int, limit float64, tmp *route, w *scratch) slot {
	tmp.nodes = appendWithout(tmp.nodes[:0], r.nodes, v, v+int32(c.n))
	c.refreshWindows(tmp)
	if !c.listCandidates(tmp, s, task, w, limit) {
		return noSlot
	}
	// Without v the route may have no schedule only where travel times
	// break the triangle inequality; then v cannot leave (see unplace).
	c.refreshSchedule(tmp)
	if !tmp.sched {
		return noSlot
	}
	return c.firstFit(tmp, s, task, w)
}

// listCandidates sets w.cands to the insertions of task into route r of
// shift s that pass the constant-time tests and cost less than limit
// (without the empty route's fixed arc, see emptyCostFix), and reports
// whether there are any.
func (c *core) listCandidates(r *route, s, task int, w *scratch, limit float64) bool {
	fix := c.emptyCostFix(r)
	w.cands = c.candidates(r, s, task, w.cands[:0], limit-fix)
	if limit < math.Inf(1) {
		keep := w.cands[:0]
		for _, cd := range w.cands {
			if cd.cost+fix < limit {
				keep = append(keep, cd)
			}
		}
		w.cands = keep
	}
	return len(w.cands) > 0
}

// firstFit checks the candidates of listCandidates exactly, cheapest
// first, and returns the first that holds, with the empty route's fixed
// arc added to its cost.
func (c *core) firstFit(r *route, s, task int, w *scratch) slot {
	fix := c.emptyCostFix(r)
	// The cheapest candidate nearly always holds: try it before sorting.
	first := 0
	for k, cd := range w.cands {
		if cd.cost < w.cands[first].cost {
			first = k
		}
	}
	if cd := w.cands[first]; c.fits(r, s, task, cd, w) {
		cd.cost += fix
		return cd
	}
	w.cands[first] = w.cands[len(w.cands)-1]
	w.cands = w.cands[:len(w.cands)-1]
	slices.SortFunc(w.cands, func(a, b slot) int { return cmp.Compare(a.cost, b.cost) })
	for _, cd := range w.cands {
		if c.fits(r, s, task, cd, w) {
			cd.cost += fix
			return cd
		}
	}
	return noSlot
}

// fits checks one candidate exactly: quickFits where it can decide, the
// full schedule otherwise.
func (c *core) fits(r *route, s, task int, cd slot, w *scratch) bool {
	q := c.quickFits(r, s, task, cd, w)
	switch q {
	case quickYes:
		return true
	case quickNo:
		return false
	}
	w.seq = spliceTask(w.seq[:0], r.nodes, cd.i, cd.j, int32(task), int32(task+c.n))
	if q == quickSettle {
		return c.settle(w.seq, s, w.b[:len(w.seq)], w.pickPos)
	}
	if cap(w.b) < len(w.seq) {
		w.b = make([]float64, 2*len(w.seq))
	}
	return c.schedule(w.seq, s, w.b[:len(w.seq)], w.pickPos)
}

// spliceTask appends to dst the sequence nodes with pickup p after position i
// and drop-off d after position j.
func spliceTask(dst, nodes []int32, i, j, p, d int32) []int32 {
	dst = append(dst, nodes[:i+1]...)
	dst = append(dst, p)
	dst = append(dst, nodes[i+1:j+1]...)
	dst = append(dst, d)
	return append(dst, nodes[j+1:]...)
}

// candidates lists the position pairs that pass the constant-time tests.
// Where costs keep the triangle inequality, no detour is negative, so a
// pickup position whose detour alone reaches limit is skipped whole.
func (c *core) candidates(r *route, s, task int, out []slot, limit float64) []slot {
	p, d := int32(task), int32(task+c.n)
	nodes, e, z, ld := r.nodes, r.e, r.z, r.ld
	m := len(nodes)
	room := int32(c.p.Shifts[s].Capacity) - c.dem[p]
	maxRide := c.maxRide[task]
	// Locals, not fields of c, in the search's hottest loop (7.5% fewer
	// instructions on pr10): the compiler would reload the fields.
	open, svc, loc, tm, cm, nl := c.open, c.svc, c.loc, c.tm, c.cm, c.nl
	sp, sd, openP, closeP, openD, closeD := svc[p], svc[d], open[p], c.close[p], open[d], c.close[d]
	lp, lq := int(loc[p]), int(loc[d])
	rowP, rowD := lp*nl, lq*nl
	tpd, cpd := tm[rowP+lq], cm[rowP+lq]
	// z never decreases along a route, and the stop after the pickup starts
	// after the pickup's service: skip the positions that end too early.
	from := firstAtLeast(z[1:], openP+sp)
	for i := from; i < m-1; i++ {
		if ld[i] > room {
			continue
		}
		a, next := nodes[i], nodes[i+1]
		rowA, ln := int(loc[a])*nl, int(loc[next])
		bp := max(openP, e[i]+svc[a]+tm[rowA+lp])
		if bp > closeP {
			break // later positions start even later
		}
		costP := cm[rowA+lp] - cm[rowA+ln]
		if c.costMetric && costP+cm[rowP+ln] >= limit {
			continue
		}
		// drop-off right after the pickup
		if bd := max(openD, bp+sp+tpd); bd <= closeD && bd+sd+tm[rowD+ln] <= z[i+1] {
			out = append(out, slot{cost: costP + cpd + cm[rowD+ln], i: int32(i), j: int32(i)})
		}
		ek := max(open[next], bp+sp+tm[rowP+ln])
		if i+1 == m-1 || ek > z[i+1] {
			continue
		}
		costP += cm[rowP+ln]
		ride := tm[rowP+ln]
		for j := i + 1; j < m-1; j++ {
			if ld[j] > room {
				break
			}
			nj, nn := nodes[j], nodes[j+1]
			rowJ, lnn := int(loc[nj])*nl, int(loc[nn])
			toD := svc[nj] + tm[rowJ+lq]
			if ride+toD > maxRide {
				break
			}
			bd := max(openD, ek+toD)
			if bd <= closeD && bd+sd+tm[rowD+lnn] <= z[j+1] {
				out = append(out, slot{cost: costP + cm[rowJ+lq] + cm[rowD+lnn] - cm[rowJ+lnn], i: int32(i), j: int32(j)})
			}
			step := svc[nj] + tm[rowJ+lnn]
			ek = max(open[nn], ek+step)
			if ek > z[j+1] {
				break
			}
			ride += step
		}
	}
	return out
}

// firstAtLeast is the first index of the ascending a whose value is at
// least x, or len(a): slices.BinarySearch without its ordering of NaNs,
// which made it 6% of a day's search.
func firstAtLeast(a []float64, x float64) int {
	lo, hi := 0, len(a)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if a[h] < x {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// insert applies a slot to route r and refreshes its cached data.
func (c *core) insert(r *route, task int, sl slot, w *scratch) {
	w.seq = spliceTask(w.seq[:0], r.nodes, sl.i, sl.j, int32(task), int32(task+c.n))
	r.nodes = append(r.nodes[:0], w.seq...)
	c.refresh(r)
}

// Answers of quickFits.
const (
	quickUnsure = iota
	quickYes
	quickNo
	quickSettle // as quickUnsure, with w.b a lower bound to settle from
)

// quickFits decides most insertion tests from the route's exact earliest
// schedule r.b, in time proportional to the stops the insertion moves. It
// starts every old stop at its time in r.b, which with travel times that
// keep the triangle inequality is a lower bound of its earliest time after
// the insertion, and pushes forward from the pickup until the times join r.b
// again. If no window closes and no ride time or duty time is exceeded, the
// times found are a feasible schedule (quickYes, whatever the travel times).
// A window overrun proves infeasibility only when the bound holds (quickNo);
// a ride or duty overrun may be cured by starting earlier stops later, which
// settle decides from the times found if they are a lower bound
// (quickSettle), the full schedule otherwise (quickUnsure).
func (c *core) quickFits(r *route, s, task int, cd slot, w *scratch) int {
	if !r.sched {
		return quickUnsure
	}
	m := len(r.nodes)
	if cap(w.b) < m+2 {
		w.b = make([]float64, 2*(m+2))
	}
	b := w.b[:m+2]
	i, j := int(cd.i), int(cd.j)
	fail, unsure := quickUnsure, quickUnsure
	if c.metric {
		fail, unsure = quickNo, quickSettle
	}
	pd, ok := c.pushHead(r, task, i, j, b)
	if !ok {
		return fail
	}
	last, ok := c.pushTail(r, task, j, b)
	if !ok {
		return fail
	}
	// Past here b is complete: with the triangle inequality a lower bound
	// of the earliest schedule, from which settle can go on.
	if b[i+1] < pd-c.svc[task]-c.maxRide[task]-rideSlack || !c.movedRidesKept(r, i, j, last, b) {
		return unsure
	}
	if last == m-1 {
		if maxDur := c.p.Shifts[s].MaxDuration; maxDur > 0 && b[0] < b[m+1]-maxDur-rideSlack {
			return unsure
		}
	}
	return quickYes
}

// pushHead fills b, the times of route r with task's pickup after position
// i and drop-off after j, up to the drop-off: the stops up to i keep their
// times in r.b, the pickup and old stops i+1..j are pushed forward until
// they join r.b again. It returns the drop-off's time, or false when a
// window closes on the way.
func (c *core) pushHead(r *route, task, i, j int, b []float64) (float64, bool) {
	nodes, rb := r.nodes, r.b
	p, d := int32(task), int32(task+c.n)
	copy(b[:i+1], rb[:i+1])
	prev, at := nodes[i], rb[i]
	at = max(c.open[p], at+c.svc[prev]+c.t(prev, p))
	if at > c.close[p] {
		return 0, false
	}
	b[i+1] = at
	prev = p
	// old stops i+1..j, one place later
	for k := i + 1; k <= j; k++ {
		cur := nodes[k]
		at = max(rb[k], at+c.svc[prev]+c.t(prev, cur))
		if at > c.close[cur] {
			return 0, false
		}
		b[k+1] = at
		prev = cur
		if at == rb[k] {
			copy(b[k+2:j+2], rb[k+1:j+1])
			prev, at = nodes[j], rb[j]
			break
		}
	}
	at = max(c.open[d], at+c.svc[prev]+c.t(prev, d))
	if at > c.close[d] {
		return 0, false
	}
	b[j+2] = at
	return at, true
}

// pushTail goes on from pushHead: the old stops after j, two places later,
// are pushed forward from the drop-off until they join r.b, and the rest
// is copied. It returns the last old position that moved, or false when a
// window closes.
func (c *core) pushTail(r *route, task, j int, b []float64) (int, bool) {
	nodes, rb := r.nodes, r.b
	m := len(nodes)
	prev, at := int32(task+c.n), b[j+2]
	last := m - 1
	for k := j + 1; k < m; k++ {
		cur := nodes[k]
		at = max(rb[k], at+c.svc[prev]+c.t(prev, cur))
		if at > c.close[cur] {
			return 0, false
		}
		b[k+2] = at
		prev = cur
		if at == rb[k] {
			last = k - 1
			copy(b[k+3:], rb[k+1:])
			break
		}
	}
	return last, true
}

// movedRidesKept reports whether every drop-off of route r at old positions
// i+1..last, whose times in b moved, keeps its ride time.
func (c *core) movedRidesKept(r *route, i, j, last int, b []float64) bool {
	for k := i + 1; k <= last; k++ {
		q := r.pp[k]
		if q < 0 {
			continue
		}
		nk := k + 1
		if k > j {
			nk = k + 2
		}
		nq := int(q)
		if nq > j {
			nq += 2
		} else if nq > i {
			nq++
		}
		t := r.nodes[k] - int32(c.n)
		if b[nq] < b[nk]-c.svc[t]-c.maxRide[t]-rideSlack {
			return false
		}
	}
	return true
}
