package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// Reminder calls (docs/decisions/0016-reminder-calls.md). A call is a
// message row with channel 'voice': written in the transaction that makes
// it necessary, claimed, placed and recorded by the send worker like an
// SMS, looked up at Twilio after an ambiguous failure. What is different
// lives here: the calling hours, the redial of a busy line and what the
// keys pressed in the call do.

// CallOptions configure reminder calls; zero values are notify's defaults
// (09:00-19:00, two more tries 30 minutes apart).
type CallOptions struct {
	Hours *notify.QuietHours // the quiet hours of calls: notify.ParseCallHours
	Retry *notify.CallRetry
}

// callSettings are the CallOptions with the defaults filled in.
type callSettings struct {
	hours notify.QuietHours
	retry notify.CallRetry
}

func newCallSettings(o CallOptions, loc *time.Location) callSettings {
	c := callSettings{hours: notify.DefaultCallHours(loc), retry: notify.DefaultCallRetry()}
	if o.Hours != nil {
		c.hours = *o.Hours
	}
	if o.Retry != nil {
		c.retry = *o.Retry
	}
	return c
}

// sendTime asks notify when a message of the channel to r may go, with the
// configured quiet and calling hours.
func (s *Store) sendTime(channel string, r notify.Recipient, due, deadline time.Time) (time.Time, bool) {
	return notify.Hours{Quiet: s.sms.quiet, Calls: s.sms.calls.hours}.SendTime(channel, r, due, deadline)
}

func channelOrSMS(c string) string {
	if c == "" {
		return notify.ChannelSMS
	}
	return c
}

// senderFor is the sender of a claimed message's channel.
func (w *SendWorker) senderFor(c Claim) notify.Sender {
	if c.Channel != notify.ChannelVoice {
		return w.Sender
	}
	if w.Voice == nil {
		return noVoice{}
	}
	return w.Voice
}

// noVoice fails calls in a worker built without a voice sender.
type noVoice struct{}

func (noVoice) Send(context.Context, notify.OutgoingSMS) (notify.SendResult, error) {
	return notify.SendResult{}, &notify.SendError{Permanent: true, Message: "no voice sender configured"}
}

// riderReminderCall writes the reminder call of one ride when the senior
// chose calls (a landline-only senior does by default). The number is
// called whatever kind it is: the choice is the person's.
func (s *Store) riderReminderCall(ctx context.Context, tx pgx.Tx, r tourRide, driverFirst string) error {
	p, ok, err := riderCallee(ctx, tx, r.riderID)
	if err != nil || !ok {
		return err
	}
	data := notify.RiderData{Name: p.name, PickupAt: r.pickupAt, Pickup: r.pickup,
		Destination: r.destination, Driver: driverFirst}
	if err := returnLeg(ctx, tx, r.tripID, &data); err != nil {
		return err
	}
	script := s.sms.texts.RiderReminderCall(p.lang, data)
	_, err = s.queueMessage(ctx, tx, outMessage{Kind: notify.KindRiderReminder, To: p.phone, Lang: p.lang,
		Body: script.Main, Voicemail: script.Voicemail, Channel: notify.ChannelVoice, RiderID: r.riderID,
		TripID: r.tripID, AssignmentID: r.assignmentID, Due: s.sms.schedule.RiderReminder(r.pickupAt),
		Deadline: r.pickupAt})
	return err
}

// callee is a senior who chose to be phoned.
type callee struct {
	name, phone string
	lang        notify.Lang
}

// riderCallee reads the senior when they chose calls and have a number;
// ok is false for everyone else (they get SMS, or their relatives do).
func riderCallee(ctx context.Context, tx pgx.Tx, riderID int64) (p callee, ok bool, err error) {
	var first, last, pref, lang string
	err = tx.QueryRow(ctx, `SELECT first_name, last_name, coalesce(phone, ''), contact_preference, language
		FROM riders WHERE id = $1`, riderID).Scan(&first, &last, &p.phone, &pref, &lang)
	if err != nil || pref != "call" || p.phone == "" {
		return p, false, err
	}
	p.name, p.lang = first+" "+last, notify.ParseLang(lang)
	return p, true, nil
}

// callRow is a call's message as the voice webhooks need it.
type callRow struct {
	id                   int64
	kind                 notify.MessageKind
	status, lang, to     string
	body, voicemail      string
	sid                  *string
	earlier              []string
	trip, rider, account *int64
	driver, offer        *int64
}

