package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// afterRideFigures is the volunteer log and the report's totals of the
// seeded September and October, as JSON to compare.
func afterRideFigures(t *testing.T, st *store.Store) (string, dispatch.Figures) {
	t.Helper()
	ctx := context.Background()
	p, err := dispatch.ParsePeriod("2026-09-01", "2026-10-31")
	if err != nil {
		t.Fatal(err)
	}
	ar := st.AfterRide(storetest.GridTravel{}, dispatch.DefaultRates, nil)
	log, err := ar.VolunteerLog(ctx, p, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ar.Report(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(log)
	return string(b), rep.Total
}

// Retention rounds the seniors' homes, from which the volunteer log routes
// its tours; the freezer the service wires keeps every tour's kilometres
// and hours, so that the volunteer log and the report's rides, kilometres
// and hours of an anonymised period stay as they were, corrections
// included. The outcomes keep what they were and lose their free texts.
func TestRetentionKeepsVolunteerLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, clock := newClockStore(t, time.Date(2026, 11, 2, 9, 0, 0, 0, berlin))
	f := storetest.SeedAfterRide(t, st)
	// Homes off the rounding grid, so that rounding moves them.
	if _, err := st.Pool().Exec(ctx, `UPDATE trips SET pickup_lat = pickup_lat + 0.00437,
		pickup_lon = pickup_lon - 0.00291 WHERE pickup_place_id IS NULL`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE trip_outcomes SET notes = 'Frau klagt über Schwindel' WHERE trip_id = $1`,
		f.Trips["shared1"].ID); err != nil {
		t.Fatal(err)
	}
	logBefore, before := afterRideFigures(t, st)
	st.SetKmFreezer(st.TourKmFreezer(storetest.GridTravel{}))

	clock.Set(time.Date(2029, 1, 15, 9, 0, 0, 0, berlin))
	res, err := st.ApplyRetention(ctx, dispatch.DefaultRetention)
	if err != nil || res.Trips == 0 {
		t.Fatalf("retention = %+v, %v", res, err)
	}
	logAfter, after := afterRideFigures(t, st)
	if logAfter != logBefore {
		t.Fatalf("volunteer log changed:\nbefore %s\nafter  %s", logBefore, logAfter)
	}
	if after.Trips != before.Trips || after.Done != before.Done || after.NoShow != before.NoShow ||
		after.CancelledLate != before.CancelledLate || after.NotServed != before.NotServed ||
		after.VolunteerTenthKm != before.VolunteerTenthKm || after.VolunteerSeconds != before.VolunteerSeconds ||
		after.ActiveVolunteers != before.ActiveVolunteers || after.WheelchairRides != before.WheelchairRides {
		t.Fatalf("report totals changed:\nbefore %+v\nafter  %+v", before, after)
	}
	var texts, kept int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE reason <> '' OR notes <> ''),
		count(*) FILTER (WHERE outcome = 'cancelled_late' AND cancelled_by = 'rider' AND driver_id IS NOT NULL)
		FROM trip_outcomes`).Scan(&texts, &kept); err != nil || texts != 0 || kept != 1 {
		t.Fatalf("outcomes with free texts %d (want 0), late cancellation kept %d (want 1): %v", texts, kept, err)
	}
	var by string
	var meters int64
	if err := st.Pool().QueryRow(ctx, `SELECT corrected_by, meters FROM tour_km_corrections WHERE tour_id = $1`,
		f.Tours["corrected"]).Scan(&by, &meters); err != nil || by != store.CorrectedByCoordinator || meters != 23500 {
		t.Fatalf("the correction became %s %d (%v), want coordinator 23500", by, meters, err)
	}
}
