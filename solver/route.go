package solver

import "math"

// route is one shift's sequence of nodes, from its start node to its end
// node, with the data that makes an insertion test constant-time: the
// earliest (e) and latest (z) service starts allowed by the time windows
// alone, and the load on board after each node (ld). It also keeps its
// exact earliest schedule (b, valid when sched is set) and, per drop-off,
// the position of its pickup (pp, -1 elsewhere), from which an insertion
// test recomputes only the stops that the insertion moves (quickFits).
type route struct {
	nodes []int32
	e, z  []float64
	b     []float64
	ld    []int32
	pp    []int32
	sched bool
	cost  float64 // weighted travel cost of the sequence
	tasks int32   // tasks on the route
}

// rideSlack keeps the ride-time fixpoint from chasing rounding errors: a
// constraint counts as kept when it is violated by less than this.
const rideSlack = 1e-9

// schedule decides exactly whether the node sequence seq can be served by
// shift s and, if so, leaves in b the earliest service starts. The route's
// timing is a simple temporal network: travel and time windows push times
// forward, while each maximum ride time and the maximum route duration are
// backward edges (a drop-off at time x forces its pickup to x-L-service).
// Relaxing all edges in route order until nothing moves computes the least
// solution (Bellman-Ford on a path with back edges); a window closed or a
// round limit reached means a positive cycle, so no schedule exists. Most
// routes settle in one or two passes, so the check is O(len(seq)).
func (c *core) schedule(seq []int32, s int, b []float64, pickPos []int32) bool {
	m := len(seq)
	b[0] = c.open[seq[0]]
	for k := 1; k < m; k++ {
		prev, cur := seq[k-1], seq[k]
		at := b[k-1] + c.svc[prev] + c.t(prev, cur)
		if at < c.open[cur] {
			at = c.open[cur]
		}
		if at > c.close[cur] {
			return false
		}
		b[k] = at
	}
	return c.settle(seq, s, b, pickPos)
}

// settle finishes schedule from times b that keep every travel time and
// window and are no later than the earliest schedule: it relaxes the ride
// time and duty time edges until nothing moves.
func (c *core) settle(seq []int32, s int, b []float64, pickPos []int32) bool {
	m := len(seq)
	n := int32(c.n)
	maxDur := c.p.Shifts[s].MaxDuration
	for round := 0; round <= m; round++ {
		low := m
		for k := 1; k < m-1; k++ {
			node := seq[k]
			if node < n {
				pickPos[node] = int32(k)
				continue
			}
			task := node - n
			pk := pickPos[task]
			need := b[k] - c.svc[task] - c.maxRide[task]
			if b[pk] < need-rideSlack {
				b[pk] = need
				low = min(low, int(pk))
			}
		}
		if maxDur > 0 && b[0] < b[m-1]-maxDur-rideSlack {
			b[0] = b[m-1] - maxDur
			low = 0
		}
		if low == m {
			return true
		}
		if b[low] > c.close[seq[low]] {
			return false
		}
		for k := low + 1; k < m; k++ {
			prev, cur := seq[k-1], seq[k]
			at := b[k-1] + c.svc[prev] + c.t(prev, cur)
			if at <= b[k] {
				continue
			}
			if at > c.close[cur] {
				return false
			}
			b[k] = at
		}
	}
	return false
}

// delay turns the earliest schedule b of a feasible sequence into the one
// people want: every stop as late as the rest of the route allows, walking
// backwards, so that waiting happens before a senior boards rather than with
// the senior on board, and the driver leaves home as late as possible. The
// end of the route stays where it was, so duration and ride times only
// shrink and the schedule stays feasible.
func (c *core) delay(seq []int32, b []float64, pickPos []int32) {
	n := int32(c.n)
	m := len(seq)
	for k := m - 2; k >= 0; k-- {
		cur, next := seq[k], seq[k+1]
		late := math.Min(c.close[cur], b[k+1]-c.svc[cur]-c.t(cur, next))
		if cur >= n && cur < 2*n {
			task := cur - n
			late = math.Min(late, b[pickPos[task]]+c.svc[task]+c.maxRide[task])
		}
		if late > b[k] {
			b[k] = late
		}
	}
}

// refresh recomputes the cached arrays of r after its nodes changed.
func (c *core) refresh(r *route) {
	c.refreshWindows(r)
	c.refreshSchedule(r)
}

// refreshWindows is refresh without the exact schedule (r.b, r.sched),
// which is what the constant-time insertion tests read (see slotWithout).
func (c *core) refreshWindows(r *route) {
	m := len(r.nodes)
	r.e, r.z, r.ld, r.pp = grow(r.e, m), grow(r.z, m), grow(r.ld, m), grow(r.pp, m)
	e, z, ld, pp, nodes := r.e, r.z, r.ld, r.pp, r.nodes
	open, svc, loc, tm, cm, nl := c.open, c.svc, c.loc, c.tm, c.cm, c.nl // locals, see candidates
	var cost float64
	var load int32
	prev := nodes[0]
	e[0], ld[0] = open[prev], 0
	for k := 1; k < m; k++ {
		cur := nodes[k]
		arc := int(loc[prev])*nl + int(loc[cur])
		cost += cm[arc]
		e[k] = max(open[cur], e[k-1]+svc[prev]+tm[arc])
		load += c.dem[cur]
		ld[k] = load
		prev = cur
	}
	z[m-1] = c.close[nodes[m-1]]
	for k := m - 2; k >= 0; k-- {
		cur := nodes[k]
		z[k] = min(c.close[cur], z[k+1]-svc[cur]-tm[int(loc[cur])*nl+int(loc[nodes[k+1]])])
	}
	if m == 2 {
		cost = 0 // an unused driver does not drive
	}
	n := int32(c.n)
	for k, v := range nodes {
		pp[k] = -1
		if v < n {
			c.pickTmp[v] = int32(k)
		} else if v < 2*n {
			pp[k] = c.pickTmp[v-n]
		}
	}
	r.sched = false
	r.cost = cost
	r.tasks = int32((m - 2) / 2)
}

// refreshSchedule computes the exact earliest schedule of r, or that it has
// none, after refreshWindows.
func (c *core) refreshSchedule(r *route) {
	r.b = append(r.b[:0], r.e...)
	r.sched = c.schedule(r.nodes, r.shift(c), r.b, c.pickTmp)
}

// shift is the shift that route r belongs to, read from its end node.
func (r *route) shift(c *core) int {
	return int(r.nodes[len(r.nodes)-1]-int32(2*c.n)) / 2
}

// emptyCostFix is the cost of the start-to-end arc that an empty route does
// not pay but a used route's insertion delta would subtract.
func (c *core) emptyCostFix(r *route) float64 {
	if len(r.nodes) == 2 {
		return c.cost(r.nodes[0], r.nodes[1])
	}
	return 0
}
