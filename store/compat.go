package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// AddIncompatibility records that a senior and a driver must not be
// paired. The senior's coming days are planned again, so that a proposal
// or offer to that driver is replaced; a confirmed ride stays (a person
// decided it) and is flagged for the coordinators.
func (s *Store) AddIncompatibility(ctx context.Context, actor dispatch.Actor, inc dispatch.Incompatibility) error {
	return s.inTx(ctx, "incompatibility", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO incompatibilities (rider_id, driver_id, refused_by, note, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (rider_id, driver_id) DO UPDATE SET refused_by = $3, note = $4`,
			inc.RiderID, inc.DriverID, inc.RefusedBy, inc.Note, s.now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE trips t SET flagged = $4
			FROM assignments a WHERE a.trip_id = t.id AND a.state = 'confirmed' AND a.driver_id = $2
			  AND t.rider_id = $1 AND t.status = 'booked' AND t.service_date >= $3::date`,
			inc.RiderID, inc.DriverID, s.today().Format(time.DateOnly), string(dispatch.RuleIncompatible)); err != nil {
			return err
		}
		if err := s.planRiderDays(ctx, tx, inc.RiderID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "rider", inc.RiderID, "incompatible", map[string]any{"driver_id": inc.DriverID, "refused_by": inc.RefusedBy})
	})
}

// planRiderDays asks for every coming day of a rider's booked trips to be
// planned again.
func (s *Store) planRiderDays(ctx context.Context, tx pgx.Tx, riderID int64) error {
	rows, _ := tx.Query(ctx, `SELECT DISTINCT to_char(service_date, 'YYYY-MM-DD') FROM trips
		WHERE rider_id = $1 AND status = 'booked' AND service_date >= $2::date`, riderID, s.today().Format(time.DateOnly))
	dates, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	trips := make([]dispatch.Trip, len(dates))
	for i, d := range dates {
		trips[i].ServiceDate = d
	}
	return s.planDates(ctx, tx, trips...)
}

// RemoveIncompatibility lifts the rule; removing one that is not there is
// not found.
func (s *Store) RemoveIncompatibility(ctx context.Context, actor dispatch.Actor, riderID, driverID int64) error {
	return s.inTx(ctx, "incompatibility", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM incompatibilities WHERE rider_id = $1 AND driver_id = $2`, riderID, driverID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		return s.audit(ctx, tx, actor, "rider", riderID, "compatible", map[string]any{"driver_id": driverID})
	})
}

// Incompatibilities lists the pairs of a rider or of a driver (the other id
// 0), with both names for the pages.
func (s *Store) Incompatibilities(ctx context.Context, riderID, driverID int64) ([]dispatch.Incompatibility, error) {
	rows, _ := s.pool.Query(ctx, `SELECT i.rider_id, i.driver_id, i.refused_by, i.note, i.created_at,
		r.first_name || ' ' || r.last_name, d.first_name || ' ' || d.last_name
		FROM incompatibilities i JOIN riders r ON r.id = i.rider_id JOIN drivers d ON d.id = i.driver_id
		WHERE ($1 = 0 OR i.rider_id = $1) AND ($2 = 0 OR i.driver_id = $2) ORDER BY i.created_at, i.rider_id`, riderID, driverID)
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Incompatibility, error) {
		var i dispatch.Incompatibility
		return i, r.Scan(&i.RiderID, &i.DriverID, &i.RefusedBy, &i.Note, &i.CreatedAt, &i.RiderName, &i.DriverName)
	})
	return list, mapError(err, "incompatibility")
}

// loadPeopleRules adds to a planning day what issue 15's rules need: the
// pairs that must stay apart, and drivers with an expired required
// document marked absent (they stay in the day, so that their confirmed
// rides come back unassigned with a reason instead of vanishing).
func loadPeopleRules(ctx context.Context, tx pgx.Tx, day *dispatch.PlanningDay) error {
	day.Incompatible = map[int64][]int64{}
	rows, _ := tx.Query(ctx, `SELECT rider_id, driver_id FROM incompatibilities
		WHERE rider_id IN (SELECT rider_id FROM trips WHERE service_date = $1::date AND status = 'booked')
		ORDER BY rider_id, driver_id`, day.Date)
	var rider, driver int64
	if _, err := pgx.ForEachRow(rows, []any{&rider, &driver}, func() error {
		day.Incompatible[rider] = append(day.Incompatible[rider], driver)
		return nil
	}); err != nil {
		return err
	}
	rows, _ = tx.Query(ctx, `SELECT DISTINCT driver_id FROM driver_documents
		WHERE required AND expires_on < $1::date`, day.Date)
	unfit, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for i := range day.Drivers {
		for _, id := range unfit {
			if day.Drivers[i].ID == id {
				day.Drivers[i].Absent = true
			}
		}
	}
	return nil
}
