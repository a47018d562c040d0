package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// MessageLog lists the latest SMS, failed deliveries and replies nobody
// understood first, since those need a person to act.
func (s *Store) MessageLog(ctx context.Context, limit int) ([]dispatch.MessageEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, _ := s.pool.Query(ctx, `SELECT m.id, m.direction, m.kind, m.to_number, m.from_number, m.body,
		m.status, m.error_code, m.error_message, m.trip_id,
		coalesce(d.first_name || ' ' || d.last_name, r.first_name || ' ' || r.last_name, a.name, ''),
		m.created_at, m.status_at
		FROM messages m
		LEFT JOIN drivers d ON d.id = m.driver_id
		LEFT JOIN riders r ON r.id = m.rider_id
		LEFT JOIN accounts a ON a.id = m.account_id
		ORDER BY m.status IN ('failed', 'undelivered', 'dropped', 'unknown_reply') DESC, m.created_at DESC, m.id DESC
		LIMIT $1`, limit)
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.MessageEntry, error) {
		var m dispatch.MessageEntry
		err := r.Scan(&m.ID, &m.Direction, &m.Kind, &m.To, &m.From, &m.Body, &m.Status, &m.ErrorCode,
			&m.ErrorMessage, &m.TripID, &m.Person, &m.CreatedAt, &m.StatusAt)
		return m, err
	})
	return ms, mapError(err, "message")
}

// ShuttleSubscribers lists a weekly ride's subscriptions that have not
// ended before from, with the skipped dates from then on.
func (s *Store) ShuttleSubscribers(ctx context.Context, shuttleID int64, from string) ([]dispatch.Subscriber, error) {
	rows, _ := s.pool.Query(ctx, `SELECT s.rider_id, r.first_name || ' ' || r.last_name,
		to_char(s.starts_on, 'YYYY-MM-DD'), coalesce(to_char(s.ends_on, 'YYYY-MM-DD'), ''),
		coalesce((SELECT array_agg(to_char(k.run_date, 'YYYY-MM-DD') ORDER BY k.run_date) FROM shuttle_skips k
		          WHERE k.shuttle_id = s.shuttle_id AND k.rider_id = s.rider_id AND k.run_date >= $2::date), '{}')
		FROM shuttle_subscriptions s JOIN riders r ON r.id = s.rider_id
		WHERE s.shuttle_id = $1 AND (s.ends_on IS NULL OR s.ends_on >= $2::date)
		ORDER BY r.last_name, r.first_name, r.id`, shuttleID, from)
	subs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Subscriber, error) {
		var sub dispatch.Subscriber
		err := r.Scan(&sub.RiderID, &sub.Name, &sub.From, &sub.Until, &sub.Skips)
		return sub, err
	})
	return subs, mapError(err, "subscription")
}
