package planning_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// A senior and a driver who must not be paired are never planned
// together, whichever side refused and whichever driver would be cheaper;
// with every driver refused, the ride goes to the coordinators with the
// reason.
func TestPlannerKeepsIncompatiblePairsApart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	trips := []dispatch.Trip{f.book(t, "Anna", dispatch.Needs{}, at(9, 0)), f.book(t, "Berta", dispatch.Needs{}, at(13, 0)),
		f.book(t, "Clara", dispatch.Needs{}, at(11, 0))}
	pairs := []dispatch.Incompatibility{
		{RiderID: trips[0].RiderID, DriverID: f.drivers[0].ID, RefusedBy: dispatch.RefusedByRider},
		{RiderID: trips[1].RiderID, DriverID: f.drivers[1].ID, RefusedBy: dispatch.RefusedByDriver},
		{RiderID: trips[2].RiderID, DriverID: f.drivers[0].ID, RefusedBy: dispatch.RefusedByRider},
		{RiderID: trips[2].RiderID, DriverID: f.drivers[1].ID, RefusedBy: dispatch.RefusedByDriver},
	}
	for _, p := range pairs {
		if err := f.st.AddIncompatibility(ctx, actor, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	if a := f.trip(t, trips[0].ID).Assignment; a == nil || a.DriverID != f.drivers[1].ID {
		t.Errorf("Anna refused driver 0: assignment %+v", a)
	}
	if a := f.trip(t, trips[1].ID).Assignment; a == nil || a.DriverID != f.drivers[0].ID {
		t.Errorf("driver 1 refused Berta: assignment %+v", a)
	}
	if got := f.trip(t, trips[2].ID); got.Assignment != nil || !strings.Contains(got.Flagged, "declined") && got.Flagged == "" {
		t.Errorf("Clara may ride with nobody: assignment %+v, flag %q", got.Assignment, got.Flagged)
	}
	list, err := f.st.Incompatibilities(ctx, trips[2].RiderID, 0)
	if err != nil || len(list) != 2 || list[0].DriverName == "" {
		t.Fatalf("Clara's pairs: %v %+v", err, list)
	}
	if err := f.st.RemoveIncompatibility(ctx, actor, trips[2].RiderID, f.drivers[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	if a := f.trip(t, trips[2].ID).Assignment; a == nil || a.DriverID != f.drivers[0].ID {
		t.Errorf("after the pair was removed Clara gets %+v, want driver 0", a)
	}
}

// A driver whose police certificate expired before the date is not
// planned on it; a document that is not required does not count.
func TestExpiredDocumentKeepsDriverOutOfPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	docs := []dispatch.DriverDocument{
		{DriverID: f.drivers[1].ID, Kind: dispatch.DocPoliceCertificate, ExpiresOn: "2026-11-24", Required: true},
		{DriverID: f.drivers[0].ID, Kind: dispatch.DocInsurance, ExpiresOn: "2026-11-01", Required: false},
	}
	for _, d := range docs {
		if err := f.st.SetDocument(ctx, actor, d); err != nil {
			t.Fatal(err)
		}
	}
	trips := []dispatch.Trip{f.book(t, "Anna", dispatch.Needs{}, at(9, 0)), f.book(t, "Berta", dispatch.Needs{}, at(14, 0))}
	if _, err := f.svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	for _, tr := range trips {
		if a := f.trip(t, tr.ID).Assignment; a == nil || a.DriverID != f.drivers[0].ID {
			t.Errorf("trip %d: assignment %+v, want driver 0 (driver 1's certificate expired)", tr.ID, a)
		}
	}
	expiring, err := f.st.ExpiringDocuments(ctx)
	if err != nil || len(expiring) != 2 || expiring[0].ExpiresOn != "2026-11-01" {
		t.Fatalf("expiring: %v %+v", err, expiring)
	}
}

// A driver who narrows their own times on their page keeps a confirmed
// ride the new times no longer cover, flagged for the coordinators, and
// the day is planned again: nothing is silently dropped. A ride still
// covered is not flagged; an absence over the day flags it too.
func TestOwnTimesFlagAffectedConfirmedRide(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	tr := f.book(t, "Fixed", dispatch.Needs{}, at(12, 0))
	if _, err := f.st.AssignTrip(ctx, actor, dispatch.Assignment{TripID: tr.ID, DriverID: f.drivers[0].ID,
		State: dispatch.AssignConfirmed, PlannedPickup: at(11, 20), PlannedDropoff: at(11, 50)}); err != nil {
		t.Fatal(err)
	}
	d := f.drivers[0].ID
	flagged, err := f.st.SetOwnAvailability(ctx, actor, d, []dispatch.Window{{Weekday: 3, Start: "08:00", End: "12:00"}})
	if err != nil || len(flagged) != 0 {
		t.Fatalf("a change that still covers the ride flagged %v (%v)", flagged, err)
	}
	flagged, err = f.st.SetOwnAvailability(ctx, actor, d, []dispatch.Window{{Weekday: 3, Start: "13:00", End: "18:00"}})
	if err != nil || len(flagged) != 1 || flagged[0] != tr.ID {
		t.Fatalf("afternoon only: flagged %v (%v)", flagged, err)
	}
	got := f.trip(t, tr.ID)
	if got.Flagged == "" || got.Assignment == nil || got.Assignment.State != dispatch.AssignConfirmed {
		t.Fatalf("the ride: flag %q, assignment %+v", got.Flagged, got.Assignment)
	}
	if _, err := f.svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	if got := f.trip(t, tr.ID); got.Flagged == "" || got.Assignment == nil || got.Assignment.DriverID != d {
		t.Fatalf("after planning: flag %q, assignment %+v", got.Flagged, got.Assignment)
	}
	if _, err := f.st.SetOwnAvailability(ctx, actor, d, []dispatch.Window{{Weekday: 3, Start: "08:00", End: "16:00"}}); err != nil {
		t.Fatal(err)
	}
	flagged, err = f.st.AddOwnAbsence(ctx, actor, dispatch.Absence{DriverID: d, From: date, To: "2026-11-27", Reason: "Urlaub"})
	if err != nil || len(flagged) != 1 {
		t.Fatalf("absence: flagged %v (%v)", flagged, err)
	}
}
