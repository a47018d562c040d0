package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// seedYear writes a busy agency's year in bulk (ids are consecutive in a
// fresh database): 50,000 legs in 2025 by
// 2,000 seniors, two legs per tour of one of 50 drivers; 85% done, 5%
// no-shows, 4% cancelled late, 3% not served, the rest open.
const seedYear = `
INSERT INTO drivers (first_name, last_name, phone, lat, lon, vehicle_seats, vehicle_wheelchair)
SELECT 'Fahrer', d::text, '+4915200' || lpad(d::text, 6, '0'), 49.9 + d * 0.002, 6.5 + d * 0.001, 3, true
FROM generate_series(0, 49) d;

INSERT INTO riders (first_name, last_name, street, city, lat, lon)
SELECT 'Senior', r::text, 'Weg ' || r, 'Bitburg', 49.8 + (r % 100) * 0.003, 6.4 + (r / 100) * 0.01
FROM generate_series(0, 1999) r;

CREATE TEMP TABLE bench_trips AS
SELECT i, i / 2 AS tour, (SELECT min(id) FROM riders) + i % 2000 AS rider_id,
       ('2025-01-01'::date + ((i / 2) % 365)) AS day,
       ('2025-01-01'::date + ((i / 2) % 365))::timestamp AT TIME ZONE 'Europe/Berlin'
         + interval '7 hours' + ((i / 2) / 365) * interval '8 minutes' + (i % 2) * interval '5 minutes' AS pickup,
       CASE WHEN i % 100 < 85 THEN 'done' WHEN i % 100 < 90 THEN 'no_show' WHEN i % 100 < 94 THEN 'cancelled_late'
            WHEN i % 100 < 97 THEN 'not_served' END AS outcome
FROM generate_series(0, 49999) i;

INSERT INTO trips (rider_id, kind, leg, timing, pickup_street, pickup_city, pickup_lat, pickup_lon,
    dropoff_street, dropoff_city, dropoff_lat, dropoff_lon, service_date, pickup_earliest, pickup_latest,
    dropoff_earliest, dropoff_latest, wheelchair, notes, status, booked_via, purpose)
SELECT b.rider_id, CASE WHEN i % 10 = 0 THEN 'shuttle' ELSE 'appointment' END, 'outbound', 'pickup_at',
    'Weg', 'Bitburg', 49.8 + (i % 100) * 0.003, 6.4 + (i % 20) * 0.01, 'Markt 1', 'Bitburg', 49.97, 6.52,
    b.day, b.pickup, b.pickup + interval '15 minutes', b.pickup, b.pickup + interval '60 minutes',
    i % 50 = 0, i::text, CASE WHEN b.outcome IS NULL THEN 'booked' ELSE 'completed' END, 'api',
    (ARRAY['Arzt/Facharzt', 'Impfung', 'Krankenhaus', 'Einkauf', 'Behörde', 'Sonstiges'])[1 + i % 6]
FROM bench_trips b;

INSERT INTO tours (driver_id, created_at)
SELECT (SELECT min(id) FROM drivers) + t % 50, '2000-01-01'::timestamptz + t * interval '1 second'
FROM generate_series(0, 24999) t;

-- The seat check runs per row and reads the tour's assignments without an
-- index on tour_id: fine for a booking, quadratic for a bulk load of 45,000.
ALTER TABLE assignments DISABLE TRIGGER assignments_vehicle_check;
INSERT INTO assignments (trip_id, driver_id, tour_id, state, planned_pickup, planned_dropoff)
SELECT t.id, tr.driver_id, tr.id, 'confirmed', b.pickup, b.pickup + interval '20 minutes'
FROM bench_trips b
JOIN trips t ON t.notes = b.i::text
JOIN tours tr ON tr.created_at = '2000-01-01'::timestamptz + b.tour * interval '1 second'
WHERE b.outcome IN ('done', 'no_show', 'cancelled_late');
ALTER TABLE assignments ENABLE TRIGGER assignments_vehicle_check;

INSERT INTO trip_outcomes (trip_id, outcome, cancelled_by, reason, source, recorded_at, updated_at)
SELECT t.id, b.outcome, CASE WHEN b.outcome = 'cancelled_late' THEN 'rider' ELSE '' END,
    CASE WHEN b.outcome = 'not_served' THEN 'kein Fahrer' ELSE '' END, 'closeout', b.pickup, b.pickup
FROM bench_trips b JOIN trips t ON t.notes = b.i::text
WHERE b.outcome IS NOT NULL;
ANALYZE;
`

// BenchmarkReportYear50k builds a year's report on 50,000 trips with the
// great-circle travel source, the default: the target is under 2 s.
//
//	go test ./store -run '^$' -bench ReportYear50k -benchtime 5x
func BenchmarkReportYear50k(b *testing.B) {
	st := store.New(storetest.Pool(b), store.Options{Now: func() time.Time { return now }, Location: berlin})
	ctx := context.Background()
	if _, err := st.Pool().Exec(ctx, seedYear); err != nil {
		b.Fatal(err)
	}
	var n int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM trips`).Scan(&n)
	p, _ := dispatch.ParsePeriod("2025-01-01", "2025-12-31")
	ar := st.AfterRide(dispatch.GreatCircle{}, dispatch.DefaultRates, nil)
	var rep dispatch.Report
	for b.Loop() {
		var err error
		if rep, err = ar.Report(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	if rep.Total.Trips != n || n != 50000 {
		b.Fatalf("report counts %d of %d trips", rep.Total.Trips, n)
	}
	b.ReportMetric(float64(rep.Total.Done), "done")
}
