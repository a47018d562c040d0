package store

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// reconcile looks up a message an earlier attempt may have sent. done is
// true when the message needs no send: it was found and recorded, or it
// cannot be looked up and is failed rather than risk a duplicate. A
// lookup that fails is a temporary failure: the message stays unsure and
// the job retries.
func (w *SendWorker) reconcile(ctx context.Context, job *river.Job[SendArgs], c Claim, sender notify.Sender) (done bool, err error) {
	id := job.Args.MessageID
	r, ok := sender.(notify.Reconciler)
	if !ok {
		f := Failure{Message: "outcome unknown: an earlier attempt may have reached the provider, " +
			"which cannot be asked; not sent again to avoid a duplicate", Final: true}
		if err := w.Outbox.MessageFailed(context.WithoutCancel(ctx), id, f); err != nil {
			return true, err
		}
		w.metrics().MessageFinal(c.Kind, "failed")
		w.log().WarnContext(ctx, "sms outcome unknown", "message_id", id, "kind", c.Kind)
		return true, nil
	}
	found, err := r.Lookup(ctx, c.SMS.To, c.SMS.Body, c.Since)
	if err != nil {
		return true, w.failed(ctx, job, c, err)
	}
	for _, res := range found {
		err := w.Outbox.MessageSent(context.WithoutCancel(ctx), id, res)
		if dispatch.ErrorCode(err) == dispatch.CodeConflict {
			continue // the SID is another message's with the same text
		}
		if err != nil {
			return true, err // still 'sending': after the lease the lookup runs again
		}
		if w.StatusCallback == "" {
			w.metrics().MessageFinal(c.Kind, "sent")
		}
		w.log().InfoContext(ctx, "sms found at the provider, not sent again", "message_id", id, "kind", c.Kind,
			"sid", res.SID, "attempt", job.Attempt)
		return true, nil
	}
	return false, nil
}
