package solver

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRepairKeepsTopsExact checks the repair's shortcut: after an
// insertion it evaluates only the column of the shift that changed and
// recomputes a task's k cheapest costs only when they include one of the
// driver's shifts. fullRepair evaluates every slot and every task's k
// cheapest costs again at every step, with the repairer's own choice, so
// both must place the same tasks in the same slots. The days have
// fairness, preferred drivers, weekly limits and drivers with two shifts,
// so an insertion also changes the extras of the driver's other shifts.
func TestRepairKeepsTopsExact(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 20; seed++ {
		c := newCore(fairProblem(seed, 40, 6))
		w := newScratch(c)
		c.classify(w)
		sr := newSearch(c, SolveOptions{Seed: seed})
		st := sr.construct()
		rng := rand.New(rand.NewPCG(seed, 13))
		for round := range 8 {
			k := 1 + round%4
			sr.destroy(st, removeRandom, 10+rng.IntN(15))
			pool := slices.Clone(sr.unassigned(st))
			fast, full := newState(c), newState(c)
			fast.copyFrom(st)
			full.copyFrom(st)
			sr.rp.noise = 0
			sr.rp.run(fast, pool, k)
			fullRepair(sr.rp, full, pool, k)
			for s := range fast.routes {
				if !slices.Equal(fast.routes[s].nodes, full.routes[s].nodes) {
					t.Fatalf("seed %d round %d regret-%d: shift %d is %v, computed in full %v",
						seed, round, k, s, fast.routes[s].nodes, full.routes[s].nodes)
				}
			}
			st = fast
		}
	}
}

// fullRepair is repairer.run without its shortcuts: every slot and every
// task's k cheapest costs are computed again before each insertion.
func fullRepair(rp *repairer, st *state, pool []int32, k int) {
	ns := rp.c.ns
	rp.start(pool, k)
	for {
		for u, task := range rp.pool {
			for s := range ns {
				rp.evaluate(st, u, int(task), s)
			}
		}
		rp.fillTops(st)
		u, s := rp.choose()
		if u < 0 {
			return
		}
		rp.c.place(st, int(rp.pool[u]), s, rp.slots[u*ns+s], rp.w)
		rp.drop(u)
	}
}
