package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/notify"
)

// smsSender is who wrote an incoming SMS, as far as we know them.
type smsSender struct {
	smsPerson
	optedOut bool
}

// reply is one answer to an incoming SMS.
type reply struct {
	kind notify.MessageKind
	body string
}

// ReceiveSMS implements twilio.Inbox. Everything happens in one
// transaction: the incoming SMS is recorded under its MessageSid (unique,
// so a webhook delivered twice finds its row and changes nothing), the
// conversation rules decide, the effects are written, and the answers are
// recorded as messages of their own, linked to the SMS they answer.
func (s *Store) ReceiveSMS(ctx context.Context, in notify.IncomingSMS) (notify.Received, error) {
	var rec notify.Received
	err := s.inTx(ctx, "sms", func(tx pgx.Tx) error {
		rec = notify.Received{} // a retried run starts again: Replies is appended to
		now := s.now()
		var inID int64
		err := tx.QueryRow(ctx, `INSERT INTO messages (direction, kind, to_number, from_number, body, status,
			twilio_sid, status_at, created_at, updated_at)
			VALUES ('in', 'incoming', $1, $2, $3, 'received', $4, $5, $5, $5)
			ON CONFLICT (twilio_sid) DO NOTHING RETURNING id`, in.To, in.From, in.Body, in.MessageSID, now).Scan(&inID)
		if err == pgx.ErrNoRows {
			rec.Duplicate = true
			rec.Replies, err = earlierReplies(ctx, tx, in.MessageSID)
			return err
		}
		if err != nil {
			return err
		}
		who, err := findSender(ctx, tx, in.From)
		if err != nil {
			return err
		}
		dec, replies, err := s.converse(ctx, tx, in, who, &rec)
		if err != nil {
			return err
		}
		return s.recordReplies(ctx, tx, inID, in, who, dec, replies, &rec)
	})
	return rec, err
}

