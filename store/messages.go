package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// One message, one record, one job: every outgoing SMS is a row in messages,
// written (pending) in the transaction of the change that causes it, with
// one River job (SendArgs) that sends it at its time. The send worker
// claims the row through ClaimMessage, so that whatever River does with the
// job (retry, duplicate, rescue) the SMS goes out at most once.

// outMessage is an SMS to record and send. Zero ids are NULL.
type outMessage struct {
	Kind                                  notify.MessageKind
	To, Body                              string
	Lang                                  notify.Lang
	DriverID, RiderID, AccountID          int64
	TripID, AssignmentID, OfferID, TourID int64
	Due                                   time.Time // when it is meant to go; zero is now
	Deadline                              time.Time // after it the message is useless; zero is never
	// Channel is notify.ChannelVoice for a call, else empty (SMS);
	// Voicemail is then the call's message for an answering machine.
	Channel, Voicemail string
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// queueMessage records m and enqueues its send job at the time notify's
// rules give (m.Due, or later for a recipient in their quiet hours). A message that
// could only go after its deadline is recorded as dropped, with no job, so
// that the log shows what was not sent and why.
func (s *Store) queueMessage(ctx context.Context, tx pgx.Tx, m outMessage) (int64, error) {
	now := s.now()
	due := m.Due
	if due.IsZero() || due.Before(now) {
		due = now
	}
	at, ok := due, m.Deadline.IsZero() || due.Before(m.Deadline)
	if ok {
		at, ok = s.sendTime(m.Channel, notify.Recipient{Driver: m.DriverID != 0, Rider: m.RiderID != 0,
			Account: m.AccountID != 0}, due, m.Deadline)
	}
	status, reason := "pending", ""
	if !ok {
		status, reason = "dropped", "could not be sent before its deadline (quiet hours)"
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO messages (direction, kind, to_number, body, language, driver_id, rider_id,
		account_id, trip_id, assignment_id, offer_id, tour_id, status, error_message, due_at, deadline,
		created_at, updated_at, channel, voicemail)
		VALUES ('out', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18)
		RETURNING id`,
		m.Kind, m.To, m.Body, langOrDefault(m.Lang), nullID(m.DriverID), nullID(m.RiderID), nullID(m.AccountID),
		nullID(m.TripID), nullID(m.AssignmentID), nullID(m.OfferID), nullID(m.TourID), status, reason, due,
		nullTime(m.Deadline), now, channelOrSMS(m.Channel), m.Voicemail).Scan(&id)
	if err != nil || !ok {
		if !ok {
			s.sms.log.InfoContext(ctx, "sms dropped", "message_id", id, "kind", m.Kind, "reason", reason)
		}
		return id, err
	}
	// River makes a scheduled job available a few seconds ahead and fetches
	// it at ScheduledAt, so a reminder goes out within the fetch interval.
	opts := &river.InsertOpts{}
	if at.After(now) {
		opts.ScheduledAt = at
	}
	return id, s.enqueue(ctx, tx, SendArgs{MessageID: id}, opts)
}

func langOrDefault(l notify.Lang) string {
	if l == "" {
		return string(notify.German)
	}
	return string(l)
}

const messageColumns = `id, direction, kind, to_number, from_number, body, status, driver_id, rider_id,
	account_id, trip_id, assignment_id, offer_id, twilio_sid, error_code, error_message, due_at, deadline,
	sent_at, created_at`

func scanMessage(r pgx.CollectableRow) (dispatch.Message, error) {
	var m dispatch.Message
	err := r.Scan(&m.ID, &m.Direction, &m.Kind, &m.To, &m.From, &m.Body, &m.Status, &m.DriverID, &m.RiderID,
		&m.AccountID, &m.TripID, &m.AssignmentID, &m.OfferID, &m.TwilioSID, &m.ErrorCode, &m.ErrorMessage,
		&m.DueAt, &m.Deadline, &m.SentAt, &m.CreatedAt)
	return m, err
}

// Messages lists the SMS log, newest first.
func (s *Store) Messages(ctx context.Context, f dispatch.MessageFilter) ([]dispatch.Message, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE ($1 = 0 OR trip_id = $1) AND ($2 = 0 OR driver_id = $2) AND ($3 = '' OR status = $3)
		ORDER BY created_at DESC, id DESC LIMIT $4`, f.TripID, f.DriverID, f.Status, f.Limit)
	ms, err := pgx.CollectRows(rows, scanMessage)
	return ms, mapError(err, "message")
}

// Message returns one message of the log.
func (s *Store) Message(ctx context.Context, id int64) (dispatch.Message, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = $1`, id)
	m, err := pgx.CollectExactlyOneRow(rows, scanMessage)
	return m, mapError(err, "message")
}

// dropMessage marks a pending message dropped with the reason.
func (s *Store) dropMessage(ctx context.Context, tx pgx.Tx, id int64, reason string) error {
	_, err := tx.Exec(ctx, `UPDATE messages SET status = 'dropped', error_message = $2, status_at = $3,
		updated_at = $3 WHERE id = $1`, id, reason, s.now())
	return err
}

// errNoMessage is what the workers get for a message that is gone.
var errNoMessage = dispatch.Errorf(dispatch.CodeNotFound, "message not found")
