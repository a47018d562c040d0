package store_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// A permanent Twilio error (21211, invalid number) cancels the job, marks
// the message failed with the code, flags the driver, and moves the offer
// on: the driver is not asked again for the ride.
func TestPermanentTwilioError(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	bad := h.driver("Hans", "+15005550001")
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	if _, err := h.svc.PlanDay(h.ctx, tr.ServiceDate); err != nil {
		t.Fatal(err)
	}
	h.idle()
	if n := h.count(`SELECT count(*) FROM offers WHERE driver_id = $1 AND state = 'failed'`, bad.ID); n != 1 {
		t.Fatalf("%d failed offers to the driver, want 1", n)
	}
	ms := h.messages(notify.KindOffer)
	if len(ms) != 1 || ms[0].Status != "failed" || ms[0].ErrorCode == nil || *ms[0].ErrorCode != 21211 {
		t.Fatalf("offer message = %+v", ms)
	}
	if n := h.count(`SELECT count(*) FROM river_job WHERE kind = 'sms_send' AND state = 'cancelled'`); n != 1 {
		t.Fatalf("%d cancelled send jobs, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM drivers WHERE id = $1 AND sms_problem = '21211'`, bad.ID); n != 1 {
		t.Fatal("driver not flagged with the code alone")
	}
	if d, err := h.st.Driver(h.ctx, bad.ID); err != nil || d.SMSProblem != 21211 {
		t.Fatalf("driver's SMS problem = %d, %v; want 21211", d.SMSProblem, err)
	}
	if got := h.trip(tr.ID).Assignment; got != nil {
		t.Fatalf("assignment after the failed offer = %+v, want none until planned again", got)
	}
	if n := h.count(`SELECT count(*) FROM assignments WHERE trip_id = $1 AND state = 'expired'`, tr.ID); n != 1 {
		t.Fatal("the failed offer does not exclude the driver")
	}
	if len(h.fake.Sent()) != 0 {
		t.Fatal("the fake accepted a message to an invalid number")
	}
}

// 21610 (the recipient sent STOP to Twilio) marks the person opted out.
func TestUnsubscribedMarksOptOut(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", "+15005550004", time.Date(2026, 11, 24, 11, 0, 0, 0, berlin))
	h.confirm(tr, d)
	h.travel(time.Date(2026, 11, 23, 17, 0, 0, 0, berlin))
	if n := h.count(`SELECT count(*) FROM riders WHERE sms_opt_out AND phone = '+15005550004'`); n != 1 {
		t.Fatal("rider not opted out after 21610")
	}
	if n := h.count(`SELECT count(*) FROM trips WHERE id = $1 AND flagged <> ''`, tr.ID); n != 1 {
		t.Fatal("trip not flagged after the senior's reminder failed")
	}
}

// Temporary errors (429, 503) are retried with backoff until Twilio takes
// the message; the message is sent once.
func TestTemporaryTwilioErrorIsRetried(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	var calls atomic.Int32
	h.fake.SetOverride(func(w http.ResponseWriter, r *http.Request) bool {
		switch calls.Add(1) {
		case 1:
			twiliotest.WriteError(w, http.StatusTooManyRequests, 20429, "Too Many Requests")
			return true
		case 2:
			twiliotest.WriteError(w, http.StatusServiceUnavailable, 20503, "Service Unavailable")
			return true
		}
		return false
	})
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	h.confirm(tr, d)
	deadline := time.Now().Add(10 * time.Second)
	for len(h.fake.SentTo(driverPhone)) == 0 && time.Now().Before(deadline) {
		h.travel(h.clock.Now())
	}
	ms := h.messages(notify.KindConfirmation)
	if len(ms) != 1 || ms[0].Status != "queued" || ms[0].TwilioSID == nil {
		t.Fatalf("confirmation = %+v", ms)
	}
	if got := h.fake.SentTo(driverPhone); len(got) != 1 || calls.Load() != 3 {
		t.Fatalf("%d sent after %d calls", len(got), calls.Load())
	}
	if n := h.count(`SELECT attempts FROM messages WHERE id = $1`, ms[0].ID); n != 3 {
		t.Fatalf("attempts = %d", n)
	}
}
