package solver

import (
	"cmp"
	"math"
	"slices"
)

// rebuildWork bounds the exact checks of the backtracking rebuild of one
// driver's confirmed tour.
const rebuildWork = 20_000

// placePinned inserts the confirmed tasks one at a time in the order of
// their earliest pickup, each at its cheapest place, which rebuilds the
// confirmed tours nearly as they were. Cheapest insertion can paint itself
// into a corner on a dense tour (a stop placed where a later one needed to
// go); for each driver with confirmed tasks left out, the driver's
// confirmed tasks are then placed again by a bounded backtracking search
// over all feasible places, which finds the tour whenever one exists
// within the bound.
func (sr *search) placePinned(st *state, pinned []int32) {
	c := sr.c
	slices.SortStableFunc(pinned, func(a, b int32) int { return cmp.Compare(c.open[a], c.open[b]) })
	for _, task := range pinned {
		sr.single[0] = task
		sr.rp.run(st, sr.single[:], 1)
	}
	var short []int32 // drivers with tasks left out, in order
	for _, task := range pinned {
		if st.where[task] < 0 && !slices.Contains(short, c.pinned[task]) {
			short = append(short, c.pinned[task])
		}
	}
	for _, d := range short {
		var own []int32
		for _, task := range pinned {
			if c.pinned[task] == d {
				own = append(own, task)
			}
		}
		sr.rebuild(st, own)
	}
}

// rebuild places the tasks own of one driver, which has no other tasks
// yet, by depth-first search; if the search fails, it puts them back one
// at a time as before.
func (sr *search) rebuild(st *state, own []int32) {
	c := sr.c
	for _, task := range own {
		if st.where[task] >= 0 && !c.unplace(st, int(task), sr.w) {
			return
		}
	}
	work := rebuildWork
	if sr.backtrack(st, own, &work) {
		return
	}
	for _, task := range own {
		sr.single[0] = task
		sr.rp.run(st, sr.single[:], 1)
	}
}

// backtrack inserts tasks[0] at each of its feasible places, cheapest
// first, and recurses on the rest; it reports whether all went in.
func (sr *search) backtrack(st *state, tasks []int32, work *int) bool {
	if len(tasks) == 0 {
		return true
	}
	c := sr.c
	task := int(tasks[0])
	for s := 0; s < c.ns; s++ {
		if !c.compat[task*c.ns+s] {
			continue
		}
		r := &st.routes[s]
		cands := c.candidates(r, s, task, nil, math.Inf(1))
		slices.SortFunc(cands, func(a, b slot) int { return cmp.Compare(a.cost, b.cost) })
		for _, cd := range cands {
			if *work--; *work < 0 {
				return false
			}
			if !c.fits(r, s, task, cd, sr.w) {
				continue
			}
			c.place(st, task, s, cd, sr.w)
			if sr.backtrack(st, tasks[1:], work) {
				return true
			}
			if !c.unplace(st, task, sr.w) {
				return false
			}
		}
	}
	return false
}
