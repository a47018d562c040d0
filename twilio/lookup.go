package twilio

import (
	"context"
	"errors"
	"slices"
	"time"

	twapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/fahrdienst/fahrdienst/notify"
)

// lookupSkew widens the lookup's window for the difference between our
// clock, which stamped the first attempt, and Twilio's, which stamps
// date_created. Minutes are plenty; more only risks matching an older
// message with the same text.
const lookupSkew = 2 * time.Minute

// lookupLimit bounds how many of the number's messages one lookup reads:
// a driver gets a few SMS a day, and the window is hours.
const lookupLimit = 100

// Lookup implements notify.Reconciler with Twilio's message list
// (GET Messages.json?To=&From=&DateSent>=), filtered here by body and
// date_created: Twilio has no idempotency key for creating a message, so
// after an ambiguous failure this is how we learn whether it went out.
// Twilio filters DateSent by GMT day, so the query starts at the day of
// since; a message Twilio has not yet handed to the carrier has no
// date_sent and is not listed, which is why the retry after an ambiguous
// failure waits (see store.sendRetryDelay).
func (s *Sender) Lookup(ctx context.Context, to, body string, since time.Time) ([]notify.SendResult, error) {
	from, day := lookupStart(since)
	api, rt := s.api(ctx)
	params := &twapi.ListMessageParams{}
	params.SetTo(to)
	if s.cfg.MessagingServiceSID == "" {
		params.SetFrom(s.cfg.From)
	}
	params.SetDateSentAfter(day)
	params.SetPageSize(lookupLimit)
	params.SetLimit(lookupLimit)
	msgs, err := api.ListMessage(params)
	if err != nil {
		return nil, lookupError(ctx, err, rt)
	}
	var items []listed
	for _, m := range msgs {
		if m.Body != nil && *m.Body == body {
			items = append(items, listed{m.Sid, m.To, m.Direction, m.DateCreated, m.Status})
		}
	}
	return matching(items, to, from), nil
}

// lookupStart is the earliest creation time a lookup of the attempts
// since since accepts, and the GMT day Twilio's date filters start at.
func lookupStart(since time.Time) (from, day time.Time) {
	from = since.Add(-lookupSkew).UTC()
	return from, time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
}

// lookupError classifies a failed list request of a lookup.
func lookupError(ctx context.Context, err error, rt *twilioTransport) *notify.SendError {
	e := classifyTwilio(ctx, err, rt.lastStatus(), false)
	e.Message = "lookup: " + e.Message
	return e
}

// listed is one message or call as Twilio lists it: the fields a lookup
// judges.
type listed struct {
	sid, to, direction, created, status *string
}

// matching keeps the listed items that went to to by our API call and
// were created at from or later, oldest first (Twilio lists newest first,
// and the first attempt's is the oldest).
func matching(items []listed, to string, from time.Time) []notify.SendResult {
	var found []notify.SendResult
	for _, it := range items {
		if it.sid == nil || it.to == nil || *it.to != to {
			continue
		}
		if it.direction != nil && *it.direction != "outbound-api" {
			continue
		}
		if created, err := parseTwilioTime(it.created); err == nil && created.Before(from) {
			continue
		}
		res := notify.SendResult{SID: *it.sid}
		if it.status != nil {
			res.Status = *it.status
		}
		found = append(found, res)
	}
	slices.Reverse(found)
	return found
}

// parseTwilioTime reads Twilio's RFC 2822 dates ("Mon, 16 Aug 2010
// 03:45:01 +0000").
func parseTwilioTime(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, errNoDate
	}
	return time.Parse(time.RFC1123Z, *s)
}

var errNoDate = errors.New("no date")

// Both senders can be asked whether a message went out.
var (
	_ notify.Reconciler = (*Sender)(nil)
	_ notify.Reconciler = (*ConsoleSender)(nil)
)
