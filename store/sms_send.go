package store

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// The store's side of the send worker (Outbox) and of Twilio's
// delivery reports.

// claimRow is a message as the send worker needs it.
type claimRow struct {
	id                            int64
	kind                          notify.MessageKind
	to, body, status              string
	due, deadline, firstAttempt   *time.Time
	updated                       time.Time
	unsure                        bool // an earlier attempt may have reached the provider
	channel                       string
	driver, rider, account        *int64
	trip, assignment, offer, tour *int64
}

// DefaultSendingLease is how long a message may be in 'sending' before a
// job that finds it so concludes that the sender stopped: longer than a
// send job may run (SendWorker.Timeout), so that a duplicate job running
// beside the first never mistakes it for a crash, and shorter than River's
// rescue of a stuck job, so that the rescued job finds the lease over.
const DefaultSendingLease = 2 * time.Minute

// notYetDue tolerates the difference between the database's clock, which
// River schedules by, and ours.
const notYetDue = time.Second

// ClaimMessage implements Outbox: it decides in one transaction
// whether a message goes now, and marks it 'sending' if so. A message found
// in 'sending' past its lease was being sent when a process stopped:
// whether Twilio got it is unknown, so the claim asks the worker to look it
// up (Claim.Reconcile) before sending it again.
func (s *Store) ClaimMessage(ctx context.Context, id int64) (Claim, error) {
	var c Claim
	err := s.inTx(ctx, "message", func(tx pgx.Tx) error {
		var m claimRow
		err := tx.QueryRow(ctx, `SELECT id, kind, to_number, body, status, due_at, deadline, updated_at, driver_id,
			rider_id, account_id, trip_id, assignment_id, offer_id, tour_id, unsure, first_attempt_at, channel FROM messages
			WHERE id = $1 AND direction = 'out' FOR UPDATE`, id).Scan(&m.id, &m.kind, &m.to, &m.body, &m.status,
			&m.due, &m.deadline, &m.updated, &m.driver, &m.rider, &m.account, &m.trip, &m.assignment, &m.offer, &m.tour,
			&m.unsure, &m.firstAttempt, &m.channel)
		if err == pgx.ErrNoRows {
			return errNoMessage
		}
		if err != nil {
			return err
		}
		c, err = s.claim(ctx, tx, m)
		return err
	})
	return c, err
}

func (s *Store) claim(ctx context.Context, tx pgx.Tx, m claimRow) (Claim, error) {
	c := Claim{Kind: m.kind, Channel: m.channel, SMS: notify.OutgoingSMS{MessageID: m.id, To: m.to, Body: m.body}}
	if m.due != nil {
		c.Due = *m.due
	}
	now := s.now()
	// A sender that stopped mid-send left its lease to run out; whether
	// Twilio got the message is unknown, so it is treated as pending and
	// unsure: looked up before it is sent again.
	stale := m.status == "sending" && !m.updated.After(now.Add(-s.sendingLease()))
	m.unsure = m.unsure || stale
	switch {
	case m.status == "sending" && !stale:
		c.Skipped = "being sent by another job" // a duplicate job; the first records the result
		return c, nil
	case m.status != "pending" && !stale:
		c.Skipped = "already " + m.status
		return c, nil
	case m.due != nil && m.due.After(now.Add(notYetDue)):
		c.Wait = m.due.Sub(now)
		return c, nil
	}
	reason, err := s.dropReason(ctx, tx, m, now)
	if err != nil {
		return c, err
	}
	if reason == "" {
		var deadline time.Time
		if m.deadline != nil {
			deadline = *m.deadline
		}
		// A job may run late, or a retry fall into the quiet hours.
		at, ok := s.sendTime(m.channel, notify.Recipient{Driver: m.driver != nil, Rider: m.rider != nil,
			Account: m.account != nil}, now, deadline)
		switch {
		case !ok:
			reason = "quiet hours until after its deadline"
		case at.After(now):
			c.Wait = at.Sub(now)
			return c, nil
		}
	}
	if reason != "" {
		c.Skipped, c.Status = reason, "dropped"
		return c, s.dropped(ctx, tx, m, reason)
	}
	c.Reconcile = m.unsure
	switch c.Since = now; {
	case m.firstAttempt != nil:
		c.Since = *m.firstAttempt
	case m.unsure: // claimed before first_attempt_at was kept: the claim's time
		c.Since = m.updated
	}
	_, err = tx.Exec(ctx, `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = $2,
		first_attempt_at = coalesce(first_attempt_at, $2), unsure = $3 WHERE id = $1`, m.id, now, m.unsure)
	return c, err
}

// sendingLease is DefaultSendingLease unless the options shorten it.
func (s *Store) sendingLease() time.Duration {
	if s.sms.sendingLease > 0 {
		return s.sms.sendingLease
	}
	return DefaultSendingLease
}

