package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// newSeries is a series of rider to place, arriving by at (local "15:04")
// with the ride back at back, on weekdays from start.
func newSeries(rider dispatch.Rider, place dispatch.Place, start, at, back string, weekdays ...int) dispatch.Series {
	return dispatch.Series{RiderID: rider.ID, Weekdays: weekdays, IntervalWeeks: 1, Start: start,
		Timing: dispatch.TimingArriveBy, Time: at, Return: dispatch.SeriesReturn{Type: dispatch.ReturnAt, Time: back},
		To: place.Location(), Passengers: 1, MaxRideMinutes: 45, BookedVia: "phone"}
}

// occurrences maps a series' dates to their records.
func occurrences(sr dispatch.Series) map[string]dispatch.Occurrence {
	m := map[string]dispatch.Occurrence{}
	for _, o := range sr.Occurrences {
		m[o.Date] = o
	}
	return m
}

// dropoffUTC is the latest arrival of a date's outbound leg in UTC.
func dropoffUTC(t *testing.T, s *store.Store, o dispatch.Occurrence) string {
	t.Helper()
	if o.TripID == nil {
		t.Fatalf("%s is %s, not booked", o.Date, o.State)
	}
	trip, err := s.Trip(context.Background(), *o.TripID)
	if err != nil {
		t.Fatal(err)
	}
	return trip.DropoffLatest.UTC().Format("15:04")
}

// Dialysis Monday, Wednesday and Friday at 07:30 stays at 07:30 local time
// across both daylight-saving changes of 2027 (28 March and 31 October):
// 06:30 UTC in winter, 05:30 UTC in summer. The nightly sweep books the
// dates that come within the horizon, and only those.
func TestSeriesAcrossDaylightSaving2027(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var clock atomic.Pointer[time.Time]
	march := time.Date(2027, 3, 15, 6, 0, 0, 0, berlin)
	clock.Store(&march)
	s := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return *clock.Load() }, Location: berlin,
		SeriesWeeksAhead: 4})
	rider := mustRider(t, s, "Erna", "Dialyse", "")
	place := mustPlace(t, s, "Dialysezentrum")
	until := "2027-12-31"
	in := newSeries(rider, place, "2027-03-15", "07:30", "12:30", 1, 3, 5)
	in.Until = &until
	if err := in.Validate(march); err != nil {
		t.Fatal(err)
	}
	sr, err := s.CreateSeries(ctx, system, in)
	if err != nil {
		t.Fatal(err)
	}
	got := occurrences(sr)
	// 15 March to 12 April: four weeks ahead, three dates each, and the 12th.
	if len(got) != 13 || got["2027-04-14"].Date != "" {
		t.Fatalf("%d dates booked: %v", len(got), got)
	}
	for date, want := range map[string]string{"2027-03-26": "06:30", "2027-03-29": "05:30", "2027-03-15": "06:30"} {
		if at := dropoffUTC(t, s, got[date]); at != want {
			t.Errorf("%s: arrival %s UTC, want %s", date, at, want)
		}
	}
	october := time.Date(2027, 10, 18, 3, 0, 0, 0, berlin)
	clock.Store(&october)
	if err := s.MaterializeAllSeries(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.MaterializeAllSeries(ctx); err != nil { // a second sweep books nothing twice
		t.Fatal(err)
	}
	sr, err = s.Series(ctx, sr.ID)
	if err != nil {
		t.Fatal(err)
	}
	got = occurrences(sr)
	for date, want := range map[string]string{"2027-10-29": "05:30", "2027-11-01": "06:30"} {
		if at := dropoffUTC(t, s, got[date]); at != want {
			t.Errorf("%s: arrival %s UTC, want %s", date, at, want)
		}
	}
	if got["2027-05-03"].Date != "" {
		t.Errorf("a date that passed while nothing swept was booked after the fact: %+v", got["2027-05-03"])
	}
	trips, err := s.Trips(ctx, dispatch.TripFilter{Date: "2027-10-29", RiderID: rider.ID})
	if err != nil || len(trips) != 2 {
		t.Fatalf("trips of 29 October: %v, %d, want the ride there and back", err, len(trips))
	}
}

