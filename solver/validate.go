package solver

import (
	"fmt"
	"math"
)

// validate rejects a Problem the planner cannot read, listing every problem
// at once. It does not judge feasibility: an impossible task is planned as
// unassigned with its reason.
func validate(p *Problem) error {
	var f fields
	nl := p.Locations
	if nl < 0 || len(p.Time) != nl*nl || len(p.Dist) != nl*nl {
		f.Add("locations", "the travel matrices must have %d×%d entries", nl, nl)
		return f.Err()
	}
	for field, m := range map[string][]float64{"time": p.Time, "distance": p.Dist} {
		for i, v := range m {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				f.Add(field, "entry %d is not a finite non-negative %s", i, field)
				break
			}
		}
	}
	visit := func(field string, v Visit) {
		if v.Location < 0 || v.Location >= nl {
			f.Add(field+".location", "must be an index below %d", nl)
		}
		if math.IsNaN(v.Open) || math.IsNaN(v.Close) || v.Service < 0 {
			f.Add(field, "needs a window and a non-negative service time")
		}
	}
	for i, t := range p.Tasks {
		visit(fieldf("tasks", i, "pickup"), t.Pickup)
		visit(fieldf("tasks", i, "dropoff"), t.Dropoff)
		if t.Load < 0 {
			f.Add(fieldf("tasks", i, "load"), "must not be negative")
		}
		for _, d := range t.Preferred {
			if d < 0 || d >= len(p.Drivers) {
				f.Add(fieldf("tasks", i, "preferred"), "names no driver")
			}
		}
		for _, d := range t.Allowed {
			if d < 0 || d >= len(p.Drivers) {
				f.Add(fieldf("tasks", i, "allowed"), "names no driver")
			}
		}
	}
	for s, sh := range p.Shifts {
		visit(fieldf("shifts", s, "start"), sh.Start)
		visit(fieldf("shifts", s, "end"), sh.End)
		if sh.Driver < 0 || sh.Driver >= len(p.Drivers) {
			f.Add(fieldf("shifts", s, "driver"), "names no driver")
		}
	}
	pinned := make([]bool, len(p.Tasks))
	for k, pin := range p.Pins {
		switch {
		case pin.Task < 0 || pin.Task >= len(p.Tasks) || pinned[pin.Task]:
			f.Add(fieldf("pins", k, "task"), "names no task, or one pinned twice")
		case pin.Driver < 0 || pin.Driver >= len(p.Drivers):
			f.Add(fieldf("pins", k, "driver"), "names no driver")
		default:
			pinned[pin.Task] = true
		}
	}
	return f.Err()
}

func fieldf(list string, i int, name string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, name)
}