// dropReason says why a pending message must not go now, or "".
func (s *Store) dropReason(ctx context.Context, tx pgx.Tx, m claimRow, now time.Time) (string, error) {
	if m.deadline != nil && !now.Before(*m.deadline) {
		return "too late: its moment has passed", nil
	}
	// STOP stops SMS; a person who chose calls is called all the same.
	if m.channel != notify.ChannelVoice {
		var optedOut bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sms_opt_outs WHERE number = $1)
			OR coalesce((SELECT sms_opt_out FROM drivers WHERE id = $2), false)
			OR coalesce((SELECT sms_opt_out FROM riders WHERE id = $3 AND $4::bigint IS NULL), false)
			OR coalesce((SELECT sms_opt_out FROM accounts WHERE id = $4), false)`,
			m.to, m.driver, m.rider, m.account).Scan(&optedOut)
		if err != nil || optedOut {
			return "opted out of SMS", err
		}
	}
	relevant, err := stillRelevant(ctx, tx, m)
	if err != nil || relevant {
		return "", err
	}
	return "no longer relevant: the ride was cancelled, reassigned or the offer closed", nil
}

// stillRelevant checks, for the kinds that depend on the state of a ride,
// that the state still holds: a driver reminder needs the tour still
// confirmed with that driver, a senior's reminder its assignment confirmed
// and the trip booked, an offer the offer still open.
func stillRelevant(ctx context.Context, tx pgx.Tx, m claimRow) (bool, error) {
	var q string
	var arg any
	switch m.kind {
	case notify.KindReminderEvening, notify.KindReminderSoon:
		q, arg = `SELECT EXISTS (SELECT 1 FROM assignments a JOIN trips t ON t.id = a.trip_id
			WHERE a.tour_id = $1 AND a.state = 'confirmed' AND t.status = 'booked')`, m.tour
	case notify.KindRiderReminder:
		q, arg = `SELECT EXISTS (SELECT 1 FROM assignments a JOIN trips t ON t.id = a.trip_id
			WHERE a.id = $1 AND a.state = 'confirmed' AND t.status = 'booked')`, m.assignment
	case notify.KindOffer:
		q, arg = `SELECT EXISTS (SELECT 1 FROM offers WHERE id = $1 AND state = 'open')`, m.offer
	default:
		return true, nil
	}
	var ok bool
	err := tx.QueryRow(ctx, q, arg).Scan(&ok)
	return ok, err
}

// dropped records a dropped message; an offer that cannot reach its driver
// moves on to the next.
func (s *Store) dropped(ctx context.Context, tx pgx.Tx, m claimRow, reason string) error {
	if err := s.dropMessage(ctx, tx, m.id, reason); err != nil {
		return err
	}
	if m.kind == notify.KindOffer && m.offer != nil {
		return s.offerFailed(ctx, tx, *m.offer)
	}
	return nil
}

// MessageSent implements Outbox.
func (s *Store) MessageSent(ctx context.Context, id int64, res notify.SendResult) error {
	now := s.now()
	_, err := s.pool.Exec(ctx, `UPDATE messages SET status = CASE WHEN status = 'sending' THEN $3 ELSE status END,
		twilio_sid = $2, error_code = NULL, error_message = '', sent_at = $4, status_at = $4, updated_at = $4,
		unsure = false WHERE id = $1`, id, res.SID, ourStatus(notify.MessageStatus(res.Status)), now)
	return mapError(err, "message")
}

// MessageFailed implements Outbox.
func (s *Store) MessageFailed(ctx context.Context, id int64, f Failure) error {
	return s.inTx(ctx, "message", func(tx pgx.Tx) error {
		now := s.now()
		if !f.Final {
			_, err := tx.Exec(ctx, `UPDATE messages SET status = 'pending', error_code = $2, error_message = $3,
				updated_at = $4, unsure = unsure OR $5 WHERE id = $1 AND status = 'sending'`,
				id, nullCode(f.Code), f.Message, now, f.Unsure)
			return err
		}
		var m failedRow
		err := tx.QueryRow(ctx, `UPDATE messages SET status = 'failed', error_code = $2, error_message = $3,
			status_at = $4, updated_at = $4 WHERE id = $1
			RETURNING kind, to_number, driver_id, rider_id, account_id, trip_id, offer_id, channel`,
			id, nullCode(f.Code), f.Message, now).Scan(&m.kind, &m.to, &m.driver, &m.rider, &m.account, &m.trip, &m.offer,
			&m.channel)
		if err != nil {
			return err
		}
		return s.afterFailure(ctx, tx, m, f.Code, f.Permanent || notify.PermanentCode(f.Code))
	})
}

func nullCode(code int) *int {
	if code == 0 {
		return nil
	}
	return &code
}

// failedRow is a message that did not get through.
type failedRow struct {
	kind                                notify.MessageKind
	to, channel                         string
	driver, rider, account, trip, offer *int64
}

// afterFailure does what a message that did not get through means: the
// person's number is flagged when it will not work (and opted out on
// 21610, the recipient's own STOP at Twilio), an offer moves on to the next
// driver, and a ride's trip is flagged so that a coordinator phones.
func (s *Store) afterFailure(ctx context.Context, tx pgx.Tx, m failedRow, code int, permanent bool) error {
	if permanent && m.channel != notify.ChannelVoice {
		if err := s.flagNumber(ctx, tx, m, code); err != nil {
			return err
		}
	}
	if m.kind == notify.KindOffer && m.offer != nil {
		return s.offerFailed(ctx, tx, *m.offer)
	}
	if m.trip == nil {
		return nil
	}
	flag := flagSMSFailed
	if m.channel == notify.ChannelVoice {
		flag = string(dispatch.RuleCallFailed)
	}
	_, err := tx.Exec(ctx, `UPDATE trips SET flagged = $2 WHERE id = $1 AND flagged = ''`, *m.trip,
		flag) // the log has the kind and Twilio's error
	return err
}

func (s *Store) flagNumber(ctx context.Context, tx pgx.Tx, m failedRow, code int) error {
	// The code alone; the pages word it in the reader's language. Rows
	// from before hold "SMS to this number fail: Twilio error N", which
	// riderColumns and driverColumns read as N.
	problem := strconv.Itoa(code)
	optOut := code == 21610
	for _, q := range []struct {
		table string
		id    *int64
	}{{"drivers", m.driver}, {"riders", m.rider}, {"accounts", m.account}} {
		if q.id == nil {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE `+q.table+` SET sms_problem = $2, sms_opt_out = sms_opt_out OR $3
			WHERE id = $1`, *q.id, problem, optOut); err != nil {
			return err
		}
	}
	if !optOut {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO sms_opt_outs (number, source, created_at) VALUES ($1, 'twilio', $2)
		ON CONFLICT (number) DO NOTHING`, m.to, s.now())
	return err
}

// RecordStatus implements twilio.Inbox: a delivery report moves the
// message's status forwards only, whatever order Twilio's calls arrive in.
// A report for a SID we do not know (not ours, or faster than our own
// record of the send) is ignored.
func (s *Store) RecordStatus(ctx context.Context, cb notify.StatusCallback) (notify.StatusChange, error) {
	var ch notify.StatusChange
	err := s.inTx(ctx, "message", func(tx pgx.Tx) error {
		var m failedRow
		var id int64
		var old string
		err := tx.QueryRow(ctx, `SELECT id, kind, status, to_number, driver_id, rider_id, account_id, trip_id, offer_id
			FROM messages WHERE twilio_sid = $1 AND direction = 'out' FOR UPDATE`, cb.MessageSID).Scan(&id, &m.kind,
			&old, &m.to, &m.driver, &m.rider, &m.account, &m.trip, &m.offer)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil || !cb.Status.Supersedes(twilioStatus(old)) {
			return err
		}
		ch = notify.StatusChange{Changed: true, Kind: m.kind, Status: ourStatus(cb.Status)}
		if _, err := tx.Exec(ctx, `UPDATE messages SET status = $2, error_code = coalesce($3, error_code),
			status_at = $4, updated_at = $4 WHERE id = $1`, id, ch.Status, nullCode(cb.ErrorCode), s.now()); err != nil {
			return err
		}
		if !cb.Status.Failed() {
			return nil
		}
		return s.afterFailure(ctx, tx, m, cb.ErrorCode, notify.PermanentCode(cb.ErrorCode))
	})
	return ch, err
}

// ourStatus maps Twilio's statuses onto the messages table's.
func ourStatus(st notify.MessageStatus) string {
	switch st {
	case notify.StatusSent:
		return "sent"
	case notify.StatusDelivered, notify.StatusRead:
		return "delivered"
	case notify.StatusUndelivered:
		return "undelivered"
	case notify.StatusFailed, notify.StatusCanceled:
		return "failed"
	}
	return "queued"
}

// twilioStatus maps a stored status back, for MessageStatus.Supersedes.
func twilioStatus(s string) notify.MessageStatus {
	switch s {
	case "sent":
		return notify.StatusSent
	case "delivered":
		return notify.StatusDelivered
	case "undelivered":
		return notify.StatusUndelivered
	case "failed":
		return notify.StatusFailed
	case "queued":
		return notify.StatusQueued
	}
	return notify.StatusAccepted
}
