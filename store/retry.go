package store

import (
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
)

// txAttempts bounds how often inTx runs a transaction that PostgreSQL
// aborted as a deadlock victim or for a serialization failure.
const txAttempts = 5

// retryable names why err is worth running the transaction again for
// ("deadlock", "serialization"), or returns "" when it is not.
func retryable(err error) string {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return ""
	}
	switch pg.Code {
	case "40P01":
		return "deadlock"
	case "40001":
		return "serialization"
	}
	return ""
}

// txRetries counts the transactions run again, by reason, for the metrics:
// a rising count is the first sign of lock contention, long before callers
// see errors.
type txRetries struct {
	deadlock, serialization atomic.Int64
}

func (r *txRetries) add(reason string) {
	if reason == "deadlock" {
		r.deadlock.Add(1)
	} else {
		r.serialization.Add(1)
	}
}

// TxRetries returns how many transactions were run again after a deadlock
// and after a serialization failure since the store was made.
func (s *Store) TxRetries() (deadlocks, serializations int64) {
	return s.retries.deadlock.Load(), s.retries.serialization.Load()
}
