package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// ownTimesFlag is what a confirmed ride says when its driver's own change
// of times no longer covers it: the ride stays theirs until a coordinator
// decides, so that it is not silently dropped.
const ownTimesFlag = string(dispatch.RuleOwnTimes)

// SetOwnAvailability replaces a driver's weekly windows as the driver set
// them on their page. The confirmed rides the new windows no longer cover
// are flagged for the coordinators; the days of the driver's rides are
// planned again. It returns the flagged trips.
func (s *Store) SetOwnAvailability(ctx context.Context, actor dispatch.Actor, driverID int64, ws []dispatch.Window) ([]int64, error) {
	var flagged []int64
	err := s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM drivers WHERE id = $1 AND active FOR UPDATE`, driverID).Scan(&one); err != nil {
			return err
		}
		if err := s.replaceAvailability(ctx, tx, actor, driverID, ws); err != nil {
			return err
		}
		var err error
		if flagged, err = s.flagUncovered(ctx, tx, driverID); err != nil {
			return err
		}
		return s.planDriverDays(ctx, tx, driverID, "")
	})
	return flagged, err
}

// AddOwnAbsence records an absence the driver entered on their page, flags
// the confirmed rides it covers, and plans the driver's days and the
// absent days again. It returns the flagged trips.
func (s *Store) AddOwnAbsence(ctx context.Context, actor dispatch.Actor, a dispatch.Absence) ([]int64, error) {
	var flagged []int64
	err := s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		var err error
		flagged, err = s.addOwnAbsence(ctx, tx, actor, a)
		return err
	})
	return flagged, err
}

// addOwnAbsence is AddOwnAbsence in tx; URLAUB by SMS takes the same path.
func (s *Store) addOwnAbsence(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, a dispatch.Absence) ([]int64, error) {
	var one int
	if err := tx.QueryRow(ctx, `SELECT 1 FROM drivers WHERE id = $1 AND active FOR UPDATE`, a.DriverID).Scan(&one); err != nil {
		return nil, err
	}
	if _, err := s.insertAbsence(ctx, tx, actor, a); err != nil {
		return nil, err
	}
	flagged, err := s.flagUncovered(ctx, tx, a.DriverID)
	if err != nil {
		return nil, err
	}
	return flagged, s.planDriverDays(ctx, tx, a.DriverID, a.From, a.To)
}

// flagUncovered flags the driver's coming confirmed rides that no weekly
// window covers (in local clock time) or that fall on an absence.
func (s *Store) flagUncovered(ctx context.Context, tx pgx.Tx, driverID int64) ([]int64, error) {
	rows, _ := tx.Query(ctx, `UPDATE trips t SET flagged = $4, updated_at = $2 FROM assignments a
		WHERE a.trip_id = t.id AND a.driver_id = $1 AND a.state = 'confirmed' AND t.status = 'booked'
		  AND a.planned_pickup >= $2
		  AND (EXISTS (SELECT 1 FROM driver_absences x WHERE x.driver_id = $1
		               AND t.service_date BETWEEN x.starts_on AND x.ends_on)
		    OR NOT EXISTS (SELECT 1 FROM driver_availability w WHERE w.driver_id = $1
		               AND w.weekday = extract(isodow FROM t.service_date)
		               AND (a.planned_pickup AT TIME ZONE $3)::time >= w.starts
		               AND (a.planned_dropoff AT TIME ZONE $3)::time <= w.ends))
		RETURNING t.id`, driverID, s.now(), s.loc.String(), ownTimesFlag)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
