package solver

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// routePool collects the distinct routes the search meets, for the set
// partitioning step (plan_partition.go). A route is kept once per class of
// interchangeable shifts and set of tasks, with the cheapest order found for
// it. Its tasks are a bit set, so that disjointness is a few word operations.
type routePool struct {
	words     int      // uint64 words per task set
	zob       []uint64 // per task: random key; a set's hash is the XOR of its keys
	classKey  []uint64 // per class: random key mixed into the hash
	classOf   []int32  // per shift: its class
	classSize []int32  // per class: how many shifts
	shiftOf   []int    // per class: its first shift
	index     map[uint64]int32
	cols      []column
	nodes     []int32   // arena of the columns' node sequences
	bits      []uint64  // arena of the columns' task sets
	price     []float64 // per task: the last Lagrangian prices, to start from
	gap       float64   // between the incumbent and the last bound
}

// column is one pooled route: its class, weighted travel cost, node
// sequence nodes[off:off+size] and task set bits[idx*words:(idx+1)*words].
type column struct {
	cost      float64
	class     int32
	off, size int32
	tasks     int32
}

// sumObjective reports whether the objective is the plain sum of the route
// costs and the unassigned penalties: no fairness, weekly limits,
// confirmed or restricted tasks or preferred drivers.
func (c *core) sumObjective() bool {
	p := c.p
	if p.Weights.Fairness != 0 || len(p.Pins) > 0 {
		return false
	}
	for _, d := range p.Drivers {
		if d.MaxRides > 0 {
			return false
		}
	}
	for _, t := range p.Tasks {
		if len(t.Allowed) > 0 || len(t.Preferred) > 0 && p.Weights.Preferred != 0 {
			return false
		}
	}
	return true
}

// maxPoolColumns bounds the pool's memory: about 200 bytes a column.
const maxPoolColumns = 200_000

// newRoutePool returns a pool for c, or nil when the objective does not
// split into independent route costs (see sumObjective): then recombining
// routes of different plans would not be exact, and the search does
// without.
func newRoutePool(c *core, seed uint64) *routePool {
	if !c.sumObjective() {
		return nil
	}
	p := c.p
	rng := rand.New(rand.NewPCG(seed, 0x5bd1e995))
	rp := &routePool{words: (c.n + 63) / 64, zob: make([]uint64, c.n), classOf: make([]int32, c.ns),
		index: make(map[uint64]int32)}
	for i := range rp.zob {
		rp.zob[i] = rng.Uint64()
	}
	// Shifts that agree on everything the route depends on are
	// interchangeable: a route of one is a route of the others.
	var reps []int
	for s, sh := range p.Shifts {
		k := -1
		for ci, r := range reps {
			o := p.Shifts[r]
			if o.Start == sh.Start && o.End == sh.End && o.Capacity == sh.Capacity &&
				o.Wheelchair == sh.Wheelchair && o.MaxDuration == sh.MaxDuration {
				k = ci
				break
			}
		}
		if k < 0 {
			k = len(reps)
			reps = append(reps, s)
			rp.classKey = append(rp.classKey, rng.Uint64())
			rp.classSize = append(rp.classSize, 0)
			rp.shiftOf = append(rp.shiftOf, s)
		}
		rp.classOf[s] = int32(k)
		rp.classSize[k]++
	}
	return rp
}

// add records route r of shift s unless the pool already holds its task
// set for that class at no higher cost.
func (rp *routePool) add(c *core, r *route, s int) {
	if r.tasks == 0 {
		return
	}
	h := rp.hashOf(c, r, s)
	if k, ok := rp.index[h]; ok {
		rp.lower(k, r)
		return
	}
	rp.insert(c, r, s, h)
}

// lower makes route r the order of column k, which holds the same task
// set (the size check guards against a hash collision), if r is cheaper.
func (rp *routePool) lower(k int32, r *route) {
	col := &rp.cols[k]
	if r.cost < col.cost-1e-9 && int(col.size) == len(r.nodes) {
		copy(rp.nodes[col.off:col.off+col.size], r.nodes)
		col.cost = r.cost
	}
}

