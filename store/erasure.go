package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// erasureReason is the cancellation reason of the trips an erasure cancels;
// it is a fixed word, so that no erased data reaches the trip or its
// notices.
const erasureReason = "erasure"

// EraseSubject erases a person (GDPR Art. 17) in one transaction: a senior's
// future trips are cancelled the normal way (drivers and relatives told,
// the days planned again), a driver's future rides go back to planning,
// the profile is emptied and marked erased, their past trips and finished
// messages lose everything that identifies them, and one audit entry says
// who erased whom and when. Rows stay, anonymous, so that statistics keep
// their counts. A person with a ride under way today is refused: the ride
// must finish first. Erasing an erased person changes nothing.
func (s *Store) EraseSubject(ctx context.Context, actor dispatch.Actor, kind string, id int64) (dispatch.ErasureResult, error) {
	if !dispatch.ValidSubject(kind) {
		return dispatch.ErasureResult{}, dispatch.Errorf(dispatch.CodeInvalid, "unknown kind of person %q", kind)
	}
	if kind == dispatch.SubjectAccount && actor.AccountID != nil && *actor.AccountID == id {
		return dispatch.ErasureResult{}, dispatch.Errorf(dispatch.CodeConflict, "an account cannot erase itself")
	}
	var res dispatch.ErasureResult
	err := s.inTx(ctx, kind, func(tx pgx.Tx) error {
		res = dispatch.ErasureResult{Kind: kind, ID: id, CancelledTrips: []int64{}, ReleasedRides: []int64{}}
		var erased *time.Time
		err := tx.QueryRow(ctx, `SELECT erased_at FROM `+profileTables[kind]+` WHERE id = $1 AND NOT `+
			placeholderTest(kind)+` FOR UPDATE`, id).Scan(&erased)
		if err != nil || erased != nil {
			return err
		}
		if err := s.refuseUnderWay(ctx, tx, kind, id); err != nil {
			return err
		}
		switch kind {
		case dispatch.SubjectRider:
			err = s.eraseRider(ctx, tx, actor, id, &res)
		case dispatch.SubjectDriver:
			err = s.eraseDriver(ctx, tx, id, &res)
		default:
			err = eraseAccount(ctx, tx, id, s.now())
		}
		if err != nil {
			return err
		}
		if _, err := emptyMessages(ctx, tx, s.now(), kind+`_id = $1`, id); err != nil {
			return err
		}
		// Earlier entries about the person may quote their data; who did
		// what and when stays.
		if _, err := tx.Exec(ctx, `UPDATE audit_log SET summary = '{}' WHERE entity = $1 AND entity_id = $2`, kind, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, kind, id, "erase", map[string]any{
			"cancelled_trips": len(res.CancelledTrips), "released_rides": len(res.ReleasedRides)})
	})
	return res, mapError(err, kind)
}

func placeholderTest(kind string) string {
	if kind == dispatch.SubjectRider {
		return "placeholder"
	}
	return "false"
}

// refuseUnderWay refuses the erasure of a senior or driver whose ride of
// today has begun (its pickup time has come) and is not closed.
func (s *Store) refuseUnderWay(ctx context.Context, tx pgx.Tx, kind string, id int64) error {
	if kind == dispatch.SubjectAccount {
		return nil
	}
	now := s.now()
	today := now.In(s.loc).Format(time.DateOnly)
	var at *time.Time
	err := tx.QueryRow(ctx, `SELECT min(coalesce(a.planned_pickup, t.pickup_earliest)) FROM trips t
		LEFT JOIN assignments a ON a.trip_id = t.id AND a.state = 'confirmed'
		WHERE t.status = 'booked' AND t.service_date = $3::date AND coalesce(a.planned_pickup, t.pickup_earliest) <= $4
		  AND (($1 = 'rider' AND t.rider_id = $2) OR ($1 = 'driver' AND a.driver_id = $2))`,
		kind, id, today, now).Scan(&at)
	if err != nil || at == nil {
		return err
	}
	e := dispatch.Errorf(dispatch.CodeConflict, "a ride of today (pickup %s) is under way; erase after it has ended",
		at.In(s.loc).Format("15:04"))
	e.Rule = dispatch.RuleRideInProgress
	return e
}

