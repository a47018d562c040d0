package solver

// maxRecombine bounds the pairs of routes one recombine tries (all pairs
// up to 16 routes, a random sample beyond), recombineWork the columns the
// branch and bound of one pair may look at.
const (
	maxRecombine  = 120
	recombineWork = 20_000
)

// recombine looks for a cheaper way to serve the tasks of every two routes
// of the best plan with routes from the pool: a set partitioning of only
// those tasks (partitionWithin), over the pooled routes that serve nothing
// else, which the branch and bound solves in well under a millisecond
// where the whole plan's partitioning, on the benchmark's biggest
// instances, never proved or improved anything (its Lagrangian bound stayed
// 1.5-5% below the plan, so nothing was pruned). A cheaper pair becomes
// the best and the current plan.
//
// It runs after every iteration that finds a new best and at every
// partitioning step, when the pool has grown. Measured on pr05, pr06,
// pr09 and pr10, one core: at 3 s (seeds 1-16) 2.258% against 2.401%, at
// 10 s (seeds 1-8) 1.383% against 1.588%; on pr10 at 10 s it ran 71 times
// in 0.16 s and found 13 cheaper pairs. Triples of routes cost ten times as
// much and did worse at 10 s (1.512% against 1.332%, seeds 1-4).
func (sr *search) recombine(a *anneal) {
	c := sr.c
	var used []int32
	for s := range a.best.routes {
		if a.best.routes[s].tasks > 0 && sr.inFocus(s) {
			used = append(used, int32(s))
		}
	}
	pairs := len(used) * (len(used) - 1) / 2
	sel := make([]bool, c.ns)
	for k := range min(pairs, maxRecombine) {
		if pairs > maxRecombine {
			k = sr.rng.IntN(pairs)
		}
		x, y := pairAt(k, len(used))
		sel[used[x]], sel[used[y]] = true, true
		chosen := sr.routes.partitionWithin(c, a.best, sel, recombineWork, sr.clock, sr.partitionStop())
		if chosen != nil {
			a.work.copyFrom(a.best)
			sr.routes.applyWithin(c, a.work, sel, chosen)
			if obj := c.objective(a.work); obj < a.bestObj-1e-9 {
				a.best.copyFrom(a.work)
				a.cur.copyFrom(a.work)
				a.bestObj, a.curObj, a.lastBest = obj, obj, sr.iter
			}
		}
		sel[used[x]], sel[used[y]] = false, false
	}
}

// pairAt is the k-th of the n(n-1)/2 pairs x < y of 0..n-1, in the order
// (0,1), (0,2), ..., (0,n-1), (1,2), ...
func pairAt(k, n int) (x, y int) {
	for k >= n-1-x {
		k -= n - 1 - x
		x++
	}
	return x, x + 1 + k
}
