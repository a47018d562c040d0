package api

import (
	"context"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Store is what the JSON API reads and writes, topic by topic; the
// PostgreSQL store satisfies it. Topics the pages use in the same shape
// come from dispatch and auth; the API states only what it alone needs.
// The weekly rides and the day plan are separate dependencies (Deps), since
// they may be missing.
type Store interface {
	auth.Sessions
	IdempotencyStore
	dispatch.RiderStore
	dispatch.DriverStore
	dispatch.PlaceStore
	TripStore
	AssignmentStore
	AuditReader
	MessageReader
}

// IdempotencyStore keeps the answers to requests with an Idempotency-Key,
// so that a retried booking is answered from the first attempt instead of
// booking twice.
type IdempotencyStore interface {
	// ClaimIdempotencyKey returns nil when the caller has the key and must
	// serve the request, else the answer kept so far (Status 0: the first
	// request still runs).
	ClaimIdempotencyKey(ctx context.Context, accountID int64, key string, hash []byte) (*dispatch.IdempotentResponse, error)
	// SaveIdempotentResponse keeps the answer of a request that wrote
	// nothing; a write keeps its answer in its own transaction, from the
	// dispatch.IdempotencyClaim in its context.
	SaveIdempotentResponse(ctx context.Context, accountID int64, key string, r dispatch.IdempotentResponse) error
	// ReleaseIdempotencyKey gives a key up after a failure a retry may not
	// meet again.
	ReleaseIdempotencyKey(ctx context.Context, accountID int64, key string) error
}

// TripStore is the trips as the API offers them: booking and cancelling as
// on the pages, plus the filtered list and moving a leg's time, which only
// the API does.
type TripStore interface {
	dispatch.BookingStore
	Trips(ctx context.Context, f dispatch.TripFilter) ([]dispatch.Trip, error)
	SetTripTime(ctx context.Context, actor dispatch.Actor, id int64, leg dispatch.Trip) (dispatch.Trip, error)
}

// AuditReader reads who changed what, for GET /audit.
type AuditReader interface {
	Audit(ctx context.Context, entity string, id int64, limit int) ([]dispatch.AuditEntry, error)
}

// MessageReader reads the SMS log, for GET /messages.
type MessageReader interface {
	Messages(ctx context.Context, f dispatch.MessageFilter) ([]dispatch.Message, error)
}
