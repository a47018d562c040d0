package planning

import (
	"slices"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// After a refusal the other drivers may take the ride; after maxRefusals
// refusals, or when nobody is left, it goes to the coordinators.
func TestAllowAfterRefusals(t *testing.T) {
	var drivers []dispatch.PlanningDriver
	for i := int64(1); i <= 5; i++ {
		drivers = append(drivers, dispatch.PlanningDriver{Driver: dispatch.Driver{ID: i}})
	}
	tests := []struct {
		refused     []int64
		drivers     []dispatch.PlanningDriver
		wantAllowed string
		wantReason  string
	}{
		{[]int64{2}, drivers, "1,3,4,5", ""},
		{[]int64{2, 4}, drivers, "1,3,5", ""},
		{[]int64{1, 2, 3}, drivers, "", "refused_too_often"},
		{[]int64{1, 2}, drivers[:2], "", "all_refused"},
	}
	for _, tt := range tests {
		var r PlanRequest
		reason := allow(&r, tt.refused, nil, tt.drivers)
		if got := strings.Join(r.Allowed, ","); got != tt.wantAllowed ||
			(tt.wantReason == "") != (reason == "") || !strings.Contains(reason, tt.wantReason) {
			t.Errorf("refused %v: allowed %q, reason %q; want %q, %q", tt.refused, got, reason, tt.wantAllowed, tt.wantReason)
		}
	}
}

// An offered or confirmed ride with a driver the senior must not ride
// with goes to the coordinators with a rule the pages translate (a
// sentence here showed as "bitte prüfen" on the board and as English in
// the API).
func TestKeepApartReasonIsARule(t *testing.T) {
	t.Parallel()
	for _, state := range []string{dispatch.AssignOffered, dispatch.AssignConfirmed} {
		trip := dispatch.Trip{ID: 1, Assignment: &dispatch.Assignment{DriverID: 7, State: state}}
		var r PlanRequest
		reason := keepApart(&r, trip, []int64{7})
		if !slices.Contains(dispatch.FlagRules, dispatch.Rule(reason)) {
			t.Errorf("%s: reason %q is not a rule of dispatch.FlagRules", state, reason)
		}
	}
}
