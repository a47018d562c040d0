package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// The effects of a driver's answers, in the transaction of the incoming
// SMS: notify.Decide says what the reply means, dispatch.Step what it does
// to the assignments and which answer it needs; the store reads and writes.

// acceptOffer confirms the offered rides of an open offer (JA,
// dispatch.EvDriverAccept). The database refuses it when the tour overlaps
// another tour the driver has confirmed: that is dispatch.EvDriverClash,
// whose answer is "the ride is taken" and which flags the trips for a
// coordinator. The confirmation is the answer to the SMS; the reminders
// are written for later.
func (s *Store) acceptOffer(ctx context.Context, tx pgx.Tx, offerID int64, d smsPerson, rec *notify.Received) ([]reply, error) {
	var tourID int64
	var code string
	var offeredAt time.Time
	if err := tx.QueryRow(ctx, `SELECT tour_id, code, offered_at FROM offers WHERE id = $1 AND state = 'open' FOR UPDATE`,
		offerID).Scan(&tourID, &code, &offeredAt); err != nil {
		return nil, err
	}
	rides, err := offerRides(ctx, tx, offerID, dispatch.AssignOffered)
	if err != nil {
		return nil, err
	}
	ms, err := s.tryAccept(ctx, tx, offerID)
	if err != nil {
		return nil, err
	}
	t := ms.first()
	switch {
	case len(ms) == 0:
		return s.closedOfferReply(ctx, tx, notify.Decision{Action: notify.ActAccept, OfferID: offerID}.TooLate(), d)
	case t.To != dispatch.StageConfirmed:
		return s.rideReply(notify.MessageOf(t), d, rides, ""), nil
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `UPDATE offers SET state = 'accepted', answered_at = $2 WHERE id = $1`, offerID, now); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, dispatch.Actor{Name: "sms"}, "offer", offerID, "accepted", map[string]any{"rides": len(rides)}); err != nil {
		return nil, err
	}
	rec.AnswerTime = now.Sub(offeredAt)
	if err := s.rescheduleTour(ctx, tx, tourID); err != nil {
		return nil, err
	}
	return s.rideReply(notify.MessageOf(t), d, rides, code), nil
}

// tryAccept steps the offer's rides by EvDriverAccept in a savepoint; when
// the database refuses the confirmation for an overlap with another
// confirmed tour of the driver, it closes the offer by EvDriverClash
// instead.
func (s *Store) tryAccept(ctx context.Context, tx pgx.Tx, offerID int64) (moves, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := s.step(ctx, sp, dispatch.EvDriverAccept, `a.offer_id = $1 AND a.state = 'offered'`, offerID)
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23P01" {
		if err := sp.Rollback(ctx); err != nil {
			return nil, err
		}
		_, ms, err = s.closeOffer(ctx, tx, offerID, "declined", dispatch.EvDriverClash)
		return ms, err
	}
	if err != nil {
		sp.Rollback(ctx)
		return nil, err
	}
	return ms, sp.Commit(ctx)
}

// declineOffer closes an open offer on NEIN (dispatch.EvDriverDecline);
// the date is planned again without this driver for these rides.
func (s *Store) declineOffer(ctx context.Context, tx pgx.Tx, offerID int64, d smsPerson, rec *notify.Received) ([]reply, error) {
	var offeredAt time.Time
	if err := tx.QueryRow(ctx, `SELECT offered_at FROM offers WHERE id = $1 AND state = 'open' FOR UPDATE`,
		offerID).Scan(&offeredAt); err != nil {
		return nil, err
	}
	rides, ms, err := s.closeOffer(ctx, tx, offerID, "declined", dispatch.EvDriverDecline)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return s.closedOfferReply(ctx, tx, notify.Decision{Action: notify.ActDecline, OfferID: offerID}.TooLate(), d)
	}
	rec.AnswerTime = s.now().Sub(offeredAt)
	return s.rideReply(notify.MessageOf(ms.first()), d, rides, ""), nil
}

// heldRides carries out a reply about rides the driver has confirmed:
// ABSAGE or NEIN gives them back (dispatch.EvDriverCancel: declined by the
// driver, flagged, planned again), a repeated JA confirms them again. The
// rides are the ones ahead of the offer the reply names, or of its tour.
func (s *Store) heldRides(ctx context.Context, tx pgx.Tx, dec notify.Decision, d smsPerson) ([]reply, error) {
	ev, _ := dec.Event()
	ms, err := s.step(ctx, tx, ev, `a.driver_id = $1 AND a.state = 'confirmed' AND a.planned_pickup > $2
		AND CASE WHEN $3::bigint <> 0 THEN a.offer_id = $3 ELSE a.tour_id = $4 END`,
		d.driverID, s.now(), dec.OfferID, dec.TourID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return s.closedOfferReply(ctx, tx, dec.TooLate(), d)
	}
	if ev == dispatch.EvDriverCancel {
		if err := s.audit(ctx, tx, dispatch.Actor{Name: "sms"}, "tour", dec.TourID, "driver_cancel",
			map[string]any{"rides": len(ms)}); err != nil {
			return nil, err
		}
	}
	rides, err := assignmentRides(ctx, tx, ms.ids())
	if err != nil {
		return nil, err
	}
	return s.rideReply(notify.MessageOf(ms.first()), d, rides, ridesCode(rides)), nil
}

// closedOfferReply answers a reply that changes nothing with the text
// notify.Decide chose: the offer ran out, was settled, or was taken. No
// answer kind: no answer.
func (s *Store) closedOfferReply(ctx context.Context, tx pgx.Tx, dec notify.Decision, d smsPerson) ([]reply, error) {
	if dec.Answer == "" {
		return nil, nil
	}
	rides, err := offerRides(ctx, tx, dec.OfferID, "")
	if err != nil {
		return nil, err
	}
	if len(rides) == 0 {
		return []reply{{notify.KindHelp, s.sms.texts.Help(d.lang)}}, nil
	}
	return s.rideReply(dec.Answer, d, rides, ""), nil
}

// rideReply is the answer of kind about rides (none for no kind).
func (s *Store) rideReply(kind notify.MessageKind, d smsPerson, rides []tourRide, code string) []reply {
	if kind == "" || len(rides) == 0 {
		return nil
	}
	ride := s.rideData(d, rides)
	ride.Code = code
	t := s.sms.texts
	text := t.OfferTaken
	switch kind {
	case notify.KindConfirmation:
		text = t.Confirmation
	case notify.KindDeclineAck:
		text = t.DeclineAck
	case notify.KindCancelAck:
		text = t.DriverCancelAck
	case notify.KindOfferExpired:
		text = t.OfferExpired
	case notify.KindOfferWithdrawn:
		text = t.OfferWithdrawn
	}
	return []reply{{kind, text(d.lang, ride)}}
}

// flagSMSFailed is the flag of a trip whose SMS did not get through; the
// SMS log says which and why.
const flagSMSFailed = string(dispatch.RuleSMSFailed)
