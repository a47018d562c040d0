package store_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// offered books a ride, plans its date and waits for the offer SMS.
func (h *smsHarness) offered(name, phone string, at time.Time) (dispatch.Trip, dispatch.Assignment) {
	h.t.Helper()
	tr := h.ride(name, phone, at)
	if _, err := h.svc.PlanDay(h.ctx, tr.ServiceDate); err != nil {
		h.t.Fatal(err)
	}
	h.idle()
	a := h.trip(tr.ID).Assignment
	if a == nil || a.State != dispatch.AssignOffered {
		h.t.Fatalf("not offered: %+v", a)
	}
	return tr, *a
}

// A reply with a bad signature is refused with 403 and changes nothing;
// the same webhook twice has its effect once and gets the same answer.
func TestWebhookSignatureAndDuplicates(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	h.driver("Hans", driverPhone)
	tr, a := h.offered("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	before := h.count(`SELECT count(*) FROM messages`)

	form := url.Values{"MessageSid": {"SM" + strings.Repeat("ab", 16)}, "AccountSid": {twiliotest.AccountSID},
		"From": {driverPhone}, "To": {twiliotest.From}, "Body": {"JA " + a.OfferCode}}
	for _, sig := range []string{"", twiliotest.Sign("wrong-token", publicURL+"/twilio/sms", form),
		twiliotest.Sign(twiliotest.AuthToken, "https://evil.example/twilio/sms", form)} {
		if res := h.post("/twilio/sms", form, sig); res.Code != 403 {
			t.Fatalf("signature %q: status %d", sig, res.Code)
		}
	}
	if n := h.count(`SELECT count(*) FROM messages`); n != before {
		t.Fatalf("bad signatures wrote %d messages", n-before)
	}
	if got := h.trip(tr.ID).Assignment; got.State != dispatch.AssignOffered {
		t.Fatalf("bad signature changed the assignment: %s", got.State)
	}

	sid := "SM" + strings.Repeat("cd", 16)
	first := h.sms(driverPhone, "JA "+a.OfferCode, sid)
	after := h.count(`SELECT count(*) FROM messages`)
	jobs := h.count(`SELECT count(*) FROM river_job`)
	second := h.sms(driverPhone, "JA "+a.OfferCode, sid)
	if first.Code != 200 || second.Body.String() != first.Body.String() {
		t.Fatalf("answers differ: %s / %s", first.Body, second.Body)
	}
	if n := h.count(`SELECT count(*) FROM messages`); n != after {
		t.Fatalf("the duplicate wrote %d messages", n-after)
	}
	if n := h.count(`SELECT count(*) FROM river_job`); n != jobs {
		t.Fatalf("the duplicate enqueued %d jobs", n-jobs)
	}
	if got := h.trip(tr.ID).Assignment; got.State != dispatch.AssignConfirmed {
		t.Fatalf("state after JA = %s", got.State)
	}
}

// STOP stops every further SMS to that number until START; a status
// callback moves a message's status forwards only.
func TestStopStopsAllSMS(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 24, 11, 0, 0, 0, berlin))
	h.confirm(tr, d)
	res := h.sms(seniorPhone, "stop", "")
	if !strings.Contains(res.Body.String(), "<Message>") {
		t.Fatalf("no answer to STOP: %s", res.Body)
	}
	if _, err := h.st.CancelTrip(h.ctx, system, tr.ID, "", true); err != nil {
		t.Fatal(err)
	}
	h.travel(time.Date(2026, 11, 23, 17, 0, 0, 0, berlin))
	if got := h.fake.SentTo(seniorPhone); len(got) != 0 {
		t.Fatalf("SMS after STOP: %q", got)
	}
	if ms := h.messages(notify.KindRiderCancelled); len(ms) != 1 || ms[0].Status != "dropped" {
		t.Fatalf("notice after STOP = %+v, want dropped", ms)
	}
	h.sms(seniorPhone, "START", "")
	if n := h.count(`SELECT count(*) FROM sms_opt_outs`); n != 0 {
		t.Fatalf("START left %d opt-outs", n)
	}

	sent := h.fake.Sent()
	cb := func(status string) {
		form := url.Values{"MessageSid": {sent[0].SID}, "MessageStatus": {status}}
		if res := h.post("/twilio/status", form, twiliotest.Sign(twiliotest.AuthToken, publicURL+"/twilio/status", form)); res.Code != 204 {
			t.Fatalf("status callback: %d", res.Code)
		}
	}
	cb("delivered")
	cb("sent") // late and out of order
	if ms := h.messages(notify.KindConfirmation); ms[0].Status != "delivered" {
		t.Fatalf("status = %s, want delivered", ms[0].Status)
	}
}

