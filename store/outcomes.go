package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// byDriver reports whether an outcome comes from the driver (SMS or the
// driver's page) rather than from a coordinator.
func byDriver(source string) bool {
	return source == dispatch.SourceSMS || source == dispatch.SourceDriverPage
}

// RecordOutcome sets or corrects the outcome of one trip and closes the
// trip (status completed), audited in the same transaction. A ride that has
// not started or was cancelled is refused (dispatch.CheckOutcomeFor). From
// the driver (o.Source sms or driver_page, o.DriverID set) it must be the
// driver's confirmed ride, else not found; and a driver does not overrule
// an outcome a coordinator recorded: that is a conflict.
func (s *Store) RecordOutcome(ctx context.Context, actor dispatch.Actor, o dispatch.Outcome) (dispatch.Outcome, error) {
	if err := o.Validate(); err != nil {
		return dispatch.Outcome{}, err
	}
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		return s.recordOutcome(ctx, tx, actor, o)
	})
	if err != nil {
		return dispatch.Outcome{}, err
	}
	return s.TripOutcome(ctx, o.TripID)
}

// RecordOutcomes records the close-out page's outcomes in one transaction:
// either the whole day is closed or nothing is.
func (s *Store) RecordOutcomes(ctx context.Context, actor dispatch.Actor, list []dispatch.Outcome) error {
	for _, o := range list {
		if err := o.Validate(); err != nil {
			return err
		}
	}
	return s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		for _, o := range list {
			if err := s.recordOutcome(ctx, tx, actor, o); err != nil {
				return err
			}
		}
		return nil
	})
}

// outcomeTarget is the trip an outcome is for, locked, with its confirmed
// driver and the outcome recorded so far.
type outcomeTarget struct {
	trip     dispatch.Trip
	driverID *int64
	prev     *dispatch.Outcome
}

func (s *Store) lockOutcomeTarget(ctx context.Context, tx pgx.Tx, tripID int64) (outcomeTarget, error) {
	var t outcomeTarget
	t.trip.ID = tripID
	err := tx.QueryRow(ctx, `SELECT t.status, t.pickup_earliest,
		(SELECT a.driver_id FROM assignments a WHERE a.trip_id = t.id AND a.state = 'confirmed')
		FROM trips t WHERE t.id = $1 FOR UPDATE`, tripID).Scan(&t.trip.Status, &t.trip.PickupEarliest, &t.driverID)
	if err != nil {
		return t, mapError(err, "trip")
	}
	prev, err := readOutcome(ctx, tx, tripID)
	if err == nil {
		t.prev = &prev
	} else if dispatch.ErrorCode(err) != dispatch.CodeNotFound {
		return t, err
	}
	return t, nil
}

