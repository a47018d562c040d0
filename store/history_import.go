package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// PastRide is a ride that already happened, to be imported with its
// planned times and outcome: an agency's rides from before Fahrdienst (its
// paper or spreadsheet log), or the demo's history.
type PastRide struct {
	Trip           dispatch.Trip
	PlannedPickup  time.Time
	PlannedDropoff time.Time
	Outcome        dispatch.Outcome
}

// ImportTour stores past rides as one tour of driverID (0: nobody drove,
// as for rides not served), confirmed, with their outcomes (none where
// Outcome.Outcome is empty), in one
// transaction and without any SMS: the rides are over. A ride whose pickup
// has not come is refused like any outcome (dispatch.CheckOutcomeFor). It
// returns the new trips' ids in order.
func (s *Store) ImportTour(ctx context.Context, actor dispatch.Actor, driverID int64, rides []PastRide) ([]int64, error) {
	var ids []int64
	err := s.inTx(ctx, "trip", func(tx pgx.Tx) error {
		ids = ids[:0]
		var tour int64
		if driverID != 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO tours (driver_id) VALUES ($1) RETURNING id`, driverID).Scan(&tour); err != nil {
				return err
			}
		}
		for i, r := range rides {
			if err := dispatch.CheckOutcomeFor(r.Trip, s.now()); err != nil {
				return err
			}
			id, err := insertTrip(ctx, tx, r.Trip, s.now())
			if err != nil {
				return err
			}
			ids = append(ids, id)
			if tour != 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO assignments (trip_id, driver_id, tour_id, state, planned_pickup,
					planned_dropoff, stop_order, decided_by, answered_at, created_at, updated_at)
					VALUES ($1, $2, $3, 'confirmed', $4, $5, $6, 'coordinator', $7, $7, $7)`,
					id, driverID, tour, r.PlannedPickup, r.PlannedDropoff, i, s.now()); err != nil {
					return err
				}
			}
			o := r.Outcome
			o.TripID = id
			if o.Outcome == "" {
				continue // still open: the close-out page will ask
			}
			if err := o.Validate(); err != nil {
				return err
			}
			if err := s.recordOutcome(ctx, tx, actor, o); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}
