package solver

import (
	"cmp"
	"math"
	"slices"
)

// Subgradient steps of the first call and of later ones, which start from
// the prices of the call before and so need fewer.
const (
	lagrangeSteps     = 200
	lagrangeWarmSteps = 60
)

// lagrange prices the tasks by subgradient optimisation of the Lagrangian
// relaxation of the partitioning constraints, keeping the limit on the
// number of routes: for prices π, Σπ plus the K most negative reduced costs
// c_k - Σ_{u∈k} π_u bounds every plan from below. A partitioning of the
// whole plan starts from the pool's last prices and keeps its own for the
// next one and the pricing; one of a part (partitionWithin) starts afresh
// and keeps nothing, since a part's prices are not the plan's. With the
// best prices found, it drops the columns that cannot be part of a plan
// cheaper than the incumbent and files the rest for dfs. It reports false
// when no cheaper plan can exist.
func (pt *partitioner) lagrange(c *core, cand []int32, target []uint64) bool {
	rp := pt.rp
	k := 0
	for cl, sz := range rp.classSize {
		k += int(sz - pt.used[cl])
	}
	if pt.whole {
		cand = rp.dropDear(c, cand)
	}
	lc := flatten(rp, cand)
	tasks := targetTasks(c, target)
	bestPrice, bestL := pt.subgradient(c, lc, tasks, k)
	if pt.whole {
		rp.price, rp.gap = bestPrice, pt.bestObj-bestL
	}
	if bestL >= pt.bestObj {
		return false
	}
	pt.bound(lc, tasks, bestPrice, k)
	return pt.file(c, lc.cand, tasks, k)
}

// lagCols is the candidate columns of one partitioning with their tasks
// flat: column j of cand serves flat[start[j]:start[j+1]].
type lagCols struct {
	cand        []int32
	start, flat []int32
}

// tasksOf returns the tasks of candidate j.
func (lc *lagCols) tasksOf(j int) []int32 { return lc.flat[lc.start[j]:lc.start[j+1]] }

// reducedAt is the reduced cost of candidate j under price.
func (lc *lagCols) reducedAt(rp *routePool, j int, price []float64) float64 {
	v := rp.cols[lc.cand[j]].cost
	for _, u := range lc.tasksOf(j) {
		v -= price[u]
	}
	return v
}

// flatten lists the tasks of every candidate column.
func flatten(rp *routePool, cand []int32) *lagCols {
	lc := &lagCols{cand: cand, start: make([]int32, len(cand)+1)}
	for j, col := range cand {
		forEach(rp.set(col), func(u int) { lc.flat = append(lc.flat, int32(u)) })
		lc.start[j+1] = int32(len(lc.flat))
	}
	return lc
}

// dropDear leaves out of cand, given prices from an earlier call, the
// columns far above them, which will not be in a better plan: that keeps
// each step fast however big the pool grows.
func (rp *routePool) dropDear(c *core, cand []int32) []int32 {
	if len(rp.price) != c.n || rp.gap <= 0 {
		return cand
	}
	limit := 2 * rp.gap
	keep := cand[:0]
	for _, col := range cand {
		v := rp.cols[col].cost
		forEach(rp.set(col), func(u int) { v -= rp.price[u] })
		if v < limit {
			keep = append(keep, col)
		}
	}
	return keep
}

// targetTasks lists the tasks in the bit set target.
func targetTasks(c *core, target []uint64) []int32 {
	var tasks []int32
	for u := 0; u < c.n; u++ {
		if target[u>>6]&(1<<(u&63)) != 0 {
			tasks = append(tasks, int32(u))
		}
	}
	return tasks
}

// startPrices returns the prices to start the subgradient from with its
// first step size and number of steps: with warm, the last whole
// partitioning's prices if there are any, else each task's cheapest cost
// per task of a column serving it.
func (rp *routePool) startPrices(c *core, lc *lagCols, warm bool) (price []float64, step float64, steps int) {
	if warm && len(rp.price) == c.n {
		return rp.price, 0.1, lagrangeWarmSteps
	}
	price = make([]float64, c.n)
	for u := range price {
		price[u] = math.Inf(1)
	}
	for j, col := range lc.cand {
		ratio := rp.cols[col].cost / float64(lc.start[j+1]-lc.start[j])
		for _, u := range lc.tasksOf(j) {
			price[u] = math.Min(price[u], ratio)
		}
	}
	for u := range price {
		if math.IsInf(price[u], 1) {
			price[u] = 0
		}
	}
	return price, 1, lagrangeSteps
}

