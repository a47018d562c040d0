package store

import (
	"context"

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

// Subscribe lets a rider join a weekly ride from a date, optionally until one.
func (s *Store) Subscribe(ctx context.Context, actor dispatch.Actor, sub dispatch.Subscription) error {
	return s.inTx(ctx, "subscription", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO shuttle_subscriptions (shuttle_id, rider_id, starts_on, ends_on, created_at)
			VALUES ($1, $2, $3::date, $4::date, $5)`, sub.ShuttleID, sub.RiderID, sub.From, sub.Until, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "shuttle", sub.ShuttleID, "subscribe", map[string]any{"rider_id": sub.RiderID})
	})
}
