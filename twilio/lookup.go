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
	from := since.Add(-lookupSkew).UTC()
	api, rt := s.api(ctx)
	params := &twapi.ListMessageParams{}
	params.SetTo(to)
	if s.cfg.MessagingServiceSID == "" {
		params.SetFrom(s.cfg.From)
	}
	params.SetDateSentAfter(time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC))
	params.SetPageSize(lookupLimit)
	params.SetLimit(lookupLimit)
	msgs, err := api.ListMessage(params)
	if err != nil {
		e := classifyTwilio(ctx, err, rt.lastStatus(), false)
		e.Message = "lookup: " + e.Message
		return nil, e
	}
	var found []notify.SendResult
	for _, m := range msgs {
		if m.Sid == nil || m.Body == nil || *m.Body != body || m.To == nil || *m.To != to {
			continue
		}
		if m.Direction != nil && *m.Direction != "outbound-api" {
			continue
		}
		if created, err := parseTwilioTime(m.DateCreated); err == nil && created.Before(from) {
			continue
		}
		res := notify.SendResult{SID: *m.Sid}
		if m.Status != nil {
			res.Status = *m.Status
		}
		found = append(found, res)
	}
	slices.Reverse(found) // Twilio lists newest first; the first attempt's is the oldest
	return found, nil
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
