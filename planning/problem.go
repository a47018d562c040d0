package planning

import (
	"fmt"
	"slices"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/solver"
)

// shiftList makes one shift per non-empty availability window, in time
// order per driver.
func (b *builder) shiftList() []solver.Shift {
	var out []solver.Shift
	for d, dr := range b.day.Drivers {
		windows := slices.Clone(dr.Availability)
		slices.SortFunc(windows, func(x, y dispatch.Span) int { return x.From.Compare(y.From) })
		for _, w := range windows {
			if !w.To.After(w.From) {
				continue
			}
			out = append(out, solver.Shift{Driver: d, Start: b.visit(dr.Start, w, 0), End: b.visit(dr.End, w, 0),
				Capacity: dr.Seats, Wheelchair: dr.Wheelchair, MaxDuration: dr.MaxDuty.Seconds()})
			b.shifts = append(b.shifts, d)
		}
	}
	return out
}

// taskList converts the requests; a confirmed request whose driver is not in
// the day is reported unassigned at once, since it must not move, and so is a
// request whose allowed drivers (a shuttle's pool) are all absent today,
// since no shift may serve it.
func (b *builder) taskList() ([]solver.Task, []solver.Pin) {
	driverIndex := make(map[string]int, len(b.day.Drivers))
	for d, dr := range b.day.Drivers {
		driverIndex[dr.ID] = d
	}
	var tasks []solver.Task
	var pins []solver.Pin
	for i, r := range b.day.Requests {
		pinned, ok := driverIndex[r.Driver]
		if r.Driver != "" && !ok {
			b.unpinned = append(b.unpinned, UnassignedRequest{RequestID: r.ID, Reason: solver.ReasonPinned})
			continue
		}
		t := solver.Task{Pickup: b.visit(r.Pickup, r.PickupWindow, r.Service),
			Dropoff: b.visit(r.Dropoff, r.DropoffWindow, r.Service),
			Load:    max(1, r.Passengers), Wheelchair: r.Wheelchair, MaxRide: r.MaxRide.Seconds()}
		for _, id := range r.Preferred {
			if d, ok := driverIndex[id]; ok {
				t.Preferred = append(t.Preferred, d)
			}
		}
		for _, id := range r.Allowed {
			if d, ok := driverIndex[id]; ok {
				t.Allowed = append(t.Allowed, d)
			}
		}
		if len(r.Allowed) > 0 && len(t.Allowed) == 0 {
			b.unpinned = append(b.unpinned, UnassignedRequest{RequestID: r.ID, Reason: solver.ReasonNoDriver})
			continue
		}
		if r.Driver != "" {
			pins = append(pins, solver.Pin{Task: len(tasks), Driver: pinned})
		}
		b.tasks = append(b.tasks, i)
		tasks = append(tasks, t)
	}
	return tasks, pins
}

// dayPlan converts a Solution back into real times and IDs.
func (b *builder) dayPlan(sol *solver.Solution) *DayPlan {
	out := &DayPlan{Cost: sol.Cost, DistanceMeters: sol.Distance,
		DrivingTime: time.Duration(sol.Time * float64(time.Second))}
	for _, d := range b.day.Drivers {
		out.Routes = append(out.Routes, DriverRoute{DriverID: d.ID})
	}
	for _, rp := range sol.Routes {
		if len(rp.Stops) <= 2 {
			continue
		}
		d := b.shifts[rp.Shift]
		dr := b.day.Drivers[d]
		for _, s := range rp.Stops {
			ps := PlannedStop{Kind: s.Kind, Time: b.base.Add(time.Duration(s.Time * float64(time.Second)))}
			switch s.Kind {
			case solver.StopStart:
				ps.Point = dr.Start
			case solver.StopEnd:
				ps.Point = dr.End
			case solver.StopPickup:
				r := b.day.Requests[b.tasks[s.Task]]
				ps.RequestID, ps.Point = r.ID, r.Pickup
			case solver.StopDropoff:
				r := b.day.Requests[b.tasks[s.Task]]
				ps.RequestID, ps.Point = r.ID, r.Dropoff
			}
			out.Routes[d].Stops = append(out.Routes[d].Stops, ps)
		}
	}
	out.Unassigned = append(out.Unassigned, b.unpinned...)
	for _, m := range sol.Unassigned {
		out.Unassigned = append(out.Unassigned, UnassignedRequest{RequestID: b.day.Requests[b.tasks[m.Task]].ID, Reason: m.Reason})
	}
	return out
}

// validateDay rejects input that cannot be planned, naming every field.
func validateDay(day PlanInput) error {
	var f dispatch.Fields
	ids := make(map[string]bool)
	for i, r := range day.Requests {
		if r.ID == "" || ids["r"+r.ID] {
			f.Add(fieldf("requests", i, "id"), "must be set and unique")
		}
		ids["r"+r.ID] = true
		if r.Passengers < 0 || r.MaxRide < 0 || r.Service < 0 {
			f.Add(fieldf("requests", i, "passengers"), "passengers, maximum ride and service time must not be negative")
		}
		checkWindow(&f, fieldf("requests", i, "pickup_window"), r.PickupWindow)
		checkWindow(&f, fieldf("requests", i, "dropoff_window"), r.DropoffWindow)
	}
	for i, d := range day.Drivers {
		if d.ID == "" || ids["d"+d.ID] {
			f.Add(fieldf("drivers", i, "id"), "must be set and unique")
		}
		ids["d"+d.ID] = true
		if d.Seats < 0 || d.MaxDuty < 0 || d.RidesThisWeek < 0 || d.MaxRidesPerWeek < 0 {
			f.Add(fieldf("drivers", i, "seats"), "seats, duty time and ride counts must not be negative")
		}
		for k, w := range d.Availability {
			if w.From.IsZero() || w.To.IsZero() {
				f.Add(fieldf("drivers", i, "availability"), "window %d needs a start and an end", k)
			}
		}
	}
	return f.Err()
}

func fieldf(list string, i int, name string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, name)
}

func checkWindow(f *dispatch.Fields, field string, w dispatch.Span) {
	if !w.From.IsZero() && !w.To.IsZero() && w.To.Before(w.From) {
		f.Add(field, "ends before it starts")
	}
}