func (s *Store) recordOutcome(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, o dispatch.Outcome) error {
	t, err := s.lockOutcomeTarget(ctx, tx, o.TripID)
	if err != nil {
		return err
	}
	if byDriver(o.Source) {
		if o.DriverID == nil || t.driverID == nil || *o.DriverID != *t.driverID {
			return dispatch.Errorf(dispatch.CodeNotFound, "trip not found")
		}
		if t.prev != nil && !byDriver(t.prev.Source) {
			return &dispatch.Error{Code: dispatch.CodeConflict, Message: "the agency has recorded this ride already",
				Fields: []dispatch.FieldError{{Field: "outcome", Message: "a coordinator recorded it; call the agency to change it"}}}
		}
	}
	if err := dispatch.CheckOutcomeFor(t.trip, s.now()); err != nil {
		return err
	}
	if t.prev != nil && sameOutcome(*t.prev, o) {
		return nil
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `INSERT INTO trip_outcomes (trip_id, outcome, cancelled_by, reason, notes, source,
			driver_id, recorded_by, recorded_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
		ON CONFLICT (trip_id) DO UPDATE SET outcome = $2, cancelled_by = $3, reason = $4, notes = $5,
			source = $6, driver_id = $7, recorded_by = $8, updated_at = $9`,
		o.TripID, o.Outcome, o.CancelledBy, o.Reason, o.Notes, o.Source, t.driverID, actor.AccountID, now); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE trips SET status = 'completed', updated_at = $2 WHERE id = $1 AND status = 'booked'`,
		o.TripID, now); err != nil {
		return err
	}
	summary := map[string]any{"outcome": o.Outcome, "source": o.Source}
	if o.CancelledBy != "" {
		summary["cancelled_by"] = o.CancelledBy
	}
	action := "outcome"
	if t.prev != nil {
		action = "outcome_corrected"
		summary["previous"] = t.prev.Outcome
		summary["previous_source"] = t.prev.Source
	}
	return s.audit(ctx, tx, actor, "trip", o.TripID, action, summary)
}

func sameOutcome(a, b dispatch.Outcome) bool {
	return a.Outcome == b.Outcome && a.CancelledBy == b.CancelledBy && a.Reason == b.Reason && a.Notes == b.Notes
}

const outcomeColumns = `trip_id, outcome, cancelled_by, reason, notes, source, driver_id, recorded_by, recorded_at, updated_at`

func scanOutcome(row pgx.Row) (dispatch.Outcome, error) {
	var o dispatch.Outcome
	var updated time.Time
	err := row.Scan(&o.TripID, &o.Outcome, &o.CancelledBy, &o.Reason, &o.Notes, &o.Source, &o.DriverID,
		&o.RecordedBy, &o.RecordedAt, &updated)
	if err == nil && !updated.Equal(o.RecordedAt) {
		o.UpdatedAt = &updated
	}
	return o, err
}

func readOutcome(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, tripID int64) (dispatch.Outcome, error) {
	o, err := scanOutcome(q.QueryRow(ctx, `SELECT `+outcomeColumns+` FROM trip_outcomes WHERE trip_id = $1`, tripID))
	return o, mapError(err, "outcome")
}

// TripOutcome returns the outcome recorded for a trip; none is not found.
func (s *Store) TripOutcome(ctx context.Context, tripID int64) (dispatch.Outcome, error) {
	return readOutcome(ctx, s.pool, tripID)
}

// CloseoutDay lists the legs of a local date that were not cancelled in
// time, by pickup, with their rider, driver and outcome, for the close-out
// page.
func (s *Store) CloseoutDay(ctx context.Context, date string) ([]dispatch.CloseoutRow, error) {
	var out []dispatch.CloseoutRow
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		trips, outcomes, err := tripsWithOutcomes(ctx, tx, `t.service_date = $1::date`, date)
		if err != nil {
			return err
		}
		riders, err := riderNames(ctx, tx, trips)
		if err != nil {
			return err
		}
		out = make([]dispatch.CloseoutRow, 0, len(trips))
		for _, t := range trips {
			r := dispatch.CloseoutRow{Trip: t, RiderName: riders[t.RiderID]}
			if t.Assignment != nil {
				r.DriverName = t.Assignment.DriverName
				r.Confirmed = t.Assignment.State == dispatch.AssignConfirmed
			}
			if o, ok := outcomes[t.ID]; ok {
				r.Outcome = &o
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// tripsWithOutcomes reads the booked and completed trips that where
// selects, in pickup order, with the outcomes recorded for them so far.
func tripsWithOutcomes(ctx context.Context, tx pgx.Tx, where string, args ...any) ([]dispatch.Trip, map[int64]dispatch.Outcome, error) {
	rows, _ := tx.Query(ctx, `SELECT `+tripColumns+tripFrom+` WHERE `+where+`
		AND t.status IN ('booked', 'completed') ORDER BY t.pickup_earliest, t.id`, args...)
	trips, err := pgx.CollectRows(rows, scanTrip)
	if err != nil {
		return nil, nil, err
	}
	outcomes, err := outcomesOf(ctx, tx, tripIDs(trips))
	return trips, outcomes, err
}

func outcomesOf(ctx context.Context, tx pgx.Tx, ids []int64) (map[int64]dispatch.Outcome, error) {
	rows, _ := tx.Query(ctx, `SELECT `+outcomeColumns+` FROM trip_outcomes WHERE trip_id = ANY($1)`, ids)
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Outcome, error) { return scanOutcome(r) })
	if err != nil {
		return nil, err
	}
	m := make(map[int64]dispatch.Outcome, len(list))
	for _, o := range list {
		m[o.TripID] = o
	}
	return m, nil
}

// DriverRecent lists a driver's confirmed rides whose pickup lies between
// since and now, with the outcome recorded so far, for the "how did it go"
// buttons on the driver's page.
func (s *Store) DriverRecent(ctx context.Context, driverID int64, since time.Time) ([]dispatch.CloseoutRow, error) {
	var out []dispatch.CloseoutRow
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		trips, outcomes, err := tripsWithOutcomes(ctx, tx, `a.driver_id = $1 AND a.state = 'confirmed'
			AND t.pickup_earliest BETWEEN $2 AND $3`, driverID, since, s.now())
		if err != nil {
			return err
		}
		out = make([]dispatch.CloseoutRow, 0, len(trips))
		for _, t := range trips {
			r := dispatch.CloseoutRow{Trip: t, Confirmed: true}
			if o, ok := outcomes[t.ID]; ok {
				r.Outcome = &o
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// LastOpenDay is the latest local date of the last two weeks with a ride
// that has begun and has no outcome yet ("" when there is none): the day
// the close-out page opens on, so that a Monday shows Friday's rides.
func (s *Store) LastOpenDay(ctx context.Context) (string, error) {
	now := s.now()
	var day string
	err := s.pool.QueryRow(ctx, `SELECT coalesce(to_char(max(t.service_date), 'YYYY-MM-DD'), '') FROM trips t
		WHERE t.status = 'booked' AND t.pickup_earliest < $1 AND t.pickup_earliest > $2
		  AND NOT EXISTS (SELECT 1 FROM trip_outcomes o WHERE o.trip_id = t.id)`, now, now.Add(-14*24*time.Hour)).Scan(&day)
	return day, mapError(err, "trip")
}
