package store

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// audit records a change in the transaction that makes it, so that the log
// and the data never disagree.
func (s *Store) audit(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, entity string, id int64, action string, summary any) error {
	b, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, account_id, actor, entity, entity_id, action, summary)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.now(), actor.AccountID, actor.Name, entity, id, action, b)
	return err
}

// Audit lists the latest limit recorded changes of one entity, or with
// entity alone of that kind, oldest first (as the API promises). The limit
// cuts the oldest off, not the newest: a coordinator looking for who changed
// something wants the recent changes.
func (s *Store) Audit(ctx context.Context, entity string, id int64, limit int) ([]dispatch.AuditEntry, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, account_id, actor, entity, entity_id, action, summary
		FROM (SELECT id, at, account_id, actor, entity, entity_id, action, summary FROM audit_log
		      WHERE ($1 = '' OR entity = $1) AND ($2 = 0 OR entity_id = $2)
		      ORDER BY at DESC, id DESC LIMIT $3) latest
		ORDER BY at, id`, entity, id, limit)
	if err != nil {
		return nil, mapError(err, "audit")
	}
	entries, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.AuditEntry, error) {
		var e dispatch.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.AccountID, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Summary)
		return e, err
	})
	return entries, mapError(err, "audit")
}
