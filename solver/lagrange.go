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
// c_k - Σ_{u∈k} π_u bounds every plan from below. With the best prices
// found, it drops the columns that cannot be part of a plan cheaper than
// the incumbent and files the rest for dfs. It reports false when no
// cheaper plan can exist.
func (pt *partitioner) lagrange(c *core, cand []int32, target []uint64) bool {
	rp := pt.rp
	k := 0
	for _, sz := range rp.classSize {
		k += int(sz)
	}
	// With prices from an earlier call, a column far above them will not
	// be in a better plan: leaving it out keeps each step fast however
	// big the pool grows.
	if len(rp.price) == c.n && rp.gap > 0 {
		limit := 2 * rp.gap
		keep := cand[:0]
		for _, col := range cand {
			v := rp.cols[col].cost
			forEach(rp.set(col), func(u int) { v -= rp.price[u] })
			if v < limit {
				keep = append(keep, col)
			}
		}
		cand = keep
	}
	// Tasks of each candidate column, flat.
	start := make([]int32, len(cand)+1)
	var flat []int32
	for j, col := range cand {
		forEach(rp.set(col), func(u int) { flat = append(flat, int32(u)) })
		start[j+1] = int32(len(flat))
	}
	var tasks []int32
	for u := 0; u < c.n; u++ {
		if target[u>>6]&(1<<(u&63)) != 0 {
			tasks = append(tasks, int32(u))
		}
	}
	price := rp.price
	step, stall, steps := 0.1, 0, lagrangeWarmSteps
	if len(price) != c.n {
		step, steps = 1, lagrangeSteps
		price = make([]float64, c.n)
		for u := range price {
			price[u] = math.Inf(1)
		}
		for j, col := range cand {
			ratio := rp.cols[col].cost / float64(start[j+1]-start[j])
			for _, u := range flat[start[j]:start[j+1]] {
				price[u] = math.Min(price[u], ratio)
			}
		}
		for u := range price {
			if math.IsInf(price[u], 1) {
				price[u] = 0
			}
		}
	}
	rc := make([]float64, len(cand))
	sel := make([]int32, 0, len(cand))
	cover := make([]int32, c.n)
	bestPrice := slices.Clone(price)
	bestL := math.Inf(-1)
	ub := pt.bestObj
	for range steps {
		var base float64
		for _, u := range tasks {
			base += price[u]
		}
		sel = sel[:0]
		for j, col := range cand {
			v := rp.cols[col].cost
			for _, u := range flat[start[j]:start[j+1]] {
				v -= price[u]
			}
			rc[j] = v
			if v < 0 {
				sel = append(sel, int32(j))
			}
		}
		sel = mostNegative(sel, rc, k)
		l := base
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
		clear(cover)
		for _, j := range sel {
			for _, u := range flat[start[j]:start[j+1]] {
				cover[u]++
			}
		}
		var norm float64
		for _, u := range tasks {
			g := float64(1 - cover[u])
			norm += g * g
		}
		if norm == 0 {
			break // the relaxed solution is a partition
		}
		t := step * (1.02*ub - l) / norm
		for _, u := range tasks {
			price[u] += t * float64(1-cover[u])
		}
	}
	rp.price, rp.gap = bestPrice, ub-bestL
	if bestL >= ub {
		return false
	}
	// Reduced costs at the best prices, the bound terms, and the lists.
	pt.base = 0
	for _, u := range tasks {
		pt.base += bestPrice[u]
	}
	pt.rc = make([]float64, len(rp.cols))
	var negs []float64
	for j, col := range cand {
		v := rp.cols[col].cost
		for _, u := range flat[start[j]:start[j+1]] {
			v -= bestPrice[u]
		}
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
	count := make([]int32, c.n)
	keep := cand[:0]
	for _, col := range cand {
		if pt.base+pt.rc[col]+pt.neg[k-1] < ub {
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
