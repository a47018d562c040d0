package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
)

// A message found in 'sending' was being sent when a process stopped:
// within the lease it is left to the job that is sending it; after the
// lease it is looked up at Twilio and, not found there, sent once (see
// sms_reconcile_test.go for the one Twilio has).
func TestMessageInSendingIsLookedUpAfterTheLease(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 24, 11, 0, 0, 0, berlin))
	h.confirm(tr, d)
	evening, rider := h.messages(notify.KindReminderEvening), h.messages(notify.KindRiderReminder)
	if len(evening) != 1 || len(rider) != 1 || evening[0].Status != "pending" || rider[0].Status != "pending" {
		t.Fatalf("reminders = %+v / %+v, want one pending of each", evening, rider)
	}
	at := time.Date(2026, 11, 23, 18, 0, 0, 0, berlin) // both are due
	sentBefore := len(h.fake.Sent())
	for _, m := range []struct {
		id      int64
		started time.Time
	}{{evening[0].ID, at.Add(-3 * time.Minute)}, {rider[0].ID, at.Add(-time.Minute)}} {
		if _, err := h.pool.Exec(h.ctx, `UPDATE messages SET status = 'sending', updated_at = $2 WHERE id = $1`,
			m.id, m.started); err != nil {
			t.Fatal(err)
		}
	}
	h.travel(at)
	if got := h.fake.Sent()[sentBefore:]; len(got) != 1 || !strings.Contains(got[0].Body, "Erinnerung, Hans") {
		t.Fatalf("%d SMS sent for messages found in 'sending', want the driver's reminder once: %+v", len(got), got)
	}
	got, err := h.st.Message(h.ctx, evening[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "queued" || got.TwilioSID == nil {
		t.Fatalf("after the lease: %s %q, want queued with a SID", got.Status, got.ErrorMessage)
	}
	if got, err = h.st.Message(h.ctx, rider[0].ID); err != nil || got.Status != "sending" {
		t.Fatalf("within the lease: %s (%v), want still sending", got.Status, err)
	}
}

// A senior's SMS written at 22:00 waits for the end of the quiet hours: not
// sent before 08:00, sent at 08:00. The driver's goes at once.
func TestQuietHoursHoldASeniorsSMSUntilMorning(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 24, 11, 0, 0, 0, berlin))
	h.travel(time.Date(2026, 11, 23, 22, 0, 0, 0, berlin))
	h.confirm(tr, d)
	if got := h.fake.SentTo(driverPhone); len(got) != 1 {
		t.Fatalf("driver SMS at 22:00 = %q, want the confirmation at once", got)
	}
	for _, at := range []time.Time{
		time.Date(2026, 11, 23, 22, 0, 1, 0, berlin),
		time.Date(2026, 11, 24, 3, 0, 0, 0, berlin),
		time.Date(2026, 11, 24, 7, 59, 0, 0, berlin),
	} {
		h.travel(at)
		if got := h.fake.SentTo(seniorPhone); len(got) != 0 {
			t.Fatalf("senior SMS at %v = %q, want none in the quiet hours", at, got)
		}
	}
	if ms := h.messages(notify.KindRiderReminder); len(ms) != 1 || ms[0].Status != "pending" {
		t.Fatalf("senior reminder before 08:00 = %+v, want one pending", ms)
	}
	h.travel(time.Date(2026, 11, 24, 8, 0, 0, 0, berlin))
	if got := h.fake.SentTo(seniorPhone); len(got) != 1 {
		t.Fatalf("senior SMS at 08:00 = %q, want the reminder", got)
	}
	if ms := h.messages(notify.KindRiderReminder); ms[0].Status != "queued" {
		t.Fatalf("senior reminder after 08:00: %s, want queued", ms[0].Status)
	}
}