func earlierReplies(ctx context.Context, tx pgx.Tx, sid string) ([]string, error) {
	rows, _ := tx.Query(ctx, `SELECT body FROM messages WHERE reply_to =
		(SELECT id FROM messages WHERE twilio_sid = $1) ORDER BY id`, sid)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// findSender looks the number up: an active driver first (drivers answer
// offers), then a senior, then a relative's account.
func findSender(ctx context.Context, tx pgx.Tx, number string) (smsSender, error) {
	var who smsSender
	var lang string
	err := tx.QueryRow(ctx, `SELECT id, first_name, language FROM drivers WHERE phone = $1 AND active`, number).
		Scan(&who.driverID, &who.first, &lang)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `SELECT id, first_name, language FROM riders WHERE phone = $1 AND active
			ORDER BY id LIMIT 1`, number).Scan(&who.riderID, &who.first, &lang)
	}
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `SELECT id, name, language FROM accounts WHERE phone = $1 AND active
			ORDER BY id LIMIT 1`, number).Scan(&who.accountID, &who.first, &lang)
	}
	if err != nil && err != pgx.ErrNoRows {
		return who, err
	}
	who.phone, who.lang = number, notify.ParseLang(lang)
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sms_opt_outs WHERE number = $1)`, number).Scan(&who.optedOut)
	return who, err
}

// converse asks notify.Decide what the SMS means, carries out the
// decision and returns it with the answers.
func (s *Store) converse(ctx context.Context, tx pgx.Tx, in notify.IncomingSMS, who smsSender, rec *notify.Received) (notify.Decision, []reply, error) {
	conv, err := s.conversation(ctx, tx, who)
	if err != nil {
		return notify.Decision{}, nil, err
	}
	d := notify.Decide(notify.ParseReply(in.Body), conv)
	rec.Action = d.Action
	if d.Action == notify.ActOutcome {
		// FERTIG, NICHT DA: see sms_outcomes.go
		replies, err := s.recordOutcomesBySMS(ctx, tx, d.Outcome, who)
		return d, replies, err
	}
	replies, err := s.carryOut(ctx, tx, d, conv, who, rec)
	return d, replies, err
}

// carryOut writes the effects of a decision and returns the answers.
func (s *Store) carryOut(ctx context.Context, tx pgx.Tx, d notify.Decision, conv notify.Conversation, who smsSender,
	rec *notify.Received) ([]reply, error) {
	t, lang := s.sms.texts, who.lang
	switch d.Action {
	case notify.ActStop:
		return []reply{{notify.KindStopAck, t.StopAck(lang)}}, s.setOptOut(ctx, tx, who.phone, true)
	case notify.ActStart:
		return []reply{{notify.KindStartAck, t.StartAck(lang)}}, s.setOptOut(ctx, tx, who.phone, false)
	case notify.ActHelp:
		return []reply{{notify.KindHelp, t.Help(lang)}}, nil
	case notify.ActAccept:
		return s.acceptOffer(ctx, tx, d.OfferID, who.smsPerson, rec)
	case notify.ActDecline:
		return s.declineOffer(ctx, tx, d.OfferID, who.smsPerson, rec)
	case notify.ActCancelTour, notify.ActConfirmAgain:
		return s.heldRides(ctx, tx, d, who.smsPerson)
	case notify.ActExpired, notify.ActTaken, notify.ActWithdrawn:
		return s.closedOfferReply(ctx, tx, d, who.smsPerson)
	case notify.ActOpenRides, notify.ActTakeOpen, notify.ActAbsence, notify.ActAbsenceHelp:
		return s.converseSelf(ctx, tx, d, who.smsPerson)
	}
	return []reply{{notify.KindUnknownReply, t.UnknownReply(lang, conv.OpenCodes())}}, nil
}

// conversation reads what the rules need to know about a driver.
func (s *Store) conversation(ctx context.Context, tx pgx.Tx, who smsSender) (notify.Conversation, error) {
	c := notify.Conversation{Driver: who.driverID != 0, OptedOut: who.optedOut, Closed: map[string]notify.ClosedOffer{}}
	if !c.Driver {
		return c, nil
	}
	if err := s.selfConversation(ctx, tx, who.driverID, &c); err != nil {
		return c, err
	}
	var err error
	if c.Started, err = s.startedRides(ctx, tx, who.driverID); err != nil {
		return c, err
	}
	now := s.now()
	// The open offers are locked: what Decide reads of them holds until
	// the decision is carried out.
	rows, _ := tx.Query(ctx, `SELECT id, code, expires_at <= $2, NOT EXISTS (SELECT 1 FROM assignments a
		  WHERE a.offer_id = offers.id AND a.state = 'offered')
		FROM offers WHERE driver_id = $1 AND state = 'open' ORDER BY id FOR UPDATE`, who.driverID, now)
	if c.Offers, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notify.OpenOffer, error) {
		var o notify.OpenOffer
		return o, r.Scan(&o.ID, &o.Code, &o.Expired, &o.Empty)
	}); err != nil {
		return c, err
	}
	rows, _ = tx.Query(ctx, `SELECT tour_id, coalesce(min(offer_code), '') FROM assignments
		WHERE driver_id = $1 AND state = 'confirmed' AND planned_pickup > $2 GROUP BY tour_id ORDER BY tour_id`,
		who.driverID, now)
	if c.Tours, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (notify.ConfirmedTour, error) {
		var t notify.ConfirmedTour
		return t, r.Scan(&t.ID, &t.Code)
	}); err != nil {
		return c, err
	}
	rows, _ = tx.Query(ctx, `SELECT o.id, o.code, o.state, h.tour_id IS NOT NULL, coalesce(h.tour_id, 0)
		FROM offers o LEFT JOIN LATERAL (SELECT a.tour_id FROM assignments a WHERE a.offer_id = o.id
		  AND a.driver_id = o.driver_id AND a.state = 'confirmed' AND a.planned_pickup > $3 LIMIT 1) h ON true
		WHERE o.driver_id = $1 AND o.state <> 'open' AND o.offered_at > $2 ORDER BY o.id`,
		who.driverID, now.Add(-14*24*time.Hour), now)
	var o notify.ClosedOffer
	var code string
	_, err = pgx.ForEachRow(rows, []any{&o.ID, &code, &o.State, &o.Held, &o.TourID}, func() error {
		c.Closed[code] = o
		return nil
	})
	return c, err
}

// setOptOut records STOP (on) or START (off) for a number and everyone
// with it: the send worker checks both before every SMS.
func (s *Store) setOptOut(ctx context.Context, tx pgx.Tx, number string, on bool) error {
	if on {
		if _, err := tx.Exec(ctx, `INSERT INTO sms_opt_outs (number, source, created_at) VALUES ($1, 'sms', $2)
			ON CONFLICT (number) DO NOTHING`, number, s.now()); err != nil {
			return err
		}
	} else if _, err := tx.Exec(ctx, `DELETE FROM sms_opt_outs WHERE number = $1`, number); err != nil {
		return err
	}
	for _, table := range []string{"drivers", "riders", "accounts"} {
		if _, err := tx.Exec(ctx, `UPDATE `+table+` SET sms_opt_out = $2 WHERE phone = $1`, number, on); err != nil {
			return err
		}
	}
	return nil
}

// recordReplies writes the answers as messages linked to the incoming SMS,
// and the incoming SMS's sender and status; none when the decision is
// silent (the number has opted out).
func (s *Store) recordReplies(ctx context.Context, tx pgx.Tx, inID int64, in notify.IncomingSMS, who smsSender,
	dec notify.Decision, replies []reply, rec *notify.Received) error {
	status := "received"
	if dec.Action == notify.ActUnknown {
		status = "unknown_reply"
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `UPDATE messages SET status = $2, driver_id = $3, rider_id = $4, account_id = $5,
		language = $6 WHERE id = $1`, inID, status, nullID(who.driverID), nullID(who.riderID), nullID(who.accountID),
		string(who.lang)); err != nil {
		return err
	}
	for _, r := range replies {
		if dec.Silent {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO messages (direction, kind, to_number, from_number, body, language,
			driver_id, rider_id, account_id, status, reply_to, sent_at, status_at, created_at, updated_at)
			VALUES ('out', $1, $2, $3, $4, $5, $6, $7, $8, 'sent', $9, $10, $10, $10, $10)`,
			r.kind, in.From, in.To, r.body, string(who.lang), nullID(who.driverID), nullID(who.riderID),
			nullID(who.accountID), inID, now); err != nil {
			return err
		}
		rec.Replies = append(rec.Replies, r.body)
	}
	return nil
}
