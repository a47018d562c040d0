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

// startedRide is a driver's confirmed ride that has begun and has no
// outcome yet.
type startedRide struct {
	tour, trip int64
	code       string
}

// outcomeBySMS handles a driver's FERTIG <code> or NICHT DA <code>; ok is
// false for every other reply, which the conversation rules then decide.
// With a code it is that tour's started rides; without one, the driver's
// only tour with started rides. FERTIG records every such ride of the tour
// done; NICHT DA needs a tour with one such ride, since on a shared tour
// the driver must say who was missing (on their page).
func (s *Store) outcomeBySMS(ctx context.Context, tx pgx.Tx, r notify.Reply, who smsSender, rec *notify.Received) ([]reply, bool, error) {
	if (r.Kind != notify.ReplyDone && r.Kind != notify.ReplyNoShow) || who.driverID == 0 {
		return nil, false, nil
	}
	rec.Action = notify.ActOutcome
	t := s.sms.texts
	answer := func(key string, n int, code string) ([]reply, bool, error) {
		return []reply{{notify.KindOutcomeAck, t.OutcomeReply(who.lang, key, n, code)}}, true, nil
	}
	rides, err := s.startedRides(ctx, tx, who.driverID, r.Code)
	if err != nil {
		return nil, true, err
	}
	tours := map[int64][]int64{}
	for _, sr := range rides {
		tours[sr.tour] = append(tours[sr.tour], sr.trip)
	}
	switch {
	case len(tours) == 0:
		return answer("none", 0, r.Code)
	case len(tours) > 1 || (r.Kind == notify.ReplyNoShow && len(rides) > 1):
		return answer("ambiguous", 0, rides[0].code)
	}
	outcome := dispatch.OutcomeDone
	if r.Kind == notify.ReplyNoShow {
		outcome = dispatch.OutcomeNoShow
	}
	actor := dispatch.Actor{Name: "driver sms"}
	for _, sr := range rides {
		o := dispatch.Outcome{TripID: sr.trip, Outcome: outcome, Source: dispatch.SourceSMS, DriverID: &who.driverID}
		if err := s.recordOutcome(ctx, tx, actor, o); err != nil {
			return nil, true, err
		}
	}
	if outcome == dispatch.OutcomeNoShow {
		return answer("no_show", 1, "")
	}
	return answer("done", len(rides), "")
}

// startedRides lists the driver's confirmed rides that began within
// smsOutcomeWindow and have no outcome, of the tour with code (any tour
// when code is empty), oldest first.
func (s *Store) startedRides(ctx context.Context, tx pgx.Tx, driverID int64, code string) ([]startedRide, error) {
	now := s.now()
	rows, _ := tx.Query(ctx, `SELECT a.tour_id, t.id, coalesce(a.offer_code, '')
		FROM assignments a JOIN trips t ON t.id = a.trip_id
		WHERE a.driver_id = $1 AND a.state = 'confirmed' AND t.status IN ('booked', 'completed')
		  AND t.pickup_earliest <= $2 AND a.planned_pickup > $3
		  AND ($4 = '' OR upper(a.offer_code) = $4)
		  AND NOT EXISTS (SELECT 1 FROM trip_outcomes o WHERE o.trip_id = t.id)
		ORDER BY a.planned_pickup, t.id`, driverID, now, now.Add(-smsOutcomeWindow), code)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (startedRide, error) {
		var sr startedRide
		return sr, r.Scan(&sr.tour, &sr.trip, &sr.code)
	})
}
