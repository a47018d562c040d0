package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/planning"
)

const tripColumns = `t.id, t.rider_id, t.kind, t.leg, t.outbound_id,
	(SELECT r.id FROM trips r WHERE r.outbound_id = t.id), t.shuttle_run_id, t.timing,
	t.pickup_place_id, t.pickup_street, t.pickup_city, t.pickup_lat, t.pickup_lon,
	t.dropoff_place_id, t.dropoff_street, t.dropoff_city, t.dropoff_lat, t.dropoff_lon,
	coalesce(to_char(t.service_date, 'YYYY-MM-DD'), ''), t.pickup_earliest, t.pickup_latest,
	t.dropoff_earliest, t.dropoff_latest, t.max_ride_minutes, t.passengers, t.wheelchair, t.walker,
	t.needs_escort, t.notes, t.status, t.flagged, t.booked_by, t.booked_via, t.cancelled_at,
	t.cancelled_by, t.cancel_reason, t.created_at,
	a.id, a.driver_id, d.first_name, a.tour_id, a.state, a.planned_pickup, a.planned_dropoff,
	a.stop_order, a.offer_code, a.expires_at, a.decided_by, t.purpose`

// tripFrom joins each trip with its live assignment, if any.
const tripFrom = ` FROM trips t
	LEFT JOIN assignments a ON a.trip_id = t.id AND a.state IN ('proposed', 'offered', 'confirmed')
	LEFT JOIN drivers d ON d.id = a.driver_id `

func scanTrip(row pgx.CollectableRow) (dispatch.Trip, error) {
	var t dispatch.Trip
	var a struct {
		id, driver, tour *int64
		name, state      *string
		pickup, dropoff  *time.Time
		order            *int
		code             *string
		expires          *time.Time
		decided          *string
	}
	err := row.Scan(&t.ID, &t.RiderID, &t.Kind, &t.Leg, &t.OutboundID, &t.ReturnID, &t.ShuttleRunID,
		&t.Timing, &t.Pickup.PlaceID, &t.Pickup.Street, &t.Pickup.City, &t.Pickup.Lat, &t.Pickup.Lon,
		&t.Dropoff.PlaceID, &t.Dropoff.Street, &t.Dropoff.City, &t.Dropoff.Lat, &t.Dropoff.Lon,
		&t.ServiceDate, &t.PickupEarliest, &t.PickupLatest, &t.DropoffEarliest, &t.DropoffLatest,
		&t.MaxRideMinutes, &t.Passengers, &t.Wheelchair, &t.Walker, &t.NeedsEscort, &t.Notes, &t.Status,
		&t.Flagged, &t.BookedBy, &t.BookedVia, &t.CancelledAt, &t.CancelledBy, &t.CancelReason,
		&t.CreatedAt, &a.id, &a.driver, &a.name, &a.tour, &a.state, &a.pickup, &a.dropoff, &a.order,
		&a.code, &a.expires, &a.decided, &t.Purpose)
	if err != nil || a.id == nil {
		return t, err
	}
	t.Assignment = &dispatch.Assignment{ID: *a.id, TripID: t.ID, DriverID: *a.driver, DriverName: *a.name,
		TourID: *a.tour, State: *a.state, PlannedPickup: *a.pickup, PlannedDropoff: *a.dropoff,
		StopOrder: *a.order, ExpiresAt: a.expires, DecidedBy: *a.decided}
	if a.code != nil {
		t.Assignment.OfferCode = *a.code
	}
	return t, nil
}

