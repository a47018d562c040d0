package cordeau

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/fahrdienst/fahrdienst/solver"
)

// Result is the output of solve: the routes with service start times and
// their total distance.
type Result struct {
	Instance string  `json:"instance"`
	Cost     float64 `json:"cost"`
	Seconds  float64 `json:"seconds"`
	// Iterations of the search, so that runs under a wall-clock limit can
	// be compared on a loaded machine.
	Iterations int     `json:"iterations"`
	Routes     []Route `json:"routes"`
}

// Solve plans an instance with the production planner's core under the
// benchmark objective (distance only). Every vehicle gets a route, empty
// ones as [0, 2n+1]. It fails when a request stays unassigned, because such
// a result does not count on this benchmark.
func Solve(ctx context.Context, in *Instance, opt solver.SolveOptions) (*Result, error) {
	started := time.Now()
	sol, err := solver.Solve(ctx, problem(in), opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Instance: in.Name, Cost: sol.Distance, Seconds: time.Since(started).Seconds(),
		Iterations: sol.Iterations}
	if len(sol.Unassigned) > 0 {
		return res, fmt.Errorf("%s: %d requests unassigned, first %d: %s", in.Name,
			len(sol.Unassigned), sol.Unassigned[0].Task+1, sol.Unassigned[0].Reason)
	}
	n := in.Requests
	for _, rp := range sol.Routes {
		r := Route{Vehicle: rp.Shift}
		for _, s := range rp.Stops {
			node := 0
			switch s.Kind {
			case solver.StopPickup:
				node = s.Task + 1
			case solver.StopDropoff:
				node = s.Task + 1 + n
			case solver.StopEnd:
				node = 2*n + 1
			}
			r.Stops = append(r.Stops, Stop{Node: node, Time: s.Time})
		}
		res.Routes = append(res.Routes, r)
	}
	return res, nil
}

// problem turns an instance into the planner's Problem: one location per
// node, Euclidean travel times and distances without rounding, one driver
// per vehicle without ride limits, and distance as the only cost.
// Euclidean distances are a metric, so the problem says so: the solver's
// own cubic check of the triangle inequality took some 30 ms of a 1 s run
// on pr10 (289 places).
func problem(in *Instance) *solver.Problem {
	nn := len(in.Nodes)
	n := in.Requests
	p := &solver.Problem{Locations: nn, Time: make([]float64, nn*nn), Dist: make([]float64, nn*nn),
		Weights: solver.Weights{Distance: 1, Unassigned: 1e6}, Metric: true}
	for i, a := range in.Nodes {
		for j, b := range in.Nodes {
			d := math.Sqrt((a.X-b.X)*(a.X-b.X) + (a.Y-b.Y)*(a.Y-b.Y))
			p.Time[i*nn+j], p.Dist[i*nn+j] = d, d
		}
	}
	visit := func(node int) solver.Visit {
		v := in.Nodes[node]
		return solver.Visit{Location: node, Open: v.Open, Close: v.Close, Service: v.Service}
	}
	for i := 1; i <= n; i++ {
		p.Tasks = append(p.Tasks, solver.Task{Pickup: visit(i), Dropoff: visit(i + n),
			Load: in.Nodes[i].Load, MaxRide: in.MaxRide})
	}
	for k := 0; k < in.Vehicles; k++ {
		p.Shifts = append(p.Shifts, solver.Shift{Driver: k, Start: visit(0), End: visit(nn - 1),
			Capacity: in.Capacity, MaxDuration: in.MaxDuration})
		p.Drivers = append(p.Drivers, solver.DriverLoad{})
	}
	return p
}
