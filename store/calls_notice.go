package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// Notice calls: a senior who chose calls hears about a change to a ride
// (today: its cancellation) in a call instead of an SMS; relatives who
// receive SMS keep getting theirs. The call is a message row with channel
// 'voice' like a reminder call, so it keeps the calling hours, is placed
// exactly once, redialled when busy or unanswered, and a failure flags the
// trip (dispatch.RuleCallFailed) so that a coordinator phones.

// riderCancelledCall writes the call that tells a senior who chose calls
// that the ride c is cancelled. cancelNotices calls it beside the SMS to
// relatives.
func (s *Store) riderCancelledCall(ctx context.Context, tx pgx.Tx, c cancelledTrip) error {
	p, ok, err := riderCallee(ctx, tx, c.riderID)
	if err != nil || !ok {
		return err
	}
	script := s.sms.texts.RiderCancelledCall(p.lang, notify.RiderData{Name: p.name, PickupAt: *c.pickupAt,
		Pickup: c.pickup, Destination: c.destination})
	return s.noticeCall(ctx, tx, outMessage{Kind: notify.KindRiderCancelled, To: p.phone, Lang: p.lang,
		Body: script.Main, Voicemail: script.Voicemail, Channel: notify.ChannelVoice, RiderID: c.riderID,
		TripID: c.tripID, Deadline: *c.pickupAt})
}

// noticeCall queues a notice call. One that cannot be placed within the
// calling hours before its deadline (a cancellation in the evening of a
// ride at 08:00) is recorded as dropped and flags the trip at once: the
// senior must still be told, by a person.
func (s *Store) noticeCall(ctx context.Context, tx pgx.Tx, m outMessage) error {
	id, err := s.queueMessage(ctx, tx, m)
	if err != nil {
		return err
	}
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM messages WHERE id = $1`, id).Scan(&status); err != nil ||
		status != "dropped" {
		return err
	}
	return flagNoticeFailed(ctx, tx, m.TripID)
}

// noticeFlags are the flags of a cancelled trip that the board shows: its
// senior (or relative) was not told of the cancellation.
var noticeFlags = []string{string(dispatch.RuleCallFailed), flagSMSFailed}

// flagNoticeFailed flags the trip of a notice call that did not get
// through, so that a coordinator phones. Unlike the flag of a failed
// reminder it replaces an older flag: the trip is cancelled, and the
// board shows a cancelled trip only with this flag.
func flagNoticeFailed(ctx context.Context, tx pgx.Tx, tripID int64) error {
	_, err := tx.Exec(ctx, `UPDATE trips SET flagged = $2 WHERE id = $1`, tripID, string(dispatch.RuleCallFailed))
	return err
}
