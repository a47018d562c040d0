package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// lifecycleDay is the date the lifecycle tests plan, two days after their
// clock's start.
var (
	lifecycleNow  = time.Date(2026, 11, 23, 9, 0, 0, 0, berlin)
	lifecycleDate = "2026-11-25"
)

// plan runs a full planning pass of the lifecycle date.
func (h *smsHarness) plan() {
	h.t.Helper()
	if _, err := h.svc.PlanDay(h.ctx, lifecycleDate); err != nil {
		h.t.Fatal(err)
	}
	h.idle()
}

// Issue 12, problem 1: a plan computed before a driver's NEIN and saved
// after it must not offer the driver the same ride again.
func TestDeclineDuringPlanningIsNotUndone(t *testing.T) {
	t.Parallel()
	h, hans, tr := plannedForHans(t)
	a := h.trip(tr.ID).Assignment
	if a == nil || a.State != dispatch.AssignOffered || a.DriverID != hans.ID {
		t.Fatalf("assignment = %+v, want an offer to Hans", a)
	}
	// A booking starts a re-plan; it loads and solves ...
	h.ride("Berta", "", time.Date(2026, 11, 25, 15, 0, 0, 0, berlin))
	c, err := h.svc.Compute(h.ctx, lifecycleDate, false)
	if err != nil {
		t.Fatal(err)
	}
	// ... while Hans says NEIN ...
	if res := h.sms(driverPhone, "NEIN "+a.OfferCode, ""); !strings.Contains(res.Body.String(), "jemand anderen") {
		t.Fatalf("answer to NEIN = %s", res.Body)
	}
	// ... and saves after it.
	if _, err := h.svc.Save(h.ctx, c); err != nil {
		t.Fatal(err)
	}
	h.idle()
	if a := h.trip(tr.ID).Assignment; a != nil && a.DriverID == hans.ID {
		t.Fatalf("after the save Anna's ride is %s to Hans, who declined it", a.State)
	}
	if n := h.count(`SELECT count(*) FROM offers o JOIN assignments a ON a.offer_id = o.id
		WHERE a.trip_id = $1 AND o.driver_id = $2`, tr.ID, hans.ID); n != 1 {
		t.Fatalf("Hans was offered Anna's ride %d times, want once", n)
	}
}

