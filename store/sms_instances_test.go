package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/store"
)

// Two instances of the service (two River clients, two pools) on one
// database through a day of reminders: every reminder reaches the fake
// Twilio exactly once, even with every send job enqueued twice.
func TestTwoInstancesSendEveryReminderOnce(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 12, 0, 0, 0, berlin)
	h := newSMSHarness(t, start, 2)
	const rides = 12
	for i := range rides {
		d := h.driver(fmt.Sprintf("D%d", i), fmt.Sprintf("+49151000001%02d", i))
		tr := h.ride(fmt.Sprintf("R%d", i), fmt.Sprintf("+49170000002%02d", i),
			time.Date(2026, 11, 24, 8+i%10, 15*(i%4), 0, 0, berlin))
		h.confirm(tr, d)
	}
	var ids []int64
	if err := h.pool.QueryRow(h.ctx, `SELECT array_agg(id) FROM messages WHERE status = 'pending'`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3*rides {
		t.Fatalf("%d pending reminders, want %d", len(ids), 3*rides)
	}
	for _, id := range ids { // a duplicate job for every reminder, on the other client
		if _, err := h.clients[1].Insert(h.ctx, store.SendArgs{MessageID: id}, &river.InsertOpts{}); err != nil {
			t.Fatal(err)
		}
	}
	for at := start; at.Before(time.Date(2026, 11, 24, 19, 0, 0, 0, berlin)); at = at.Add(30 * time.Minute) {
		h.travel(at)
	}
	sent := map[string]int{}
	for _, m := range h.fake.Sent() {
		sent[m.To+"\x00"+m.Body]++
	}
	for _, kind := range []notify.MessageKind{notify.KindReminderEvening, notify.KindReminderSoon, notify.KindRiderReminder} {
		ms := h.messages(kind)
		if len(ms) != rides {
			t.Fatalf("%d %s, want %d", len(ms), kind, rides)
		}
		for _, m := range ms {
			if n := sent[m.To+"\x00"+m.Body]; n != 1 || m.Status != "queued" {
				t.Errorf("message %d (%s): sent %d times, status %s", m.ID, kind, n, m.Status)
			}
		}
	}
	if got, want := len(h.fake.Sent()), 4*rides; got != want { // with the confirmations
		t.Errorf("%d SMS at the fake Twilio, want %d", got, want)
	}
}
