package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// Offers go per tour: the planner's proposals of one driver's tour become
// one offer with one reply code and one SMS, so that a shopping run with five
// seniors asks once. An offer ends accepted (JA), declined (NEIN), expired
// (no answer by expires_at), failed (the SMS did not reach the driver) or
// withdrawn (all its rides cancelled). Declined, expired and failed offers
// leave their assignments declined or expired: those exclude the driver from
// those trips when the date is planned again, which proposes the next
// suitable driver, who is offered the rides in turn.

// offerProposals offers the date's proposals that are not offered yet, one
// offer per tour. SavePlan calls it after the full planning pass.
func (s *Store) offerProposals(ctx context.Context, tx pgx.Tx, date string) error {
	rows, _ := tx.Query(ctx, `SELECT a.tour_id, min(a.driver_id) FROM assignments a JOIN trips t ON t.id = a.trip_id
		WHERE t.service_date = $1::date AND a.state = 'proposed' AND t.status = 'booked'
		GROUP BY a.tour_id ORDER BY a.tour_id`, date)
	var tours [][2]int64
	var tour, driver int64
	_, err := pgx.ForEachRow(rows, []any{&tour, &driver}, func() error {
		tours = append(tours, [2]int64{tour, driver})
		return nil
	})
	if err != nil {
		return err
	}
	for _, t := range tours {
		if err := s.makeOffer(ctx, tx, t[0], t[1]); err != nil {
			return err
		}
	}
	return nil
}