// Issue 12, problem 2: a coordinator's assignment without agreement asks
// the driver by SMS at once, and no re-plan takes it away.
func TestHandAssignmentAsksAndSurvivesReplan(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, lifecycleNow, 1)
	h.driver("Hans", driverPhone)
	uwe := h.driver("Uwe", "+4915100000011")
	for i, state := range []string{dispatch.AssignProposed, dispatch.AssignOffered} {
		tr := h.ride(fmt.Sprint("Anna", i), "", time.Date(2026, 11, 25, 9+3*i, 0, 0, 0, berlin))
		if _, err := h.st.AssignTrip(h.ctx, system, dispatch.Assignment{TripID: tr.ID, DriverID: uwe.ID, State: state,
			PlannedPickup: tr.PickupEarliest.Add(10 * time.Minute), PlannedDropoff: tr.PickupEarliest.Add(30 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		h.idle()
		if n := h.count(`SELECT count(*) FROM messages WHERE kind = 'offer' AND trip_id = $1 AND driver_id = $2
			AND status NOT IN ('dropped', 'failed')`, tr.ID, uwe.ID); n != 1 {
			t.Fatalf("offers to Uwe after the hand assignment (%s) = %d, want one", state, n)
		}
		h.ride(fmt.Sprint("Berta", i), "", time.Date(2026, 11, 25, 16+i, 0, 0, 0, berlin))
		h.plan()
		if a := h.trip(tr.ID).Assignment; a == nil || a.DriverID != uwe.ID {
			t.Fatalf("after a re-plan Anna's ride is %+v (flag %q), want still Uwe's", a, h.trip(tr.ID).Flagged)
		}
	}
}

// Issue 12, problem 3: reassigning a ride offered to one driver tells that
// driver that the request is settled, exactly once.
func TestReassignTellsTheDriverWhoHeldTheOffer(t *testing.T) {
	t.Parallel()
	h, hans, tr := plannedForHans(t)
	if a := h.trip(tr.ID).Assignment; a == nil || a.State != dispatch.AssignOffered || a.DriverID != hans.ID {
		t.Fatalf("assignment = %+v, want an offer to Hans", a)
	}
	uwe := h.driver("Uwe", "+4915100000011")
	h.assign(h.trip(tr.ID), uwe, 0, tr.PickupEarliest.Add(10*time.Minute))
	got := h.fake.SentTo(driverPhone)
	if len(got) != 2 || !strings.Contains(got[1], "erledigt") || !strings.Contains(got[1], "nichts tun") {
		t.Fatalf("SMS to Hans = %q, want the offer and one withdrawal notice", got)
	}
	if ms := h.messages(notify.KindOfferWithdrawn); len(ms) != 1 {
		t.Fatalf("withdrawal notices = %d", len(ms))
	}
}

// Issue 12, problem 4: a second JA from the driver who holds the ride
// confirms it again instead of saying it is taken.
func TestRepeatedYesConfirmsAgain(t *testing.T) {
	t.Parallel()
	h, _, tr := plannedForHans(t)
	code := h.trip(tr.ID).Assignment.OfferCode
	if res := h.sms(driverPhone, "JA "+code, ""); !strings.Contains(res.Body.String(), "fest zugesagt") {
		t.Fatalf("first JA: %s", res.Body)
	}
	res := h.sms(driverPhone, "JA "+code, "")
	if body := res.Body.String(); !strings.Contains(body, "fest zugesagt") || strings.Contains(body, "vergeben") {
		t.Fatalf("second JA answered %s, want the confirmation again", body)
	}
	if a := h.trip(tr.ID).Assignment; a == nil || a.State != dispatch.AssignConfirmed {
		t.Fatalf("assignment = %+v", a)
	}
}

// Issue 12: NEIN after JA is a cancellation, and the coordinators see it.
func TestNoAfterYesCancelsAndFlags(t *testing.T) {
	t.Parallel()
	h, _, tr := plannedForHans(t)
	code := h.trip(tr.ID).Assignment.OfferCode
	h.sms(driverPhone, "JA "+code, "")
	res := h.sms(driverPhone, "NEIN "+code, "")
	if !strings.Contains(res.Body.String(), "Absage") {
		t.Fatalf("NEIN after JA answered %s, want the cancellation acknowledged", res.Body)
	}
	got := h.trip(tr.ID)
	if got.Assignment != nil || got.Flagged == "" {
		t.Fatalf("after NEIN the trip is %+v flagged %q, want no driver and a flag", got.Assignment, got.Flagged)
	}
}

// Issue 12, problem 5: a coordinator's assignment clears the trip's flag.
func TestAssignClearsTheFlag(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, lifecycleNow, 1)
	tr := h.ride("Anna", "", time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	h.plan() // no driver at all: flagged
	if f := h.trip(tr.ID).Flagged; f == "" {
		t.Fatal("a trip without any driver is not flagged")
	}
	hans := h.driver("Hans", driverPhone)
	h.assign(h.trip(tr.ID), hans, 0, tr.PickupEarliest.Add(10*time.Minute))
	if f := h.trip(tr.ID).Flagged; f != "" {
		t.Fatalf("flag after the assignment = %q", f)
	}
}

// A ride a coordinator recorded as agreed has a reply code but no offer:
// a JA with that code from its driver is a repeated yes (the confirmation
// again), not "nicht verstanden"; a NEIN with it gives the ride back.
func TestYesToAnAgreedRideConfirmsAgain(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, lifecycleNow, 1)
	hans := h.driver("Hans", driverPhone)
	tr := h.ride("Anna", "", time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	h.assign(tr, hans, 0, tr.PickupEarliest.Add(10*time.Minute))
	code := h.trip(tr.ID).Assignment.OfferCode
	if code == "" {
		t.Fatal("an agreed ride has no reply code")
	}
	res := h.sms(driverPhone, "JA "+code, "")
	if body := res.Body.String(); !strings.Contains(body, "fest zugesagt") || strings.Contains(body, "nicht verstanden") {
		t.Fatalf("JA %s to an agreed ride answered %s, want the confirmation again", code, body)
	}
	res = h.sms(driverPhone, "NEIN "+code, "")
	if !strings.Contains(res.Body.String(), "Absage") {
		t.Fatalf("NEIN %s to an agreed ride answered %s, want the cancellation acknowledged", code, res.Body)
	}
	if got := h.trip(tr.ID); got.Assignment != nil || got.Flagged == "" {
		t.Fatalf("after NEIN the trip is %+v flagged %q, want no driver and a flag", got.Assignment, got.Flagged)
	}
}

// plannedForHans is where several lifecycle tests start: Hans is the only
// driver, Anna's ride on Wednesday 25 November at 10:00 is booked, and the
// planner has run (so the ride is offered to Hans).
func plannedForHans(t *testing.T) (*smsHarness, dispatch.Driver, dispatch.Trip) {
	t.Helper()
	h := newSMSHarness(t, lifecycleNow, 1)
	hans := h.driver("Hans", driverPhone)
	tr := h.ride("Anna", "", time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	h.plan()
	return h, hans, tr
}
