package solver

import "slices"

// state is one complete assignment: a route per shift, where every task is,
// and how many rides each driver got in this plan.
type state struct {
	routes []route
	where  []int32 // per task: shift, or -1 while unassigned
	extra  []int32 // per driver: rides in this plan
}

func newState(c *core) *state {
	st := &state{routes: make([]route, c.ns), where: make([]int32, c.n), extra: make([]int32, len(c.driverShifts))}
	for s := range st.routes {
		st.routes[s].nodes = []int32{int32(2*c.n + 2*s), int32(2*c.n + 2*s + 1)}
		c.refresh(&st.routes[s])
	}
	for i := range st.where {
		st.where[i] = -1
	}
	return st
}

// copyFrom makes st equal to o, reusing st's buffers so that the search
// loop does not allocate once warm.
func (st *state) copyFrom(o *state) {
	for s := range o.routes {
		st.routes[s].copyFrom(&o.routes[s])
	}
	copy(st.where, o.where)
	copy(st.extra, o.extra)
}

// copyFrom makes r equal to b, reusing r's buffers.
func (r *route) copyFrom(b *route) {
	r.nodes = append(r.nodes[:0], b.nodes...)
	r.e = append(r.e[:0], b.e...)
	r.z = append(r.z[:0], b.z...)
	r.ld = append(r.ld[:0], b.ld...)
	r.b = append(r.b[:0], b.b...)
	r.pp = append(r.pp[:0], b.pp...)
	r.sched = b.sched
	r.cost, r.tasks = b.cost, b.tasks
}

// pinnedExtra makes a confirmed task left unassigned cost this many times
// more than a free one, so that the search clears room for it first.
const pinnedExtra = 10

// objective is the total weighted cost of st; every term is documented on
// Weights.
func (c *core) objective(st *state) float64 {
	w := c.p.Weights
	total := st.travelCost()
	for i, s := range st.where {
		if s < 0 {
			total += w.Unassigned
			if c.pinned[i] >= 0 {
				total += pinnedExtra * w.Unassigned
			}
			continue
		}
		total -= c.bonus(i, c.p.Shifts[s].Driver)
	}
	if w.Fairness != 0 {
		for d := range st.extra {
			base := float64(c.p.Drivers[d].Rides)
			k := float64(c.tours(st, d))
			total += w.Fairness * (k*base + k*(k-1)/2)
		}
	}
	return total
}

// travelCost is the sum of the routes' weighted travel.
func (st *state) travelCost() float64 {
	var total float64
	for s := range st.routes {
		total += st.routes[s].cost
	}
	return total
}

// place puts task into shift s at sl.
func (c *core) place(st *state, task, s int, sl slot, w *scratch) {
	c.insert(&st.routes[s], task, sl, w)
	st.where[task] = int32(s)
	st.extra[c.p.Shifts[s].Driver]++
}

// unplace takes task out of its route. With travel times that break the
// triangle inequality (a routing server may return such), a shorter route can
// in rare cases be later than the longer one was; then the removal is undone
// and unplace reports false, so the state stays feasible.
func (c *core) unplace(st *state, task int, w *scratch) bool {
	s := int(st.where[task])
	if !c.removeFrom(&st.routes[s], int32(task), w) {
		return false
	}
	st.where[task] = -1
	st.extra[c.p.Shifts[s].Driver]--
	return true
}

// removeFrom takes task's stops out of route r, unless the rest of the
// route would be infeasible (possible only with travel times that break
// the triangle inequality); it reports whether it did.
func (c *core) removeFrom(r *route, task int32, w *scratch) bool {
	w.seq = append(w.seq[:0], r.nodes...)
	r.nodes = appendWithout(r.nodes[:0], w.seq, task, task+int32(c.n))
	c.refresh(r)
	if !r.sched {
		r.nodes = append(r.nodes[:0], w.seq...)
		c.refresh(r)
		return false
	}
	return true
}

// appendWithout appends to dst the nodes other than p and d.
func appendWithout(dst, nodes []int32, p, d int32) []int32 {
	for _, v := range nodes {
		if v != p && v != d {
			dst = append(dst, v)
		}
	}
	return dst
}

// removalGain is how much the travel cost of task's route drops when the
// task leaves it.
func (c *core) removalGain(st *state, task int) float64 {
	return c.routeRemovalGain(&st.routes[st.where[task]], int32(task))
}

// routeRemovalGain is how much the travel cost of route r drops when task
// leaves it.
func (c *core) routeRemovalGain(r *route, task int32) float64 {
	p, d := task, task+int32(c.n)
	pi := slices.Index(r.nodes, p)
	di := slices.Index(r.nodes, d)
	nd := r.nodes
	if len(nd) == 4 {
		return r.cost
	}
	if di == pi+1 {
		return c.cost(nd[pi-1], p) + c.cost(p, d) + c.cost(d, nd[di+1]) - c.cost(nd[pi-1], nd[di+1])
	}
	return c.cost(nd[pi-1], p) + c.cost(p, nd[pi+1]) - c.cost(nd[pi-1], nd[pi+1]) +
		c.cost(nd[di-1], d) + c.cost(d, nd[di+1]) - c.cost(nd[di-1], nd[di+1])
}