func (c callRow) script(t *notify.Texts) notify.CallScript {
	l := notify.ParseLang(c.lang)
	s := notify.CallScript{Lang: l, Main: c.body, Voicemail: c.voicemail}
	if c.kind == notify.KindRiderReminder {
		s.Prompt = t.CallPrompt(l)
	} else {
		s.Notice, s.Prompt = true, t.NoticePrompt(l)
	}
	if s.Voicemail == "" {
		s.Voicemail = c.body
	}
	return s
}

// readCall locks a call's message and makes sure the call SID is its own:
// a SID the row has not recorded yet (the send is still being recorded, or
// failed ambiguously) is adopted, since only Twilio's signed request can
// name it; a SID of an earlier dial is reported as old.
func (s *Store) readCall(ctx context.Context, tx pgx.Tx, id int64, sid string) (c callRow, old bool, err error) {
	err = tx.QueryRow(ctx, `SELECT id, kind, status, language, to_number, body, voicemail, twilio_sid, earlier_sids,
		trip_id, rider_id, account_id, driver_id, offer_id FROM messages
		WHERE id = $1 AND channel = 'voice' AND direction = 'out' FOR UPDATE`, id).Scan(&c.id, &c.kind, &c.status,
		&c.lang, &c.to, &c.body, &c.voicemail, &c.sid, &c.earlier, &c.trip, &c.rider, &c.account, &c.driver, &c.offer)
	if err == pgx.ErrNoRows {
		return c, false, dispatch.Errorf(dispatch.CodeNotFound, "call not found")
	}
	if err != nil {
		return c, false, err
	}
	for _, e := range c.earlier {
		if e == sid {
			return c, true, nil
		}
	}
	if c.sid == nil && (c.status == "pending" || c.status == "sending") {
		now := s.now()
		_, err = tx.Exec(ctx, `UPDATE messages SET twilio_sid = $2, status = 'sent', unsure = false,
			sent_at = coalesce(sent_at, $3), updated_at = $3 WHERE id = $1`, id, sid, now)
		c.sid, c.status = &sid, "sent"
		return c, false, mapError(err, "call")
	}
	return c, c.sid == nil || *c.sid != sid, nil
}

// CallScript implements twilio.CallLine.
func (s *Store) CallScript(ctx context.Context, id int64, sid, answeredBy string) (notify.CallScript, error) {
	var script notify.CallScript
	err := s.inTx(ctx, "call", func(tx pgx.Tx) error {
		c, old, err := s.readCall(ctx, tx, id, sid)
		if err != nil {
			return err
		}
		script = c.script(s.sms.texts)
		if old || answeredBy == "" {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE messages SET answered_by = $2, updated_at = $3 WHERE id = $1`,
			id, answeredBy, s.now())
		return err
	})
	return script, err
}

// CallDigit implements twilio.CallLine: in a reminder 1 confirms, 2
// cancels the ride (and its ride back) through cancelTrips, the path of
// CancelTrip, which tells the driver and plans the day again. Each (call,
// key) acts once. The keys of a notice change nothing.
func (s *Store) CallDigit(ctx context.Context, id int64, sid, digits string) (notify.CallScript, error) {
	var script notify.CallScript
	err := s.inTx(ctx, "call", func(tx pgx.Tx) error {
		c, _, err := s.readCall(ctx, tx, id, sid)
		if err != nil {
			return err
		}
		script = c.script(s.sms.texts)
		choice := notify.ParseDigit(digits)
		if script.Notice || (choice != notify.ChoiceConfirm && choice != notify.ChoiceCancel) {
			return nil
		}
		tag, err := tx.Exec(ctx, `INSERT INTO call_digits (call_sid, digit, message_id, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, sid, digits, id, s.now())
		if err != nil || tag.RowsAffected() == 0 {
			return err // a replay: the first delivery acted
		}
		return s.applyCallChoice(ctx, tx, c, choice)
	})
	return script, err
}

func (s *Store) applyCallChoice(ctx context.Context, tx pgx.Tx, c callRow, choice notify.CallChoice) error {
	answer := "confirmed"
	if choice == notify.ChoiceCancel {
		answer = "cancelled"
	}
	if _, err := tx.Exec(ctx, `UPDATE messages SET call_answer = $2, updated_at = $3 WHERE id = $1`,
		c.id, answer, s.now()); err != nil {
		return err
	}
	if choice != notify.ChoiceCancel || c.trip == nil {
		return nil
	}
	rows, _ := tx.Query(ctx, `SELECT id FROM trips WHERE (id = $1 OR outbound_id = $1) AND status <> 'cancelled'
		ORDER BY id FOR UPDATE`, *c.trip)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return err
	}
	actor := dispatch.Actor{Name: "Anruf des Fahrgasts"}
	if err := s.cancelTrips(ctx, tx, actor, ids, "abgesagt im Erinnerungsanruf (Taste 2)"); err != nil {
		return err
	}
	// The senior has just heard the cancellation: no notice call about it.
	_, err = tx.Exec(ctx, `UPDATE messages SET status = 'dropped', error_message = 'cancelled in the call itself',
		status_at = $2, updated_at = $2 WHERE channel = 'voice' AND kind = $3 AND status = 'pending'
		AND trip_id = ANY($1)`, ids, s.now(), notify.KindRiderCancelled)
	return err
}

