package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

const (
	driverPhone = "+4915100000010"
	seniorPhone = "+491701234567"
)

// The whole chain across the change to summer time (Sunday 29 March 2026):
// a booking, the planner's proposal, the offer SMS, the driver's signed JA,
// the ride confirmed, the reminders at the right local times, and the
// cancellation notices; the reminders of the cancelled ride are dropped.
func TestSMSChainAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	friday := time.Date(2026, 3, 27, 10, 0, 0, 0, berlin)
	h := newSMSHarness(t, friday, 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 3, 29, 10, 0, 0, 0, berlin))
	if _, err := h.svc.PlanDay(h.ctx, "2026-03-29"); err != nil {
		t.Fatal(err)
	}
	a := h.trip(tr.ID).Assignment
	if a == nil || a.DriverID != d.ID || a.State != dispatch.AssignOffered || a.OfferCode == "" {
		t.Fatalf("assignment after planning = %+v, want an offer to the driver", a)
	}
	h.idle()
	offers := h.fake.SentTo(driverPhone)
	if len(offers) != 1 || !strings.Contains(offers[0], "JA "+a.OfferCode) || !strings.Contains(offers[0], driverLink(d.ID)) {
		t.Fatalf("offer SMS = %q, want the code and the link to the driver's rides", offers)
	}

	res := h.sms(driverPhone, " ja, "+strings.ToLower(a.OfferCode)+"!", "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), "fest zugesagt") {
		t.Fatalf("answer to JA = %d %s", res.Code, res.Body)
	}
	if a := h.trip(tr.ID).Assignment; a == nil || a.State != dispatch.AssignConfirmed {
		t.Fatalf("assignment after JA = %+v", a)
	}
	pickup := h.trip(tr.ID).Assignment.PlannedPickup
	wantDue := map[notify.MessageKind]time.Time{
		notify.KindReminderEvening: time.Date(2026, 3, 28, 18, 0, 0, 0, berlin), // still winter time
		notify.KindRiderReminder:   time.Date(2026, 3, 28, 17, 0, 0, 0, berlin),
		notify.KindReminderSoon:    pickup.Add(-time.Hour), // summer time by then
	}
	for kind, want := range wantDue {
		ms := h.messages(kind)
		if len(ms) != 1 || ms[0].DueAt == nil || !ms[0].DueAt.Equal(want) || ms[0].Status != "pending" {
			t.Fatalf("%s = %+v, want one pending, due %v", kind, ms, want)
		}
	}
	if _, off := pickup.In(berlin).Zone(); off != 2*3600 {
		t.Fatalf("pickup %v is not in summer time", pickup.In(berlin))
	}

	// Saturday noon the senior's relative rings: the ride is cancelled.
	h.travel(time.Date(2026, 3, 28, 12, 0, 0, 0, berlin))
	if _, err := h.st.CancelTrip(h.ctx, system, tr.ID, "doctor ill", true); err != nil {
		t.Fatal(err)
	}
	h.idle()
	if got := h.fake.SentTo(driverPhone); len(got) != 2 || !strings.Contains(got[1], "abgesagt") {
		t.Fatalf("driver SMS after the cancellation = %q", got)
	}
	if got := h.fake.SentTo(seniorPhone); len(got) != 1 || !strings.Contains(got[0], "fällt leider aus") {
		t.Fatalf("senior SMS after the cancellation = %q", got)
	}
	// Through the evening and the morning: the reminders are dropped.
	h.travel(time.Date(2026, 3, 28, 18, 0, 1, 0, berlin))
	h.travel(pickup.Add(-59 * time.Minute))
	for kind := range wantDue {
		if ms := h.messages(kind); ms[0].Status != "dropped" {
			t.Errorf("%s after the cancellation: %s", kind, ms[0].Status)
		}
	}
	if n := len(h.fake.Sent()); n != 3 {
		t.Errorf("%d SMS sent in all, want 3 (offer, two notices)", n)
	}
}

