package solver

import (
	"math/bits"
	"time"
)

// partitioner solves the set partitioning problem over the route pool: pick
// routes that serve every task of the best plan exactly once, at most as
// many per class as it has shifts, at the least total cost. The search
// meets good routes in many different plans; this step combines the best
// of them, which no removal and reinsertion of a few tasks would find
// (state-of-the-art DARP heuristics solve the same problem with a MIP
// solver; this is a small pure-Go substitute).
//
// Lagrangian prices of the tasks (see lagrange) give every route a reduced
// cost and every partial plan a lower bound: the prices of all tasks plus
// the reduced costs of its routes plus the most negative reduced costs of
// the routes it may still add. Routes that cannot be in a cheaper plan are
// dropped up front. A depth-first search branches on the first open task
// in an order of the fewest routes first, over the routes whose first task
// that is, by ascending reduced cost, so that a branch stops at the first
// route that cannot improve; it first tries only the two best routes at
// every branch, then four and so on (limited discrepancy), so that a
// bounded search looks where the prices point.
type partitioner struct {
	rp      *routePool
	rc      []float64 // per column: reduced cost
	order   []int32   // tasks, fewest columns first
	lists   [][]int32 // per rank: columns whose first task in order has that rank
	rank    []int32   // per task: position in order
	covered []uint64
	used    []int32 // per class
	path    []int32
	base    float64   // sum of the prices of all tasks
	neg     []float64 // neg[j]: sum of the j most negative reduced costs
	best    []int32
	bestObj float64
	work    int
	clock   func() time.Duration
	stop    time.Duration // zero, or the clock's reading when the search must give up
	width   int           // children tried per node
	cut     bool          // whether the width left children out
	whole   bool          // the whole plan, not a part (see lagrange)
}

// partition returns a cheaper set of columns covering exactly the tasks
// assigned in st, or nil. work bounds the number of columns the branch and
// bound may look at, and a non-zero stop the reading of clock at which it
// must give up.
func (rp *routePool) partition(c *core, st *state, work int, clock func() time.Duration, stop time.Duration) []int32 {
	return rp.partitionWithin(c, st, nil, work, clock, stop)
}

// partitionWithin is partition for the tasks on the shifts sel of st (all
// shifts when sel is nil): the routes of the other shifts stay, and the
// chosen columns may use the selected shifts and the empty ones.
func (rp *routePool) partitionWithin(c *core, st *state, sel []bool, work int, clock func() time.Duration, stop time.Duration) []int32 {
	if len(rp.cols) == 0 {
		return nil
	}
	w := rp.words
	target := make([]uint64, w)
	for i, s := range st.where {
		if s >= 0 && (sel == nil || sel[s]) {
			target[i>>6] |= 1 << (i & 63)
		}
	}
	pt := &partitioner{rp: rp, covered: make([]uint64, w), used: make([]int32, len(rp.classSize)),
		work: work, clock: clock, stop: stop, whole: sel == nil}
	incumbent := 0.0
	for s := range st.routes {
		switch {
		case sel == nil || sel[s]:
			incumbent += st.routes[s].cost
		case st.routes[s].tasks > 0:
			pt.used[rp.classOf[s]]++
		}
	}
	pt.bestObj = incumbent - 1e-6
	var cand []int32
	for k := range rp.cols {
		if pt.used[rp.cols[k].class] >= rp.classSize[rp.cols[k].class] {
			continue
		}
		set := rp.set(int32(k))
		inside := true
		for i := range set {
			if set[i]&^target[i] != 0 {
				inside = false
				break
			}
		}
		if inside {
			cand = append(cand, int32(k))
		}
	}
	if !pt.lagrange(c, cand, target) {
		return nil
	}
	// Limited discrepancy: first try only the few best routes at every
	// branch, then widen, so that a bounded search looks where the prices
	// point rather than deep into the first branch.
	for pt.width = 2; pt.work > 0; pt.width *= 2 {
		pt.cut = false
		pt.dfs(0, 0, 0, 0)
		if !pt.cut {
			break // the search was complete
		}
	}
	return pt.best
}

