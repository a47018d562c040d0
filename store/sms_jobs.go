package store

import (
	"time"

	"github.com/riverqueue/river"
)

// sendMaxAttempts bounds the retries of one message. With sendRetryDelay's
// backoff the last attempt comes about eight hours after the first: long
// enough for a Twilio outage, short enough that a reminder is not sent
// days late (its deadline drops it earlier anyway).
const sendMaxAttempts = 12

// SendArgs sends one recorded message. The job carries only the message id:
// the row is the truth (body, number, status), and the worker checks it when
// it runs, so a duplicated or retried job never sends twice.
type SendArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job for River.
func (SendArgs) Kind() string { return "sms_send" }

// InsertOpts puts sends on the SMS queue with their own retry bound.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueSMS, MaxAttempts: sendMaxAttempts}
}

// OfferExpiryArgs closes an offer that got no answer in time. It is
// scheduled at the offer's expiry when the offer is made; an offer answered
// meanwhile is simply left alone when the job runs.
type OfferExpiryArgs struct {
	OfferID int64 `json:"offer_id"`
}

// Kind names the job for River.
func (OfferExpiryArgs) Kind() string { return "sms_offer_expiry" }

// InsertOpts puts the expiry on the SMS queue.
func (OfferExpiryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueSMS}
}

// sendRetryDelay is the backoff of temporary failures (429, 5xx,
// timeouts): 30 s, 1 min, 2 min ... capped at 2 hours, so that a short
// Twilio hiccup delays an offer by seconds, not by River's default minutes.
// The first delay is also how long Twilio has to finish a request we gave
// up on before the retry looks for its message: it must stay well above
// the client's timeout (twilio.DefaultTimeout).
func sendRetryDelay(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < 2*time.Hour; i++ {
		d *= 2
	}
	return min(d, 2*time.Hour)
}