// BookTrip stores the legs of a booking (outbound first, the return leg
// linked to it), records the booking and asks for the day to be planned, all
// in one transaction. A rider's overlapping trip is a conflict. It returns
// the legs as stored without reading them back: a new trip has no
// assignment yet.
func (s *Store) BookTrip(ctx context.Context, actor dispatch.Actor, legs []dispatch.Trip) ([]dispatch.Trip, error) {
	var out []dispatch.Trip
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		ids, err := s.insertLegs(ctx, tx, legs)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "trip", ids[0], "book", map[string]any{"legs": ids, "via": legs[0].BookedVia}); err != nil {
			return err
		}
		if err := s.planDates(ctx, tx, legs...); err != nil {
			return err
		}
		out = bookedLegs(legs, ids, s.now())
		return keepAnswer(ctx, tx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// bookedLegs are the legs as booked: with their ids, and linked to each
// other.
func bookedLegs(legs []dispatch.Trip, ids []int64, now time.Time) []dispatch.Trip {
	out := make([]dispatch.Trip, len(legs))
	for i, t := range legs {
		t.ID, t.CreatedAt = ids[i], now
		if i > 0 {
			t.OutboundID = &ids[0]
		} else if len(ids) > 1 {
			t.ReturnID = &ids[1]
		}
		out[i] = t
	}
	return out
}

func (s *Store) insertLegs(ctx context.Context, tx pgx.Tx, legs []dispatch.Trip) ([]int64, error) {
	ids := make([]int64, 0, len(legs))
	for i, t := range legs {
		if i > 0 {
			t.OutboundID = &ids[0]
		}
		id, err := insertTrip(ctx, tx, t, s.now())
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func insertTrip(ctx context.Context, tx pgx.Tx, t dispatch.Trip, now time.Time) (int64, error) {
	var id int64
	var date *string
	if t.ServiceDate != "" {
		date = &t.ServiceDate
	}
	err := tx.QueryRow(ctx, `INSERT INTO trips (rider_id, kind, leg, outbound_id, shuttle_run_id, timing,
		pickup_place_id, pickup_street, pickup_city, pickup_lat, pickup_lon,
		dropoff_place_id, dropoff_street, dropoff_city, dropoff_lat, dropoff_lon,
		service_date, pickup_earliest, pickup_latest, dropoff_earliest, dropoff_latest,
		max_ride_minutes, passengers, wheelchair, walker, needs_escort, notes, status,
		booked_by, booked_via, created_at, updated_at, purpose)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17::date,$18,$19,$20,$21,$22,$23,
		        $24,$25,$26,$27,$28,$29,$30,$31,$31,$32) RETURNING id`,
		t.RiderID, t.Kind, t.Leg, t.OutboundID, t.ShuttleRunID, t.Timing,
		t.Pickup.PlaceID, t.Pickup.Street, t.Pickup.City, t.Pickup.Lat, t.Pickup.Lon,
		t.Dropoff.PlaceID, t.Dropoff.Street, t.Dropoff.City, t.Dropoff.Lat, t.Dropoff.Lon,
		date, t.PickupEarliest, t.PickupLatest, t.DropoffEarliest, t.DropoffLatest,
		t.MaxRideMinutes, t.Passengers, t.Wheelchair, t.Walker, t.NeedsEscort, t.Notes, t.Status,
		t.BookedBy, t.BookedVia, now, t.Purpose).Scan(&id)
	return id, err
}

// planDates marks each distinct date of the trips as changed and enqueues a
// planning run for it.
func (s *Store) planDates(ctx context.Context, tx pgx.Tx, trips ...dispatch.Trip) error {
	seen := map[string]bool{}
	for _, t := range trips {
		if t.ServiceDate == "" || seen[t.ServiceDate] {
			continue
		}
		seen[t.ServiceDate] = true
		if _, err := tx.Exec(ctx, `INSERT INTO plan_versions (service_date) VALUES ($1::date)
			ON CONFLICT (service_date) DO UPDATE SET version = plan_versions.version + 1`, t.ServiceDate); err != nil {
			return err
		}
		if err := s.enqueue(ctx, tx, planning.PlanDayArgs{Date: t.ServiceDate}, nil); err != nil {
			return err
		}
	}
	return nil
}

// Trip returns one trip with its live assignment.
func (s *Store) Trip(ctx context.Context, id int64) (dispatch.Trip, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+tripColumns+tripFrom+` WHERE t.id = $1`, id)
	t, err := pgx.CollectExactlyOneRow(rows, scanTrip)
	return t, mapError(err, "trip")
}

func (s *Store) tripsByID(ctx context.Context, ids []int64) ([]dispatch.Trip, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+tripColumns+tripFrom+` WHERE t.id = ANY($1) ORDER BY t.id`, ids)
	ts, err := pgx.CollectRows(rows, scanTrip)
	return ts, mapError(err, "trip")
}

// Trips lists trips by pickup time.
func (s *Store) Trips(ctx context.Context, f dispatch.TripFilter) ([]dispatch.Trip, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+tripColumns+tripFrom+`
		WHERE ($1 = '' OR t.service_date = $1::date)
		  AND ($2 = '' OR t.status = $2 OR a.state = $2 OR ($2 = 'unassigned' AND a.id IS NULL AND t.status = 'booked'))
		  AND ($3 = 0 OR t.rider_id = $3)
		  AND ($4 = 0 OR a.driver_id = $4)
		  AND ($5::bigint[] IS NULL OR t.rider_id = ANY($5))
		ORDER BY t.pickup_earliest NULLS LAST, t.id LIMIT $6 OFFSET $7`,
		f.Date, f.Status, f.RiderID, f.DriverID, f.Only, f.Limit, f.Offset)
	ts, err := pgx.CollectRows(rows, scanTrip)
	return ts, mapError(err, "trip")
}

