package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// Open rides (issue 15): booked appointment rides that no driver holds (no
// proposal, offer or confirmation), which a driver may take on their page
// or by SMS. A driver sees those within OpenRideKm of their home whose
// pickup falls into one of their weekly windows on a day they are not
// absent, that their car can take, with no pairing rule against the senior,
// and only while none of their required documents has expired: the same
// limits the planner keeps. Taking one is the lifecycle's EvDriverTake: the
// ride is confirmed by the driver, and the planner keeps it.

// openRideAhead is how far ahead open rides are listed.
const openRideAhead = 14 * 24 * time.Hour

// openRideCodeTTL is how long an OFFEN answer's codes take rides.
const openRideCodeTTL = 24 * time.Hour

const openRideQuery = `WITH d AS (SELECT id, lat, lon, vehicle_seats, vehicle_wheelchair FROM drivers
	  WHERE id = $1 AND active AND NOT EXISTS (SELECT 1 FROM driver_documents x WHERE x.driver_id = drivers.id
	    AND x.required AND x.expires_on < ($2::timestamptz AT TIME ZONE $3)::date))
	SELECT t.id, t.pickup_earliest, t.pickup_latest, CASE WHEN t.timing = 'arrive_by' THEN t.dropoff_latest END,
	  t.pickup_city, t.dropoff_city, t.wheelchair, t.walker, t.needs_escort, t.passengers, g.km
	FROM trips t CROSS JOIN d
	CROSS JOIN LATERAL (SELECT 12742 * asin(sqrt(power(sin(radians(t.pickup_lat - d.lat) / 2), 2)
	  + cos(radians(d.lat)) * cos(radians(t.pickup_lat)) * power(sin(radians(t.pickup_lon - d.lon) / 2), 2))) AS km) g
	WHERE t.status = 'booked' AND t.kind = 'appointment' AND t.pickup_latest > $2 AND t.pickup_earliest < $5
	  AND ($7::bigint = 0 OR t.id = $7) AND g.km <= $4
	  AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.trip_id = t.id AND a.state IN ('proposed', 'offered', 'confirmed'))
	  AND (NOT t.wheelchair OR d.vehicle_wheelchair) AND t.passengers <= d.vehicle_seats
	  AND NOT EXISTS (SELECT 1 FROM incompatibilities i WHERE i.rider_id = t.rider_id AND i.driver_id = d.id)
	  AND NOT EXISTS (SELECT 1 FROM driver_absences x WHERE x.driver_id = d.id
	    AND t.service_date BETWEEN x.starts_on AND x.ends_on)
	  AND EXISTS (SELECT 1 FROM driver_availability w WHERE w.driver_id = d.id
	    AND w.weekday = extract(isodow FROM t.service_date)
	    AND (t.pickup_latest AT TIME ZONE $3)::time >= w.starts AND (t.dropoff_earliest AT TIME ZONE $3)::time <= w.ends)
	ORDER BY t.pickup_earliest, t.id LIMIT $6`

// openRides lists the driver's open rides (tripID 0), or the one trip
// when it is still open for them.
func (s *Store) openRides(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, driverID, tripID int64, limit int) ([]dispatch.OpenRide, error) {
	km := s.openRideKm
	if km <= 0 {
		km = dispatch.DefaultOpenRideKm
	}
	now := s.now()
	rows, _ := q.Query(ctx, openRideQuery, driverID, now, s.loc.String(), km, now.Add(openRideAhead), limit, tripID)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.OpenRide, error) {
		var o dispatch.OpenRide
		var arrive *time.Time
		err := r.Scan(&o.TripID, &o.PickupFrom, &o.PickupUntil, &arrive, &o.PickupTown, &o.DropoffTown,
			&o.Wheelchair, &o.Walker, &o.Escort, &o.Passengers, &o.Km)
		if arrive != nil {
			o.ArriveBy = *arrive
		}
		return o, err
	})
}

// OpenRides lists up to limit rides the driver may take, soonest first,
// without the seniors' names and addresses.
func (s *Store) OpenRides(ctx context.Context, driverID int64, limit int) ([]dispatch.OpenRide, error) {
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	rides, err := s.openRides(ctx, s.pool, driverID, 0, limit)
	return rides, mapError(err, "open ride")
}

// TakeOpenRide gives an open ride to the driver who tapped "Fahrt
// übernehmen": it is confirmed (decided by the driver), the driver gets the
// confirmation by SMS as after JA, and the coordinators see it on the board
// and in the audit log. A ride someone else took first, or no longer open
// to this driver, is a conflict with dispatch.RuleRideTaken; one that
// overlaps the driver's confirmed rides with dispatch.RuleRideClash.
func (s *Store) TakeOpenRide(ctx context.Context, actor dispatch.Actor, driverID, tripID int64) error {
	return s.inTx(ctx, "open ride", func(tx pgx.Tx) error {
		rides, err := s.takeOpenRide(ctx, tx, actor, driverID, tripID)
		if err != nil {
			return err
		}
		d, err := smsDriver(ctx, tx, driverID)
		if err != nil {
			return err
		}
		r := s.confirmationReply(d, rides)
		_, err = s.queueMessage(ctx, tx, outMessage{Kind: r.kind, To: d.phone, Lang: d.lang, Body: r.body,
			DriverID: driverID, TripID: tripID, AssignmentID: rides[0].assignmentID, TourID: 0, Deadline: rides[0].pickupAt})
		return err
	})
}

