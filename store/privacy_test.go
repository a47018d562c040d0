package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// movingClock is a clock a test sets, to seed a history in the past and
// then run the nightly job in the present.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movingClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func newClockStore(t testing.TB, at time.Time) (*store.Store, *movingClock) {
	t.Helper()
	c := &movingClock{t: at}
	return store.New(storetest.Pool(t), store.Options{Now: c.Now, Location: berlin}), c
}

// bookAt books rider to place arriving at at with the ride back two hours
// later, under the booking rules of the store's present.
func bookAt(t *testing.T, s *store.Store, rider dispatch.Rider, place dispatch.Place, at time.Time, notes string) []dispatch.Trip {
	t.Helper()
	back := at.Add(2 * time.Hour)
	b := dispatch.Booking{RiderID: rider.ID, To: place.Location(), Timing: dispatch.TimingArriveBy, At: at,
		Return: dispatch.ReturnAt, ReturnAt: &back, Passengers: 1, Via: "phone", Notes: notes}
	legs, err := b.Legs(rider, dispatch.DefaultBookingRules(s.Now(), berlin))
	if err != nil {
		t.Fatal(err)
	}
	trips, err := s.BookTrip(context.Background(), system, legs)
	if err != nil {
		t.Fatal(err)
	}
	return trips
}

