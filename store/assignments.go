package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

const assignmentColumns = `a.id, a.trip_id, a.driver_id, d.first_name, a.tour_id, a.state, a.planned_pickup,
	a.planned_dropoff, a.stop_order, coalesce(a.offer_code, ''), a.expires_at, a.decided_by`

func scanAssignment(row pgx.CollectableRow) (dispatch.Assignment, error) {
	var a dispatch.Assignment
	err := row.Scan(&a.ID, &a.TripID, &a.DriverID, &a.DriverName, &a.TourID, &a.State, &a.PlannedPickup,
		&a.PlannedDropoff, &a.StopOrder, &a.OfferCode, &a.ExpiresAt, &a.DecidedBy)
	return a, err
}

// AssignTrip puts a trip on a driver by hand, replacing its live
// assignment. It is a person's decision, which no plan changes (the planner
// pins it). State says which of the two choices the coordinator made:
// confirmed means "agreed with the driver already" (the driver gets the
// confirmation), anything else "ask the driver by SMS" (the offer goes at
// once). The previous driver of an offer or a confirmed ride is told it is
// no longer theirs. A zero TourID starts a tour of its own. The database
// refuses overlapping confirmed rides of the driver, too few seats and a
// wheelchair in a car without room for it.
func (s *Store) AssignTrip(ctx context.Context, actor dispatch.Actor, a dispatch.Assignment) (dispatch.Assignment, error) {
	var out dispatch.Assignment
	err := s.inTx(ctx, "assignment", func(tx pgx.Tx) error {
		if err := lockBookedTrip(ctx, tx, a.TripID); err != nil {
			return err
		}
		prev, err := s.beforeReassign(ctx, tx, a.TripID)
		if err != nil {
			return err
		}
		// The same driver's confirmation is never turned back into a
		// question: it stays confirmed, at the new time.
		retime := prev != nil && prev.stage() == dispatch.StageConfirmed && prev.driverID == a.DriverID
		agreed := a.State == dispatch.AssignConfirmed || retime
		if _, err := s.withdrawLive(ctx, tx, prev, !retime); err != nil {
			return err
		}
		next, err := s.insertHandAssignment(ctx, tx, a, agreed)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "trip", a.TripID, "assign", map[string]any{"driver_id": a.DriverID, "agreed": agreed}); err != nil {
			return err
		}
		if agreed {
			err = s.afterReassign(ctx, tx, prev, next)
		} else {
			err = s.makeOffer(ctx, tx, next.tourID, next.driverID)
		}
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT `+assignmentColumns+` FROM assignments a JOIN drivers d ON d.id = a.driver_id WHERE a.id = $1`, next.id)
		out, err = pgx.CollectExactlyOneRow(rows, scanAssignment)
		return err
	})
	return out, err
}

// UnassignTrip takes a trip's driver away by hand: the driver of an offer or
// a confirmed ride is told, the driver is not proposed for the trip again by
// the planner, and the date is planned again. A trip without a driver is
// left as it is.
func (s *Store) UnassignTrip(ctx context.Context, actor dispatch.Actor, tripID int64) (dispatch.Trip, error) {
	err := s.inTx(ctx, "assignment", func(tx pgx.Tx) error {
		if err := lockBookedTrip(ctx, tx, tripID); err != nil {
			return err
		}
		prev, err := s.beforeReassign(ctx, tx, tripID)
		if err != nil || prev == nil {
			return err
		}
		ms, err := s.withdrawLive(ctx, tx, prev, true)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "trip", tripID, "unassign", map[string]any{"driver_id": prev.driverID}); err != nil {
			return err
		}
		if ms.has(dispatch.EffReplan) {
			return nil // planned again already
		}
		var date string
		if err := tx.QueryRow(ctx, `SELECT to_char(service_date, 'YYYY-MM-DD') FROM trips WHERE id = $1`, tripID).Scan(&date); err != nil {
			return err
		}
		return s.planDates(ctx, tx, dispatch.Trip{ID: tripID, ServiceDate: date})
	})
	if err != nil {
		return dispatch.Trip{}, err
	}
	return s.Trip(ctx, tripID)
}

// lockBookedTrip locks a trip that a coordinator assigns, and refuses one
// that is not booked with a time.
func lockBookedTrip(ctx context.Context, tx pgx.Tx, tripID int64) error {
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM trips WHERE id = $1 FOR NO KEY UPDATE`, tripID).Scan(&status); err != nil {
		return err
	}
	if status != dispatch.TripBooked {
		return dispatch.Errorf(dispatch.CodeConflict, "only a booked trip with a time can be assigned (it is %s)", status)
	}
	return nil
}

