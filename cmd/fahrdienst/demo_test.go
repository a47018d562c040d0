package main

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// demoPool is an empty migrated database and the configuration the demo
// is seeded with (Berlin time, 90 days ahead), for the demo's tests.
func demoPool(t *testing.T) (*pgxpool.Pool, config) {
	t.Helper()
	pool := testPool(t, storetest.URL(t))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return pool, config{Location: berlin, BookingHorizon: 90 * 24 * time.Hour, MaxRide: 45 * time.Minute}
}

// The demo data is a small town around Bitburg, and seeding twice adds
// nothing.
func TestSeedDemoTwice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, cfg := demoPool(t)
	count := func() map[string]int {
		n := map[string]int{}
		// The coming rides from the service's today (the database's
		// current_date is UTC's, a day behind just after midnight in
		// Berlin); demo_history_test.go checks the past ones.
		today := time.Now().In(cfg.Location).Format(time.DateOnly)
		for _, table := range []string{"drivers", "riders", "places", "shuttles", "shuttle_subscriptions", "trips", "accounts", "driver_availability"} {
			var c int
			query, args := "SELECT count(*) FROM "+table, []any{}
			if table == "trips" {
				query, args = query+" WHERE coalesce(service_date, $1::date) >= $1::date", []any{today}
			}
			if err := pool.QueryRow(ctx, query, args...).Scan(&c); err != nil {
				t.Fatal(err)
			}
			n[table] = c
		}
		return n
	}
	seeded, err := seed(ctx, cfg, pool)
	if err != nil || !seeded {
		t.Fatalf("first seed: %v %v", seeded, err)
	}
	first := count()
	want := map[string]int{"drivers": 8, "riders": 40, "places": 8, "shuttles": 1, "shuttle_subscriptions": 10, "trips": 40 + 10*2*4, "accounts": 2} // appointments, and four weeks of shopping rides
	for table, n := range want {
		if first[table] != n {
			t.Errorf("%s: %d rows, want %d", table, first[table], n)
		}
	}
	var wheelchairVans, far int
	pool.QueryRow(ctx, "SELECT count(*) FROM drivers WHERE vehicle_wheelchair").Scan(&wheelchairVans)
	// Nobody lives more than about 15 km from Bitburg (0.2 degrees is ~15-22 km here).
	pool.QueryRow(ctx, "SELECT count(*) FROM riders WHERE abs(lat - 49.967) > 0.14 OR abs(lon - 6.527) > 0.21").Scan(&far)
	// Seniors with a landline only are phoned, as the senior's form would set them.
	var landlineNotCalled, called int
	pool.QueryRow(ctx, `SELECT count(*) FROM riders WHERE NOT phone_mobile AND coalesce(phone, '') <> ''
		AND contact_preference <> 'call'`).Scan(&landlineNotCalled)
	pool.QueryRow(ctx, "SELECT count(*) FROM riders WHERE contact_preference = 'call'").Scan(&called)
	if landlineNotCalled != 0 || called == 0 {
		t.Errorf("%d seniors with a landline only are not phoned (%d phoned)", landlineNotCalled, called)
	}
	if wheelchairVans != 1 || far != 0 {
		t.Errorf("wheelchair vans = %d, riders far away = %d", wheelchairVans, far)
	}
	seeded, err = seed(ctx, cfg, pool)
	if err != nil || seeded {
		t.Fatalf("second seed: %v %v", seeded, err)
	}
	second := count()
	for table, n := range first {
		if second[table] != n {
			t.Errorf("second seed changed %s: %d → %d", table, n, second[table])
		}
	}
	// dev seeds only an empty database: without the demo marker, an
	// agency's own data still gets no demo people.
	if _, err := pool.Exec(ctx, "UPDATE drivers SET phone = '+4915199999999' WHERE phone = $1", demoMarker); err != nil {
		t.Fatal(err)
	}
	if seeded, err := seedEmpty(ctx, cfg, pool); err != nil || seeded {
		t.Fatalf("seed into a database with data: %v %v", seeded, err)
	}
}