// RecordCallStatus implements twilio.CallLine. A report about an earlier
// dial, or about a call already final, changes nothing.
func (s *Store) RecordCallStatus(ctx context.Context, cb notify.CallStatusCallback) (notify.StatusChange, error) {
	var ch notify.StatusChange
	err := s.inTx(ctx, "call", func(tx pgx.Tx) error {
		ch = notify.StatusChange{}
		c, old, err := s.readCall(ctx, tx, cb.MessageID, cb.CallSID)
		if err != nil || old || !cb.Status.Final() || (c.status != "sent" && c.status != "queued") {
			return err
		}
		ch = notify.StatusChange{Changed: true, Kind: c.kind}
		now := s.now()
		switch {
		case cb.Status == notify.CallCompleted:
			ch.Status = "delivered"
			_, err = tx.Exec(ctx, `UPDATE messages SET status = 'delivered', status_at = $2, updated_at = $2,
				answered_by = CASE WHEN $3 = '' THEN answered_by ELSE $3 END WHERE id = $1`, c.id, now, cb.AnsweredBy)
			return err
		case cb.Status.Redial() && len(c.earlier) < s.sms.calls.retry.Retries:
			ch.Status, err = s.redial(ctx, tx, c, cb, now)
			return err
		}
		ch.Status = "failed"
		return s.callFailed(ctx, tx, c, cb, now)
	})
	return ch, err
}

// redial puts a busy or unanswered call back to pending and schedules the
// next dial after the retry delay, within the calling hours and before
// the ride; when that is not possible the call has failed.
func (s *Store) redial(ctx context.Context, tx pgx.Tx, c callRow, cb notify.CallStatusCallback, now time.Time) (string, error) {
	var deadline time.Time
	if err := tx.QueryRow(ctx, `SELECT coalesce(deadline, 'infinity'::timestamptz) FROM messages WHERE id = $1`,
		c.id).Scan(&deadline); err != nil {
		return "", err
	}
	if deadline.IsZero() || deadline.Year() > 9000 {
		deadline = time.Time{}
	}
	at, ok := s.sms.calls.hours.SendAt(now.Add(s.sms.calls.retry.Delay), deadline)
	if !ok {
		return "failed", s.callFailed(ctx, tx, c, cb, now)
	}
	if _, err := tx.Exec(ctx, `UPDATE messages SET status = 'pending', earlier_sids = earlier_sids || twilio_sid,
		twilio_sid = NULL, due_at = $2, first_attempt_at = NULL, unsure = false, error_message = $3,
		status_at = $4, updated_at = $4 WHERE id = $1`, c.id, at, "call "+string(cb.Status)+": calling again", now); err != nil {
		return "", err
	}
	return "pending", s.enqueue(ctx, tx, SendArgs{MessageID: c.id}, &river.InsertOpts{ScheduledAt: at})
}

// callFailed records a call that did not reach anyone and flags its trip,
// so that a coordinator phones.
func (s *Store) callFailed(ctx context.Context, tx pgx.Tx, c callRow, cb notify.CallStatusCallback, now time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE messages SET status = 'failed', error_code = $2, error_message = $3,
		status_at = $4, updated_at = $4 WHERE id = $1`, c.id, nullCode(cb.ErrorCode), "call "+string(cb.Status),
		now); err != nil {
		return err
	}
	if c.kind != notify.KindRiderReminder && c.trip != nil {
		return flagNoticeFailed(ctx, tx, *c.trip)
	}
	return s.afterFailure(ctx, tx, failedRow{kind: c.kind, to: c.to, channel: notify.ChannelVoice, driver: c.driver,
		rider: c.rider, account: c.account, trip: c.trip, offer: c.offer}, cb.ErrorCode, false)
}
