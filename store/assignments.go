package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

const assignmentColumns = `a.id, a.trip_id, a.driver_id, d.first_name, a.tour_id, a.state, a.planned_pickup,
	a.planned_dropoff, a.stop_order, coalesce(a.offer_code, ''), a.expires_at, a.decided_by`

func scanAssignment(row pgx.CollectableRow) (dispatch.Assignment, error) {
	var a dispatch.Assignment
	err := row.Scan(&a.ID, &a.TripID, &a.DriverID, &a.DriverName, &a.TourID, &a.State, &a.PlannedPickup,
		&a.PlannedDropoff, &a.StopOrder, &a.OfferCode, &a.ExpiresAt, &a.DecidedBy)
	return a, err
}

// AssignTrip puts a trip on a driver by hand, replacing its live assignment.
// A coordinator's assignment is what the coordinator agreed with the driver,
// so it may be confirmed at once. A zero TourID starts a tour of its own. The
// database refuses overlapping confirmed rides of the driver, too few seats
// and a wheelchair in a car without room for it.
func (s *Store) AssignTrip(ctx context.Context, actor dispatch.Actor, a dispatch.Assignment) (dispatch.Assignment, error) {
	var out dispatch.Assignment
	err := s.inTx(ctx, "assignment", func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM trips WHERE id = $1 FOR NO KEY UPDATE`, a.TripID).Scan(&status); err != nil {
			return err
		}
		if status != dispatch.TripBooked {
			return dispatch.Errorf(dispatch.CodeConflict, "only a booked trip with a time can be assigned (it is %s)", status)
		}
		prev, err := s.beforeReassign(ctx, tx, a.TripID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE assignments SET state = 'withdrawn', updated_at = $2
			WHERE trip_id = $1 AND state IN ('proposed', 'offered', 'confirmed')`, a.TripID, s.now()); err != nil {
			return err
		}
		if a.TourID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO tours (driver_id) VALUES ($1) RETURNING id`, a.DriverID).Scan(&a.TourID); err != nil {
				return err
			}
		}
		// The new row as the database stored it: its pickup rounded to
		// microseconds, so that afterReassign compares like with like.
		var next liveAssignment
		if err := tx.QueryRow(ctx, `INSERT INTO assignments (trip_id, driver_id, tour_id, state, planned_pickup,
			planned_dropoff, stop_order, decided_by, answered_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'coordinator', CASE WHEN $4 = 'confirmed' THEN $8::timestamptz END, $8, $8)
			RETURNING id, driver_id, tour_id, state, planned_pickup`, a.TripID, a.DriverID, a.TourID, a.State,
			a.PlannedPickup, a.PlannedDropoff, a.StopOrder, s.now()).
			Scan(&next.id, &next.driverID, &next.tourID, &next.state, &next.pickup); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "trip", a.TripID, "assign", map[string]any{"driver_id": a.DriverID, "state": a.State}); err != nil {
			return err
		}
		if err := s.afterReassign(ctx, tx, prev, next); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT `+assignmentColumns+` FROM assignments a JOIN drivers d ON d.id = a.driver_id WHERE a.id = $1`, next.id)
		out, err = pgx.CollectExactlyOneRow(rows, scanAssignment)
		return err
	})
	return out, err
}

// Assignment returns one assignment.
func (s *Store) Assignment(ctx context.Context, id int64) (dispatch.Assignment, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+assignmentColumns+` FROM assignments a JOIN drivers d ON d.id = a.driver_id WHERE a.id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, scanAssignment)
	return a, mapError(err, "assignment")
}
