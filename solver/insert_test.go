package solver

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSlotWithoutIsRemoveThenInsert checks slotWithout, which computes the
// schedule of the route without v only when a candidate passes the
// constant-time tests, against what it replaces: take v out of a copy of
// the route (which schedules it) and ask bestSlotBelow. Every task of every
// route is taken out for itself and for other tasks, under no limit and
// under limits around the answer, on metric days and on days whose travel
// times break the triangle inequality (where a route without v may have no
// schedule).
func TestSlotWithoutIsRemoveThenInsert(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 6; seed++ {
		p := randomDay(seed, 40, 4)
		if seed%2 == 0 {
			rng := rand.New(rand.NewPCG(seed, 5))
			for i := range p.Time {
				if rng.IntN(4) == 0 {
					p.Time[i] *= 2
				}
			}
		}
		c := newCore(p)
		w := newScratch(c)
		c.classify(w)
		st := newSearch(c, SolveOptions{Seed: seed}).construct()
		rng := rand.New(rand.NewPCG(seed, 11))
		var tmp, old route
		checked := 0
		for s := range st.routes {
			r := &st.routes[s]
			for _, v := range r.nodes[1 : len(r.nodes)-1] {
				if int(v) >= c.n {
					continue
				}
				for _, task := range []int{int(v), rng.IntN(c.n), rng.IntN(c.n)} {
					if task != int(v) && st.where[task] == int32(s) {
						continue
					}
					old.nodes = append(old.nodes[:0], r.nodes...)
					want := noSlot
					if c.removeFrom(&old, v, w) {
						want = c.bestSlot(&old, s, task, w)
					}
					for _, limit := range []float64{math.Inf(1), want.cost, want.cost + 1e-6, want.cost * rng.Float64()} {
						wantBelow := want
						if !(want.cost < limit) {
							wantBelow = noSlot
						}
						if got := c.slotWithout(r, s, v, task, limit, &tmp, w); got != wantBelow {
							t.Fatalf("seed %d shift %d: task %d without %d below %.3f: %+v, want %+v", seed, s, task, v, limit, got, wantBelow)
						}
						checked++
					}
				}
			}
		}
		if checked < 100 {
			t.Fatalf("seed %d: only %d cases", seed, checked)
		}
	}
}
