package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// smsOutcomeWindow is how far back FERTIG and NICHT DA look for the
// driver's started rides: yesterday's ride may be reported this morning.
const smsOutcomeWindow = 36 * time.Hour

// recordOutcomesBySMS carries out notify's decision about a driver's
// FERTIG or NICHT DA: it records the outcome of the decided rides and
// returns the answer. What the reply means is notify.Decide's.
func (s *Store) recordOutcomesBySMS(ctx context.Context, tx pgx.Tx, d notify.OutcomeDecision, who smsSender) ([]reply, error) {
	actor := dispatch.Actor{Name: "driver sms"}
	for _, trip := range d.Trips {
		o := dispatch.Outcome{TripID: trip, Outcome: d.Outcome, Source: dispatch.SourceSMS, DriverID: &who.driverID}
		if err := s.recordOutcome(ctx, tx, actor, o); err != nil {
			return nil, err
		}
	}
	return []reply{{notify.KindOutcomeAck, s.sms.texts.OutcomeReply(who.lang, d.Key, len(d.Trips), d.Code)}}, nil
}

// startedRides lists the driver's confirmed rides that began within
// smsOutcomeWindow and have no outcome, oldest first, with their tour's
// code, for the conversation.
func (s *Store) startedRides(ctx context.Context, tx pgx.Tx, driverID int64) ([]notify.StartedRide, error) {
	now := s.now()
	rows, _ := tx.Query(ctx, `SELECT a.tour_id, t.id, upper(coalesce(a.offer_code, ''))
		FROM assignments a JOIN trips t ON t.id = a.trip_id
		WHERE a.driver_id = $1 AND a.state = 'confirmed' AND t.status IN ('booked', 'completed')
		  AND t.pickup_earliest <= $2 AND a.planned_pickup > $3
		  AND NOT EXISTS (SELECT 1 FROM trip_outcomes o WHERE o.trip_id = t.id)
		ORDER BY a.planned_pickup, t.id`, driverID, now, now.Add(-smsOutcomeWindow))
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (notify.StartedRide, error) {
		var sr notify.StartedRide
		return sr, r.Scan(&sr.Tour, &sr.Trip, &sr.Code)
	})
}
