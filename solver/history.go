package solver

// The history removal (Pisinger and Ropke's neighbour graph removal):
// every arc between two stops remembers the lowest objective of any plan
// the search judged that drove it, and the removal takes out the tasks
// whose arcs in the current plan were never part of a good one. The
// other removals choose by the current plan alone (its costs, places and
// times); this one uses what thousands of earlier plans said about which
// stop should follow which, and so finds the tasks that sit in the wrong
// route or at the wrong place of the day (measured: historyFrom).
//
// The arc table has one entry per pair of nodes, so it is kept only where
// the route pool is (the plain sum objective it was measured on) and for
// up to maxHistoryNodes nodes, 8 MB.
const maxHistoryNodes = 1024

// historyFrom is the iteration from which the history removal is drawn:
// before, the table holds too few plans to say much. Measured on the pr
// instances, one core, mean gap of pr05, pr06, pr09 and pr10 at 10 s
// (seeds 1-16) and of all ten at 1 s: without the operator 2.38% and about
// 2.5% (four runs of seeds 1-8: 2.34-2.61%); drawn from the start 2.00%
// and 2.52-2.74%; from iteration 1,000 2.32% (most of the gain lost) and
// 2.53-2.61%; from iteration 250 2.07% and 2.57% (seeds 1-16).
const historyFrom = 250

// startHistory allocates the arc table where the history removal is used;
// the operator joins the draw at iteration historyFrom (step).
func (sr *search) startHistory() {
	c := sr.c
	nn := c.nodeCount()
	sr.weights[removeHistory] = 0
	if sr.routes == nil || nn > maxHistoryNodes {
		return
	}
	sr.arcBest = make([]float64, nn*nn)
	for i := range sr.arcBest {
		sr.arcBest[i] = 1e300
	}
}

// recordArcs lowers the history of every arc of st to obj.
func (sr *search) recordArcs(st *state, obj float64) {
	if sr.arcBest == nil {
		return
	}
	nn := sr.c.nodeCount()
	for s := range st.routes {
		nodes := st.routes[s].nodes
		for k := 1; k < len(nodes); k++ {
			i := int(nodes[k-1])*nn + int(nodes[k])
			sr.arcBest[i] = min(sr.arcBest[i], obj)
		}
	}
}

// history picks the tasks whose arcs into and out of their two stops have
// the worst history, with the random bias of pickBiased.
func (sr *search) history(st *state, cand []int32, q int) []int32 {
	sr.historyKeys(st, cand)
	return sr.pickBiased(q)
}

// historyKeys fills sr.keys with cand and their keys: minus the sum of the
// histories of the four arcs at each task's stops in st, the worst first
// after sorting.
func (sr *search) historyKeys(st *state, cand []int32) {
	c := sr.c
	nn := c.nodeCount()
	for s := range st.routes {
		nodes := st.routes[s].nodes
		for k := 1; k < len(nodes)-1; k++ {
			v := nodes[k]
			sr.times[v] = sr.arcBest[int(nodes[k-1])*nn+int(v)] + sr.arcBest[int(v)*nn+int(nodes[k+1])]
		}
	}
	n := int32(c.n)
	sr.keys = sr.keys[:0]
	for _, task := range cand {
		sr.keys = append(sr.keys, keyed{key: -(sr.times[task] + sr.times[task+n]), task: task})
	}
}
