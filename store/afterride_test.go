package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func afterRide(st *store.Store, r dispatch.Rates) dispatch.AfterRide {
	return dispatch.AfterRide{Store: st, Travel: storetest.GridTravel{}, Rates: r}
}

// TestVolunteerLogMonth checks the volunteer log of the seeded October
// against the figures worked out by hand in storetest.SeedAfterRide: a
// shared tour counted once, a no-show that still counts its planned route,
// a corrected tour, and a late cancellation that counts nothing.
func TestVolunteerLogMonth(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	f := storetest.SeedAfterRide(t, st)
	p, _ := dispatch.ParseMonth(f.Month)
	log, err := afterRide(st, dispatch.DefaultRates).VolunteerLog(context.Background(), p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("log has %d driver months, want 2: %+v", len(log), log)
	}
	byDriver := map[int64]dispatch.VolunteerMonth{}
	for _, m := range log {
		byDriver[m.DriverID] = m
	}
	a, b := byDriver[f.DriverA.ID], byDriver[f.DriverB.ID]
	if a.Rides != 3 || a.Hectometres != 335 || a.Seconds != 4100 || len(a.Tours) != 2 {
		t.Errorf("driver A: %d rides, %d hm, %d s, %d tours; want 3 rides, 33.5 km, 4100 s, 2 tours", a.Rides, a.Hectometres, a.Seconds, len(a.Tours))
	}
	shared, corrected := a.Tours[0], a.Tours[1]
	if shared.TourID != f.Tours["shared"] || shared.Meters != 10000 || shared.Seconds != 1900 || shared.Rides != 2 {
		t.Errorf("shared tour = %+v, want 10000 m, 1900 s, 2 rides", shared)
	}
	if corrected.PlannedMeters != 20000 || corrected.Meters != 23500 || !corrected.Corrected || corrected.Seconds != 2200 {
		t.Errorf("corrected tour = %+v, want planned 20000 m, 23500 m corrected, 2200 s", corrected)
	}
	if b.Rides != 1 || b.Hectometres != 300 || b.Seconds != 3200 {
		t.Errorf("driver B (no-show): %d rides, %d hm, %d s; want 1, 30.0 km, 3200 s", b.Rides, b.Hectometres, b.Seconds)
	}
	// One driver's own log.
	own, err := afterRide(st, dispatch.DefaultRates).VolunteerLog(context.Background(), p, f.DriverB.ID)
	if err != nil || len(own) != 1 || own[0].DriverID != f.DriverB.ID {
		t.Errorf("B's own log = %+v, %v", own, err)
	}
}

// TestStatementsInCents prices the seeded month: 33.5 km × 0.30 € + 3 rides
// × 2.00 € = 16.05 € for A, 30.0 km × 0.30 € + 2.00 € = 11.00 € for B; at
// 0.35 € A's kilometres are 11.725 €, rounded half up to 11.73 €.
func TestStatementsInCents(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	f := storetest.SeedAfterRide(t, st)
	ctx := context.Background()
	sts, err := afterRide(st, dispatch.Rates{PerKm: 30, PerRide: 200}).Statements(ctx, f.Month, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]dispatch.Statement{}
	for _, s := range sts {
		got[s.DriverID] = s
	}
	if a := got[f.DriverA.ID]; a.KmCents != 1005 || a.FlatCents != 600 || a.TotalCents != 1605 {
		t.Errorf("A: km %d, flat %d, total %d cents; want 1005, 600, 1605", a.KmCents, a.FlatCents, a.TotalCents)
	}
	if b := got[f.DriverB.ID]; b.TotalCents != 1100 {
		t.Errorf("B total = %d cents, want 1100", b.TotalCents)
	}
	sts, err = afterRide(st, dispatch.Rates{PerKm: 35}).Statements(ctx, f.Month, f.DriverA.ID)
	if err != nil || len(sts) != 1 || sts[0].TotalCents != 1173 || sts[0].TotalCents.Format(',') != "11,73" {
		t.Errorf("A at 0.35 €/km = %+v, %v; want 1173 cents", sts, err)
	}
}

