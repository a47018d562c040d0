package solver

// exchangeTails is the 2-opt* move of the polish: for two routes and a
// point in each where the car is empty, the routes swap everything after
// those points. Every request stays within one tail, so pickups and
// drop-offs stay together, and whole groups of stops change car at once,
// which single relocations rarely achieve. The move is tried only when the
// objective is a plain sum of route costs (the route pool exists), so that
// the change of two route costs is the whole change. It applies the first
// improving exchange that passes the exact check and reports whether it
// found one, and which two routes it changed.
func (sr *search) exchangeTails(st *state) (int, int, bool) {
	c := sr.c
	if sr.routes == nil {
		return 0, 0, false
	}
	sr.pre = grow(sr.pre, c.ns)
	for s := range st.routes {
		sr.pre[s] = c.prefixCosts(sr.pre[s], st.routes[s].nodes)
	}
	for a := 0; a < c.ns; a++ {
		for b := a + 1; b < c.ns; b++ {
			if st.routes[a].tasks+st.routes[b].tasks == 0 {
				continue
			}
			if sr.tailsBetween(st, a, b) {
				return a, b, true
			}
		}
	}
	return 0, 0, false
}

// tailsBetween tries every pair of empty-car points of routes a and b.
// The cost of an exchange comes first from the routes' prefix costs
// (sr.pre, computed once per exchangeTails) in constant time; only an
// exchange that may improve is built and checked (seqCost, tailFits): on
// pr10 that took a fifth off the tail exchanges' instructions, most of
// what is left being the exact checks.
func (sr *search) tailsBetween(st *state, a, b int) bool {
	c := sr.c
	ra, rb := &st.routes[a], &st.routes[b]
	before := ra.cost + rb.cost
	preA, preB := sr.pre[a], sr.pre[b]
	slack := tailSlack * (1 + before)
	for i := 0; i < len(ra.nodes)-1; i++ {
		if ra.ld[i] != 0 {
			continue
		}
		for j := 0; j < len(rb.nodes)-1; j++ {
			if rb.ld[j] != 0 || i == len(ra.nodes)-2 && j == len(rb.nodes)-2 {
				continue
			}
			est := c.joinedCost(ra.nodes, preA, i, rb.nodes, preB, j) + c.joinedCost(rb.nodes, preB, j, ra.nodes, preA, i)
			if est >= before-1e-9+slack {
				continue // the exact sums below would say so too
			}
			na := joinTail(sr.w.seq[:0], ra.nodes[:i+1], rb.nodes[j+1:len(rb.nodes)-1], ra.nodes[len(ra.nodes)-1])
			ca := c.seqCost(na)
			if ca >= before-1e-9 {
				sr.w.seq = na
				continue
			}
			nb := joinTail(na[len(na):], rb.nodes[:j+1], ra.nodes[i+1:len(ra.nodes)-1], rb.nodes[len(rb.nodes)-1])
			sr.w.seq = na
			if ca+c.seqCost(nb) >= before-1e-9 || !sr.tailFits(na, a) || !sr.tailFits(nb, b) {
				continue
			}
			sr.setRoute(st, a, na)
			sr.setRoute(st, b, nb)
			return true
		}
	}
	return false
}

// tailSlack bounds, relative to the routes' cost, how far joinedCost's
// sums of prefix differences may stray from seqCost's sums in order: far
// above their rounding, far below any exchange worth making.
const tailSlack = 1e-7

// prefixCosts sets pre[k] to the cost of the route nodes up to node k.
func (c *core) prefixCosts(pre []float64, nodes []int32) []float64 {
	pre = grow(pre, len(nodes))
	pre[0] = 0
	for k := 1; k < len(nodes); k++ {
		pre[k] = pre[k-1] + c.cost(nodes[k-1], nodes[k])
	}
	return pre
}

// joinedCost is seqCost of x's nodes up to i, then y's after j up to y's
// last stop, then x's end, from the prefix costs of x and y.
func (c *core) joinedCost(x []int32, preX []float64, i int, y []int32, preY []float64, j int) float64 {
	my, end := len(y), x[len(x)-1]
	switch {
	case j == my-2 && i == 0:
		return 0 // no stops: an unused car
	case j == my-2:
		return preX[i] + c.cost(x[i], end)
	}
	return preX[i] + c.cost(x[i], y[j+1]) + preY[my-2] - preY[j+1] + c.cost(y[my-2], end)
}

// joinTail appends head, tail and end to dst.
func joinTail(dst, head, tail []int32, end int32) []int32 {
	dst = append(dst, head...)
	dst = append(dst, tail...)
	return append(dst, end)
}

// seqCost is the weighted travel cost of a node sequence, nothing for a
// route without stops.
func (c *core) seqCost(seq []int32) float64 {
	if len(seq) <= 2 {
		return 0
	}
	var cost float64
	for k := 1; k < len(seq); k++ {
		cost += c.cost(seq[k-1], seq[k])
	}
	return cost
}

// tailFits checks a new sequence for shift s exactly: every task allowed
// on the shift, the seats, and the schedule.
func (sr *search) tailFits(seq []int32, s int) bool {
	c := sr.c
	var load int32
	for _, v := range seq[1 : len(seq)-1] {
		if int(v) < c.n && !c.compat[int(v)*c.ns+s] {
			return false
		}
		load += c.dem[v]
		if load > int32(c.p.Shifts[s].Capacity) {
			return false
		}
	}
	if cap(sr.w.b) < len(seq) {
		sr.w.b = make([]float64, 2*len(seq))
	}
	return c.schedule(seq, s, sr.w.b[:len(seq)], sr.w.pickPos)
}

// setRoute replaces the nodes of route s in st and keeps where and extra
// right.
func (sr *search) setRoute(st *state, s int, seq []int32) {
	c := sr.c
	r := &st.routes[s]
	st.extra[c.p.Shifts[s].Driver] -= r.tasks
	r.nodes = append(r.nodes[:0], seq...)
	c.refresh(r)
	st.extra[c.p.Shifts[s].Driver] += r.tasks
	for _, v := range r.nodes[1 : len(r.nodes)-1] {
		if int(v) < c.n {
			st.where[v] = int32(s)
		}
	}
}
