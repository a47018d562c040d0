package store_test

import (
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Issue 13, finding 6: a NUL byte (or broken UTF-8) in a signed incoming
// SMS is dropped, not stored: the webhook answers 200 and the driver's
// reply counts.
func TestIncomingSMSWithNULKeepsTheReply(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	h.driver("Hans", driverPhone)
	tr, a := h.offered("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	res := h.sms(driverPhone, "JA\x00 "+a.OfferCode+"\xff", "")
	if res.Code != 200 {
		t.Fatalf("status %d: %s", res.Code, res.Body)
	}
	if got := h.trip(tr.ID).Assignment; got.State != dispatch.AssignConfirmed {
		t.Fatalf("state after the reply with a NUL = %s", got.State)
	}
	if n := h.count(`SELECT count(*) FROM messages WHERE direction = 'in' AND body = $1`, "JA "+a.OfferCode); n != 1 {
		t.Fatalf("%d incoming messages stored cleaned", n)
	}
}