// NEIN moves the ride to the next driver, who is offered it; an unknown
// reply gets the help text and is kept for the coordinators.
func TestDeclineOffersTheNextDriver(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	h.driver("Hans", driverPhone)
	h.driver("Uwe", "+4915100000011")
	tr, a := h.offered("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	first, _ := h.st.Driver(h.ctx, a.DriverID)
	if res := h.sms(first.Phone, "Wer ist da?", ""); !strings.Contains(res.Body.String(), a.OfferCode) {
		t.Fatalf("unknown reply answered %s", res.Body)
	}
	if n := h.count(`SELECT count(*) FROM messages WHERE status = 'unknown_reply'`); n != 1 {
		t.Fatalf("%d unknown replies stored", n)
	}
	if res := h.sms(first.Phone, "nein", ""); !strings.Contains(res.Body.String(), "jemand anderen") {
		t.Fatalf("answer to NEIN: %s", res.Body)
	}
	if _, err := h.svc.PlanDay(h.ctx, tr.ServiceDate); err != nil {
		t.Fatal(err)
	}
	next := h.trip(tr.ID).Assignment
	if next == nil || next.DriverID == first.ID || next.State != dispatch.AssignOffered {
		t.Fatalf("after NEIN: %+v, want an offer to the other driver", next)
	}
	// The second driver declines too: nobody is left, the trip is flagged.
	second, _ := h.st.Driver(h.ctx, next.DriverID)
	h.sms(second.Phone, "NEIN "+next.OfferCode, "")
	if _, err := h.svc.PlanDay(h.ctx, tr.ServiceDate); err != nil {
		t.Fatal(err)
	}
	if got := h.trip(tr.ID); got.Assignment != nil || got.Flagged != string(dispatch.RuleAllRefused) {
		t.Fatalf("after two NEIN: assignment %+v, flag %q", got.Assignment, got.Flagged)
	}
}

// An offer nobody answers expires and goes to the next driver; a driver who
// confirmed and then answers ABSAGE gives the ride back to planning, and the
// coordinators see it.
func TestExpiryAndDriverCancellation(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	h.driver("Hans", driverPhone)
	h.driver("Uwe", "+4915100000011")
	tr, a := h.offered("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	var offerID int64
	if err := h.pool.QueryRow(h.ctx, `SELECT offer_id FROM assignments WHERE id = $1`, a.ID).Scan(&offerID); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(*a.ExpiresAt)
	if _, err := h.st.ExpireOffer(h.ctx, offerID); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.st.Assignment(h.ctx, a.ID); got.State != dispatch.AssignExpired {
		t.Fatalf("after expiry: %s", got.State)
	}
	if _, err := h.svc.PlanDay(h.ctx, tr.ServiceDate); err != nil {
		t.Fatal(err)
	}
	next := h.trip(tr.ID).Assignment
	if next == nil || next.DriverID == a.DriverID || next.State != dispatch.AssignOffered {
		t.Fatalf("after expiry: %+v, want an offer to the other driver", next)
	}
	second, _ := h.st.Driver(h.ctx, next.DriverID)
	if res := h.sms(second.Phone, "ja "+next.OfferCode, ""); res.Code != 200 {
		t.Fatalf("JA: %d", res.Code)
	}
	if res := h.sms(second.Phone, "ABSAGE "+next.OfferCode, ""); res.Code != 200 {
		t.Fatalf("ABSAGE: %d", res.Code)
	}
	got := h.trip(tr.ID)
	if got.Assignment != nil || got.Flagged == "" {
		t.Fatalf("after ABSAGE: assignment %+v, flag %q; want none and a flag", got.Assignment, got.Flagged)
	}
	// Declined, not cancelled: only a declined (or expired) assignment keeps
	// the planner from asking the driver again.
	if was, _ := h.st.Assignment(h.ctx, next.ID); was.State != dispatch.AssignDeclined {
		t.Fatalf("the confirmed assignment after ABSAGE: %s, want %s", was.State, dispatch.AssignDeclined)
	}
	third := h.driver("Olga", "+4915100000012")
	if _, err := h.svc.PlanDay(h.ctx, tr.ServiceDate); err != nil {
		t.Fatal(err)
	}
	if again := h.trip(tr.ID).Assignment; again == nil || again.DriverID != third.ID {
		t.Fatalf("planned again after ABSAGE: %+v, want the driver who has not been asked (%d)", again, third.ID)
	}
}
