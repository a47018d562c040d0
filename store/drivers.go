package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

const driverColumns = `id, first_name, last_name, phone, street, city, lat, lon, vehicle_seats,
	vehicle_wheelchair, max_rides_per_week, max_duty_minutes, language, sms_opt_out, notes, active,
	created_at, updated_at, coalesce(substring(sms_problem from '([0-9]+)$')::int, 0)`

// driverFields are the scan targets of driverColumns, in order, so that a
// query selecting more than a driver appends its own after them.
func driverFields(d *dispatch.Driver) []any {
	return []any{&d.ID, &d.FirstName, &d.LastName, &d.Phone, &d.Street, &d.City, &d.Lat, &d.Lon,
		&d.VehicleSeats, &d.VehicleWheelchair, &d.MaxRidesPerWeek, &d.MaxDutyMinutes, &d.Language,
		&d.SMSOptOut, &d.Notes, &d.Active, &d.CreatedAt, &d.UpdatedAt, &d.SMSProblem}
}

func scanDriver(row pgx.CollectableRow) (dispatch.Driver, error) {
	var d dispatch.Driver
	err := row.Scan(driverFields(&d)...)
	return d, err
}

// CreateDriver adds a volunteer driver.
func (s *Store) CreateDriver(ctx context.Context, actor dispatch.Actor, d dispatch.Driver) (dispatch.Driver, error) {
	var out dispatch.Driver
	err := s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO drivers (first_name, last_name, phone, street, city, lat, lon,
			vehicle_seats, vehicle_wheelchair, max_rides_per_week, max_duty_minutes, language, notes,
			created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14) RETURNING `+driverColumns,
			d.FirstName, d.LastName, d.Phone, d.Street, d.City, d.Lat, d.Lon, d.VehicleSeats,
			d.VehicleWheelchair, d.MaxRidesPerWeek, d.MaxDutyMinutes, d.Language, d.Notes, s.now())
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanDriver); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "driver", out.ID, "create", map[string]any{})
	})
	return out, err
}

// Driver returns one driver.
func (s *Store) Driver(ctx context.Context, id int64) (dispatch.Driver, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+driverColumns+` FROM drivers WHERE id = $1`, id)
	d, err := pgx.CollectExactlyOneRow(rows, scanDriver)
	return d, mapError(err, "driver")
}

// Drivers lists the drivers, active ones only unless inactive is set.
func (s *Store) Drivers(ctx context.Context, inactive bool) ([]dispatch.Driver, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+driverColumns+` FROM drivers WHERE active OR $1
		ORDER BY last_name, first_name, id`, inactive)
	ds, err := pgx.CollectRows(rows, scanDriver)
	return ds, mapError(err, "driver")
}

// UpdateDriver replaces the editable fields of a driver.
func (s *Store) UpdateDriver(ctx context.Context, actor dispatch.Actor, d dispatch.Driver, changed []string) (dispatch.Driver, error) {
	var out dispatch.Driver
	err := s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE drivers SET first_name=$2, last_name=$3, phone=$4, street=$5,
			city=$6, lat=$7, lon=$8, vehicle_seats=$9, vehicle_wheelchair=$10, max_rides_per_week=$11,
			max_duty_minutes=$12, language=$13, notes=$14, active=$15, sms_opt_out=$16, updated_at=$17
			WHERE id = $1 RETURNING `+driverColumns,
			d.ID, d.FirstName, d.LastName, d.Phone, d.Street, d.City, d.Lat, d.Lon, d.VehicleSeats,
			d.VehicleWheelchair, d.MaxRidesPerWeek, d.MaxDutyMinutes, d.Language, d.Notes, d.Active,
			d.SMSOptOut, s.now())
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanDriver); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "driver", out.ID, "update", map[string]any{"changed": changed})
	})
	return out, err
}

// DeactivateDriver takes a driver out of planning; their history stays.
func (s *Store) DeactivateDriver(ctx context.Context, actor dispatch.Actor, id int64) error {
	return s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE drivers SET active = false, updated_at = $2 WHERE id = $1`, id, s.now())
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		return s.audit(ctx, tx, actor, "driver", id, "deactivate", map[string]any{})
	})
}

// SetAvailability replaces a driver's weekly windows with ws.
func (s *Store) SetAvailability(ctx context.Context, actor dispatch.Actor, driverID int64, ws []dispatch.Window) error {
	return s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM drivers WHERE id = $1 FOR UPDATE`, driverID).Scan(&one); err != nil {
			return err
		}
		return s.replaceAvailability(ctx, tx, actor, driverID, ws)
	})
}

// replaceAvailability replaces a driver's weekly windows, locked by the
// caller, and records who did it.
func (s *Store) replaceAvailability(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, driverID int64, ws []dispatch.Window) error {
	if _, err := tx.Exec(ctx, `DELETE FROM driver_availability WHERE driver_id = $1`, driverID); err != nil {
		return err
	}
	for _, w := range ws {
		if _, err := tx.Exec(ctx, `INSERT INTO driver_availability (driver_id, weekday, starts, ends)
			VALUES ($1, $2, $3::time, $4::time)`, driverID, w.Weekday, w.Start, w.End); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, actor, "driver", driverID, "availability", map[string]any{"windows": ws})
}

// Availability returns a driver's weekly windows, Monday first.
func (s *Store) Availability(ctx context.Context, driverID int64) ([]dispatch.Window, error) {
	rows, _ := s.pool.Query(ctx, `SELECT weekday, to_char(starts, 'HH24:MI'), to_char(ends, 'HH24:MI')
		FROM driver_availability WHERE driver_id = $1 ORDER BY weekday, starts`, driverID)
	ws, err := pgx.CollectRows(rows, scanWindow)
	return ws, mapError(err, "availability")
}

// AddAbsence records days a driver cannot drive.
func (s *Store) AddAbsence(ctx context.Context, actor dispatch.Actor, a dispatch.Absence) (dispatch.Absence, error) {
	err := s.inTx(ctx, "driver", func(tx pgx.Tx) error {
		var err error
		a.ID, err = s.insertAbsence(ctx, tx, actor, a)
		return err
	})
	return a, err
}

// insertAbsence records an absence and who recorded it.
func (s *Store) insertAbsence(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, a dispatch.Absence) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO driver_absences (driver_id, starts_on, ends_on, reason)
		VALUES ($1, $2::date, $3::date, $4) RETURNING id`, a.DriverID, a.From, a.To, a.Reason).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, s.audit(ctx, tx, actor, "driver", a.DriverID, "absence", map[string]any{"from": a.From, "to": a.To})
}

// Absences lists a driver's absences that end on or after from.
func (s *Store) Absences(ctx context.Context, driverID int64, from time.Time) ([]dispatch.Absence, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, driver_id, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), reason
		FROM driver_absences WHERE driver_id = $1 AND ends_on >= $2::date ORDER BY starts_on`, driverID, from.Format(time.DateOnly))
	as, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Absence, error) {
		var a dispatch.Absence
		err := r.Scan(&a.ID, &a.DriverID, &a.From, &a.To, &a.Reason)
		return a, err
	})
	return as, mapError(err, "absence")
}
