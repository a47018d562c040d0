package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// TestOutcomeBySMS: a driver's FERTIG closes the started rides of their
// only tour (two seniors shared), NICHT DA <code> marks the one senior of
// the tour with that code, an unknown code or a ride not yet begun is
// answered without recording anything, and a senior's FERTIG is not read
// as an outcome.
func TestOutcomeBySMS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &testClock{t: now}
	st := store.New(storetest.Pool(t), store.Options{Now: clock.Now, Location: berlin})
	driver := mustDriver(t, st, "+4915100000077", 3, false)
	place := mustPlace(t, st, "Praxis SMS")
	riders := []dispatch.Rider{mustRider(t, st, "Anna", "Eins", "+491701111111"), mustRider(t, st, "Berta", "Zwei", ""),
		mustRider(t, st, "Clara", "Drei", "")}
	start := now.Add(2 * time.Hour)
	var trips []dispatch.Trip
	var tour int64
	for i, r := range riders {
		legs, err := book(t, st, r, place, start.Add(time.Duration(i)*time.Minute+time.Duration(i/2)*3*time.Hour), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		trip := legs[0]
		if i == 2 {
			tour = 0 // the third senior rides on a tour of their own, later
		}
		a, err := st.AssignTrip(ctx, system, dispatch.Assignment{TripID: trip.ID, DriverID: driver.ID, TourID: tour,
			State: dispatch.AssignConfirmed, PlannedPickup: *trip.PickupEarliest, PlannedDropoff: trip.PickupEarliest.Add(30 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		tour = a.TourID
		if _, err := st.Pool().Exec(ctx, `UPDATE assignments SET offer_code = $2 WHERE id = $1`, a.ID, fmt.Sprintf("%dK7", i/2+4)); err != nil {
			t.Fatal(err)
		}
		trips = append(trips, trip)
	}
	n := 0
	sms := func(from, body string) string {
		n++
		rec, err := st.ReceiveSMS(ctx, notify.IncomingSMS{MessageSID: fmt.Sprintf("SMout%d", n), From: from, To: "+4965619999", Body: body})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(rec.Replies, " | ")
	}
	outcome := func(i int) string {
		o, err := st.TripOutcome(ctx, trips[i].ID)
		if err != nil {
			return ""
		}
		return o.Outcome + "/" + o.Source
	}
	if got := sms(driver.Phone, "fertig"); !strings.Contains(got, "keine begonnene Fahrt") || outcome(0) != "" {
		t.Fatalf("before the ride: %q, outcome %q", got, outcome(0))
	}
	clock.Set(start.Add(time.Hour)) // the shared tour has begun, the third ride not
	if got := sms(driver.Phone, "FERTIG 9Z9"); !strings.Contains(got, "9Z9") || outcome(0) != "" {
		t.Fatalf("unknown code: %q", got)
	}
	if got := sms(riders[0].Phone, "FERTIG"); strings.Contains(got, "Eingetragen") {
		t.Fatalf("a senior's FERTIG was taken as an outcome: %q", got)
	}
	if got := sms(driver.Phone, "Nicht da"); !strings.Contains(got, "Welche Fahrt") || outcome(0) != "" {
		t.Fatalf("NICHT DA on a shared tour: %q", got)
	}
	if got := sms(driver.Phone, "Fertig!"); !strings.Contains(got, "2 Fahrt(en) erledigt") || outcome(0) != "done/sms" || outcome(1) != "done/sms" {
		t.Fatalf("FERTIG: %q, outcomes %q %q", got, outcome(0), outcome(1))
	}
	clock.Set(start.Add(4 * time.Hour))
	if got := sms(driver.Phone, "NICHT DA 5k7"); !strings.Contains(got, "nicht angetroffen") || outcome(2) != "no_show/sms" {
		t.Fatalf("NICHT DA 5K7: %q, outcome %q", got, outcome(2))
	}
}
