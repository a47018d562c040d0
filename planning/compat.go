package planning

import (
	"slices"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// reasonIncompatible is why a ride held by a driver the senior must not be
// paired with is left to the coordinators: a person decided it, so the
// planner does not move it, but says so.
const reasonIncompatible = string(dispatch.RuleIncompatible)

// keepApart applies the senior's incompatible drivers to a request: a
// proposal to one of them is not kept, and an offered or confirmed ride
// with one of them is reported (the reason) instead of planned.
func keepApart(r *PlanRequest, t dispatch.Trip, banned []int64) string {
	a := t.Assignment
	if a == nil || !slices.Contains(banned, a.DriverID) {
		return ""
	}
	if a.State == dispatch.AssignProposed {
		r.Driver = ""
		return ""
	}
	return reasonIncompatible
}