// CancelTrip cancels a leg, and with both also its other leg. A live
// assignment is cancelled with it and the day is planned again. Cancelling a
// cancelled trip changes nothing and is no error.
func (s *Store) CancelTrip(ctx context.Context, actor dispatch.Actor, id int64, reason string, both bool) ([]dispatch.Trip, error) {
	var ids []int64
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT id FROM trips WHERE id = $1
			OR ($2 AND (outbound_id = $1 OR id = (SELECT outbound_id FROM trips WHERE id = $1)))
			ORDER BY id FOR NO KEY UPDATE`, id, both)
		var err error
		if ids, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return err
		}
		if len(ids) == 0 {
			return pgx.ErrNoRows
		}
		return s.cancelTrips(ctx, tx, actor, ids, reason)
	})
	if err != nil {
		return nil, err
	}
	return s.tripsByID(ctx, ids)
}

func (s *Store) cancelTrips(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, ids []int64, reason string) error {
	if err := lockTours(ctx, tx, ids); err != nil {
		return err
	}
	rows, _ := tx.Query(ctx, `UPDATE trips SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3,
		cancel_reason = $4, updated_at = $2
		WHERE id = ANY($1) AND status <> 'cancelled' RETURNING id, coalesce(to_char(service_date, 'YYYY-MM-DD'), '')`,
		ids, s.now(), actor.AccountID, reason)
	changed, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Trip, error) {
		var t dispatch.Trip
		return t, r.Scan(&t.ID, &t.ServiceDate)
	})
	if err != nil {
		return err
	}
	cancelled := tripIDs(changed)
	tours, err := s.noticeCancelled(ctx, tx, cancelled)
	if err != nil {
		return err
	}
	// The live assignments of all the cancelled trips, as the lifecycle
	// says (dispatch.EvTripCancel; noticeCancelled wrote the notices).
	if _, err := s.step(ctx, tx, dispatch.EvTripCancel, `a.trip_id = ANY($1)`, cancelled); err != nil {
		return err
	}
	for _, t := range changed {
		if err := s.audit(ctx, tx, actor, "trip", t.ID, "cancel", map[string]any{"reason": reason}); err != nil {
			return err
		}
	}
	// The rides left on those tours get reminders for what remains.
	for _, tour := range tours {
		if err := s.rescheduleTour(ctx, tx, tour); err != nil {
			return err
		}
	}
	return s.planDates(ctx, tx, changed...)
}

// lockTours locks the tours that the trips' live assignments are on, in
// id order, before a cancellation touches their reminders and notices:
// two cancellations of rides on the same tour otherwise lock the tour's
// message rows in different orders and deadlock. Locking the tour first
// makes the second wait for the first.
func lockTours(ctx context.Context, tx pgx.Tx, tripIDs []int64) error {
	_, err := tx.Exec(ctx, `SELECT id FROM tours WHERE id IN (SELECT tour_id FROM assignments
		WHERE trip_id = ANY($1) AND state IN ('proposed', 'offered', 'confirmed')) ORDER BY id FOR UPDATE`, tripIDs)
	return err
}

// SetTripTime gives an on-call leg (the senior has phoned: they are done)
// the time windows in leg, books it and asks for the day to be planned. A
// leg that is not on call is a conflict; the rider's overlapping trips are
// refused by the database.
func (s *Store) SetTripTime(ctx context.Context, actor dispatch.Actor, id int64, leg dispatch.Trip) (dispatch.Trip, error) {
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM trips WHERE id = $1 FOR NO KEY UPDATE`, id).Scan(&status); err != nil {
			return err
		}
		if status != dispatch.TripOnCall {
			return dispatch.Errorf(dispatch.CodeConflict, "only a ride back on call gets its time this way (it is %s)", status)
		}
		if _, err := tx.Exec(ctx, `UPDATE trips SET status = 'booked', timing = 'pickup_at', service_date = $2::date,
			pickup_earliest = $3, pickup_latest = $4, dropoff_earliest = $5, dropoff_latest = $6, updated_at = $7
			WHERE id = $1`, id, leg.ServiceDate, leg.PickupEarliest, leg.PickupLatest, leg.DropoffEarliest,
			leg.DropoffLatest, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "trip", id, "time", map[string]any{"pickup_at": leg.PickupEarliest}); err != nil {
			return err
		}
		return s.planDates(ctx, tx, leg)
	})
	if err != nil {
		return dispatch.Trip{}, err
	}
	return s.Trip(ctx, id)
}
