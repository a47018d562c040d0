package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// RiderHistory lists a senior's past outbound rides, newest first, with the
// place's name, the outcome and the ride back, so that the senior's page
// shows where they usually go and "book again" can repeat a ride. Rides
// cancelled in time are left out: they never happened.
func (s *Store) RiderHistory(ctx context.Context, riderID int64, limit int) ([]dispatch.HistoryEntry, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []dispatch.HistoryEntry
	err := s.inTx(ctx, "rider", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+tripColumns+tripFrom+`
			WHERE t.rider_id = $1 AND t.leg = 'outbound' AND t.status IN ('booked', 'completed')
			  AND t.pickup_earliest < $2
			ORDER BY t.pickup_earliest DESC LIMIT $3`, riderID, s.now(), limit)
		trips, err := pgx.CollectRows(rows, scanTrip)
		if err != nil {
			return err
		}
		places, err := placeNames(ctx, tx, trips)
		if err != nil {
			return err
		}
		outcomes, err := outcomesOf(ctx, tx, tripIDs(trips))
		if err != nil {
			return err
		}
		returns, err := returnLegs(ctx, tx, trips)
		if err != nil {
			return err
		}
		out = make([]dispatch.HistoryEntry, 0, len(trips))
		for _, t := range trips {
			e := dispatch.HistoryEntry{Trip: t, Return: dispatch.ReturnNone, Outcome: outcomes[t.ID].Outcome}
			if t.Dropoff.PlaceID != nil {
				e.PlaceName = places[*t.Dropoff.PlaceID]
			}
			if back, ok := returns[t.ID]; ok {
				e.Return = dispatch.ReturnOnCall
				if back.Timing == dispatch.TimingPickupAt && back.PickupEarliest != nil {
					e.Return, e.ReturnAt = dispatch.ReturnAt, back.PickupEarliest
				}
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// returnLegs maps outbound trips to their rides back.
func returnLegs(ctx context.Context, tx pgx.Tx, trips []dispatch.Trip) (map[int64]dispatch.Trip, error) {
	var ids []int64
	for _, t := range trips {
		if t.ReturnID != nil {
			ids = append(ids, *t.ReturnID)
		}
	}
	rows, _ := tx.Query(ctx, `SELECT `+tripColumns+tripFrom+` WHERE t.id = ANY($1)`, ids)
	backs, err := pgx.CollectRows(rows, scanTrip)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]dispatch.Trip, len(backs))
	for _, b := range backs {
		out[*b.OutboundID] = b
	}
	return out, nil
}
