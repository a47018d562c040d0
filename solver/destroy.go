package solver

import (
	"cmp"
	"math"
	"slices"
)

// The removal operators of the search. Each takes up to q tasks out of the
// state and returns them. Pinned tasks may be taken out too: the repair can
// only put them back on their own driver's shifts (see classify), so this
// lets the search re-order a driver's confirmed stops to make room, and a
// state that loses one costs so much that it is never accepted.
const (
	removeRandom = iota
	removeWorst
	removeShaw
	removeRoute
	removeHistory
	numRemovals
)

// movable lists the assigned tasks (of the search's part of a split day).
func (sr *search) movable(st *state) []int32 {
	sr.tasks = sr.tasks[:0]
	for i, s := range st.where {
		if s >= 0 && sr.inFocus(int(s)) {
			sr.tasks = append(sr.tasks, int32(i))
		}
	}
	return sr.tasks
}

// destroy applies removal operator op and returns the removed tasks.
func (sr *search) destroy(st *state, op, q int) []int32 {
	cand := sr.movable(st)
	sr.removed = sr.removed[:0]
	if len(cand) == 0 {
		return sr.removed
	}
	q = min(q, len(cand))
	switch op {
	case removeRandom:
		sr.rng.Shuffle(len(cand), func(a, b int) { cand[a], cand[b] = cand[b], cand[a] })
		cand = cand[:q]
	case removeWorst:
		cand = sr.worst(st, cand, q)
	case removeShaw:
		cand = sr.shaw(st, cand, q)
	case removeRoute:
		cand = sr.route(st, cand)
	case removeHistory:
		cand = sr.history(st, cand, q)
	}
	for _, task := range cand {
		if sr.c.unplace(st, int(task), sr.w) {
			sr.removed = append(sr.removed, task)
		}
	}
	return sr.removed
}

// worst picks tasks whose removal saves the most travel, with a random bias
// (Ropke and Pisinger's y^p rule) so that repeated calls differ.
func (sr *search) worst(st *state, cand []int32, q int) []int32 {
	sr.keys = sr.keys[:0]
	for _, task := range cand {
		sr.keys = append(sr.keys, keyed{key: -sr.c.removalGain(st, int(task)), task: task})
	}
	return sr.pickBiased(q)
}

// shaw picks tasks related to a random seed task: close in space at both
// ends and close in time, so that the repair can exchange them between
// routes (Shaw 1998).
func (sr *search) shaw(st *state, cand []int32, q int) []int32 {
	sr.relatedKeys(st, cand, cand[sr.rng.IntN(len(cand))])
	return sr.pickBiased(q)
}

// relatedKeys sets sr.keys to the tasks of cand keyed by their Shaw
// relatedness to seed, smaller for more related.
func (sr *search) relatedKeys(st *state, cand []int32, seed int32) {
	c := sr.c
	sr.stamp(st)
	n := int32(c.n)
	sr.keys = sr.keys[:0]
	for _, task := range cand {
		rel := (c.t(seed, task)+c.t(seed+n, task+n))/c.distSc +
			(math.Abs(sr.times[seed]-sr.times[task])+math.Abs(sr.times[seed+n]-sr.times[task+n]))/c.timeScale
		sr.keys = append(sr.keys, keyed{key: rel, task: task})
	}
}

// stamp records the earliest service start of every assigned node.
func (sr *search) stamp(st *state) {
	for s := range st.routes {
		r := &st.routes[s]
		for k, node := range r.nodes[1 : len(r.nodes)-1] {
			sr.times[node] = r.e[k+1]
		}
	}
}

// route empties one random route of its movable tasks, which lets the
// repair redistribute a whole tour, or save a vehicle.
func (sr *search) route(st *state, cand []int32) []int32 {
	s := st.where[cand[sr.rng.IntN(len(cand))]]
	out := cand[:0]
	for _, task := range cand {
		if st.where[task] == s {
			out = append(out, task)
		}
	}
	return out
}

// keyed is a task with a sort key, smaller first.
type keyed struct {
	key  float64
	task int32
}

// sortKeys sorts sr.keys, smallest key first.
func (sr *search) sortKeys() {
	slices.SortFunc(sr.keys, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
}

// pickBiased sorts sr.keys and draws q tasks, preferring small keys.
func (sr *search) pickBiased(q int) []int32 {
	sr.sortKeys()
	out := sr.tasks[:0]
	for len(out) < q && len(sr.keys) > 0 {
		y := sr.rng.Float64()
		idx := int(y * y * y * float64(len(sr.keys)))
		out = append(out, sr.keys[idx].task)
		sr.keys = slices.Delete(sr.keys, idx, idx+1)
	}
	return out
}
