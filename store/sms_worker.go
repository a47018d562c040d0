package store

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/phone"
)

// Outbox is what the send worker needs of the message store. *Store is its
// implementation; the worker takes an interface so that its counting and
// its handling of refusals are tested without a database.
type Outbox interface {
	// ClaimMessage locks the message, decides whether it may go now, and
	// if so marks it 'sending' and commits before returning, so that the
	// send happens outside any transaction and a second job for the same
	// message finds it taken.
	ClaimMessage(ctx context.Context, id int64) (Claim, error)
	// MessageSent records Twilio's SID and status.
	MessageSent(ctx context.Context, id int64, res notify.SendResult) error
	// MessageFailed records a refusal. A final failure marks the message
	// failed (and does what a failed message means: flags the person, moves
	// an offer on); a temporary one puts it back to pending for the retry.
	MessageFailed(ctx context.Context, id int64, f Failure) error
}

// Claim is the outcome of ClaimMessage: everything the worker needs to send
// without reading the row again, or the reason it must not.
type Claim struct {
	SMS  notify.OutgoingSMS
	Kind notify.MessageKind
	// Channel is notify.ChannelVoice for a call, which the worker places
	// through its Voice sender; else SMS.
	Channel string
	Due     time.Time // when the message was meant to go; zero for "at once"
	// Wait, when positive, means the recipient's quiet hours began before
	// the job ran: the message stays pending and the job waits that long.
	Wait time.Duration
	// Skipped says why the message is not sent: it was sent already, or it
	// was dropped just now (deadline passed, opted out, ride cancelled or
	// reassigned). Status is the message's status then.
	Skipped string
	Status  string
	// Reconcile says that an earlier attempt may have reached the provider
	// (it timed out after the request went out, or its process stopped):
	// the worker looks the message up before sending it again. Since is
	// when the first attempt began, the start of the lookup's window.
	Reconcile bool
	Since     time.Time
}

// Failure is a send that the provider refused or that did not get through,
// reduced to what the store acts on: whether to flag the number and
// whether to stop retrying.
type Failure struct {
	Code      int    // Twilio error code, 0 when none
	Message   string // provider's explanation; never the body
	Permanent bool   // the number will not work: flag the person
	Final     bool   // no more attempts: mark failed
	Unsure    bool   // the provider may have the message: look it up before the next attempt
}

// SendMetrics is what the send worker reports; twilio.Metrics implements
// it. It is an interface so that the store stays free of Prometheus and the
// Twilio adapter free of the store.
type SendMetrics interface {
	// MessageFinal counts a message whose status will not change any more.
	MessageFinal(kind notify.MessageKind, status string)
	// SendFailure counts a refusal by its Twilio error code.
	SendFailure(code int)
	// ReminderLateness records how long after its due time a reminder went.
	ReminderLateness(d time.Duration)
}

// noMetrics counts nothing, for a worker built without metrics.
type noMetrics struct{}

func (noMetrics) MessageFinal(notify.MessageKind, string) {}
func (noMetrics) SendFailure(int)                         {}
func (noMetrics) ReminderLateness(time.Duration)          {}

// SendWorker sends one recorded message per job.
//
// Exactly once: ClaimMessage moves the row from pending to sending and
// commits before the provider is called, so a duplicated job, or a second
// instance picking up the same job, finds the row taken and sends nothing.
// An attempt whose outcome is unknown (a timeout after the request went
// out, or a process that died between the call and MessageSent) leaves
// the message unsure; the next attempt asks the provider (notify.Reconciler)
// whether it has the message, records its SID if so, and sends only if
// not. See docs/decisions/0005-sms-reconciliation.md.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	Outbox Outbox
	Sender notify.Sender
	// Voice places the calls (channel voice) through the same claim,
	// record and lookup as SMS; nil fails them ("no voice sender").
	Voice notify.Sender
	// StatusCallback is the URL Twilio reports delivery to, under
	// FAHRDIENST_PUBLIC_URL; empty for none. When set, the message's final
	// status is counted by the status webhook, not here.
	StatusCallback string
	// Metrics counts what the worker learns; nil counts nothing.
	Metrics SendMetrics
	Log     *slog.Logger
	// Now is the clock for the lateness metric; nil is time.Now.
	Now func() time.Time
	// RetryDelay replaces the backoff of temporary failures; nil is the
	// default (30 s doubling up to 2 h). Tests shorten it.
	RetryDelay func(attempt int) time.Duration
	// AttemptTimeout replaces DefaultSendTimeout; tests of a crash shorten
	// it, with the rescue and the sending lease.
	AttemptTimeout time.Duration
}

// DefaultSendTimeout bounds one send attempt: the provider call has its
// own, shorter timeout (twilio.DefaultTimeout, twice with the lookup);
// this one covers the database around it. It must stay below the sending
// lease and River's rescue of stuck jobs.
const DefaultSendTimeout = time.Minute