// subgradient runs the subgradient steps towards the best Lagrangian bound
// with at most k routes and returns the best prices and their bound. It
// stops early when the bound reaches the incumbent, the step has shrunk
// to nothing or the relaxed solution is a partition.
func (pt *partitioner) subgradient(c *core, lc *lagCols, tasks []int32, k int) ([]float64, float64) {
	price, step, steps := pt.rp.startPrices(c, lc, pt.whole)
	rc := make([]float64, len(lc.cand))
	sel := make([]int32, 0, len(lc.cand))
	cover := make([]int32, c.n)
	bestPrice := slices.Clone(price)
	bestL, stall := math.Inf(-1), 0
	ub := pt.bestObj
	for range steps {
		l := sumPrices(price, tasks)
		sel = sel[:0]
		for j := range lc.cand {
			rc[j] = lc.reducedAt(pt.rp, j, price)
			if rc[j] < 0 {
				sel = append(sel, int32(j))
			}
		}
		sel = mostNegative(sel, rc, k)
		for _, j := range sel {
			l += rc[j]
		}
		if l > bestL+1e-9 {
			bestL, stall = l, 0
			copy(bestPrice, price)
		} else if stall++; stall >= 10 {
			step, stall = step/2, 0
		}
		if bestL >= ub || step < 1e-4 {
			break
		}
		if !lc.stepPrices(price, tasks, sel, cover, step*(1.02*ub-l)) {
			break // the relaxed solution is a partition
		}
	}
	return bestPrice, bestL
}

// sumPrices is the sum of the prices of tasks.
func sumPrices(price []float64, tasks []int32) float64 {
	var base float64
	for _, u := range tasks {
		base += price[u]
	}
	return base
}

// stepPrices moves the prices along the subgradient 1 - cover of the
// selected columns sel, by scale over its squared norm; cover is scratch.
// It reports false when the subgradient is zero: sel is a partition.
func (lc *lagCols) stepPrices(price []float64, tasks, sel, cover []int32, scale float64) bool {
	clear(cover)
	for _, j := range sel {
		for _, u := range lc.tasksOf(int(j)) {
			cover[u]++
		}
	}
	var norm float64
	for _, u := range tasks {
		g := float64(1 - cover[u])
		norm += g * g
	}
	if norm == 0 {
		return false
	}
	t := scale / norm
	for _, u := range tasks {
		price[u] += t * float64(1-cover[u])
	}
	return true
}

// bound sets the terms of dfs's lower bound at the prices price: their sum
// over tasks, every candidate's reduced cost, and the sums of the j most
// negative reduced costs for j up to k.
func (pt *partitioner) bound(lc *lagCols, tasks []int32, price []float64, k int) {
	rp := pt.rp
	pt.base = sumPrices(price, tasks)
	pt.rc = make([]float64, len(rp.cols))
	var negs []float64
	for j, col := range lc.cand {
		v := lc.reducedAt(rp, j, price)
		pt.rc[col] = v
		if v < 0 {
			negs = append(negs, v)
		}
	}
	slices.Sort(negs)
	pt.neg = make([]float64, k+1)
	for j := 1; j <= k; j++ {
		pt.neg[j] = pt.neg[j-1]
		if j-1 < len(negs) {
			pt.neg[j] += negs[j-1]
		}
	}
}

// file keeps the candidates that can be part of a plan cheaper than the
// incumbent, orders the tasks by how few kept columns serve them, and
// files each column under its first task in that order, by ascending
// reduced cost. It reports false when some task has no column left.
func (pt *partitioner) file(c *core, cand, tasks []int32, k int) bool {
	rp := pt.rp
	count := make([]int32, c.n)
	keep := cand[:0]
	for _, col := range cand {
		if pt.base+pt.rc[col]+pt.neg[k-1] < pt.bestObj {
			keep = append(keep, col)
			forEach(rp.set(col), func(u int) { count[u]++ })
		}
	}
	for _, u := range tasks {
		if count[u] == 0 {
			return false
		}
	}
	slices.SortStableFunc(tasks, func(a, b int32) int { return cmp.Compare(count[a], count[b]) })
	pt.order = tasks
	pt.rank = make([]int32, c.n)
	for r, u := range tasks {
		pt.rank[u] = int32(r)
	}
	pt.lists = make([][]int32, len(tasks))
	for _, col := range keep {
		first := int32(len(tasks))
		forEach(rp.set(col), func(u int) { first = min(first, pt.rank[u]) })
		pt.lists[first] = append(pt.lists[first], col)
	}
	for _, l := range pt.lists {
		slices.SortFunc(l, func(a, b int32) int { return cmp.Compare(pt.rc[a], pt.rc[b]) })
	}
	return true
}

// mostNegative keeps the k entries of sel with the smallest rc, in any
// order.
func mostNegative(sel []int32, rc []float64, k int) []int32 {
	if len(sel) <= k {
		return sel
	}
	if k > 32 {
		slices.SortFunc(sel, func(a, b int32) int { return cmp.Compare(rc[a], rc[b]) })
		return sel[:k]
	}
	// insertion into the first k, which stay sorted ascending
	head := sel[:k]
	slices.SortFunc(head, func(a, b int32) int { return cmp.Compare(rc[a], rc[b]) })
	for _, j := range sel[k:] {
		if rc[j] >= rc[head[k-1]] {
			continue
		}
		h := k - 1
		for h > 0 && rc[head[h-1]] > rc[j] {
			head[h] = head[h-1]
			h--
		}
		head[h] = j
	}
	return head
}