// insertHandAssignment writes a coordinator's assignment as the lifecycle
// says for a trip without a live one: confirmed when agreed
// (EvCoordinatorAgreed), else proposed by the coordinator
// (EvCoordinatorPropose) until makeOffer asks the driver. Its effects on
// the trip (the flag is cleared: a person resolved it) are applied.
func (s *Store) insertHandAssignment(ctx context.Context, tx pgx.Tx, a dispatch.Assignment, agreed bool) (liveAssignment, error) {
	ev := dispatch.EvCoordinatorPropose
	if agreed {
		ev = dispatch.EvCoordinatorAgreed
	}
	t, err := dispatch.Step(dispatch.StageNone, ev)
	if err != nil {
		return liveAssignment{}, err
	}
	if a.TourID == 0 {
		if err := tx.QueryRow(ctx, `INSERT INTO tours (driver_id) VALUES ($1) RETURNING id`, a.DriverID).Scan(&a.TourID); err != nil {
			return liveAssignment{}, err
		}
	}
	// The new row as the database stored it: its pickup rounded to
	// microseconds, so that afterReassign compares like with like.
	var next liveAssignment
	err = tx.QueryRow(ctx, `INSERT INTO assignments (trip_id, driver_id, tour_id, state, planned_pickup,
		planned_dropoff, stop_order, decided_by, answered_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $4 = 'confirmed' THEN $9::timestamptz END, $9, $9)
		RETURNING id, driver_id, tour_id, state, decided_by, planned_pickup`, a.TripID, a.DriverID, a.TourID, t.To.State(),
		a.PlannedPickup, a.PlannedDropoff, a.StopOrder, t.DecidedBy, s.now()).
		Scan(&next.id, &next.driverID, &next.tourID, &next.state, &next.decidedBy, &next.pickup)
	if err != nil {
		return next, err
	}
	// The row is written; what is left are the effects on the trip.
	m := moved{id: next.id, tripID: a.TripID, driverID: a.DriverID, tourID: a.TourID, from: t.To, Transition: t}
	m.DecidedBy = ""
	return next, s.applyMoves(ctx, tx, ev, moves{m})
}

// withdrawLive ends the trip's live assignment prev (nil: none) for a
// coordinator. With tell, it is the lifecycle's EvCoordinatorWithdraw and
// its effects for the driver are written (the offer is settled, the
// confirmed ride is no longer theirs) and the date is planned again.
// Without, the same confirmed driver keeps the ride at a new time
// (EvCoordinatorRetime): the row is replaced by the one AssignTrip
// inserts, and afterReassign sends the change notice.
func (s *Store) withdrawLive(ctx context.Context, tx pgx.Tx, prev *liveAssignment, tell bool) (moves, error) {
	if prev == nil {
		return nil, nil
	}
	if !tell {
		if _, err := dispatch.Step(prev.stage(), dispatch.EvCoordinatorRetime); err != nil {
			return nil, err
		}
		_, err := tx.Exec(ctx, `UPDATE assignments SET state = 'withdrawn', decided_by = 'coordinator', updated_at = $2
			WHERE id = $1`, prev.id, s.now())
		return nil, err
	}
	ms, err := s.step(ctx, tx, dispatch.EvCoordinatorWithdraw, `a.id = $1`, prev.id)
	if err != nil {
		return nil, err
	}
	switch k := notify.MessageOf(ms.first()); k {
	case notify.KindOfferWithdrawn:
		return ms, s.driverNotice(ctx, tx, prev.id, k, time.Time{})
	case notify.KindRideCancelled:
		if err := s.driverNotice(ctx, tx, prev.id, k, time.Time{}); err != nil {
			return nil, err
		}
		return ms, s.rescheduleTour(ctx, tx, prev.tourID)
	}
	return ms, nil
}

// cancelMessage is what the driver of a live assignment in state is told
// when its trip is cancelled (dispatch.EvTripCancel): the offer is
// settled, the confirmed ride is cancelled, or nothing (a proposal).
func cancelMessage(state *string) notify.MessageKind {
	if state == nil {
		return ""
	}
	t, err := dispatch.Step(dispatch.StageOf(*state, ""), dispatch.EvTripCancel)
	if err != nil {
		return ""
	}
	return notify.MessageOf(t)
}

// Assignment returns one assignment.
func (s *Store) Assignment(ctx context.Context, id int64) (dispatch.Assignment, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+assignmentColumns+` FROM assignments a JOIN drivers d ON d.id = a.driver_id WHERE a.id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, scanAssignment)
	return a, mapError(err, "assignment")
}
