// Package planning runs the dispatch planner inside the service: it loads a
// day from the store, turns it into the planner's input, and writes the
// result back as proposed assignments. River runs it as a job, unique per
// date, nightly for the days ahead and whenever a change touches a day.
package planning

import (
	"slices"
	"strconv"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/solver"
)

// Boarding times: a senior with a walker or who needs an escort to the door
// takes longer to get in and out.
const (
	serviceTime     = 2 * time.Minute
	slowServiceTime = 5 * time.Minute
)

// maxRefusals is how many drivers may refuse a trip before it is left to
// the coordinators: after three "no"s, a phone call works better than a
// fourth SMS.
const maxRefusals = 3

// input turns a day into the planner's input. Offered and confirmed trips
// are pinned to their driver; with pinProposals (the cheap insertion of a new
// booking into the current plan), so are proposed ones. Drivers who refused
// a trip are not allowed on it; a trip refused maxRefusals times, or with no
// driver left, is not planned but returned in skipped with the reason.
func input(day dispatch.PlanningDay, loc *time.Location, pinProposals bool) (PlanInput, map[int64]string, error) {
	date, err := time.ParseInLocation(time.DateOnly, day.Date, loc)
	if err != nil {
		return PlanInput{}, nil, err
	}
	var in PlanInput
	skipped := map[int64]string{}
	for _, t := range day.Trips {
		r := request(t, day.Known[t.RiderID], pinProposals)
		banned := day.Incompatible[t.RiderID]
		if reason := keepApart(&r, t, banned); reason != "" {
			skipped[t.ID] = reason
			continue
		}
		if refused := day.Refused[t.ID]; (len(refused) > 0 || len(banned) > 0) && r.Driver == "" {
			if reason := allow(&r, refused, banned, day.Drivers); reason != "" {
				skipped[t.ID] = reason
				continue
			}
		}
		in.Requests = append(in.Requests, r)
	}
	for _, d := range day.Drivers {
		in.Drivers = append(in.Drivers, driver(d, date))
	}
	return in, skipped, nil
}

// allow limits a request to the drivers who have not refused it and whom
// the senior may ride with (banned), or says why it cannot be planned at all.
func allow(r *PlanRequest, refused, banned []int64, drivers []dispatch.PlanningDriver) string {
	if len(refused) >= maxRefusals {
		return string(dispatch.RuleRefusedTooOften)
	}
	no := map[int64]bool{}
	for _, d := range append(slices.Clone(refused), banned...) {
		no[d] = true
	}
	for _, d := range drivers {
		if !no[d.ID] {
			r.Allowed = append(r.Allowed, id(d.ID))
		}
	}
	if len(r.Allowed) == 0 {
		return string(dispatch.RuleAllRefused)
	}
	return ""
}

func request(t dispatch.Trip, known []int64, pinProposals bool) PlanRequest {
	r := PlanRequest{
		ID:            id(t.ID),
		Pickup:        dispatch.Point{Lat: t.Pickup.Lat, Lon: t.Pickup.Lon},
		Dropoff:       dispatch.Point{Lat: t.Dropoff.Lat, Lon: t.Dropoff.Lon},
		PickupWindow:  dispatch.Span{From: deref(t.PickupEarliest), To: deref(t.PickupLatest)},
		DropoffWindow: dispatch.Span{From: deref(t.DropoffEarliest), To: deref(t.DropoffLatest)},
		Passengers:    t.Passengers,
		Wheelchair:    t.Wheelchair,
		MaxRide:       time.Duration(t.MaxRideMinutes) * time.Minute,
		Service:       serviceTime,
	}
	if t.Walker || t.NeedsEscort || t.Wheelchair {
		r.Service = slowServiceTime
	}
	for _, k := range known {
		r.Preferred = append(r.Preferred, id(k))
	}
	// A person's decision (a coordinator's proposal, an offer, a
	// confirmation) is pinned; see dispatch.PersonDecided.
	if a := t.Assignment; a != nil && (dispatch.PersonDecided(dispatch.StageOf(a.State, a.DecidedBy)) || pinProposals) {
		r.Driver = id(a.DriverID)
	}
	return r
}

// driver turns weekly windows into the spans of the date, in local time so
// that 08:00 stays 08:00 across a daylight-saving change. An absent driver
// has no spans; they stay in the input so that their confirmed rides come
// back unassigned with a reason instead of vanishing.
func driver(d dispatch.PlanningDriver, date time.Time) PlanDriver {
	home := dispatch.Point{Lat: d.Lat, Lon: d.Lon}
	p := PlanDriver{ID: id(d.ID), Start: home, End: home, Seats: d.VehicleSeats,
		Wheelchair: d.VehicleWheelchair, MaxDuty: time.Duration(d.MaxDutyMinutes) * time.Minute,
		RidesThisWeek: d.RidesThisWeek, MaxRidesPerWeek: d.MaxRidesPerWeek}
	if d.Absent {
		return p
	}
	for _, w := range d.Windows {
		from, err1 := dispatch.ClockOn(date, w.Start)
		to, err2 := dispatch.ClockOn(date, w.End)
		if err1 == nil && err2 == nil && to.After(from) {
			p.Availability = append(p.Availability, dispatch.Span{From: from, To: to})
		}
	}
	return p
}

// result turns the planner's routes into proposals, numbering each driver's
// tours (one per availability window with rides).
func result(plan *DayPlan) dispatch.PlanResult {
	res := dispatch.PlanResult{Unassigned: map[int64]string{}}
	for _, route := range plan.Routes {
		driverID, err := strconv.ParseInt(route.DriverID, 10, 64)
		if err != nil {
			continue
		}
		tour := 0
		byTrip := map[string]*dispatch.Proposal{}
		for i, stop := range route.Stops {
			switch stop.Kind {
			case solver.StopStart:
				tour++
			case solver.StopPickup:
				tripID, _ := strconv.ParseInt(stop.RequestID, 10, 64)
				byTrip[stop.RequestID] = &dispatch.Proposal{TripID: tripID, DriverID: driverID, Tour: tour,
					StopOrder: i, PlannedPickup: stop.Time}
			case solver.StopDropoff:
				if p := byTrip[stop.RequestID]; p != nil {
					p.PlannedDropoff = stop.Time
					res.Proposals = append(res.Proposals, *p)
				}
			}
		}
	}
	for _, u := range plan.Unassigned {
		tripID, _ := strconv.ParseInt(u.RequestID, 10, 64)
		res.Unassigned[tripID] = string(ReasonRule(u.Reason))
	}
	return res
}

// reasonRules names the solver's reasons as the domain's rules, which the
// pages translate.
var reasonRules = map[solver.Reason]dispatch.Rule{
	solver.ReasonWheelchair:  dispatch.RuleNoWheelchair,
	solver.ReasonSeats:       dispatch.RuleNoSeats,
	solver.ReasonImpossible:  dispatch.RuleImpossible,
	solver.ReasonPinned:      dispatch.RulePinnedUnserved,
	solver.ReasonNoDriver:    dispatch.RuleNoDriver,
	solver.ReasonRideLimit:   dispatch.RuleRideLimit,
	solver.ReasonNoInsertion: dispatch.RuleNoInsertion,
}

// ReasonRule is the rule of a solver's reason; an unknown reason (a new
// one in the solver) is "no insertion", the most general.
func ReasonRule(r solver.Reason) dispatch.Rule {
	if rule, ok := reasonRules[r]; ok {
		return rule
	}
	return dispatch.RuleNoInsertion
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