// The life of a series: a clash on one date is reported for that date and
// the others are booked; one date is skipped; a change from a date on
// leaves the past and books the rest anew; the end cancels what is left.
func TestSeriesSkipChangeEndAndClash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	rider := mustRider(t, s, "Karl", "Reha", "")
	place := mustPlace(t, s, "Physiotherapie")
	// Wednesday 2 December at 10:00 the senior sees the eye doctor.
	if _, err := book(t, s, rider, place, time.Date(2026, 12, 2, 10, 0, 0, 0, berlin), time.Time{}); err != nil {
		t.Fatal(err)
	}
	count := 10
	in := newSeries(rider, place, "2026-11-23", "10:00", "12:00", 1, 3)
	in.Count = &count
	sr, err := s.CreateSeries(ctx, system, in)
	if err != nil {
		t.Fatal(err)
	}
	got := occurrences(sr)
	if len(got) != 10 || got["2026-12-02"].State != dispatch.OccurrenceClash || got["2026-12-02"].Reason == "" ||
		got["2026-12-23"].State != dispatch.OccurrenceBooked || got["2026-12-28"].Date != "" {
		t.Fatalf("dates: %+v", sr.Occurrences)
	}

	// Skip Monday 30 November: both legs are cancelled.
	skipped := got["2026-11-30"]
	if sr, err = s.SkipSeriesDate(ctx, system, sr.ID, "2026-11-30"); err != nil {
		t.Fatal(err)
	}
	if o := occurrences(sr)["2026-11-30"]; o.State != dispatch.OccurrenceSkipped {
		t.Fatalf("skipped date: %+v", o)
	}
	legs, err := s.Trips(ctx, dispatch.TripFilter{Date: "2026-11-30", RiderID: rider.ID})
	if err != nil || len(legs) != 2 || legs[0].Status != dispatch.TripCancelled || legs[1].Status != dispatch.TripCancelled ||
		legs[0].ID != *skipped.TripID {
		t.Fatalf("legs of the skipped date: %v %+v", err, legs)
	}
	for _, bad := range []string{"2026-12-01", "2026-11-16", "30.11."} {
		_, err := s.SkipSeriesDate(ctx, system, sr.ID, bad)
		wantField(t, err, "date")
	}

	// From Monday 14 December on, at 11:00: six dates were before it, four are left.
	eleven, one := "11:00", dispatch.SeriesReturn{Type: dispatch.ReturnAt, Time: "13:00"}
	next, err := s.ChangeSeries(ctx, system, sr.ID, dispatch.SeriesChange{From: "2026-12-14", Time: &eleven, Return: &one})
	if err != nil {
		t.Fatal(err)
	}
	if next.PreviousID == nil || *next.PreviousID != sr.ID || *next.Count != 4 || len(next.Occurrences) != 4 {
		t.Fatalf("successor: %+v", next)
	}
	if at := dropoffUTC(t, s, occurrences(next)["2026-12-14"]); at != "10:00" {
		t.Fatalf("changed date arrives %s UTC, want 10:00 (11:00 local)", at)
	}
	old, err := s.Series(ctx, sr.ID)
	if err != nil {
		t.Fatal(err)
	}
	before := occurrences(old)
	if before["2026-12-14"].State != dispatch.OccurrenceCancelled || before["2026-12-09"].State != dispatch.OccurrenceBooked ||
		dropoffUTC(t, s, before["2026-12-09"]) != "09:00" || old.NextID == nil || *old.NextID != next.ID {
		t.Fatalf("the original after the change: %+v", old)
	}
	_, err = s.ChangeSeries(ctx, system, next.ID, dispatch.SeriesChange{From: "2026-11-20", Time: &eleven})
	wantField(t, err, "from")
	_, err = s.EndSeries(ctx, system, sr.ID, "2026-12-20")
	wantCode(t, err, dispatch.CodeConflict)

	// End from Monday 21 December.
	ended, err := s.EndSeries(ctx, system, next.ID, "2026-12-21")
	if err != nil {
		t.Fatal(err)
	}
	after := occurrences(ended)
	if !ended.Ended || after["2026-12-21"].State != dispatch.OccurrenceCancelled ||
		after["2026-12-23"].State != dispatch.OccurrenceCancelled || after["2026-12-16"].State != dispatch.OccurrenceBooked {
		t.Fatalf("after the end: %+v", ended)
	}
	trip, err := s.Trip(ctx, *after["2026-12-21"].TripID)
	if err != nil || trip.Status != dispatch.TripCancelled {
		t.Fatalf("ended date's trip: %v %+v", err, trip)
	}
	if err := s.MaterializeAllSeries(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Series(ctx, next.ID); len(again.Occurrences) != 4 {
		t.Fatalf("the sweep booked an ended series again: %+v", again.Occurrences)
	}
}

// wantField fails unless err is invalid input naming field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	de, ok := err.(*dispatch.Error)
	if !ok || de.Code != dispatch.CodeInvalid {
		t.Fatalf("error %v, want invalid input naming %s", err, field)
	}
	for _, f := range de.Fields {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("error %v names %+v, not %s", err, de.Fields, field)
}
