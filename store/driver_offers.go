package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// Offers answered on the driver's page (issue 15): "Zusagen" and "Ablehnen"
// are JA and NEIN with the offer's code, handled by the same conversation
// as the SMS (notify.Decide, then converse), so that the lifecycle's
// transitions and the texts are the same. The answer that an SMS would get
// back goes to the driver by SMS, since there was no SMS to answer.

// DriverOffers lists the driver's offers waiting for an answer, soonest
// ride first.
func (s *Store) DriverOffers(ctx context.Context, driverID int64) ([]dispatch.DriverOffer, error) {
	rows, _ := s.pool.Query(ctx, `SELECT o.id, o.code, o.expires_at, min(a.planned_pickup), count(a.id)
		FROM offers o JOIN assignments a ON a.offer_id = o.id AND a.state = 'offered'
		WHERE o.driver_id = $1 AND o.state = 'open' AND o.expires_at > $2
		GROUP BY o.id ORDER BY min(a.planned_pickup), o.id`, driverID, s.now())
	offers, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.DriverOffer, error) {
		var o dispatch.DriverOffer
		return o, r.Scan(&o.ID, &o.Code, &o.ExpiresAt, &o.PickupAt, &o.Rides)
	})
	return offers, mapError(err, "offer")
}

// AnswerOffer answers one of the driver's offers as JA (accept) or NEIN
// with its code would, and returns the kind of the answer the driver got
// (a confirmation, a decline acknowledgement, "ran out", "taken" ...). An
// offer that is not the driver's is not found.
func (s *Store) AnswerOffer(ctx context.Context, driverID, offerID int64, accept bool) (string, error) {
	var kind notify.MessageKind
	err := s.inTx(ctx, "offer", func(tx pgx.Tx) error {
		var code string
		if err := tx.QueryRow(ctx, `SELECT code FROM offers WHERE id = $1 AND driver_id = $2`, offerID, driverID).
			Scan(&code); err != nil {
			return err
		}
		d, err := smsDriver(ctx, tx, driverID)
		if err != nil {
			return err
		}
		word := "NEIN "
		if accept {
			word = "JA "
		}
		var rec notify.Received
		_, replies, err := s.converse(ctx, tx, notify.IncomingSMS{From: d.phone, Body: word + code},
			smsSender{smsPerson: d}, &rec)
		if err != nil {
			return err
		}
		kind = ""
		for _, r := range replies {
			kind = r.kind
			if _, err := s.queueMessage(ctx, tx, outMessage{Kind: r.kind, To: d.phone, Lang: d.lang, Body: r.body,
				DriverID: driverID, OfferID: offerID}); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, driverActor(driverID), "offer", offerID, "answer_on_page",
			map[string]any{"action": rec.Action.String()})
	})
	return string(kind), err
}
