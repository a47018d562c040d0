package store

import (
	"bytes"
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// idempotencyStale is how long a claimed key may wait for its answer before
// another request may take it over: the first one's instance has died.
const idempotencyStale = time.Minute

// ClaimIdempotencyKey records that a request with this key and body hash is
// being served. It returns nil when the caller has the key and must serve
// the request (and then Save or Release it), or the answer kept so far: a
// finished one, or Status 0 while the first request still runs. A different
// request under the same key is invalid. The claim is committed at once, so
// that two concurrent requests with one key never both book.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, accountID int64, key string, hash []byte) (*dispatch.IdempotentResponse, error) {
	var out *dispatch.IdempotentResponse
	err := s.inTx(ctx, "idempotency key", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (account_id, key, request_hash, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, accountID, key, hash, s.now())
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var stored []byte
		var status *int
		var created time.Time
		var body []byte
		if err := tx.QueryRow(ctx, `SELECT request_hash, status, body, created_at FROM idempotency_keys
			WHERE account_id = $1 AND key = $2 FOR UPDATE`, accountID, key).Scan(&stored, &status, &body, &created); err != nil {
			return err
		}
		if !bytes.Equal(stored, hash) {
			return dispatch.Errorf(dispatch.CodeInvalid, "this Idempotency-Key was used for a different request")
		}
		if status != nil {
			out = &dispatch.IdempotentResponse{Status: *status, Body: body}
			return nil
		}
		if s.now().Sub(created) < idempotencyStale {
			out = &dispatch.IdempotentResponse{}
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE idempotency_keys SET created_at = $3 WHERE account_id = $1 AND key = $2`,
			accountID, key, s.now())
		return err
	})
	return out, err
}

// SaveIdempotentResponse keeps the answer of a claimed key for retries, in
// a step of its own: for answers of requests that wrote nothing (refusals),
// where a crash before it costs only a repeat of the refusal. A write keeps
// its answer in its own transaction instead (keepAnswer). An answer kept
// already is never replaced.
func (s *Store) SaveIdempotentResponse(ctx context.Context, accountID int64, key string, r dispatch.IdempotentResponse) error {
	_, err := s.pool.Exec(ctx, `UPDATE idempotency_keys SET status = $3, body = $4
		WHERE account_id = $1 AND key = $2 AND status IS NULL`,
		accountID, key, r.Status, r.Body)
	return mapError(err, "idempotency key")
}

// keepAnswer keeps the answer to the Idempotency-Key claimed in ctx, if
// any, in tx: the transaction of the write whose result it renders, so that
// the write and its answer commit together. When the key has been answered
// meanwhile (the claim went stale and another request served it), the write
// is refused and rolls back, so that it is not made twice.
func keepAnswer(ctx context.Context, tx pgx.Tx, result any) error {
	c := dispatch.IdempotencyClaimOf(ctx)
	if c == nil || c.Answer == nil {
		return nil
	}
	a, err := c.Answer(result)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE idempotency_keys SET status = $4, body = $5
		WHERE account_id = $1 AND key = $2 AND request_hash = $3 AND status IS NULL`,
		c.AccountID, c.Key, c.Hash, a.Status, a.Body)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return dispatch.Errorf(dispatch.CodeConflict, "another request with this Idempotency-Key has been answered; retry to get its answer")
	}
	c.MarkKept()
	return nil
}

// ReleaseIdempotencyKey gives a claimed key up when the request failed for
// reasons a retry may not meet again (the database was busy), so that the
// retry is served afresh.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, accountID int64, key string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND status IS NULL`,
		accountID, key)
	return mapError(err, "idempotency key")
}
