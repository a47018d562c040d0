package solver_test

import (
	"context"
	"fmt"

	"github.com/fahrdienst/fahrdienst/solver"
)

// ExampleSolve plans one ride for one driver on a street with three places
// a minute apart: the driver's home (0), the senior's home (1) and the
// doctor's (2). The senior must be at the doctor's between 09:00 and 09:30,
// in seconds after 08:00. The plan leaves home as late as the windows allow,
// so that nobody waits in the car.
func ExampleSolve() {
	const minute = 60.0
	places := [][2]float64{{0, 0}, {1, 0}, {2, 0}} // along a street, one minute apart
	p := &solver.Problem{Locations: len(places), Weights: solver.Weights{Unassigned: 1e6, Time: 1}}
	for _, a := range places {
		for _, b := range places {
			d := max(a[0]-b[0], b[0]-a[0]) * minute
			p.Time, p.Dist = append(p.Time, d), append(p.Dist, d*1000/minute)
		}
	}
	p.Tasks = []solver.Task{{
		Pickup:  solver.Visit{Location: 1, Open: 0, Close: 4 * 60 * minute, Service: 2 * minute},
		Dropoff: solver.Visit{Location: 2, Open: 60 * minute, Close: 90 * minute, Service: 2 * minute},
		Load:    1,
	}}
	p.Drivers = []solver.DriverLoad{{}}
	p.Shifts = []solver.Shift{{Driver: 0, Capacity: 3,
		Start: solver.Visit{Location: 0, Open: 0, Close: 4 * 60 * minute},
		End:   solver.Visit{Location: 0, Open: 0, Close: 4 * 60 * minute}}}

	sol, err := solver.Solve(context.Background(), p, solver.SolveOptions{Seed: 1, Iterations: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sol.Routes[0].Stops {
		fmt.Printf("%-8s task %2d at %3.0f min\n", s.Kind, s.Task, s.Time/minute)
	}
	fmt.Printf("driving %.0f min, %.0f m, %d unassigned\n", sol.Time/minute, sol.Distance, len(sol.Unassigned))

	// A task naming a place outside the matrix is the kind of input Solve
	// refuses, with every broken field at once.
	p.Tasks[0].Pickup.Location = 7
	_, err = solver.Solve(context.Background(), p, solver.SolveOptions{})
	fmt.Println(err)
	// Output:
	// start    task -1 at  56 min
	// pickup   task  0 at  57 min
	// dropoff  task  0 at  60 min
	// end      task -1 at  64 min
	// driving 4 min, 4000 m, 0 unassigned
	// solver: the problem is not valid; tasks[0].pickup.location: must be an index below 3
}
