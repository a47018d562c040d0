package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// A Thursday 09:00 ride stays at 09:00 local time across the end of summer
// time (Sunday 2026-10-25): 07:00 UTC before, 08:00 UTC after.
func TestShuttleRunsAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	oct := time.Date(2026, 10, 20, 8, 0, 0, 0, berlin)
	s := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return oct }, Location: berlin})
	shop := mustPlace(t, s, "Globus")
	sh := mustShuttle(t, s, shop, 2)
	var riders []dispatch.Rider
	for _, n := range []string{"Anna", "Berta", "Clara"} {
		r := mustRider(t, s, n, "Kunde", "")
		riders = append(riders, r)
		if err := s.Subscribe(ctx, system, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: "2026-10-20"}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := s.ShuttleRuns(ctx, sh.ID, "2026-10-20")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != store.ShuttleWeeksAhead {
		t.Fatalf("%d runs, want %d", len(runs), store.ShuttleWeeksAhead)
	}
	want := map[string]string{"2026-10-22": "07:00", "2026-10-29": "08:00"}
	for _, r := range runs[:2] {
		if got := r.StartsAt.UTC().Format("15:04"); got != want[r.Date] {
			t.Errorf("run %s starts %s UTC, want %s", r.Date, got, want[r.Date])
		}
		if r.Riders != 3 || !r.OverCapacity {
			t.Errorf("run %s: %d riders, over capacity %v; want 3, reported over capacity", r.Date, r.Riders, r.OverCapacity)
		}
	}

	// Skipping one date and unsubscribing later remove trips, and only those.
	if err := s.Skip(ctx, system, sh.ID, riders[0].ID, "2026-10-29"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, system, sh.ID, riders[1].ID, "2026-11-05"); err != nil {
		t.Fatal(err)
	}
	again, err := s.MaterializeRun(ctx, sh.ID, "2026-10-29") // a re-run must not bring the skipper back
	if err != nil {
		t.Fatal(err)
	}
	if again.Riders != 2 || again.OverCapacity {
		t.Fatalf("after skip: %+v", again)
	}
	counts := map[string]int{}
	runs, _ = s.ShuttleRuns(ctx, sh.ID, "2026-10-20")
	for _, r := range runs {
		counts[r.Date] = r.Riders
	}
	if counts["2026-10-22"] != 3 || counts["2026-11-05"] != 2 || counts["2026-11-12"] != 2 {
		t.Fatalf("riders per run = %v", counts)
	}
	trips, err := s.Trips(ctx, dispatch.TripFilter{Date: "2026-10-29", RiderID: riders[0].ID})
	if err != nil || len(trips) != 2 || trips[0].Status != dispatch.TripCancelled {
		t.Fatalf("skipped rider's trips: %v %+v", err, trips)
	}
	wantCode(t, s.Skip(ctx, system, sh.ID, riders[1].ID, "2026-11-12"), dispatch.CodeNotFound)
}

// A subscriber with a doctor's appointment at the time of the run keeps the
// appointment; the run is booked without them and says so.
func TestShuttleRunKeepsOtherTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	shop := mustPlace(t, s, "Globus")
	doc := mustPlace(t, s, "Praxis")
	r := mustRider(t, s, "Dora", "Termin", "")
	if _, err := book(t, s, r, doc, time.Date(2026, 11, 26, 9, 0, 0, 0, berlin), time.Time{}); err != nil {
		t.Fatal(err)
	}
	sh := mustShuttle(t, s, shop, 8)
	if err := s.Subscribe(ctx, system, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: "2026-11-23"}); err != nil {
		t.Fatal(err)
	}
	run, err := s.MaterializeRun(ctx, sh.ID, "2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	if run.Riders != 0 || len(run.Refused) != 1 || run.Refused[0] != r.ID {
		t.Fatalf("run = %+v, want the rider refused", run)
	}
	next, _ := s.MaterializeRun(ctx, sh.ID, "2026-12-03")
	if next.Riders != 1 {
		t.Fatalf("next week's run = %+v", next)
	}
}

