package solver

import (
	"cmp"
	"slices"
	"testing"
)

// TestHistoryKeysFindTheMovedTask records a plan of four tasks on a line as
// good (objective 10) and the same plan with task 1 moved to the end as
// worse (20): in the second plan, task 1 is the one whose arcs were part
// of the good plan least, so the history removal ranks it first.
func TestHistoryKeysFindTheMovedTask(t *testing.T) {
	c := newCore(lineProblem(0, 1, 2, 3, 4, 5, 6, 7, 8))
	w := newScratch(c)
	c.classify(w)
	sr := newSearch(c, SolveOptions{Seed: 1})
	if sr.arcBest == nil {
		t.Fatal("no arc history under a sum objective")
	}
	n := int32(c.n)
	start, end := 2*n, 2*n+1
	plan := func(order ...int32) *state {
		st := newState(c)
		r := &st.routes[0]
		r.nodes = []int32{start}
		for _, task := range order {
			r.nodes = append(r.nodes, task, task+n)
			st.where[task] = 0
		}
		r.nodes = append(r.nodes, end)
		c.refresh(r)
		return st
	}
	sr.recordArcs(plan(0, 1, 2, 3), 10)
	moved := plan(0, 2, 3, 1)
	sr.recordArcs(moved, 20)
	sr.recordArcs(moved, 30) // a later, worse plan does not raise the history

	sr.historyKeys(moved, []int32{0, 1, 2, 3})
	slices.SortFunc(sr.keys, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	if sr.keys[0].task != 1 || sr.keys[0].key != -60 || sr.keys[1].key != -50 {
		t.Fatalf("history keys %v, want task 1 first at -60, the others at -50", sr.keys)
	}
}

// TestPickSkipsWeightZero draws at every point of the range, its end
// included (where rounding can leave a draw): an operator of weight zero,
// as the history removal is where no arc table is kept, is never picked.
func TestPickSkipsWeightZero(t *testing.T) {
	for _, weights := range [][]float64{{1, 2, 0.5, 3, 0}, {0, 1, 0, 2, 0}, {0.1, 0.2, 0.3}} {
		var sum float64
		for _, w := range weights {
			sum += w
		}
		for k := 0; k <= 1000; k++ {
			x := sum * float64(k) / 1000
			if i := pick(weights, x); weights[i] == 0 {
				t.Fatalf("weights %v, point %v: picked %d of weight zero", weights, x, i)
			}
		}
	}
}
