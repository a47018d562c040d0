package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// TourRides lists the rides that took place (done or no-show) in the period
// on their confirmed tours, with the driver's home and any corrected or
// frozen distance of the tour, by tour and planned pickup: what the
// volunteer log routes. driverID 0 is every driver.
func (s *Store) TourRides(ctx context.Context, p dispatch.Period, driverID int64) ([]dispatch.TourRide, error) {
	rides, err := loggedRides(ctx, s.pool, `t.service_date BETWEEN $1::date AND $2::date AND ($3 = 0 OR a.driver_id = $3)`,
		p.From, p.To, driverID)
	return rides, mapError(err, "tour")
}

// loggedRides reads the rides that took place on confirmed tours that match
// where (with args). A row corrected_by retention holds no correction, only
// the frozen planned figures.
func loggedRides(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, where string, args ...any) ([]dispatch.TourRide, error) {
	rows, _ := q.Query(ctx, `SELECT a.tour_id, a.driver_id, d.first_name || ' ' || d.last_name, d.lat, d.lon,
			t.id, o.outcome, to_char(t.service_date, 'YYYY-MM-DD'), t.pickup_lat, t.pickup_lon,
			t.dropoff_lat, t.dropoff_lon, a.planned_pickup, a.planned_dropoff,
			CASE WHEN c.corrected_by <> '`+CorrectedByRetention+`' THEN c.meters END, c.planned_meters, c.seconds
		FROM trip_outcomes o
		JOIN trips t ON t.id = o.trip_id
		JOIN assignments a ON a.trip_id = t.id AND a.state = 'confirmed'
		JOIN drivers d ON d.id = a.driver_id
		LEFT JOIN tour_km_corrections c ON c.tour_id = a.tour_id
		WHERE o.outcome IN ('done', 'no_show') AND `+where+`
		ORDER BY a.tour_id, a.planned_pickup, t.id`, args...)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.TourRide, error) {
		var t dispatch.TourRide
		err := r.Scan(&t.TourID, &t.DriverID, &t.DriverName, &t.Home.Lat, &t.Home.Lon, &t.TripID, &t.Outcome,
			&t.ServiceDate, &t.Pickup.Lat, &t.Pickup.Lon, &t.Dropoff.Lat, &t.Dropoff.Lon,
			&t.PlannedPickup, &t.PlannedDropoff, &t.CorrectedMeters, &t.FrozenMeters, &t.FrozenSeconds)
		return t, err
	})
}

// TourKmFreezer is the KmFreezer of the volunteer log routed with travel
// (the one the after-ride service uses): for every tour of the trips that
// has not been frozen yet it stores the planned metres and seconds, as a
// row corrected_by retention where the tour has no correction, or next to
// the correction, which it keeps.
func (s *Store) TourKmFreezer(travel dispatch.TravelTimes) KmFreezer {
	if travel == nil {
		travel = dispatch.GreatCircle{}
	}
	return func(ctx context.Context, tx pgx.Tx, tripIDs []int64) error {
		rides, err := loggedRides(ctx, tx, `a.tour_id IN (SELECT a2.tour_id FROM assignments a2
			LEFT JOIN tour_km_corrections c2 ON c2.tour_id = a2.tour_id
			WHERE a2.trip_id = ANY($1) AND a2.state = 'confirmed' AND c2.seconds IS NULL)`, tripIDs)
		if err != nil {
			return err
		}
		logs, err := dispatch.TourLogs(ctx, travel, rides)
		if err != nil {
			return err
		}
		for _, l := range logs {
			// The column's sanity limit; no planned tour comes near it.
			meters := min(l.PlannedMeters, dispatch.MaxTourKm*1000)
			if _, err := tx.Exec(ctx, `INSERT INTO tour_km_corrections (tour_id, meters, corrected_by, corrected_at,
				planned_meters, seconds) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tour_id) DO UPDATE
				SET planned_meters = $5, seconds = $6`, l.TourID, meters, CorrectedByRetention, s.now(),
				l.PlannedMeters, l.Seconds); err != nil {
				return err
			}
		}
		return nil
	}
}

// Who corrects a tour's kilometres.
const (
	CorrectedByDriver      = "driver"
	CorrectedByCoordinator = "coordinator"
	// CorrectedByRetention marks the frozen planned figures of a tour
	// without a correction (see TourKmFreezer).
	CorrectedByRetention = "retention"
)

// CorrectTourKm sets the actual distance of a tour in metres (checked with
// dispatch.ValidateKm by the caller's input). A driver (driverID not nil)
// corrects only their own tours; another's is not found. The previous
// value goes into the audit log.
func (s *Store) CorrectTourKm(ctx context.Context, actor dispatch.Actor, tourID, meters int64, driverID *int64) error {
	if meters < 0 || meters > dispatch.MaxTourKm*1000 {
		_, err := dispatch.ValidateKm(-1)
		return err
	}
	by := CorrectedByCoordinator
	if driverID != nil {
		by = CorrectedByDriver
	}
	return s.inTx(ctx, "tour", func(tx pgx.Tx) error {
		var owner int64
		if err := tx.QueryRow(ctx, `SELECT driver_id FROM tours WHERE id = $1 FOR UPDATE`, tourID).Scan(&owner); err != nil {
			return err
		}
		if driverID != nil && *driverID != owner {
			return pgx.ErrNoRows
		}
		var prev *int64
		if err := tx.QueryRow(ctx, `SELECT meters FROM tour_km_corrections WHERE tour_id = $1`, tourID).Scan(&prev); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tour_km_corrections (tour_id, meters, corrected_by, account_id, corrected_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tour_id) DO UPDATE SET meters = $2, corrected_by = $3,
			account_id = $4, corrected_at = $5`, tourID, meters, by, actor.AccountID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "tour", tourID, "km_corrected",
			map[string]any{"meters": meters, "previous_meters": prev, "by": by})
	})
}
