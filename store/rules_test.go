package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// A rider's live trips never overlap: the database refuses the second booking
// and the store reports a conflict.
func TestRiderTripsNeverOverlap(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	r := mustRider(t, s, "Erna", "Schmidt", "+491701234567")
	p := mustPlace(t, s, "Praxis Dr. Weber")
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	legs, err := book(t, s, r, p, at, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(legs) != 2 || legs[1].OutboundID == nil || *legs[1].OutboundID != legs[0].ID || legs[0].ReturnID == nil {
		t.Fatalf("legs not linked: %+v", legs)
	}
	_, err = book(t, s, r, p, at.Add(10*time.Minute), time.Time{})
	wantConflict(t, err, dispatch.RuleRiderOverlap)

	// Once cancelled, the time is free again; cancelling twice is no error.
	if _, err := s.CancelTrip(context.Background(), system, legs[0].ID, "ill", true); err != nil {
		t.Fatal(err)
	}
	again, err := s.CancelTrip(context.Background(), system, legs[0].ID, "ill", true)
	if err != nil || len(again) != 2 || again[1].Status != dispatch.TripCancelled {
		t.Fatalf("second cancel: %v %+v", err, again)
	}
	if _, err := book(t, s, r, p, at.Add(10*time.Minute), time.Time{}); err != nil {
		t.Fatalf("booking after cancel: %v", err)
	}
}

// A driver's confirmed assignments never overlap unless they are on one tour
// (a shared ride); proposals may overlap, since the planner may still move them.
func TestDriverConfirmedAssignmentsNeverOverlap(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	d := mustDriver(t, s, "+491711111111", 3, false)
	p := mustPlace(t, s, "Praxis Dr. Weber")
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	var trips []dispatch.Trip
	for _, name := range []string{"Anna", "Berta", "Clara"} {
		legs, err := book(t, s, mustRider(t, s, name, "Muster", ""), p, at, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		trips = append(trips, legs[0])
	}
	assign := func(trip dispatch.Trip, tour int64, state string, from time.Time) (dispatch.Assignment, error) {
		return s.AssignTrip(ctx, system, dispatch.Assignment{TripID: trip.ID, DriverID: d.ID, TourID: tour,
			State: state, PlannedPickup: from, PlannedDropoff: from.Add(30 * time.Minute)})
	}
	first, err := assign(trips[0], 0, dispatch.AssignConfirmed, at.Add(-40*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	_, err = assign(trips[1], 0, dispatch.AssignConfirmed, at.Add(-30*time.Minute))
	wantConflict(t, err, dispatch.RuleDriverOverlap)
	if _, err := assign(trips[1], 0, dispatch.AssignProposed, at.Add(-30*time.Minute)); err != nil {
		t.Fatalf("overlapping proposal refused: %v", err)
	}
	if _, err := assign(trips[2], first.TourID, dispatch.AssignConfirmed, at.Add(-30*time.Minute)); err != nil {
		t.Fatalf("shared ride on one tour refused: %v", err)
	}
}

// The vehicle rules hold in the database: seats are counted over time, and a
// wheelchair user needs a wheelchair-capable vehicle.
func TestVehicleRules(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	small := mustDriver(t, s, "+491712222222", 1, false)
	p := mustPlace(t, s, "Hausarzt")
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, berlin)
	var trips []dispatch.Trip
	for _, name := range []string{"Dora", "Emil"} {
		legs, err := book(t, s, mustRider(t, s, name, "Muster", ""), p, at, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		trips = append(trips, legs[0])
	}
	a, err := s.AssignTrip(ctx, system, dispatch.Assignment{TripID: trips[0].ID, DriverID: small.ID,
		State: dispatch.AssignProposed, PlannedPickup: at.Add(-time.Hour), PlannedDropoff: at})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AssignTrip(ctx, system, dispatch.Assignment{TripID: trips[1].ID, DriverID: small.ID, TourID: a.TourID,
		State: dispatch.AssignProposed, PlannedPickup: at.Add(-30 * time.Minute), PlannedDropoff: at})
	wantConflict(t, err, dispatch.RuleSeats)
	// Back to back on one tour is fine: the seat is free again at drop-off.
	if _, err := s.AssignTrip(ctx, system, dispatch.Assignment{TripID: trips[1].ID, DriverID: small.ID, TourID: a.TourID,
		State: dispatch.AssignProposed, PlannedPickup: at, PlannedDropoff: at.Add(time.Hour)}); err != nil {
		t.Fatalf("back-to-back refused: %v", err)
	}

	chairRider := mustRider(t, s, "Fritz", "Rollstuhl", "")
	chairRider.Wheelchair = true
	if _, err := s.UpdateRider(ctx, system, chairRider, []string{"wheelchair"}); err != nil {
		t.Fatal(err)
	}
	legs, err := book(t, s, chairRider, p, at.Add(3*time.Hour), time.Time{})
	if err != nil || !legs[0].Wheelchair {
		t.Fatalf("wheelchair booking: %v %+v", err, legs)
	}
	_, err = s.AssignTrip(ctx, system, dispatch.Assignment{TripID: legs[0].ID, DriverID: small.ID,
		State: dispatch.AssignProposed, PlannedPickup: at.Add(2 * time.Hour), PlannedDropoff: at.Add(3 * time.Hour)})
	wantConflict(t, err, dispatch.RuleWheelchair)
	van := mustDriver(t, s, "+491713333333", 4, true)
	if _, err := s.AssignTrip(ctx, system, dispatch.Assignment{TripID: legs[0].ID, DriverID: van.ID,
		State: dispatch.AssignProposed, PlannedPickup: at.Add(2 * time.Hour), PlannedDropoff: at.Add(3 * time.Hour)}); err != nil {
		t.Fatalf("wheelchair van refused: %v", err)
	}
}