func confirmTrip(t *testing.T, s *store.Store, tr dispatch.Trip, d dispatch.Driver) {
	t.Helper()
	if _, err := s.AssignTrip(context.Background(), system, dispatch.Assignment{TripID: tr.ID, DriverID: d.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: *tr.PickupEarliest,
		PlannedDropoff: tr.PickupEarliest.Add(20 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
}

// addMessage stores a finished SMS to the rider about a trip at a time.
func addMessage(t *testing.T, s *store.Store, riderID, tripID int64, at time.Time, body string) int64 {
	t.Helper()
	var id int64
	if err := s.Pool().QueryRow(context.Background(), `INSERT INTO messages (direction, kind, to_number, body,
		rider_id, trip_id, status, created_at) VALUES ('out', 'reminder', '+491701234567', $1, $2, $3, 'delivered', $4)
		RETURNING id`, body, riderID, tripID, at).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// reportTotals is what the reports count over a period, computed straight
// from the tables: trips by date, kind, leg, status, destination, needs and
// driver, and the kilometres of each leg between its two ends, or as frozen
// before the ends were anonymised (test_frozen_km, filled by the test's
// KmFreezer as the after-ride reports' freezer fills theirs).
func reportTotals(t *testing.T, s *store.Store, from, to string) string {
	t.Helper()
	var out string
	if _, err := s.Pool().Exec(context.Background(), `CREATE TABLE IF NOT EXISTS test_frozen_km (trip_id bigint PRIMARY KEY, km double precision)`); err != nil {
		t.Fatal(err)
	}
	if err := s.Pool().QueryRow(context.Background(), `SELECT coalesce(string_agg(line, E'\n' ORDER BY line), '') FROM (
		SELECT format('%s %s %s %s place=%s chair=%s driver=%s n=%s km=%s', t.service_date, t.kind, t.leg, t.status,
			t.dropoff_place_id, t.wheelchair, a.driver_id, count(*),
			round(sum(coalesce(f.km, 111.2 * sqrt(power(t.dropoff_lat - t.pickup_lat, 2)
				+ power((t.dropoff_lon - t.pickup_lon) * cos(radians(t.pickup_lat)), 2))))::numeric, 3)) AS line
		FROM trips t LEFT JOIN assignments a ON a.trip_id = t.id AND a.state = 'confirmed'
		LEFT JOIN test_frozen_km f ON f.trip_id = t.id
		WHERE t.service_date BETWEEN $1::date AND $2::date
		GROUP BY t.service_date, t.kind, t.leg, t.status, t.dropoff_place_id, t.wheelchair, a.driver_id) lines`,
		from, to).Scan(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The nightly job anonymises trips past the retention period, empties old
// messages and deletes old audit entries; the report totals of the
// anonymised period stay as they were, and a second run changes nothing.
func TestRetentionKeepsReportTotals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, clock := newClockStore(t, time.Date(2024, 3, 1, 9, 0, 0, 0, berlin))
	rider, err := s.CreateRider(ctx, system, dispatch.Rider{FirstName: "Erna", LastName: "Alt", Phone: "+491701234567",
		Street: "Hauptstraße 7", City: "Bitburg", Lat: 49.97123, Lon: 6.52345, ContactPreference: "sms", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	driver := mustDriver(t, s, "+491709876543", 3, false)
	place := mustPlace(t, s, "Dialyse Bitburg")
	var oldTrips []dispatch.Trip
	for day := 4; day <= 8; day++ {
		legs := bookAt(t, s, rider, place, time.Date(2024, 3, day, 10, 0, 0, 0, berlin), "Tür klemmt, Frau Alt klingeln")
		confirmTrip(t, s, legs[0], driver)
		oldTrips = append(oldTrips, legs...)
	}
	if _, err := s.CancelTrip(ctx, system, oldTrips[2].ID, "im Krankenhaus", true); err != nil {
		t.Fatal(err)
	}
	oldMsg := addMessage(t, s, rider.ID, oldTrips[0].ID, clock.Now(), "Morgen 10:00 holt Hans Sie ab")
	if _, err := s.Pool().Exec(ctx, `INSERT INTO audit_log (at, entity, entity_id, action) VALUES ($1, 'rider', $2, 'old')`,
		time.Date(2023, 1, 2, 0, 0, 0, 0, berlin), rider.ID); err != nil {
		t.Fatal(err)
	}

	clock.Set(now)
	recent := bookAt(t, s, rider, place, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), "Rollator")
	newMsg := addMessage(t, s, rider.ID, recent[0].ID, now, "Morgen 10:00")
	before := reportTotals(t, s, "2024-01-01", "2024-12-31")
	var frozen []int64
	s.SetKmFreezer(func(ctx context.Context, tx pgx.Tx, ids []int64) error {
		var street string
		if err := tx.QueryRow(ctx, `SELECT pickup_street FROM trips WHERE id = $1`, ids[0]).Scan(&street); err != nil || street == "" {
			return fmt.Errorf("the freezer must see the exact trips (street %q): %v", street, err)
		}
		frozen = ids
		_, err := tx.Exec(ctx, `INSERT INTO test_frozen_km SELECT id, 111.2 * sqrt(power(dropoff_lat - pickup_lat, 2)
			+ power((dropoff_lon - pickup_lon) * cos(radians(pickup_lat)), 2)) FROM trips WHERE id = ANY($1)`, ids)
		return err
	})

	res, err := s.ApplyRetention(ctx, dispatch.DefaultRetention)
	if err != nil {
		t.Fatal(err)
	}
	if res.Trips != int64(len(oldTrips)) || res.Audit != 1 || res.Messages != 1 || len(frozen) != len(oldTrips) {
		t.Fatalf("retention = %+v (frozen %d), want %d trips, 1 audit entry, 1 message", res, len(frozen), len(oldTrips))
	}
	if after := reportTotals(t, s, "2024-01-01", "2024-12-31"); after != before {
		t.Fatalf("report totals changed:\nbefore\n%s\nafter\n%s", before, after)
	}
	for _, tr := range oldTrips {
		got, err := s.Trip(ctx, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		home := got.Pickup
		if tr.Leg == "return" {
			home = got.Dropoff
		}
		if got.RiderID == rider.ID || got.Notes != "" || got.CancelReason != "" || home.Street != "" {
			t.Fatalf("old trip %d keeps the senior: rider %d, notes %q, reason %q, home %q", tr.ID, got.RiderID,
				got.Notes, got.CancelReason, home.Street)
		}
	}
	if got, _ := s.Trip(ctx, recent[0].ID); got.RiderID != rider.ID || got.Notes != "Rollator" {
		t.Fatalf("a recent trip was changed: %+v", got)
	}
	for id, want := range map[int64]string{oldMsg: "", newMsg: "Morgen 10:00"} {
		var body, to, status string
		if err := s.Pool().QueryRow(ctx, `SELECT body, to_number, status FROM messages WHERE id = $1`, id).Scan(&body, &to, &status); err != nil {
			t.Fatal(err)
		}
		if body != want || (want == "") != (to == "") || status != "delivered" {
			t.Fatalf("message %d = %q to %q (%s), want body %q", id, body, to, status, want)
		}
	}
	if again, err := s.ApplyRetention(ctx, dispatch.DefaultRetention); err != nil || again != (dispatch.RetentionResult{}) {
		t.Fatalf("second run = %+v, %v; want nothing left to do", again, err)
	}
}

// Every column that names a rider, a driver or an account is in the
// subject access export (and so has an erasure rule): a new table with
// such a column fails here until it is added to store/subject.go.
func TestExportCoversEveryPersonColumn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.Pool(t)
	missing, stale, err := store.UncoveredPersonColumns(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 || len(stale) > 0 {
		t.Fatalf("columns naming a person not in the export: %v; listed but not in the schema: %v "+
			"(add them to personalColumns in store/subject.go and decide their erasure in store/erasure.go)", missing, stale)
	}
	// The check itself sees a new table.
	if _, err := pool.Exec(ctx, `CREATE TABLE rider_notes (rider_id bigint REFERENCES riders (id), text text)`); err != nil {
		t.Fatal(err)
	}
	if missing, _, err = store.UncoveredPersonColumns(ctx, pool); err != nil || len(missing) != 1 || missing[0] != "rider_notes.rider_id" {
		t.Fatalf("after a new table: missing = %v, %v; want rider_notes.rider_id", missing, err)
	}
}

// The export of a senior holds the profile, trips, messages and the audit
// entries about them, never a secret, and is itself audited.
func TestExportSubject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	rider := mustRider(t, s, "Erna", "Export", "+491701234567")
	place := mustPlace(t, s, "Praxis")
	legs := bookAt(t, s, rider, place, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), "")
	addMessage(t, s, rider.ID, legs[0].ID, now, "Morgen 10:00")
	coord := int64(0)
	if err := s.Pool().QueryRow(ctx, `INSERT INTO accounts (email, role, name, password_hash) VALUES
		('k@example.org', 'coordinator', 'Koordination', 'secret-hash') RETURNING id`).Scan(&coord); err != nil {
		t.Fatal(err)
	}
	actor := dispatch.Actor{AccountID: &coord, Name: "Koordination", Role: dispatch.RoleCoordinator}
	exp, err := s.ExportSubject(ctx, actor, dispatch.SubjectRider, rider.ID)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Profile["last_name"] != "Export" || len(exp.Tables["trips"]) != 2 || len(exp.Tables["messages"]) != 1 ||
		len(exp.Tables["audit_about"]) < 2 {
		t.Fatalf("export = %+v", exp)
	}
	acc, err := s.ExportSubject(ctx, actor, dispatch.SubjectAccount, coord)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(acc)
	if strings.Contains(string(b), "secret-hash") || strings.Contains(string(b), "password_hash") {
		t.Fatalf("the export shows a secret: %s", b)
	}
	entries, err := s.Audit(ctx, dispatch.SubjectRider, rider.ID, 10)
	if err != nil || entries[len(entries)-1].Action != "export" || *entries[len(entries)-1].AccountID != coord {
		t.Fatalf("audit = %+v, %v; want the export by the coordinator", entries, err)
	}
	if _, err := s.ExportSubject(ctx, actor, "neighbour", 1); dispatch.ErrorCode(err) != dispatch.CodeInvalid {
		t.Fatalf("unknown kind: %v", err)
	}
	if _, err := s.ExportSubject(ctx, actor, dispatch.SubjectDriver, 999999); dispatch.ErrorCode(err) != dispatch.CodeNotFound {
		t.Fatalf("unknown driver: %v", err)
	}
}

// coordinator makes a coordinator's account and its actor.
func coordinator(t *testing.T, s *store.Store, email string) dispatch.Actor {
	t.Helper()
	var id int64
	if err := s.Pool().QueryRow(context.Background(), `INSERT INTO accounts (email, role, name) VALUES ($1, 'coordinator', 'Koordination')
		RETURNING id`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return dispatch.Actor{AccountID: &id, Name: "Koordination", Role: dispatch.RoleCoordinator}
}

// Erasing a senior anonymises them at once, cancels their trips ahead the
// normal way (their driver is told), keeps their trips for the statistics
// without anything that identifies them, and audits who erased whom
// without the erased data. A senior whose ride of today is under way is
// refused with the reason.
func TestEraseRider(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, clock := newClockStore(t, time.Date(2026, 11, 16, 8, 0, 0, 0, berlin))
	actor := coordinator(t, s, "k@example.org")
	rider := mustRider(t, s, "Erna", "Löschmich", "+491701234567")
	driver := mustDriver(t, s, "+491709876543", 3, false)
	place := mustPlace(t, s, "Onkologie")
	past := bookAt(t, s, rider, place, time.Date(2026, 11, 18, 10, 0, 0, 0, berlin), "Chemo, Frau L. ist schwach")
	today := bookAt(t, s, rider, place, time.Date(2026, 11, 23, 8, 30, 0, 0, berlin), "")
	ahead := bookAt(t, s, rider, place, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), "Chemo")
	confirmTrip(t, s, today[0], driver)
	confirmTrip(t, s, ahead[0], driver)
	addMessage(t, s, rider.ID, past[0].ID, clock.Now(), "Erna Löschmich, Hauptstraße 1")
	clock.Set(now) // Monday 08:00; today's ride is picked up at 08:00 at the latest

	_, err := s.EraseSubject(ctx, actor, dispatch.SubjectRider, rider.ID)
	wantConflict(t, err, dispatch.RuleRideInProgress)
	if !strings.Contains(dispatch.ErrorMessage(err), "under way") {
		t.Fatalf("refusal %q does not say why", dispatch.ErrorMessage(err))
	}
	clock.Set(time.Date(2026, 11, 23, 23, 0, 0, 0, berlin))
	if _, err := s.CancelTrip(ctx, actor, today[1].ID, "", false); err != nil { // the ride back was never called
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE trips SET status = 'completed' WHERE id = $1`, today[0].ID); err != nil {
		t.Fatal(err)
	}
	before := reportTotals(t, s, "2026-11-01", "2026-11-24")
	res, err := s.EraseSubject(ctx, actor, dispatch.SubjectRider, rider.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.CancelledTrips) != 2 || res.CancelledTrips[0] != ahead[0].ID {
		t.Fatalf("cancelled %v, want the two legs ahead %d, %d", res.CancelledTrips, ahead[0].ID, ahead[1].ID)
	}
	var told int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM messages WHERE driver_id = $1 AND kind = 'ride_cancelled'`,
		driver.ID).Scan(&told); err != nil || told != 1 {
		t.Fatalf("driver notices = %d, %v; want one", told, err)
	}
	got, err := s.Rider(ctx, rider.ID)
	if err != nil || got.LastName == "Löschmich" || got.Phone != "" || got.Street != "" || got.Active {
		t.Fatalf("rider after erasure = %+v, %v", got, err)
	}
	var leaks int
	if err := s.Pool().QueryRow(ctx, `SELECT
		(SELECT count(*) FROM trips WHERE rider_id = $1 AND (notes <> '' OR (pickup_place_id IS NULL AND pickup_street <> '')))
		+ (SELECT count(*) FROM messages WHERE body LIKE '%Löschmich%' AND status NOT IN ('pending', 'sending', 'queued'))
		+ (SELECT count(*) FROM audit_log WHERE summary::text LIKE '%Löschmich%' OR summary::text LIKE '%Chemo%')`,
		rider.ID).Scan(&leaks); err != nil || leaks != 0 {
		t.Fatalf("%d rows still hold the erased data (%v)", leaks, err)
	}
	// The statistics of what happened stay.
	if after := reportTotals(t, s, "2026-11-01", "2026-11-24"); after != before {
		t.Fatalf("totals before\n%s\nafter\n%s", before, after)
	}
	entries, _ := s.Audit(ctx, dispatch.SubjectRider, rider.ID, 10)
	last := entries[len(entries)-1]
	if last.Action != "erase" || *last.AccountID != *actor.AccountID || strings.Contains(string(last.Summary), "Erna") {
		t.Fatalf("last audit entry = %+v", last)
	}
	if again, err := s.EraseSubject(ctx, actor, dispatch.SubjectRider, rider.ID); err != nil || len(again.CancelledTrips) != 0 {
		t.Fatalf("erasing again = %+v, %v", again, err)
	}
}

// Erasing a driver gives their rides ahead back to planning: the trips stay
// booked for their seniors, without a driver.
func TestEraseDriver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	actor := coordinator(t, s, "k@example.org")
	rider := mustRider(t, s, "Erna", "Bleibt", "+491701234567")
	driver := mustDriver(t, s, "+491709876543", 3, false)
	place := mustPlace(t, s, "Praxis")
	ahead := bookAt(t, s, rider, place, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), "")
	confirmTrip(t, s, ahead[0], driver)
	res, err := s.EraseSubject(ctx, actor, dispatch.SubjectDriver, driver.ID)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := s.Trip(ctx, ahead[0].ID)
	if len(res.ReleasedRides) != 1 || tr.Status != dispatch.TripBooked || tr.Assignment != nil {
		t.Fatalf("erasure = %+v, trip %+v; want the ride back in planning", res, tr)
	}
	d, err := s.Driver(ctx, driver.ID)
	if err != nil || d.Phone != "" || d.LastName == "Fahrer" || d.Active {
		t.Fatalf("driver after erasure = %+v, %v", d, err)
	}
	if _, err := s.EraseSubject(ctx, actor, dispatch.SubjectAccount, *actor.AccountID); dispatch.ErrorCode(err) != dispatch.CodeConflict {
		t.Fatalf("erasing oneself: %v", err)
	}
}

// The nightly job's worker applies its configured policy.
func TestRetentionWorkerAppliesPolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	rider := mustRider(t, s, "Erna", "Job", "+491701234567")
	place := mustPlace(t, s, "Praxis")
	legs := bookAt(t, s, rider, place, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), "")
	msg := addMessage(t, s, rider.ID, legs[0].ID, now.AddDate(0, 0, -10), "vor zehn Tagen")
	w := &store.RetentionWorker{Store: s, Policy: dispatch.RetentionPolicy{TripMonths: 24, MessageDays: 7, AuditMonths: 36}}
	if err := w.Work(ctx, &river.Job[store.RetentionArgs]{}); err != nil {
		t.Fatal(err)
	}
	var body string
	if err := s.Pool().QueryRow(ctx, `SELECT body FROM messages WHERE id = $1`, msg).Scan(&body); err != nil || body != "" {
		t.Fatalf("message after the job = %q, %v", body, err)
	}
}