// dfs extends the partial plan in pt.path of depth columns with reduced
// costs rcSum, which cover every task of rank below from.
func (pt *partitioner) dfs(from, depth int, cost, rcSum float64) {
	r := pt.firstUncovered(from)
	if r == len(pt.order) {
		if cost < pt.bestObj {
			pt.bestObj = cost
			pt.best = append(pt.best[:0], pt.path...)
		}
		return
	}
	left := len(pt.neg) - 1 - depth
	if left <= 0 {
		return
	}
	tried := 0
	for _, k := range pt.lists[r] {
		if tried == pt.width {
			pt.cut = true // (only read while work is left)
			return
		}
		if !pt.spend() {
			return
		}
		rc := pt.rc[k]
		if pt.base+rcSum+rc+pt.neg[left-1] >= pt.bestObj {
			return // the list is sorted by reduced cost
		}
		if !pt.fits(k) {
			continue
		}
		tried++
		pt.take(k, 1)
		pt.path = append(pt.path, k)
		pt.dfs(r+1, depth+1, cost+pt.rp.cols[k].cost, rcSum+rc)
		pt.path = pt.path[:len(pt.path)-1]
		pt.take(k, -1)
	}
}

// firstUncovered is the rank of the first task from rank from on that no
// column of the partial plan covers, or len(pt.order) when all are.
func (pt *partitioner) firstUncovered(from int) int {
	r := from
	for r < len(pt.order) {
		u := pt.order[r]
		if pt.covered[u>>6]&(1<<(u&63)) == 0 {
			break
		}
		r++
	}
	return r
}

// spend takes one unit of the search's work and reports whether there
// was one left and the clock still allows it.
func (pt *partitioner) spend() bool {
	if pt.work <= 0 {
		return false
	}
	if pt.work&4095 == 0 && pt.stop != 0 && pt.clock() > pt.stop {
		pt.work = 0
		return false
	}
	pt.work--
	return true
}

// fits reports whether column k can join the partial plan: a vehicle of
// its class is left and it covers no task the plan covers.
func (pt *partitioner) fits(k int32) bool {
	rp := pt.rp
	col := &rp.cols[k]
	if pt.used[col.class] >= rp.classSize[col.class] {
		return false
	}
	for i, x := range rp.set(k) {
		if pt.covered[i]&x != 0 {
			return false
		}
	}
	return true
}

// take adds column k to the coverage and its class's count (sign 1) or
// takes it out again (sign -1).
func (pt *partitioner) take(k int32, sign int32) {
	rp := pt.rp
	pt.used[rp.cols[k].class] += sign
	for i, x := range rp.set(k) {
		if sign > 0 {
			pt.covered[i] |= x
		} else {
			pt.covered[i] &^= x
		}
	}
}

// forEach calls f with every element of the bit set.
func forEach(set []uint64, f func(int)) {
	for i, x := range set {
		for x != 0 {
			b := bits.TrailingZeros64(x)
			f(i*64 + b)
			x &= x - 1
		}
	}
}

// apply rebuilds st from the chosen columns: each goes to a shift of its
// class, the other shifts stay empty.
func (rp *routePool) apply(c *core, st *state, chosen []int32) {
	rp.applyWithin(c, st, nil, chosen)
}

// applyWithin is apply for a partitionWithin of the shifts sel (all when
// nil): their routes are replaced by the chosen columns, which go to the
// selected or empty shifts of their classes.
func (rp *routePool) applyWithin(c *core, st *state, sel []bool, chosen []int32) {
	free := make([]bool, c.ns)
	for s := range st.routes {
		r := &st.routes[s]
		if sel != nil && !sel[s] && r.tasks > 0 {
			continue
		}
		free[s] = true
		for _, v := range r.nodes {
			if v < int32(c.n) {
				st.where[v] = -1
				st.extra[c.p.Shifts[s].Driver]--
			}
		}
		r.nodes = append(r.nodes[:0], int32(2*c.n+2*s), int32(2*c.n+2*s+1))
		c.refresh(r)
	}
	for _, k := range chosen {
		col := rp.cols[k]
		s := 0
		for !free[s] || rp.classOf[s] != col.class {
			s++
		}
		free[s] = false
		r := &st.routes[s]
		r.nodes = rp.order(c, k, s, r.nodes[:0])
		for _, v := range r.nodes {
			if v < int32(c.n) {
				st.where[v] = int32(s)
				st.extra[c.p.Shifts[s].Driver]++
			}
		}
		c.refresh(r)
	}
}