// insert files route r of shift s, whose pool key h is not yet taken, as a
// new column.
func (rp *routePool) insert(c *core, r *route, s int, h uint64) {
	class := rp.classOf[s]
	n := int32(c.n)
	if len(rp.cols) >= maxPoolColumns {
		return
	}
	rp.index[h] = int32(len(rp.cols))
	rp.cols = append(rp.cols, column{cost: r.cost, class: class, off: int32(len(rp.nodes)),
		size: int32(len(r.nodes)), tasks: r.tasks})
	rp.nodes = append(rp.nodes, r.nodes...)
	base := len(rp.bits)
	for range rp.words {
		rp.bits = append(rp.bits, 0)
	}
	for _, v := range r.nodes {
		if v < n {
			rp.bits[base+int(v>>6)] |= 1 << (v & 63)
		}
	}
}

// set returns the task set of column k.
func (rp *routePool) set(k int32) []uint64 {
	return rp.bits[int(k)*rp.words : (int(k)+1)*rp.words]
}

// order appends to dst the node sequence of column k with the start and
// end of shift s, which must be of the column's class.
func (rp *routePool) order(c *core, k int32, s int, dst []int32) []int32 {
	col := rp.cols[k]
	ends := int32(2 * c.n)
	for _, v := range rp.nodes[col.off : col.off+col.size] {
		if v >= ends {
			v = ends + int32(2*s) + (v-ends)%2
		}
		dst = append(dst, v)
	}
	return dst
}

// hashOf returns the pool key of route r on shift s.
func (rp *routePool) hashOf(c *core, r *route, s int) uint64 {
	h := rp.classKey[rp.classOf[s]]
	n := int32(c.n)
	for _, v := range r.nodes {
		if v < n {
			h ^= rp.zob[v]
		}
	}
	return h
}

// improveAll lets the pool and the routes of st teach each other: a route
// whose task set the pool holds in a cheaper order takes that order, and a
// route new to the pool is first improved by moving single tasks within it
// (when its reduced cost says it could matter) and then filed.
func (rp *routePool) improveAll(c *core, st *state, w *scratch, tmp *route) {
	for s := range st.routes {
		r := &st.routes[s]
		if r.tasks == 0 {
			continue
		}
		h := rp.hashOf(c, r, s)
		if k, ok := rp.index[h]; ok {
			if col := rp.cols[k]; col.cost < r.cost-1e-9 && int(col.size) == len(r.nodes) {
				r.nodes = rp.order(c, k, s, r.nodes[:0])
				c.refresh(r)
			} else {
				rp.lower(k, r)
			}
			continue
		}
		if len(rp.price) != c.n || rp.reduced(c, r.nodes, r.cost) < 2*rp.gap {
			c.reorderRoute(r, s, w, tmp)
		}
		rp.insert(c, r, s, h)
	}
}

// reduced is the reduced cost of a route with these nodes and cost under
// the last Lagrangian prices.
func (rp *routePool) reduced(c *core, nodes []int32, cost float64) float64 {
	for _, v := range nodes {
		if v < int32(c.n) {
			cost -= rp.price[v]
		}
	}
	return cost
}

// leastReduced returns up to k pooled columns of least reduced cost under
// the last prices, using keys as scratch.
func (rp *routePool) leastReduced(c *core, k int, keys *[]keyed) []int32 {
	ks := (*keys)[:0]
	for j, col := range rp.cols {
		v := rp.reduced(c, rp.nodes[col.off:col.off+col.size], col.cost)
		ks = append(ks, keyed{key: v, task: int32(j)})
	}
	if len(ks) > k {
		slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
		ks = ks[:k]
	}
	out := make([]int32, len(ks))
	for i, kv := range ks {
		out[i] = kv.task
	}
	*keys = ks
	return out
}
