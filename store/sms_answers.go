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

// The effects of a driver's answers, in the transaction of the incoming SMS.

// acceptOffer confirms the offered rides of an open offer (JA). The
// database refuses it when the tour overlaps another tour the driver has
// confirmed: then the driver is thanked and told the ride is taken, the
// rides go to the next driver, and the trips are flagged so that a
// coordinator can sort it out with the driver. The confirmation is the
// answer to the SMS; the reminders are written for later.
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
	if len(rides) == 0 {
		return s.closedOfferReply(ctx, tx, notify.Decision{Action: notify.ActTaken, OfferID: offerID}, d)
	}
	now := s.now()
	clash, err := confirmOffered(ctx, tx, offerID, now)
	if err != nil {
		return nil, err
	}
	if clash {
		return s.refuseClash(ctx, tx, offerID, d, rides)
	}
	if _, err := tx.Exec(ctx, `UPDATE offers SET state = 'accepted', answered_at = $2 WHERE id = $1`, offerID, now); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, dispatch.Actor{Name: "sms"}, "offer", offerID, "accepted", map[string]any{"rides": len(rides)}); err != nil {
		return nil, err
	}
	rec.AnswerTime = now.Sub(offeredAt)
	ride := s.rideData(d, rides)
	ride.Code = code
	if err := s.rescheduleTour(ctx, tx, tourID); err != nil {
		return nil, err
	}
	return []reply{{notify.KindConfirmation, s.sms.texts.Confirmation(d.lang, ride)}}, nil
}

// confirmOffered confirms the offer's rides in a savepoint and reports a
// clash with another confirmed tour of the driver instead of failing.
func confirmOffered(ctx context.Context, tx pgx.Tx, offerID int64, now time.Time) (clash bool, err error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, err
	}
	_, err = sp.Exec(ctx, `UPDATE assignments SET state = 'confirmed', answered_at = $2, decided_by = 'driver',
		updated_at = $2 WHERE offer_id = $1 AND state = 'offered'`, offerID, now)
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23P01" {
		return true, sp.Rollback(ctx)
	}
	if err != nil {
		sp.Rollback(ctx)
		return false, err
	}
	return false, sp.Commit(ctx)
}

func (s *Store) refuseClash(ctx context.Context, tx pgx.Tx, offerID int64, d smsPerson, rides []tourRide) ([]reply, error) {
	if _, err := s.closeOffer(ctx, tx, offerID, "declined", dispatch.AssignDeclined); err != nil {
		return nil, err
	}
	if err := flagTrips(ctx, tx, rides, string(dispatch.RuleDriverClash)); err != nil {
		return nil, err
	}
	return []reply{{notify.KindOfferTaken, s.sms.texts.OfferTaken(d.lang, s.rideData(d, rides))}}, nil
}

// declineOffer closes an open offer on NEIN; the date is planned again
// without this driver for these rides.
func (s *Store) declineOffer(ctx context.Context, tx pgx.Tx, offerID int64, d smsPerson, rec *notify.Received) ([]reply, error) {
	var offeredAt time.Time
	if err := tx.QueryRow(ctx, `SELECT offered_at FROM offers WHERE id = $1 AND state = 'open' FOR UPDATE`,
		offerID).Scan(&offeredAt); err != nil {
		return nil, err
	}
	rides, err := s.closeOffer(ctx, tx, offerID, "declined", dispatch.AssignDeclined)
	if err != nil {
		return nil, err
	}
	if len(rides) == 0 {
		return s.closedOfferReply(ctx, tx, notify.Decision{Action: notify.ActTaken, OfferID: offerID}, d)
	}
	rec.AnswerTime = s.now().Sub(offeredAt)
	return []reply{{notify.KindDeclineAck, s.sms.texts.DeclineAck(d.lang, s.rideData(d, rides))}}, nil
}

// cancelTourBySMS gives back the rides ahead of a confirmed tour (ABSAGE):
// they become declined by the driver (so the planner does not ask them
// again), go back to planning, and are flagged for the coordinators.
func (s *Store) cancelTourBySMS(ctx context.Context, tx pgx.Tx, dec notify.Decision, d smsPerson) ([]reply, error) {
	tourID := dec.TourID
	now := s.now()
	rows, _ := tx.Query(ctx, tourRideSelect+`WHERE a.tour_id = $1 AND a.driver_id = $2 AND a.state = 'confirmed'
		AND a.planned_pickup > $3 ORDER BY a.planned_pickup, a.id`, tourID, d.driverID, now)
	rides, err := pgx.CollectRows(rows, scanTourRide)
	if err != nil || len(rides) == 0 {
		return nil, err
	}
	ids := make([]int64, 0, len(rides))
	for _, r := range rides {
		ids = append(ids, r.assignmentID)
	}
	if _, err := tx.Exec(ctx, `UPDATE assignments SET state = 'declined', answered_at = $2, decided_by = 'driver',
		updated_at = $2 WHERE id = ANY($1)`, ids, now); err != nil {
		return nil, err
	}
	if dec.Flag {
		if err := flagTrips(ctx, tx, rides, string(dispatch.RuleDriverCancelled)); err != nil {
			return nil, err
		}
	}
	if err := s.audit(ctx, tx, dispatch.Actor{Name: "sms"}, "tour", tourID, "driver_cancel", map[string]any{"rides": len(rides)}); err != nil {
		return nil, err
	}
	if err := s.replan(ctx, tx, rides); err != nil {
		return nil, err
	}
	ride := s.rideData(d, rides)
	ride.Code = ridesCode(rides)
	return []reply{{notify.KindCancelAck, s.sms.texts.DriverCancelAck(d.lang, ride)}}, nil
}

// closedOfferReply answers a reply about an offer that is no longer open
// with the text notify.Decide chose: ran out, settled, taken, or (for the
// driver who holds its rides) the confirmation again, naming the rides
// they still hold.
func (s *Store) closedOfferReply(ctx context.Context, tx pgx.Tx, dec notify.Decision, d smsPerson) ([]reply, error) {
	state := ""
	if dec.Action == notify.ActConfirmAgain {
		state = dispatch.AssignConfirmed
	}
	rides, err := offerRides(ctx, tx, dec.OfferID, state)
	if err != nil {
		return nil, err
	}
	if len(rides) == 0 {
		return []reply{{notify.KindHelp, s.sms.texts.Help(d.lang)}}, nil
	}
	ride := s.rideData(d, rides)
	t := s.sms.texts
	switch dec.Answer {
	case notify.KindOfferExpired:
		return []reply{{dec.Answer, t.OfferExpired(d.lang, ride)}}, nil
	case notify.KindOfferWithdrawn:
		return []reply{{dec.Answer, t.OfferWithdrawn(d.lang, ride)}}, nil
	case notify.KindConfirmation:
		ride.Code = ridesCode(rides)
		return []reply{{dec.Answer, t.Confirmation(d.lang, ride)}}, nil
	}
	return []reply{{notify.KindOfferTaken, t.OfferTaken(d.lang, ride)}}, nil
}

// flagTrips shows a problem with rides to the coordinators.
func flagTrips(ctx context.Context, tx pgx.Tx, rides []tourRide, why string) error {
	ids := make([]int64, 0, len(rides))
	for _, r := range rides {
		ids = append(ids, r.tripID)
	}
	_, err := tx.Exec(ctx, `UPDATE trips SET flagged = $2 WHERE id = ANY($1)`, ids, why)
	return err
}

// flagSMSFailed is the flag of a trip whose SMS did not get through; the
// SMS log says which and why.
const flagSMSFailed = string(dispatch.RuleSMSFailed)