// TestReportFigures checks the report of the seeded October against the
// hand count: 7 legs (the one cancelled in time is not one), 3 done, 1
// no-show, 1 cancelled late by the rider, 1 not served, 1 open; 3 seniors
// served of whom 2 are new (R1 rode in September); 1 wheelchair ride;
// 63.5 km and 7300 s of volunteer work by 2 drivers; no-show rate 1 of 4.
func TestReportFigures(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	storetest.SeedAfterRide(t, st)
	p, err := dispatch.ParsePeriod("2026-10-01", "2026-10-31")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := afterRide(st, dispatch.DefaultRates).Report(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Total
	if f.Trips != 7 || f.Done != 3 || f.NoShow != 1 || f.CancelledLate != 1 || f.NotServed != 1 || f.Open != 1 {
		t.Errorf("outcomes = %+v", f)
	}
	if f.SeniorsServed != 3 || f.NewSeniors != 2 || f.WheelchairRides != 1 || f.ActiveVolunteers != 2 {
		t.Errorf("seniors %d, new %d, wheelchair %d, volunteers %d; want 3, 2, 1, 2", f.SeniorsServed, f.NewSeniors, f.WheelchairRides, f.ActiveVolunteers)
	}
	if f.VolunteerTenthKm != 635 || f.VolunteerSeconds != 7300 || f.NoShowPermille != 250 {
		t.Errorf("km %d tenths, %d s, no-show %d‰; want 635, 7300, 250", f.VolunteerTenthKm, f.VolunteerSeconds, f.NoShowPermille)
	}
	wantCounts(t, "by purpose", f.ByPurpose, "[{Arzt/Facharzt 2} {Impfung 1} {Krankenhaus 0} {Einkauf 0} {Behörde 0} {Sonstiges 0}]")
	wantCounts(t, "by kind", f.ByKind, "[{appointment 3} {shuttle 0}]")
	wantCounts(t, "not served", f.NotServedReasons, "[{kein Fahrer 1}]")
	wantCounts(t, "cancelled late by", f.CancelledLateBy, "[{rider 1} {relative 0} {driver 0} {agency 0}]")
	if len(rep.Months) != 1 || rep.Months[0].Month != "2026-10" || rep.Months[0].Trips != 7 {
		t.Errorf("months = %+v", rep.Months)
	}
	// A quarter: September's ride is in, R1 is new in September then.
	q, _ := dispatch.ParsePeriod("2026-09-01", "2026-11-30")
	rep, err = afterRide(st, dispatch.DefaultRates).Report(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Months) != 3 || rep.Months[0].Done != 1 || rep.Months[0].NewSeniors != 1 || rep.Total.NewSeniors != 3 || rep.Months[2].Trips != 0 {
		t.Errorf("quarter: %+v", rep)
	}
}

func wantCounts(t *testing.T, what string, got []dispatch.Count, want string) {
	t.Helper()
	if fmt.Sprint(got) != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestOutcomeRules: no outcome before the ride or for a cancelled ride
// (conflicts naming the field), a driver only for their own ride and never
// over a coordinator's outcome, every change audited.
func TestOutcomeRules(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	f := storetest.SeedAfterRide(t, st)
	ctx := context.Background()
	rider := mustRider(t, st, "Zoe", "Zukunft", "")
	legs, err := book(t, st, rider, mustPlace(t, st, "Praxis Z"), now.Add(48*time.Hour), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for name, id := range map[string]int64{"future": legs[0].ID, "on call": legs[1].ID, "cancelled": f.Trips["cancelled"].ID} {
		_, err := st.RecordOutcome(ctx, system, dispatch.Outcome{TripID: id, Outcome: dispatch.OutcomeDone, Source: dispatch.SourceAPI})
		var de *dispatch.Error
		if !errors.As(err, &de) || de.Code != dispatch.CodeConflict || len(de.Fields) != 1 || de.Fields[0].Field != "outcome" {
			t.Errorf("%s: %v, want a conflict naming outcome", name, err)
		}
	}
	// B cannot report A's ride; A cannot overrule the coordinator's outcome.
	bID, aID := f.DriverB.ID, f.DriverA.ID
	_, err = st.RecordOutcome(ctx, system, dispatch.Outcome{TripID: f.Trips["shared1"].ID, Outcome: dispatch.OutcomeNoShow,
		Source: dispatch.SourceDriverPage, DriverID: &bID})
	wantCode(t, err, dispatch.CodeNotFound)
	_, err = st.RecordOutcome(ctx, system, dispatch.Outcome{TripID: f.Trips["shared1"].ID, Outcome: dispatch.OutcomeNoShow,
		Source: dispatch.SourceSMS, DriverID: &aID})
	wantCode(t, err, dispatch.CodeConflict)
	o, err := st.RecordOutcome(ctx, system, dispatch.Outcome{TripID: f.Trips["shared1"].ID, Outcome: dispatch.OutcomeNoShow,
		Notes: "stand nicht vor der Tür", Source: dispatch.SourceCloseout})
	if err != nil || o.Outcome != dispatch.OutcomeNoShow || o.DriverID == nil || *o.DriverID != aID {
		t.Fatalf("correction = %+v, %v", o, err)
	}
	entries, err := st.Audit(ctx, "trip", f.Trips["shared1"].ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if !slices.Contains(actions, "outcome") || !slices.Contains(actions, "outcome_corrected") {
		t.Errorf("audit actions = %v, want outcome and outcome_corrected", actions)
	}
	trip, _ := st.Trip(ctx, f.Trips["shared1"].ID)
	if trip.Status != dispatch.TripCompleted || trip.Purpose != "Arzt/Facharzt" {
		t.Errorf("trip status %q purpose %q, want completed, Arzt/Facharzt", trip.Status, trip.Purpose)
	}
	// Kilometres: out of range refused, another driver's tour not found.
	wantCode(t, st.CorrectTourKm(ctx, system, f.Tours["shared"], -1, nil), dispatch.CodeInvalid)
	wantCode(t, st.CorrectTourKm(ctx, system, f.Tours["shared"], 1000001, nil), dispatch.CodeInvalid)
	wantCode(t, st.CorrectTourKm(ctx, system, f.Tours["shared"], 12000, &bID), dispatch.CodeNotFound)
	if err := st.CorrectTourKm(ctx, system, f.Tours["shared"], 12000, &aID); err != nil {
		t.Fatal(err)
	}
	if _, err := dispatch.ValidateKm(1000.5); dispatch.ErrorCode(err) != dispatch.CodeInvalid {
		t.Errorf("1000.5 km accepted: %v", err)
	}
}

// TestCloseoutDay lists the 22nd with suggestions and records a day in one
// transaction: one bad outcome keeps the others from being written.
func TestCloseoutDay(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	f := storetest.SeedAfterRide(t, st)
	ctx := context.Background()
	rows, err := st.CloseoutDay(ctx, "2026-10-23")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Trip.ID != f.Trips["open"].ID || rows[0].Suggested() != dispatch.OutcomeNotServed || rows[0].RiderName == "" {
		t.Fatalf("23rd = %+v, want the open, driver-less ride suggested not served", rows)
	}
	rows, err = st.CloseoutDay(ctx, "2026-10-22")
	if err != nil || len(rows) != 3 {
		t.Fatalf("22nd = %+v, %v; want 3 rides", rows, err)
	}
	bad := []dispatch.Outcome{{TripID: f.Trips["open"].ID, Outcome: dispatch.OutcomeDone, Source: dispatch.SourceCloseout},
		{TripID: f.Trips["cancelled"].ID, Outcome: dispatch.OutcomeDone, Source: dispatch.SourceCloseout}}
	wantCode(t, st.RecordOutcomes(ctx, system, bad), dispatch.CodeConflict)
	if _, err := st.TripOutcome(ctx, f.Trips["open"].ID); dispatch.ErrorCode(err) != dispatch.CodeNotFound {
		t.Errorf("half a close-out was written: %v", err)
	}
	// On Monday the 26th the close-out opens on Friday the 23rd.
	monday := store.New(st.Pool(), store.Options{Location: berlin,
		Now: func() time.Time { return time.Date(2026, 10, 26, 8, 0, 0, 0, berlin) }})
	if day, err := monday.LastOpenDay(ctx); err != nil || day != "2026-10-23" {
		t.Errorf("last open day = %q, %v; want 2026-10-23", day, err)
	}
	if err := st.RecordOutcomes(ctx, system, bad[:1]); err != nil {
		t.Fatal(err)
	}
	if day, err := monday.LastOpenDay(ctx); err != nil || day != "" {
		t.Errorf("last open day after closing = %q, %v; want none", day, err)
	}
}
