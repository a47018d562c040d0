package store

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// idempotencyKeep is how long Idempotency-Key answers are kept: at least the
// 24 hours promised to clients, with a margin.
const idempotencyKeep = 48 * time.Hour

// PruneArgs asks for expired sessions, old login failures and idempotency
// keys to be deleted. It runs periodically on the elected leader.
type PruneArgs struct{}

// Kind names the job for River.
func (PruneArgs) Kind() string { return "prune" }

// InsertOpts puts pruning on the maintenance queue.
func (PruneArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance}
}

// PruneWorker deletes what has expired.
type PruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	Store *Store
}

// Work prunes once.
func (w *PruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, err := w.Store.Prune(ctx)
	return err
}

// Prune deletes expired sessions and tokens, login failures older than a day
// and idempotency keys past their keeping time; it returns how many rows went.
func (s *Store) Prune(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	for _, q := range []struct {
		sql string
		arg time.Time
	}{
		{`DELETE FROM sessions WHERE expires_at < $1`, now},
		{`DELETE FROM login_failures WHERE at < $1`, now.Add(-24 * time.Hour)},
		{`DELETE FROM idempotency_keys WHERE created_at < $1`, now.Add(-idempotencyKeep)},
		{`DELETE FROM geocode_cache WHERE fetched_at < $1`, now.Add(-geocodeKeep)},
	} {
		tag, err := s.pool.Exec(ctx, q.sql, q.arg)
		if err != nil {
			return n, mapError(err, "prune")
		}
		n += tag.RowsAffected()
	}
	return n, nil
}