// A confirmed ride gets its reminders on time, and a reminder whose moment
// has passed (after the pickup) is dropped, not sent late.
func TestRemindersSentAtTheirTimeOrDropped(t *testing.T) {
	t.Parallel()
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, berlin)
	h := newSMSHarness(t, monday, 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 24, 11, 0, 0, 0, berlin))
	h.confirm(tr, d)
	h.travel(time.Date(2026, 11, 23, 17, 0, 0, 0, berlin))
	if got := h.fake.SentTo(seniorPhone); len(got) != 1 || !strings.Contains(got[0], "Hans") {
		t.Fatalf("senior reminder = %q, want one naming the driver", got)
	}
	h.travel(time.Date(2026, 11, 23, 18, 0, 0, 0, berlin))
	if got := h.fake.SentTo(driverPhone); len(got) != 2 { // confirmation, evening
		t.Fatalf("driver SMS by the evening = %q", got)
	}
	// The service was down in the morning: the last reminder is too late.
	h.travel(time.Date(2026, 11, 24, 11, 30, 0, 0, berlin))
	if ms := h.messages(notify.KindReminderSoon); len(ms) != 1 || ms[0].Status != "dropped" {
		t.Fatalf("late reminder = %+v, want dropped", ms)
	}
	if got := h.fake.SentTo(driverPhone); len(got) != 2 {
		t.Fatalf("driver SMS = %q, the late reminder went out", got)
	}
}

// confirm has a coordinator confirm the trip with the driver.
func (h *smsHarness) confirm(tr dispatch.Trip, d dispatch.Driver) dispatch.Assignment {
	h.t.Helper()
	a, err := h.st.AssignTrip(h.ctx, system, dispatch.Assignment{TripID: tr.ID, DriverID: d.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: tr.PickupEarliest.Add(10 * time.Minute),
		PlannedDropoff: tr.DropoffLatest.Add(-5 * time.Minute)})
	if err != nil {
		h.t.Fatal(err)
	}
	h.idle()
	return a
}

// Cancelling one ride of a shared tour tells the driver once and writes the
// tour's reminders anew for the rides that remain.
func TestCancelOneRideOfATour(t *testing.T) {
	t.Parallel()
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)
	h := newSMSHarness(t, monday, 1)
	h.driver("Hans", driverPhone)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	first := h.ride("Anna", "", at)
	second := h.ride("Berta", "", at)
	if _, err := h.svc.PlanDay(h.ctx, "2026-11-25"); err != nil {
		t.Fatal(err)
	}
	a, b := h.trip(first.ID).Assignment, h.trip(second.ID).Assignment
	if a == nil || b == nil || a.TourID != b.TourID || a.State != dispatch.AssignOffered {
		t.Fatalf("assignments %+v and %+v, want one offered tour", a, b)
	}
	h.idle()
	if res := h.sms(driverPhone, "JA "+a.OfferCode, ""); res.Code != 200 {
		t.Fatalf("JA: %d", res.Code)
	}
	before := h.messages(notify.KindReminderEvening)
	if len(before) != 1 {
		t.Fatalf("evening reminders before = %+v", before)
	}
	if _, err := h.st.CancelTrip(h.ctx, system, first.ID, "ill", true); err != nil {
		t.Fatal(err)
	}
	h.idle()
	// The confirmation went back as the webhook's TwiML answer.
	if got := h.fake.SentTo(driverPhone); len(got) != 2 || !strings.Contains(got[1], "abgesagt") {
		t.Fatalf("driver SMS = %q, want the offer and one cancellation", got)
	}
	var pending []dispatch.Message
	for _, m := range h.messages(notify.KindReminderEvening) {
		if m.Status == "pending" {
			pending = append(pending, m)
		}
	}
	if len(pending) != 1 || pending[0].ID == before[0].ID {
		t.Fatalf("pending evening reminders = %+v, want one new for the remaining ride", pending)
	}
}