// takeOpenRide applies EvDriverTake in tx and returns the confirmed ride.
// The trip's row lock orders two drivers taking it at once: the second
// finds the first one's assignment and is refused.
func (s *Store) takeOpenRide(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, driverID, tripID int64) ([]tourRide, error) {
	var status string
	err := tx.QueryRow(ctx, `SELECT status FROM trips WHERE id = $1 FOR NO KEY UPDATE`, tripID).Scan(&status)
	if err != nil && err != pgx.ErrNoRows {
		return nil, err
	}
	open, err := s.openRides(ctx, tx, driverID, tripID, 1)
	if err != nil {
		return nil, err
	}
	if status == "" || len(open) == 0 {
		return nil, refusal(dispatch.RuleRideTaken, "the ride is no longer open")
	}
	tr, err := dispatch.Step(dispatch.StageNone, dispatch.EvDriverTake)
	if err != nil {
		return nil, err
	}
	rows, _ := tx.Query(ctx, `SELECT `+tripColumns+tripFrom+` WHERE t.id = $1`, tripID)
	trip, err := pgx.CollectExactlyOneRow(rows, scanTrip)
	if err != nil {
		return nil, err
	}
	pickup, dropoff, err := dispatch.PlannedTimes(ctx, trip)
	if err != nil {
		return nil, err
	}
	code, err := s.takenCode(ctx, tx, driverID, tripID)
	if err != nil {
		return nil, err
	}
	tourID, err := insertTaken(ctx, tx, takenRide{trip.ID, driverID, tr.To.State(), code, pickup, dropoff}, s.now())
	if err != nil {
		return nil, err
	}
	if tr.Has(dispatch.EffClearFlag) {
		if _, err := tx.Exec(ctx, `UPDATE trips SET flagged = '' WHERE id = $1`, tripID); err != nil {
			return nil, err
		}
	}
	if err := s.audit(ctx, tx, actor, "trip", tripID, "take", map[string]any{"driver_id": driverID}); err != nil {
		return nil, err
	}
	if err := s.rescheduleTour(ctx, tx, tourID); err != nil {
		return nil, err
	}
	return tourRides(ctx, tx, tourID, dispatch.AssignConfirmed)
}

// takenRide is the assignment of a ride a driver takes.
type takenRide struct {
	tripID, driverID int64
	state, code      string
	pickup, dropoff  time.Time
}

// takenCode is the code a taken ride keeps for ABSAGE: the one OFFEN gave
// the driver for it, else a new one.
func (s *Store) takenCode(ctx context.Context, tx pgx.Tx, driverID, tripID int64) (string, error) {
	var code string
	err := tx.QueryRow(ctx, `SELECT code FROM open_ride_codes WHERE driver_id = $1 AND trip_id = $2`,
		driverID, tripID).Scan(&code)
	if err == pgx.ErrNoRows {
		return s.freeCode(ctx, tx, driverID)
	}
	return code, err
}

// insertTaken writes the driver's confirmed assignment in a tour of its
// own, in a savepoint, so that an overlap with the driver's other
// confirmed rides is a refusal and not a failed transaction.
func insertTaken(ctx context.Context, tx pgx.Tx, r takenRide, now time.Time) (int64, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return 0, err
	}
	var tourID int64
	err = sp.QueryRow(ctx, `INSERT INTO tours (driver_id) VALUES ($1) RETURNING id`, r.driverID).Scan(&tourID)
	if err == nil {
		_, err = sp.Exec(ctx, `INSERT INTO assignments (trip_id, driver_id, tour_id, state, planned_pickup,
			planned_dropoff, offer_code, decided_by, answered_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'driver', $8, $8, $8)`,
			r.tripID, r.driverID, tourID, r.state, r.pickup, r.dropoff, r.code, now)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23P01" {
		if err := sp.Rollback(ctx); err != nil {
			return 0, err
		}
		return 0, refusal(dispatch.RuleRideClash, "the ride overlaps a ride the driver confirmed")
	}
	if err != nil {
		sp.Rollback(ctx)
		return 0, err
	}
	return tourID, sp.Commit(ctx)
}

// refusal is a conflict with a rule, for a person's request that came too
// late or does not fit.
func refusal(rule dispatch.Rule, msg string) error {
	e := dispatch.Errorf(dispatch.CodeConflict, "%s", msg)
	e.Rule = rule
	return e
}

// confirmationReply is the confirmation of rides a driver took, as JA
// gets it.
func (s *Store) confirmationReply(d smsPerson, rides []tourRide) reply {
	ride := s.rideData(d, rides)
	ride.Code = ridesCode(rides)
	return reply{notify.KindConfirmation, s.sms.texts.Confirmation(d.lang, ride)}
}

// driverActor names a driver in the audit log, as their page does.
func driverActor(driverID int64) dispatch.Actor {
	return dispatch.Actor{Role: "driver", Name: "driver " + strconv.FormatInt(driverID, 10)}
}
