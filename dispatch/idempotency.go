package dispatch

import (
	"context"
	"sync/atomic"
)

// IdempotencyClaim is a request's hold on its Idempotency-Key while it is
// served. The API puts it into the request's context; a store write that
// sees it keeps the request's answer in the write's own transaction, so
// that no crash can come between the commit and the answer being kept (a
// retry would then run the write again). See
// docs/decisions/0011-atomic-idempotency.md.
type IdempotencyClaim struct {
	AccountID int64
	Key       string
	// Hash identifies the request (method, path, body): the answer is kept
	// only for the request that claimed the key.
	Hash []byte
	// Answer renders the write's result as the answer the client gets; the
	// handler sets it before it writes, since only it knows the answer's
	// shape. Nil: the write keeps no answer.
	Answer func(result any) (IdempotentResponse, error)

	kept atomic.Bool
}

// MarkKept notes that a write kept the answer in its transaction; the store
// calls it inside the transaction, so it counts only when the write then
// succeeds.
func (c *IdempotencyClaim) MarkKept() { c.kept.Store(true) }

// Kept reports whether a successful write kept the answer already, so that
// it need not (and must not) be kept a second time.
func (c *IdempotencyClaim) Kept() bool { return c.kept.Load() }

type claimKey struct{}

// WithIdempotencyClaim carries c to the store through ctx: the store's
// methods all take a context, and dispatch's interfaces need not change for
// the few writes that honour a key.
func WithIdempotencyClaim(ctx context.Context, c *IdempotencyClaim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}

// IdempotencyClaimOf is the claim carried in ctx, or nil.
func IdempotencyClaimOf(ctx context.Context) *IdempotencyClaim {
	c, _ := ctx.Value(claimKey{}).(*IdempotencyClaim)
	return c
}