// Work claims, sends and records one message.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	id := job.Args.MessageID
	c, err := w.Outbox.ClaimMessage(ctx, id)
	if dispatch.ErrorCode(err) == dispatch.CodeNotFound {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if c.Skipped != "" {
		w.log().InfoContext(ctx, "sms not sent", "message_id", id, "kind", c.Kind, "reason", c.Skipped)
		if c.Status != "" {
			w.metrics().MessageFinal(c.Kind, c.Status)
		}
		return nil
	}
	if c.Wait > 0 {
		return river.JobSnooze(c.Wait)
	}
	c.SMS.StatusCallback = w.StatusCallback
	sender := w.senderFor(c)
	if c.Reconcile {
		if done, err := w.reconcile(ctx, job, c, sender); done || err != nil {
			return err
		}
	}
	res, err := sender.Send(ctx, c.SMS)
	if err != nil {
		return w.failed(ctx, job, c, err)
	}
	if c.Kind.Reminder() && !c.Due.IsZero() {
		w.metrics().ReminderLateness(w.now().Sub(c.Due))
	}
	if err := w.recordSent(ctx, id, res); err != nil {
		return err
	}
	if w.StatusCallback == "" {
		// Without a delivery report "sent" is all we will learn; with one,
		// the status webhook records the final status, so that each
		// message is counted once.
		w.metrics().MessageFinal(c.Kind, "sent")
	}
	w.log().InfoContext(ctx, "sms sent", "message_id", id, "kind", c.Kind, "to", phone.Mask(c.SMS.To), "sid", res.SID)
	return nil
}

// recordSent tries a few times: the SMS is out, and a row left in
// 'sending' costs a lookup at the provider when its lease runs out.
func (w *SendWorker) recordSent(ctx context.Context, id int64, res notify.SendResult) error {
	var err error
	for i := range 3 {
		if err = w.Outbox.MessageSent(context.WithoutCancel(ctx), id, res); err == nil {
			return nil
		}
		time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
	}
	w.log().ErrorContext(ctx, "sms sent but not recorded", "message_id", id, "sid", res.SID, "err", err)
	return river.JobCancel(err)
}

func (w *SendWorker) failed(ctx context.Context, job *river.Job[SendArgs], c Claim, err error) error {
	var se *notify.SendError
	if !errors.As(err, &se) {
		se = &notify.SendError{Message: "send failed", Err: err}
	}
	f := Failure{Code: se.Code, Message: se.Error(), Permanent: se.Permanent,
		Final: se.Permanent || job.Attempt >= job.MaxAttempts, Unsure: se.Ambiguous}
	if rerr := w.Outbox.MessageFailed(context.WithoutCancel(ctx), job.Args.MessageID, f); rerr != nil {
		// The row stays 'sending'; after its lease the retry looks it up.
		return errors.Join(err, rerr)
	}
	w.metrics().SendFailure(se.Code)
	w.log().WarnContext(ctx, "sms not accepted", "message_id", job.Args.MessageID, "kind", c.Kind,
		"to", phone.Mask(c.SMS.To), "code", se.Code, "http_status", se.HTTPStatus, "permanent", se.Permanent,
		"attempt", job.Attempt)
	if f.Final {
		w.metrics().MessageFinal(c.Kind, "failed")
		return river.JobCancel(err)
	}
	return err
}

// NextRetry backs off temporary failures faster than River's default, see
// sendRetryDelay.
func (w *SendWorker) NextRetry(job *river.Job[SendArgs]) time.Time {
	if w.RetryDelay != nil {
		return time.Now().Add(w.RetryDelay(job.Attempt))
	}
	return time.Now().Add(sendRetryDelay(job.Attempt))
}

// Timeout bounds one attempt, see DefaultSendTimeout.
func (w *SendWorker) Timeout(*river.Job[SendArgs]) time.Duration {
	if w.AttemptTimeout > 0 {
		return w.AttemptTimeout
	}
	return DefaultSendTimeout
}

func (w *SendWorker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *SendWorker) metrics() SendMetrics {
	if w.Metrics == nil {
		return noMetrics{}
	}
	return w.Metrics
}

func (w *SendWorker) log() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}

// Offers is what the expiry worker needs of the store.
type Offers interface {
	// ExpireOffer closes the offer if it is still open: its assignments
	// expire, the driver is told, and the date is planned again without
	// that driver for those trips. Before the expiry by the store's clock it
	// changes nothing and returns the time left.
	ExpireOffer(ctx context.Context, offerID int64) (time.Duration, error)
}

// OfferExpiryWorker runs OfferExpiryArgs jobs.
type OfferExpiryWorker struct {
	river.WorkerDefaults[OfferExpiryArgs]
	Offers Offers
}

// Work expires the offer; an offer answered meanwhile is left alone.
func (w *OfferExpiryWorker) Work(ctx context.Context, job *river.Job[OfferExpiryArgs]) error {
	wait, err := w.Offers.ExpireOffer(ctx, job.Args.OfferID)
	switch {
	case dispatch.ErrorCode(err) == dispatch.CodeNotFound:
		return river.JobCancel(err)
	case err == nil && wait > 0:
		return river.JobSnooze(wait)
	}
	return err
}
