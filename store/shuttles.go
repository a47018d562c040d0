package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

const shuttleColumns = `id, name, weekday, to_char(start_time, 'HH24:MI'), place_id, dwell_minutes, capacity,
	max_ride_minutes, active`

func scanShuttle(row pgx.CollectableRow) (dispatch.Shuttle, error) {
	var s dispatch.Shuttle
	err := row.Scan(&s.ID, &s.Name, &s.Weekday, &s.StartTime, &s.PlaceID, &s.DwellMinutes, &s.Capacity,
		&s.MaxRideMinutes, &s.Active)
	return s, err
}

// CreateShuttle adds a weekly shopping ride.
func (s *Store) CreateShuttle(ctx context.Context, actor dispatch.Actor, sh dispatch.Shuttle) (dispatch.Shuttle, error) {
	var out dispatch.Shuttle
	err := s.inTx(ctx, "shuttle", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO shuttles (name, weekday, start_time, place_id, dwell_minutes,
			capacity, max_ride_minutes, created_at) VALUES ($1, $2, $3::time, $4, $5, $6, $7, $8)
			RETURNING `+shuttleColumns, sh.Name, sh.Weekday, sh.StartTime, sh.PlaceID, sh.DwellMinutes,
			sh.Capacity, sh.MaxRideMinutes, s.now())
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanShuttle); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "shuttle", out.ID, "create", map[string]any{"name": out.Name})
	})
	return out, err
}

// Shuttles lists the active weekly rides.
func (s *Store) Shuttles(ctx context.Context) ([]dispatch.Shuttle, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+shuttleColumns+` FROM shuttles WHERE active ORDER BY weekday, start_time, id`)
	out, err := pgx.CollectRows(rows, scanShuttle)
	return out, mapError(err, "shuttle")
}

// Subscribe lets a rider join a weekly ride from a date, optionally until
// one, and puts them on the runs of the weeks ahead at once.
//
// The shuttle is locked before the subscription row is written: the row's
// foreign key takes a key-share lock on the shuttle, and asking for FOR
// UPDATE only afterwards made any two concurrent subscriptions deadlock.
func (s *Store) Subscribe(ctx context.Context, actor dispatch.Actor, sub dispatch.Subscription) error {
	return s.inTx(ctx, "subscription", func(tx pgx.Tx) error {
		sh, shop, err := lockShuttle(ctx, tx, sub.ShuttleID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO shuttle_subscriptions (shuttle_id, rider_id, starts_on, ends_on, created_at)
			VALUES ($1, $2, $3::date, $4::date, $5)`, sub.ShuttleID, sub.RiderID, sub.From, sub.Until, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "shuttle", sub.ShuttleID, "subscribe", map[string]any{"rider_id": sub.RiderID, "from": sub.From}); err != nil {
			return err
		}
		return s.refreshRuns(ctx, tx, sh, shop)
	})
}

// refreshRuns materialises the runs of the weeks ahead of a shuttle locked
// by lockShuttle.
func (s *Store) refreshRuns(ctx context.Context, tx pgx.Tx, sh dispatch.Shuttle, shop dispatch.Place) error {
	for _, d := range RunDates(sh, s.now().In(s.loc), ShuttleWeeksAhead) {
		if _, err := s.materializeRunFor(ctx, tx, sh, shop, d.Format(time.DateOnly)); err != nil {
			return err
		}
	}
	return nil
}

// Unsubscribe ends a rider's subscription before a date and cancels their
// trips on the runs from that date on.
func (s *Store) Unsubscribe(ctx context.Context, actor dispatch.Actor, shuttleID, riderID int64, from string) error {
	return s.inTx(ctx, "subscription", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE shuttle_subscriptions SET ends_on = GREATEST(starts_on, $3::date - 1)
			WHERE shuttle_id = $1 AND rider_id = $2`, shuttleID, riderID, from)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		if _, err := tx.Exec(ctx, `DELETE FROM shuttle_subscriptions WHERE shuttle_id = $1 AND rider_id = $2
			AND starts_on >= $3::date`, shuttleID, riderID, from); err != nil {
			return err
		}
		if err := s.cancelRunTrips(ctx, tx, actor, shuttleID, riderID, from, "9999-12-31", "unsubscribed"); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "shuttle", shuttleID, "unsubscribe", map[string]any{"rider_id": riderID, "from": from})
	})
}

// Skip takes a subscriber off one date's run. A date in the past is refused
// here, not only by the API: skipping it would cancel trips already driven.
func (s *Store) Skip(ctx context.Context, actor dispatch.Actor, shuttleID, riderID int64, date string) error {
	var f dispatch.Fields
	if _, err := time.ParseInLocation(time.DateOnly, date, s.loc); err != nil {
		f.Add("date", "must be a date (YYYY-MM-DD)")
	} else if date < s.now().In(s.loc).Format(time.DateOnly) {
		f.Add("date", "lies in the past")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, "skip", func(tx pgx.Tx) error {
		var subscribed bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM shuttle_subscriptions WHERE shuttle_id = $1
			AND rider_id = $2 AND starts_on <= $3::date AND (ends_on IS NULL OR ends_on >= $3::date))`,
			shuttleID, riderID, date).Scan(&subscribed); err != nil {
			return err
		}
		if !subscribed {
			return &dispatch.Error{Code: dispatch.CodeNotFound, Rule: dispatch.RuleNotSubscribed,
				Message: "the rider is not subscribed to this ride on that date"}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO shuttle_skips (shuttle_id, rider_id, run_date, created_at)
			VALUES ($1, $2, $3::date, $4) ON CONFLICT DO NOTHING`, shuttleID, riderID, date, s.now()); err != nil {
			return err
		}
		if err := s.cancelRunTrips(ctx, tx, actor, shuttleID, riderID, date, date, "skipped"); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "shuttle", shuttleID, "skip", map[string]any{"rider_id": riderID, "date": date})
	})
}

// cancelRunTrips cancels a rider's trips on the shuttle's runs between two
// dates and recounts those runs.
func (s *Store) cancelRunTrips(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, shuttleID, riderID int64, from, to, reason string) error {
	rows, _ := tx.Query(ctx, `SELECT t.id FROM trips t JOIN shuttle_runs r ON r.id = t.shuttle_run_id
		WHERE r.shuttle_id = $1 AND t.rider_id = $2 AND r.run_date BETWEEN $3::date AND $4::date
		  AND t.status <> 'cancelled' FOR NO KEY UPDATE OF t`, shuttleID, riderID, from, to)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return err
	}
	if err := s.cancelTrips(ctx, tx, actor, ids, reason); err != nil {
		return err
	}
	return recountRuns(ctx, tx, shuttleID, from, to)
}

// recountRuns updates the rider count and the over-capacity flag of the
// shuttle's runs between two dates.
func recountRuns(ctx context.Context, tx pgx.Tx, shuttleID int64, from, to string) error {
	_, err := tx.Exec(ctx, `UPDATE shuttle_runs r SET riders = c.n, over_capacity = c.n > s.capacity
		FROM shuttles s, (SELECT r2.id, count(t.id) AS n FROM shuttle_runs r2
			LEFT JOIN trips t ON t.shuttle_run_id = r2.id AND t.leg = 'outbound' AND t.status = 'booked'
			WHERE r2.shuttle_id = $1 AND r2.run_date BETWEEN $2::date AND $3::date GROUP BY r2.id) c
		WHERE c.id = r.id AND s.id = r.shuttle_id`, shuttleID, from, to)
	return err
}
