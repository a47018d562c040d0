package solver

// Column generation by local search. The partitioning step can only
// combine routes that the search happened to build. Its Lagrangian prices
// say what a route is worth: a route r helps a cheaper plan when its
// reduced cost, cost(r) minus the prices of its tasks, is low. priceRoutes
// starts from each route of the best plan and from the pooled routes of
// least reduced cost, and greedily adds the task whose price most exceeds
// its cheapest insertion, or drops the task whose removal saves more than
// its price, until no move lowers the reduced cost; every route met goes
// into the pool. This is the pricing problem of column generation, solved
// heuristically (Parragh and Schmid 2013 pair it with large neighbourhood
// search for the DARP in the same way).

// priceMoves bounds the moves from one starting route; priceStarts is how
// many pooled routes of least reduced cost it starts from, besides the
// routes of the best plan.
const (
	priceMoves  = 12
	priceStarts = 64
)

// priceRoutes grows the pool from the routes of st and the pooled routes of
// least reduced cost under the pool's last prices; it does nothing before
// the first partitioning has priced tasks.
func (sr *search) priceRoutes(st *state) {
	c, rp := sr.c, sr.routes
	if len(rp.price) != c.n {
		return
	}
	for s := range st.routes {
		if st.routes[s].tasks > 0 {
			sr.tmp.nodes = append(sr.tmp.nodes[:0], st.routes[s].nodes...)
			sr.priceFrom(s)
		}
	}
	for _, k := range rp.leastReduced(c, priceStarts, &sr.keys) {
		s := rp.shiftOf[rp.cols[k].class]
		sr.tmp.nodes = rp.order(c, k, s, sr.tmp.nodes[:0])
		sr.priceFrom(s)
	}
}

// priceFrom runs the pricing moves from the route in sr.tmp, on shift s.
func (sr *search) priceFrom(s int) {
	c := sr.c
	r := &sr.tmp
	c.refresh(r)
	for range priceMoves {
		if !sr.priceMove(r, s) {
			break
		}
		if r.tasks > 0 {
			sr.routes.add(c, r, s)
		}
	}
}

// priceMove applies the add or drop that lowers the reduced cost of route r
// on shift s the most, and reports whether there was one.
func (sr *search) priceMove(r *route, s int) bool {
	c, w, price := sr.c, sr.w, sr.routes.price
	n := int32(c.n)
	bestGain, bestTask, bestSlot := 1e-9, int32(-1), noSlot
	on := sr.onRoute(r)
	for u := int32(0); u < n; u++ {
		if on[u] {
			if g := c.routeRemovalGain(r, u) - price[u]; g > bestGain {
				bestGain, bestTask, bestSlot = g, u, noSlot
			}
			continue
		}
		if !c.compat[int(u)*c.ns+s] || price[u] <= bestGain {
			continue
		}
		sl := c.bestSlot(r, s, int(u), w)
		if g := price[u] - sl.cost; g > bestGain {
			bestGain, bestTask, bestSlot = g, u, sl
		}
	}
	switch {
	case bestTask < 0:
		return false
	case bestSlot.cost < noSlot.cost:
		c.insert(r, int(bestTask), bestSlot, w)
		return true
	default:
		return c.removeFrom(r, bestTask, w)
	}
}

// onRoute marks the tasks on route r in a per-task scratch slice.
func (sr *search) onRoute(r *route) []bool {
	on := sr.w.onRoute
	clear(on)
	for _, v := range r.nodes {
		if v < int32(sr.c.n) {
			on[v] = true
		}
	}
	return on
}
