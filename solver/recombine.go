package solver

// maxRecombine bounds the pairs of routes one recombine tries (all pairs
// up to 16 routes, a random sample beyond), recombineWork the columns the
// branch and bound of one part may look at; groupSize and groupCount are
// the size and number of the random groups of recombineGroups.
const (
	maxRecombine  = 120
	recombineWork = 20_000
	groupSize     = 4
	groupCount    = 30
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
// pr09 and pr10, one core, side by side with the search without it: at
// 3 s (seeds 1-32) 2.357% against 2.538%; at 10 s, on all ten pr
// instances, within the noise (seeds 1-8: 0.728% against 0.730%). On pr10
// at 10 s it ran 71 times in 0.16 s and found 13 cheaper pairs. All 120
// triples of routes at every partitioning step cost ten times as much and
// did worse at 10 s (1.512% against 1.332%, seeds 1-4); a sample of
// larger groups does better (recombineGroups).
func (sr *search) recombine(a *anneal) {
	used := sr.bestRoutes(a)
	pairs := binomial(len(used), 2)
	sel := make([]bool, sr.c.ns)
	var pair [2]int
	for k := range min(pairs, maxRecombine) {
		if pairs > maxRecombine {
			k = sr.rng.IntN(pairs)
		}
		combinationAt(k, len(used), pair[:])
		sel[used[pair[0]]], sel[used[pair[1]]] = true, true
		sr.recombineOn(a, sel)
		sel[used[pair[0]]], sel[used[pair[1]]] = false, false
	}
}

// recombineGroups is recombine on groupCount random groups of groupSize
// routes of the best plan (every group where there are no more than that,
// none where the plan has no more routes than a group), at every
// partitioning step: bigger parts than pairs, where the pool holds what
// no pair can recombine. Measured with the pairs in both, pr05, pr06,
// pr09 and pr10 at 10 s, one core, seeds 1-8: 1.579% against 1.779%;
// again with darp bench --runs 16: 1.425% ± 0.102 against 1.595% ±
// 0.076, a difference of 1.3 standard errors, so a likely but not a
// proven gain by decision 0023. Groups of five did no better than of four
// (1.680% against 1.634%, seeds 1-4).
func (sr *search) recombineGroups(a *anneal) {
	used := sr.bestRoutes(a)
	n := len(used)
	if n <= groupSize {
		return // the whole plan's partitioning covers it
	}
	groups := binomial(n, groupSize)
	sel := make([]bool, sr.c.ns)
	var group [groupSize]int
	for i := range group {
		group[i] = i // where groups are drawn: the first routes after a shuffle
	}
	for k := range min(groups, groupCount) {
		if groups > groupCount {
			sr.rng.Shuffle(n, func(i, j int) { used[i], used[j] = used[j], used[i] })
		} else {
			combinationAt(k, n, group[:])
		}
		for _, x := range group {
			sel[used[x]] = true
		}
		sr.recombineOn(a, sel)
		clear(sel)
	}
}

// bestRoutes lists the shifts with a route in the best plan (of the
// search's part of a split day).
func (sr *search) bestRoutes(a *anneal) []int32 {
	var used []int32
	for s := range a.best.routes {
		if a.best.routes[s].tasks > 0 && sr.inFocus(s) {
			used = append(used, int32(s))
		}
	}
	return used
}

// recombineOn partitions the tasks of the shifts sel of the best plan
// over the pool and makes a cheaper result the best and the current plan.
func (sr *search) recombineOn(a *anneal, sel []bool) {
	c := sr.c
	chosen := sr.routes.partitionWithin(c, a.best, sel, recombineWork, sr.clock, sr.partitionStop())
	if chosen == nil {
		return
	}
	a.work.copyFrom(a.best)
	sr.routes.applyWithin(c, a.work, sel, chosen)
	sr.takeIfBest(a)
}

// combinationAt sets idx to the k-th of the len(idx)-element subsets of
// 0..n-1 in lexicographic order: (0,1), (0,2), ..., (0,n-1), (1,2), ...
// for pairs.
func combinationAt(k, n int, idx []int) {
	x := 0
	for i := range idx {
		for {
			// the subsets that go on with x at place i
			with := binomial(n-x-1, len(idx)-i-1)
			if k < with {
				break
			}
			k -= with
			x++
		}
		idx[i] = x
		x++
	}
}

// binomial is n choose k, 0 where k > n.
func binomial(n, k int) int {
	if k < 0 || k > n {
		return 0
	}
	b := 1
	for i := range k {
		b = b * (n - i) / (i + 1)
	}
	return b
}
