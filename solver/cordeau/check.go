package cordeau

import (
	"errors"
	"fmt"
	"math"
)

// Route is one vehicle's route in the output format: node ids of the
// instance and the start of service at each.
type Route struct {
	Vehicle int    `json:"vehicle"`
	Stops   []Stop `json:"stops"`
}

// Stop is a visit of a node with its start of service.
type Stop struct {
	Node int     `json:"node"`
	Time float64 `json:"time"`
}

// tolerance absorbs floating-point rounding in the checker only; the solver
// must produce times that satisfy the rules as computed here.
const tolerance = 1e-6

// Check verifies routes against every rule of the benchmark README and
// returns the total distance recomputed from the routes. It shares no code
// with the solver, so that a solver bug cannot hide itself; every violation
// found is reported (up to a few dozen).
func Check(in *Instance, routes []Route) (float64, error) {
	ck := &checker{in: in, seen: make([]int, len(in.Nodes))}
	if len(routes) > in.Vehicles {
		ck.fail("%d routes for %d vehicles", len(routes), in.Vehicles)
	}
	used := make(map[int]bool)
	for _, r := range routes {
		if r.Vehicle < 0 || r.Vehicle >= in.Vehicles || used[r.Vehicle] {
			ck.fail("vehicle %d: not a vehicle, or used twice", r.Vehicle)
		}
		used[r.Vehicle] = true
		ck.route(r)
	}
	for node := 1; node < len(in.Nodes)-1; node++ {
		if ck.seen[node] != 1 {
			ck.fail("node %d served %d times, want once", node, ck.seen[node])
		}
	}
	return ck.cost, errors.Join(ck.errs...)
}

type checker struct {
	in   *Instance
	seen []int
	cost float64
	errs []error
}

func (ck *checker) fail(format string, args ...any) {
	if len(ck.errs) < 40 {
		ck.errs = append(ck.errs, fmt.Errorf(format, args...))
	}
}

func (ck *checker) dist(a, b int) float64 {
	na, nb := ck.in.Nodes[a], ck.in.Nodes[b]
	return math.Sqrt((na.X-nb.X)*(na.X-nb.X) + (na.Y-nb.Y)*(na.Y-nb.Y))
}

// route checks one route's structure, timing, ride times and load.
func (ck *checker) route(r Route) {
	in := ck.in
	last := len(in.Nodes) - 1
	st := r.Stops
	if len(st) < 2 || st[0].Node != 0 || st[len(st)-1].Node != last {
		ck.fail("vehicle %d: route must start at node 0 and end at node %d", r.Vehicle, last)
		return
	}
	for _, s := range st {
		if s.Node < 0 || s.Node > last {
			ck.fail("vehicle %d: node %d does not exist", r.Vehicle, s.Node)
			return
		}
		// Every rule below is a comparison, and a comparison with NaN is
		// false, so a NaN time would pass them all.
		if math.IsNaN(s.Time) || math.IsInf(s.Time, 0) {
			ck.fail("vehicle %d: node %d has time %v, not a finite number", r.Vehicle, s.Node, s.Time)
			return
		}
	}
	pickAt := make(map[int]int) // request -> stop index of its pickup
	load := 0
	for k, s := range st {
		node := in.Nodes[s.Node]
		if k > 0 && k < len(st)-1 {
			ck.seen[s.Node]++
			if s.Node == 0 || s.Node == last {
				ck.fail("vehicle %d: depot node %d inside the route", r.Vehicle, s.Node)
			}
		}
		if s.Time < node.Open-tolerance || s.Time > node.Close+tolerance {
			ck.fail("vehicle %d: node %d served at %.6f outside [%g, %g]", r.Vehicle, s.Node, s.Time, node.Open, node.Close)
		}
		if k > 0 {
			prev := st[k-1]
			ck.cost += ck.dist(prev.Node, s.Node)
			arrive := prev.Time + in.Nodes[prev.Node].Service + ck.dist(prev.Node, s.Node)
			if s.Time < arrive-tolerance {
				ck.fail("vehicle %d: node %d served at %.6f before arrival at %.6f", r.Vehicle, s.Node, s.Time, arrive)
			}
		}
		load += node.Load
		if load > in.Capacity || load < 0 {
			ck.fail("vehicle %d: load %d after node %d outside [0, %d]", r.Vehicle, load, s.Node, in.Capacity)
		}
		ck.request(r.Vehicle, st, k, pickAt)
	}
	if d := st[len(st)-1].Time - st[0].Time; d > in.MaxDuration+tolerance {
		ck.fail("vehicle %d: duration %.6f over %g", r.Vehicle, d, in.MaxDuration)
	}
	for req := range pickAt {
		ck.fail("vehicle %d: request %d picked up but not dropped off", r.Vehicle, req)
	}
}

// request checks pairing and ride time at stop k.
func (ck *checker) request(vehicle int, st []Stop, k int, pickAt map[int]int) {
	in := ck.in
	n := in.Requests
	node := st[k].Node
	switch {
	case node >= 1 && node <= n:
		pickAt[node] = k
	case node > n && node <= 2*n:
		pk, ok := pickAt[node-n]
		if !ok {
			ck.fail("vehicle %d: drop-off %d without its pickup %d before it", vehicle, node, node-n)
			return
		}
		delete(pickAt, node-n)
		ride := st[k].Time - (st[pk].Time + in.Nodes[node-n].Service)
		if ride > in.MaxRide+tolerance {
			ck.fail("vehicle %d: request %d rides %.6f, more than %g", vehicle, node-n, ride, in.MaxRide)
		}
	}
}
