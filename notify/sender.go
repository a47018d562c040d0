package notify

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// OutgoingSMS is one message to send. The message is recorded before it is
// sent (DESIGN.md), so MessageID is the row that gets the SID and status.
type OutgoingSMS struct {
	MessageID      int64  // our id of the message; the console shows it, Twilio never sees it
	To             string // E.164, e.g. "+491711234567"
	Body           string
	StatusCallback string // URL Twilio reports delivery to; empty for none
}

// SendResult is what the provider said on accepting a message.
type SendResult struct {
	SID    string // Twilio's message SID ("SM..."), or "console-<run>-<n>"
	Status string // e.g. "queued", "accepted"
}

// Sender sends one SMS. Implementations must be safe for concurrent use: the
// River workers send in parallel. An error is a *SendError when the
// provider refused or could not be reached; callers retry unless
// IsPermanent(err).
type Sender interface {
	Send(ctx context.Context, m OutgoingSMS) (SendResult, error)
}

// Reconciler finds messages the provider accepted although the send that
// created them failed ambiguously (see SendError.Ambiguous). Twilio takes
// no idempotency key for a new message, so a lookup before the next
// attempt is the only way not to send an SMS twice. A Sender that can
// fail ambiguously implements it; the worker asks a Sender that does not
// for nothing and, not knowing, never sends such a message again.
type Reconciler interface {
	// Lookup returns the messages to the number with this body that the
	// provider created at or after since (less the provider's clock skew),
	// oldest first; none when the provider does not have it.
	Lookup(ctx context.Context, to, body string, since time.Time) ([]SendResult, error)
}

// SendError says why a message was not accepted and whether trying again
// can help. Message is the provider's text; it never contains the body,
// and the phone number only if the provider put it there.
type SendError struct {
	Code       int  // Twilio error code, e.g. 21211; 0 when there is none
	HTTPStatus int  // HTTP status of the provider's answer; 0 when there was none
	Permanent  bool // the same message will fail again: do not retry
	// Ambiguous means the provider may have accepted the message: the
	// request went out and no clear answer came back (a timeout, a
	// connection reset after the request was written, an answer without
	// a SID). Before trying again, look it up (Reconciler).
	Ambiguous bool
	Message   string // the provider's explanation
	Err       error  // the underlying error (network, timeout), if any
}

// Error describes the failure without the message body or the number.
func (e *SendError) Error() string {
	kind := "temporary"
	if e.Permanent {
		kind = "permanent"
	}
	s := fmt.Sprintf("send sms: %s failure", kind)
	if e.Ambiguous {
		s += " (outcome unknown)"
	}
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf(", HTTP %d", e.HTTPStatus)
	}
	if e.Code != 0 {
		s += fmt.Sprintf(", Twilio error %d", e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap gives errors.Is access to the cause, e.g. context.DeadlineExceeded.
func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports whether err says that sending this message again
// cannot succeed (a wrong or blocked number), so that the worker gives up
// and the dispatcher can ask the next driver instead of waiting for retries.
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}

// IsAmbiguous reports whether err leaves open whether the provider
// accepted the message, so that the next attempt must look it up first.
func IsAmbiguous(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Ambiguous
}

// permanentCodes are Twilio error codes after which the same message to
// the same number will fail again. They are the API's refusals (212xx,
// 216xx) and the delivery failures reported in status callbacks (300xx)
// that are about the number, not the moment.
var permanentCodes = map[int]string{
	21211: "invalid 'To' phone number",
	21408: "permission to send to this region is not enabled",
	21602: "message body is required",
	21604: "'To' phone number is required",
	21610: "recipient has unsubscribed (STOP)",
	21612: "the 'To' number is not reachable via SMS from this sender",
	21614: "'To' number is not a valid mobile number",
	21617: "message body exceeds the 1600 character limit",
	30004: "message blocked",
	30005: "unknown destination handset",
	30006: "landline or unreachable carrier",
	30007: "message filtered by the carrier",
}

// PermanentCode reports whether a Twilio error code, from the API or from a
// status callback, means the message will not get through on a retry.
// 21408 (sending to that country not enabled) is counted although it is
// account configuration: the agency serves one region, and a number abroad
// is almost always a typing error to be fixed in the driver's profile.
// 30003 (handset switched off or out of coverage) is not permanent: the
// phone may be back in an hour. Authentication and account errors (20003,
// 20404) are not either: they are our configuration, and once it is fixed
// the waiting messages should go; the same holds for 21606 (our 'From').
func PermanentCode(code int) bool {
	_, ok := permanentCodes[code]
	return ok
}

// PermanentReason explains a permanent Twilio error code in English, for a
// refusal that came without the provider's own text; it is empty for codes
// that are not permanent.
func PermanentReason(code int) string { return permanentCodes[code] }

// Check refuses messages no provider would accept, before a network round
// trip and with a permanent error, so that every Sender fails them alike.
func (m OutgoingSMS) Check() error {
	switch {
	case m.To == "":
		return &SendError{Code: 21604, Permanent: true, Message: permanentCodes[21604]}
	case m.Body == "":
		return &SendError{Code: 21602, Permanent: true, Message: permanentCodes[21602]}
	}
	return nil
}
