// Package store keeps Fahrdienst's data in PostgreSQL through pgx v5. Exported
// methods own their transaction; unexported helpers take the transaction and
// hold the SQL. Jobs that a change makes necessary are enqueued with River's
// InsertTx in the same transaction, so a crash never leaves one without the
// other.
package store

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// JobInserter enqueues River jobs inside a transaction of the store. A River
// client (also an insert-only one, without workers) satisfies it.
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Store is the PostgreSQL implementation of Fahrdienst's repositories.
type Store struct {
	pool *pgxpool.Pool
	jobs JobInserter
	now  func() time.Time
	loc  *time.Location
	sms  smsSettings
	// seriesAhead is Options.SeriesWeeksAhead (see series_dates.go).
	seriesAhead int
	// freezeKm keeps tour kilometres across anonymisation (retention.go).
	freezeKm KmFreezer
	// openRideKm is Options.OpenRideKm (see open_rides.go).
	openRideKm float64

	retries txRetries
}

// Options configure a Store. Zero values give the real clock, Europe/Berlin
// and no job enqueueing (for tools that only read or seed).
type Options struct {
	Jobs     JobInserter
	Now      func() time.Time
	Location *time.Location
	// SMS configures the texts and times of SMS (see sms_config.go).
	SMS SMSOptions
	// SeriesWeeksAhead is how many weeks ahead a series' dates become
	// trips; zero is DefaultSeriesWeeksAhead.
	SeriesWeeksAhead int
	// OpenRideKm is how far from their home drivers see open rides; zero
	// is dispatch.DefaultOpenRideKm.
	OpenRideKm float64
}

// New returns a Store on pool.
func New(pool *pgxpool.Pool, opts Options) *Store {
	s := &Store{pool: pool, jobs: opts.Jobs, now: opts.Now, loc: opts.Location, seriesAhead: opts.SeriesWeeksAhead,
		openRideKm: opts.OpenRideKm}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc, _ = time.LoadLocation("Europe/Berlin")
	}
	s.sms = newSMSSettings(opts.SMS, s.loc)
	return s
}

// SetJobs sets the job inserter after construction: the River client needs
// workers that need the store, so one of them has to come second.
func (s *Store) SetJobs(j JobInserter) { s.jobs = j }

// Pool returns the connection pool, for health checks and River.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Location is the service's time zone.
func (s *Store) Location() *time.Location { return s.loc }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// inTx runs fn in a transaction and maps its error to a dispatch code. A
// deadlock or serialization failure is PostgreSQL telling one of two
// transactions to try again: inTx does, up to txAttempts times with a short
// random pause, so that callers see it only when contention persists. fn
// must therefore be safe to run again: it may set variables of its caller,
// but not append to them.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = pgx.BeginFunc(ctx, s.pool, fn)
		reason := retryable(err)
		if reason == "" || attempt == txAttempts {
			break
		}
		s.retries.add(reason)
		select {
		case <-time.After(time.Duration(attempt) * time.Duration(5+rand.IntN(20)) * time.Millisecond):
		case <-ctx.Done():
			return mapError(ctx.Err(), what)
		}
	}
	return mapError(err, what)
}

// enqueue inserts a job in tx when the store has a job inserter.
func (s *Store) enqueue(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	if s.jobs == nil {
		return nil
	}
	_, err := s.jobs.InsertTx(ctx, tx, args, opts)
	return err
}
