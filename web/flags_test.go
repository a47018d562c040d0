package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// A confirmed ride that a driver's own change of times no longer covers,
// or whose senior must not ride with that driver, is flagged with a rule
// the board says in German: not the generic "bitte prüfen" (which hides
// why) and not the English sentence the store wrote before.
func TestBoardSaysWhyAConfirmedRideNeedsCare(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	legs, err := dispatch.Booking{RiderID: f.erna.ID, To: dispatch.Location{Street: "Am Markt 3", City: "Bitburg", Lat: 49.974, Lon: 6.525},
		Timing: dispatch.TimingArriveBy, At: tomorrow(15, 0), Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
		Legs(f.erna, dispatch.DefaultBookingRules(time.Now(), berlin))
	must(t, err)
	booked, err := f.st.BookTrip(ctx, system, legs)
	must(t, err)
	confirm := func(trip dispatch.Trip) {
		_, err := f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: trip.ID, DriverID: f.driver.ID,
			State: dispatch.AssignConfirmed, PlannedPickup: *trip.PickupLatest, PlannedDropoff: trip.PickupLatest.Add(15 * time.Minute)})
		must(t, err)
	}
	confirm(f.karlTrip)
	_, err = f.st.SetOwnAvailability(ctx, system, f.driver.ID, nil) // no day left: Karl's ride no longer fits
	must(t, err)
	confirm(booked[0])
	must(t, f.st.AddIncompatibility(ctx, system, dispatch.Incompatibility{RiderID: f.erna.ID, DriverID: f.driver.ID,
		RefusedBy: dispatch.RefusedByRider}))
	for _, id := range []int64{f.karlTrip.ID, booked[0].ID} {
		trip, err := f.st.Trip(ctx, id)
		must(t, err)
		if !slices.Contains(dispatch.FlagRules, dispatch.Rule(trip.Flagged)) {
			t.Errorf("trip %d is flagged %q, not a rule of dispatch.FlagRules", id, trip.Flagged)
		}
	}
	c := f.client()
	c.login(f.coordinator)
	status, body := c.get("/board?date=" + f.karlTrip.ServiceDate)
	if status != http.StatusOK {
		t.Fatalf("board: %d", status)
	}
	shown := regexp.MustCompile(`state-flagged">([^<]*)<`).FindAllStringSubmatch(body, -1)
	if len(shown) < 2 {
		t.Fatalf("%d flags on the board, want 2", len(shown))
	}
	for _, m := range shown {
		if m[1] == "bitte prüfen" {
			t.Errorf("the board says only %q, not why", m[1])
		}
	}
}
