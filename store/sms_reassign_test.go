package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// assign has a coordinator put the trip on the driver's tour (0: a tour
// of its own), confirmed, with the pickup at pickup.
func (h *smsHarness) assign(tr dispatch.Trip, d dispatch.Driver, tourID int64, pickup time.Time) dispatch.Assignment {
	h.t.Helper()
	a, err := h.st.AssignTrip(h.ctx, system, dispatch.Assignment{TripID: tr.ID, DriverID: d.ID, TourID: tourID,
		State: dispatch.AssignConfirmed, PlannedPickup: pickup, PlannedDropoff: pickup.Add(20 * time.Minute)})
	if err != nil {
		h.t.Fatal(err)
	}
	h.idle()
	return a
}

// pendingReminders are the pending driver reminders of a kind of a tour.
func (h *smsHarness) pendingReminders(tourID int64, kind notify.MessageKind) []time.Time {
	h.t.Helper()
	rows, err := h.pool.Query(h.ctx, `SELECT due_at FROM messages WHERE tour_id = $1 AND kind = $2
		AND status = 'pending' ORDER BY id`, tourID, kind)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, at)
	}
	if err := rows.Err(); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// A confirmed ride moved by a coordinator to another driver leaves its
// old tour with reminders for the rides that stay: the old tour's driver
// is not reminded of the ride that is no longer theirs.
func TestReassignRewritesTheOldToursReminders(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	hans := h.driver("Hans", driverPhone)
	uwe := h.driver("Uwe", "+4915100000011")
	early := h.ride("Anna", "", time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	late := h.ride("Berta", "", time.Date(2026, 11, 25, 14, 0, 0, 0, berlin))
	earlyAt, lateAt := early.PickupEarliest.Add(10*time.Minute), late.PickupEarliest.Add(10*time.Minute)
	a := h.assign(early, hans, 0, earlyAt)
	h.assign(late, hans, a.TourID, lateAt)
	if got := h.pendingReminders(a.TourID, notify.KindReminderSoon); len(got) != 1 || !got[0].Equal(earlyAt.Add(-time.Hour)) {
		t.Fatalf("reminders of the tour of two = %v, want one before the early ride", got)
	}

	moved := h.assign(early, uwe, 0, earlyAt)
	if moved.TourID == a.TourID {
		t.Fatal("the moved ride stayed on the tour")
	}
	if got := h.pendingReminders(a.TourID, notify.KindReminderSoon); len(got) != 1 || !got[0].Equal(lateAt.Add(-time.Hour)) {
		t.Fatalf("reminders of the old tour = %v, want one before the late ride (%v)", got, lateAt.Add(-time.Hour))
	}
	if got := h.pendingReminders(moved.TourID, notify.KindReminderSoon); len(got) != 1 || !got[0].Equal(earlyAt.Add(-time.Hour)) {
		t.Fatalf("reminders of the new tour = %v, want one before the early ride", got)
	}
}

// A coordinator moving a confirmed ride of the same driver to another
// time sends the driver exactly one notice, naming the old and the new
// time, and no confirmation or cancellation.
func TestTimeChangeNoticeToTheSameDriver(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	hans := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
	old := tr.PickupEarliest.Add(10 * time.Minute)
	a := h.assign(tr, hans, 0, old)
	later := old.Add(25 * time.Minute)
	h.assign(tr, hans, a.TourID, later)
	ms := h.messages(notify.KindTimeChanged)
	if len(ms) != 1 || ms[0].To != driverPhone {
		t.Fatalf("time-change notices = %+v, want one to the driver", ms)
	}
	for _, at := range []time.Time{old, later} {
		if clock := at.In(berlin).Format("15:04"); !strings.Contains(ms[0].Body, clock) {
			t.Errorf("notice %q does not name %s", ms[0].Body, clock)
		}
	}
	if n := len(h.messages(notify.KindConfirmation)); n != 1 {
		t.Errorf("%d confirmations, want the first only", n)
	}
	if n := len(h.messages(notify.KindRideCancelled)); n != 0 {
		t.Errorf("%d cancellation notices, want none", n)
	}
	if got := h.fake.SentTo(driverPhone); len(got) != 2 || got[1] != ms[0].Body {
		t.Errorf("driver SMS = %q, want the confirmation and the notice", got)
	}
}