func TestBoardShowsRoutesAndUnassigned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	p := mustPlace(t, s, "Praxis")
	d := mustDriver(t, s, "+491719999999", 3, false)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	assigned, err := book(t, s, mustRider(t, s, "Anna", "A", ""), p, at, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book(t, s, mustRider(t, s, "Berta", "B", ""), p, at.Add(2*time.Hour), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignTrip(ctx, system, dispatch.Assignment{TripID: assigned[0].ID, DriverID: d.ID,
		State: dispatch.AssignProposed, PlannedPickup: at.Add(-30 * time.Minute), PlannedDropoff: at.Add(-5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	b, err := s.Board(ctx, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Routes) != 1 || len(b.Routes[0].Stops) != 2 || b.Routes[0].Stops[0].Kind != "pickup" ||
		b.Routes[0].Stops[0].RiderName != "Anna A" || b.Routes[0].FirstName != "Hans" {
		t.Fatalf("routes = %+v", b.Routes)
	}
	if len(b.Unassigned) != 1 || len(b.OnCall) != 2 {
		t.Fatalf("unassigned = %d, on call = %d; want 1 and 2", len(b.Unassigned), len(b.OnCall))
	}
	if b.RiderNames[assigned[0].RiderID] != "Anna A" || len(b.RiderNames) != 2 || len(b.Flagged) != 0 {
		t.Fatalf("rider names %v, flagged %d", b.RiderNames, len(b.Flagged))
	}
	_, err = s.Board(ctx, "25.11.2026")
	wantCode(t, err, dispatch.CodeInvalid)
}

// TestShuttleRunPlansDateOnce checks that a run adding several riders asks
// for its date to be planned once, not once per rider.
func TestShuttleRunPlansDateOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	shop := mustPlace(t, s, "Globus")
	sh := mustShuttle(t, s, shop, 8)
	// From a date beyond the weeks ahead, so that subscribing books nothing yet.
	const date = "2027-01-07"
	for _, name := range []string{"Erna", "Karl", "Dora"} {
		r := mustRider(t, s, name, "Einkauf", "")
		if err := s.Subscribe(ctx, system, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: date}); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := s.PlanVersion(ctx, date); err != nil || v != 0 {
		t.Fatalf("plan version before the run = %d, %v; want 0", v, err)
	}
	run, err := s.MaterializeRun(ctx, sh.ID, date)
	if err != nil || run.Riders != 3 {
		t.Fatalf("run = %+v, %v; want 3 riders", run, err)
	}
	if v, err := s.PlanVersion(ctx, date); err != nil || v != 1 {
		t.Fatalf("plan version after the run = %d, %v; want 1", v, err)
	}
	if _, err := s.MaterializeRun(ctx, sh.ID, date); err != nil {
		t.Fatal(err)
	}
	if v, err := s.PlanVersion(ctx, date); err != nil || v != 1 {
		t.Fatalf("plan version after an unchanged run = %d, %v; want 1", v, err)
	}
}

// TestSkipRefusesPastDates checks that the store itself refuses to skip a
// run in the past (which would cancel trips already driven), with the
// field error the API gives.
func TestSkipRefusesPastDates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	shop := mustPlace(t, s, "Globus")
	r := mustRider(t, s, "Erna", "Einkauf", "")
	sh := mustShuttle(t, s, shop, 8)
	if err := s.Subscribe(ctx, system, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: "2026-11-01"}); err != nil {
		t.Fatal(err)
	}
	for date, msg := range map[string]string{"2026-11-19": "lies in the past", "19.11.2026": "must be a date (YYYY-MM-DD)"} {
		err := s.Skip(ctx, system, sh.ID, r.ID, date)
		var de *dispatch.Error
		if !errors.As(err, &de) || de.Code != dispatch.CodeInvalid || len(de.Fields) != 1 ||
			de.Fields[0].Field != "date" || de.Fields[0].Message != msg {
			t.Errorf("skip %s = %v, want an invalid date (%s)", date, err, msg)
		}
	}
	// Today and later are fine.
	if err := s.Skip(ctx, system, sh.ID, r.ID, "2026-11-26"); err != nil {
		t.Fatal(err)
	}
	run, err := s.MaterializeRun(ctx, sh.ID, "2026-11-26")
	if err != nil || run.Riders != 0 {
		t.Fatalf("skipped run = %+v, %v; want no riders", run, err)
	}
}