// eraseRider cancels the senior's trips ahead through cancelTrips (the path
// of CancelTrip: notices to drivers and relatives, planning again), ends
// their shopping rides, unlinks relatives and empties the profile and every
// trip.
func (s *Store) eraseRider(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, id int64, res *dispatch.ErasureResult) error {
	rows, _ := tx.Query(ctx, `SELECT id FROM trips WHERE rider_id = $1 AND status IN ('booked', 'on_call')
		AND (pickup_earliest IS NULL OR pickup_earliest > $2) ORDER BY id FOR NO KEY UPDATE`, id, s.now())
	ahead, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	if len(ahead) > 0 {
		if err := s.cancelTrips(ctx, tx, actor, ahead, erasureReason); err != nil {
			return err
		}
		res.CancelledTrips = ahead
	}
	if err := execEach(ctx, tx, []any{id},
		`DELETE FROM shuttle_subscriptions WHERE rider_id = $1`,
		`DELETE FROM shuttle_skips WHERE rider_id = $1`,
		`DELETE FROM rider_relatives WHERE rider_id = $1`,
		`DELETE FROM incompatibilities WHERE rider_id = $1`); err != nil {
		return err
	}
	// A series would book new dates for the erased senior each night.
	if _, err := tx.Exec(ctx, `UPDATE series SET ended_at = $2 WHERE rider_id = $1 AND ended_at IS NULL`,
		id, s.now()); err != nil {
		return err
	}
	if err := execEach(ctx, tx, []any{id, s.now()},
		`UPDATE riders SET first_name = 'Gelöscht', last_name = '#' || id, phone = NULL, phone_mobile = false,
			street = '', postal_code = '', city = '', lat = 0, lon = 0, walker = false, wheelchair = false,
			needs_escort = false, sms_opt_out = true, notes = '', sms_problem = '', active = false,
			erased_at = $2, updated_at = $2 WHERE id = $1`); err != nil {
		return err
	}
	rows, _ = tx.Query(ctx, `SELECT id FROM trips WHERE rider_id = $1 ORDER BY id`, id)
	all, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(all) == 0 {
		return err
	}
	if _, err := s.anonymiseTrips(ctx, tx, all, nil); err != nil {
		return err
	}
	// Notices to the senior (or their relatives) that the cancellation
	// above queued would carry the name just erased: they are dropped.
	// Drivers are still told; their texts are emptied by the nightly
	// retention, like every message of an erased person.
	if _, err := tx.Exec(ctx, `UPDATE messages SET status = 'dropped', error_message = 'the recipient was erased',
		status_at = $2, updated_at = $2 WHERE rider_id = $1 AND driver_id IS NULL AND status = 'pending'`,
		id, s.now()); err != nil {
		return err
	}
	if _, err := emptyMessages(ctx, tx, s.now(), `rider_id = $1 AND driver_id IS NULL`, id); err != nil {
		return err
	}
	_, err = emptyMessages(ctx, tx, s.now(), `trip_id = ANY($1)`, all)
	return err
}

// eraseDriver gives the driver's rides ahead back to planning (their live
// assignments are cancelled, open offers withdrawn, the days planned
// again, so that another driver is found), and empties the profile.
func (s *Store) eraseDriver(ctx context.Context, tx pgx.Tx, id int64, res *dispatch.ErasureResult) error {
	now := s.now()
	rows, _ := tx.Query(ctx, `UPDATE assignments SET state = 'cancelled', updated_at = $2
		WHERE driver_id = $1 AND state IN ('proposed', 'offered', 'confirmed') AND planned_pickup > $2
		RETURNING trip_id`, id, now)
	released, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	res.ReleasedRides = released
	rows, _ = tx.Query(ctx, `SELECT id, coalesce(to_char(service_date, 'YYYY-MM-DD'), '') FROM trips WHERE id = ANY($1)`, released)
	trips, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Trip, error) {
		var t dispatch.Trip
		return t, r.Scan(&t.ID, &t.ServiceDate)
	})
	if err != nil {
		return err
	}
	if err := s.planDates(ctx, tx, trips...); err != nil {
		return err
	}
	if err := execEach(ctx, tx, []any{id},
		`DELETE FROM driver_availability WHERE driver_id = $1`,
		`DELETE FROM driver_absences WHERE driver_id = $1`,
		`DELETE FROM driver_documents WHERE driver_id = $1`,
		`DELETE FROM open_ride_codes WHERE driver_id = $1`,
		`DELETE FROM incompatibilities WHERE driver_id = $1`); err != nil {
		return err
	}
	return execEach(ctx, tx, []any{id, now},
		`UPDATE offers SET state = 'withdrawn', answered_at = $2 WHERE driver_id = $1 AND state = 'open'`,
		`UPDATE drivers SET first_name = 'Gelöscht', last_name = '#' || id, phone = '', street = '', city = '',
			lat = 0, lon = 0, sms_opt_out = true, notes = '', sms_problem = '', active = false,
			erased_at = $2, updated_at = $2 WHERE id = $1`)
}

// eraseAccount ends every session, unlinks the relative from their seniors
// and empties the account; its id stays on the trips it booked and the
// changes it made, now without a name.
func eraseAccount(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	if err := execEach(ctx, tx, []any{id},
		`DELETE FROM sessions WHERE account_id = $1`,
		`DELETE FROM idempotency_keys WHERE account_id = $1`,
		`DELETE FROM rider_relatives WHERE account_id = $1`,
		`DELETE FROM login_failures WHERE lower(email) = (SELECT lower(email) FROM accounts WHERE id = $1)`,
		`UPDATE audit_log SET actor = '' WHERE account_id = $1`); err != nil {
		return err
	}
	return execEach(ctx, tx, []any{id, now},
		`UPDATE accounts SET email = 'erased-' || id || '@invalid', name = '', phone = NULL, phone_mobile = false,
			password_hash = '', sms_opt_out = true, sms_problem = '', active = false,
			erased_at = $2, updated_at = $2 WHERE id = $1`)
}

// execEach runs statements that take the same arguments, in order.
func execEach(ctx context.Context, tx pgx.Tx, args []any, stmts ...string) error {
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}
