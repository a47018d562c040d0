package notify

import "time"

// The vocabulary of messages coming back from the provider: an incoming SMS,
// a delivery report and what the store made of them. It lives here, apart
// from the Twilio adapter that parses the webhooks, so that the store can
// handle both without importing twilio-go.

// IncomingSMS is an SMS someone sent to our number, already checked to be
// well formed, so that the conversation rules never see junk.
type IncomingSMS struct {
	MessageSID string // "SM..." (or "MM..." for MMS)
	AccountSID string
	From       string // E.164; matched against drivers' and seniors' numbers
	To         string // our number
	Body       string
}

// StatusCallback is Twilio's report about a message we sent; it moves the
// recorded message on (delivered, failed) and, on failure, the offer.
type StatusCallback struct {
	MessageSID string
	Status     MessageStatus
	ErrorCode  int // Twilio error code for failed/undelivered, else 0
}

// Received is what the store made of an incoming SMS: the answers the
// webhook sends back at once, and what the metrics and logs need to know.
type Received struct {
	Replies    []string // the TwiML answers, in the sender's language
	Duplicate  bool     // the webhook was delivered before
	Action     Action
	AnswerTime time.Duration // for an answered offer: time since it was made
}

// StatusChange is what a delivery report changed, so that the webhook
// counts a message's final status once, however often Twilio reports it.
type StatusChange struct {
	Changed bool
	Kind    MessageKind
	Status  string // the message's status now
}

// MessageStatus is the state of a sent message as Twilio reports it.
type MessageStatus string

// The statuses of an outgoing message, in the order they happen.
const (
	StatusAccepted    MessageStatus = "accepted"
	StatusScheduled   MessageStatus = "scheduled"
	StatusQueued      MessageStatus = "queued"
	StatusSending     MessageStatus = "sending"
	StatusSent        MessageStatus = "sent"
	StatusDelivered   MessageStatus = "delivered"
	StatusUndelivered MessageStatus = "undelivered"
	StatusFailed      MessageStatus = "failed"
	StatusCanceled    MessageStatus = "canceled"
	StatusRead        MessageStatus = "read"
	StatusReceiving   MessageStatus = "receiving"
	StatusReceived    MessageStatus = "received"
)

// statusRank orders statuses so that a late callback never moves a
// message backwards: Twilio does not promise to call in order.
var statusRank = map[MessageStatus]int{
	StatusAccepted: 1, StatusScheduled: 1, StatusQueued: 2, StatusSending: 3, StatusSent: 4,
	StatusReceiving: 4, StatusReceived: 5,
	StatusDelivered: 5, StatusUndelivered: 5, StatusFailed: 5, StatusCanceled: 5, StatusRead: 6,
}

// Known reports whether s is a status Twilio sends.
func (s MessageStatus) Known() bool { _, ok := statusRank[s]; return ok }

// Final reports whether the status will not change any more (apart from
// "read", which only some channels report).
func (s MessageStatus) Final() bool { return statusRank[s] >= 5 }

// Failed reports whether the message did not reach the phone, so that an
// offer must go to the next driver.
func (s MessageStatus) Failed() bool {
	return s == StatusUndelivered || s == StatusFailed || s == StatusCanceled
}

// Supersedes reports whether a callback with status s should replace the
// stored status old. Equal ranks do not replace, so the first final status
// stays.
func (s MessageStatus) Supersedes(old MessageStatus) bool {
	return statusRank[s] > statusRank[old]
}
