package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/solver"
)

// Issue 12, problem 5: the board shows every reason the planner or the
// SMS side can give for a trip without a driver in the reader's language:
// on the German page no English sentence of the solver and no rule name.
func TestBoardSaysEveryReasonInGerman(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.login(f.coordinator)
	english := []string{string(solver.ReasonWheelchair), string(solver.ReasonSeats), string(solver.ReasonImpossible),
		string(solver.ReasonPinned), string(solver.ReasonNoDriver), string(solver.ReasonRideLimit),
		string(solver.ReasonNoInsertion), "declined", "please", "driver"}
	for _, rule := range dispatch.FlagRules {
		must(t, f.st.SavePlan(context.Background(), f.karlTrip.ServiceDate, dispatch.PlanResult{
			Unassigned: map[int64]string{f.karlTrip.ID: string(rule)}}))
		status, body := c.get("/board?date=" + f.karlTrip.ServiceDate)
		if status != http.StatusOK {
			t.Fatalf("board: %d", status)
		}
		flag := regexp.MustCompile(`state-flagged">([^<]*)<`).FindAllStringSubmatch(body, -1)
		if len(flag) == 0 {
			t.Fatalf("%s: no flag on the board", rule)
		}
		for _, m := range flag {
			if m[1] == string(rule) || m[1] == "" {
				t.Errorf("%s: the board shows %q", rule, m[1])
			}
			for _, en := range english {
				if strings.Contains(m[1], en) {
					t.Errorf("%s: English on the German board: %q", rule, m[1])
				}
			}
		}
	}
}

// Issue 12, problem 3: the assign form asks the driver by default; "agreed
// with the driver" is a choice a coordinator must make on purpose.
func TestAssignFormAsksByDefault(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	_, body := c.get("/board?date=" + f.karlTrip.ServiceDate)
	if strings.Contains(body, `type="checkbox" name="confirmed"`) {
		t.Fatal("the board still has the pre-ticked \"agreed\" box")
	}
	if !regexp.MustCompile(`name="mode" value="ask" checked`).MatchString(body) ||
		regexp.MustCompile(`name="mode" value="agreed" checked`).MatchString(body) {
		t.Fatalf("assign form does not default to asking the driver:\n%s", body)
	}
	// Sent as the browser sends it by default: the driver is asked.
	status, _, _ := c.post("/board/assign", url.Values{"csrf": {csrf}, "trip": {fmt.Sprint(f.karlTrip.ID)},
		"driver": {fmt.Sprint(f.driver.ID)}, "mode": {"ask"}})
	if status != http.StatusSeeOther {
		t.Fatalf("assign: %d", status)
	}
	tr, err := f.st.Trip(context.Background(), f.karlTrip.ID)
	must(t, err)
	if tr.Assignment == nil || tr.Assignment.State != dispatch.AssignOffered || tr.Assignment.DecidedBy != "coordinator" {
		t.Fatalf("assignment after the default form = %+v, want offered by the coordinator", tr.Assignment)
	}
}