// makeOffer turns the proposed assignments of a tour into an offer
// (dispatch.EvPlannerOffer), writes the offer SMS and schedules the
// offer's expiry.
func (s *Store) makeOffer(ctx context.Context, tx pgx.Tx, tourID, driverID int64) error {
	rides, err := tourRides(ctx, tx, tourID, dispatch.AssignProposed)
	if err != nil || len(rides) == 0 {
		return err
	}
	now := s.now()
	expires := notify.OfferExpiry(now, rides[0].pickupAt)
	if !expires.After(now) {
		return nil // the ride has begun: a coordinator must act, not an SMS
	}
	ms, err := s.step(ctx, tx, dispatch.EvPlannerOffer, `a.tour_id = $1 AND a.state = 'proposed'`, tourID)
	if err != nil || !ms.has(dispatch.EffOffer) {
		return err
	}
	code, err := s.freeCode(ctx, tx, driverID)
	if err != nil {
		return err
	}
	var offerID int64
	if err := tx.QueryRow(ctx, `INSERT INTO offers (tour_id, driver_id, code, state, offered_at, expires_at, created_at)
		VALUES ($1, $2, $3, 'open', $4, $5, $4) RETURNING id`, tourID, driverID, code, now, expires).Scan(&offerID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE assignments SET offer_id = $2, offer_code = $3, offered_at = $4, expires_at = $5
		WHERE id = ANY($1)`, ms.ids(), offerID, code, now, expires); err != nil {
		return err
	}
	d, err := smsDriver(ctx, tx, driverID)
	if err != nil {
		return err
	}
	ride := s.rideData(d, rides)
	ride.Code, ride.ExpiresAt = code, expires
	if _, err := s.queueMessage(ctx, tx, outMessage{Kind: notify.KindOffer, To: d.phone, Lang: d.lang,
		Body: s.sms.texts.Offer(d.lang, ride), DriverID: driverID, TripID: rides[0].tripID,
		AssignmentID: rides[0].assignmentID, OfferID: offerID, TourID: tourID, Deadline: expires}); err != nil {
		return err
	}
	return s.enqueue(ctx, tx, OfferExpiryArgs{OfferID: offerID}, &river.InsertOpts{ScheduledAt: expires})
}

// freeCode picks a reply code not used by the driver's open offers nor by
// the confirmed rides still ahead (ABSAGE names those by their code).
func (s *Store) freeCode(ctx context.Context, tx pgx.Tx, driverID int64) (string, error) {
	rows, _ := tx.Query(ctx, `SELECT code FROM offers WHERE driver_id = $1 AND state = 'open'
		UNION SELECT offer_code FROM assignments WHERE driver_id = $1 AND state = 'confirmed'
		  AND offer_code IS NOT NULL AND planned_pickup > $2
		UNION SELECT code FROM open_ride_codes WHERE driver_id = $1 AND expires_at > $2`, driverID, s.now())
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	taken := make(map[string]bool, len(codes))
	for _, c := range codes {
		taken[c] = true
	}
	return notify.NewCode(taken)
}

// ExpireOffer implements Offers. An offer still open at its expiry
// expires: its assignments expire (dispatch.EvExpire: the driver is
// excluded from those trips and told, the date is planned again). Before
// its expiry (by the store's clock) it returns the time left, and the job
// waits.
func (s *Store) ExpireOffer(ctx context.Context, offerID int64) (time.Duration, error) {
	var wait time.Duration
	err := s.inTx(ctx, "offer", func(tx pgx.Tx) error {
		var state string
		var expires time.Time
		err := tx.QueryRow(ctx, `SELECT state, expires_at FROM offers WHERE id = $1 FOR UPDATE`, offerID).Scan(&state, &expires)
		if err != nil || state != "open" {
			return err
		}
		if now := s.now(); expires.After(now.Add(notYetDue)) {
			wait = expires.Sub(now)
			return nil
		}
		rides, ms, err := s.closeOffer(ctx, tx, offerID, "expired", dispatch.EvExpire)
		if err != nil || notify.MessageOf(ms.first()) != notify.KindOfferExpired {
			return err
		}
		return s.tellDriver(ctx, tx, offerID, notify.KindOfferExpired, rides, s.sms.texts.OfferExpired)
	})
	return wait, err
}

// offerFailed closes an open offer whose SMS did not reach the driver
// (dispatch.EvSendFailed), so that the next driver is asked; nothing is
// sent to the failed number.
func (s *Store) offerFailed(ctx context.Context, tx pgx.Tx, offerID int64) error {
	var state string
	err := tx.QueryRow(ctx, `SELECT state FROM offers WHERE id = $1 FOR UPDATE`, offerID).Scan(&state)
	if err != nil || state != "open" {
		return err
	}
	_, _, err = s.closeOffer(ctx, tx, offerID, "failed", dispatch.EvSendFailed)
	return err
}

// closeOffer ends an open offer by a lifecycle event on its still offered
// assignments (which replans their dates); the offer gets state. It
// returns the rides the offer still held, and the moves.
func (s *Store) closeOffer(ctx context.Context, tx pgx.Tx, offerID int64, state string, ev dispatch.Event) ([]tourRide, moves, error) {
	if _, err := tx.Exec(ctx, `UPDATE offers SET state = $2, answered_at = $3 WHERE id = $1`, offerID, state, s.now()); err != nil {
		return nil, nil, err
	}
	rides, err := offerRides(ctx, tx, offerID, dispatch.AssignOffered)
	if err != nil {
		return nil, nil, err
	}
	ms, err := s.step(ctx, tx, ev, `a.offer_id = $1 AND a.state = 'offered'`, offerID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.audit(ctx, tx, dispatch.Actor{Name: "sms"}, "offer", offerID, state, map[string]any{"rides": len(rides)}); err != nil {
		return nil, nil, err
	}
	return rides, ms, nil
}

// tellDriver writes a message about an offer's rides to its driver.
func (s *Store) tellDriver(ctx context.Context, tx pgx.Tx, offerID int64, kind notify.MessageKind, rides []tourRide,
	text func(notify.Lang, notify.RideData) string) error {
	var driverID, tourID int64
	var code string
	if err := tx.QueryRow(ctx, `SELECT driver_id, tour_id, code FROM offers WHERE id = $1`, offerID).Scan(&driverID, &tourID, &code); err != nil {
		return err
	}
	d, err := smsDriver(ctx, tx, driverID)
	if err != nil {
		return err
	}
	ride := s.rideData(d, rides)
	ride.Code = code
	_, err = s.queueMessage(ctx, tx, outMessage{Kind: kind, To: d.phone, Lang: d.lang, Body: text(d.lang, ride),
		DriverID: driverID, TripID: rides[0].tripID, OfferID: offerID, TourID: tourID, Deadline: rides[0].pickupAt})
	return err
}

// OpenOffers counts the offers waiting for an answer, for the metrics.
func (s *Store) OpenOffers(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM offers WHERE state = 'open'`).Scan(&n)
	return n, mapError(err, "offer")
}
