package solver

import (
	"math"
	"testing"
)

// TestJoinedCostIsSeqCost backs the tail exchange's shortcut: the cost of
// a route made of one route's head and another's tail, computed from
// prefix costs, must be seqCost of that route, for every pair of cut
// points, the empty head and the empty tail included.
func TestJoinedCostIsSeqCost(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 5; seed++ {
		c := newCore(fairProblem(seed, 40, 6))
		c.classify(newScratch(c))
		sr := newSearch(c, SolveOptions{Seed: seed})
		st := sr.construct()
		for a := range st.routes {
			for b := range st.routes {
				x, y := st.routes[a].nodes, st.routes[b].nodes
				if a == b || len(x) == 2 || len(y) == 2 {
					continue
				}
				preX, preY := c.prefixCosts(nil, x), c.prefixCosts(nil, y)
				for i := 0; i < len(x)-1; i++ {
					for j := 0; j < len(y)-1; j++ {
						want := c.seqCost(joinTail(nil, x[:i+1], y[j+1:len(y)-1], x[len(x)-1]))
						if got := c.joinedCost(x, preX, i, y, preY, j); math.Abs(got-want) > 1e-9*(1+want) {
							t.Fatalf("seed %d, head of %d to %d, tail of %d from %d: %v, seqCost %v", seed, a, i, b, j, got, want)
						}
					}
				}
			}
		}
	}
}
