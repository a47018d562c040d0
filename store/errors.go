package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// conflictMessages turns constraint names into words a coordinator understands.
var conflictMessages = map[string]string{
	"trips_rider_no_overlap":        "the rider already has a trip at that time",
	"assignments_driver_no_overlap": "the driver is already committed to a ride at that time",
	"assignments_live_trip_key":     "the trip is already assigned",
	"assignments_wheelchair":        "a wheelchair user needs a wheelchair-capable vehicle",
	"assignments_seats":             "the vehicle does not have enough seats",
	"accounts_email_key":            "an account with this email exists already",
	"drivers_phone_key":             "a driver with this phone number exists already",
	"places_name_key":               "a place with this name exists already",
}

// mapError turns pgx errors into the codes of dispatch.Error: no rows is not
// found, unique and exclusion violations and failed checks of the data's
// rules are conflicts, a foreign key points to something missing, a timeout
// is unavailable. Errors that already carry a code pass through.
func mapError(err error, what string) error {
	if err == nil {
		return nil
	}
	var de *dispatch.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return dispatch.Wrap(dispatch.CodeNotFound, err, what+" not found")
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return dispatch.Wrap(dispatch.CodeUnavailable, err, "the database did not answer in time")
	}
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return dispatch.Wrap(dispatch.CodeInternal, err, "")
	}
	switch pg.Code {
	case "23505", "23P01", "23514":
		msg, ok := conflictMessages[pg.ConstraintName]
		if !ok {
			msg = what + " conflicts with existing data"
		}
		return dispatch.Wrap(dispatch.CodeConflict, err, msg)
	case "23503":
		return dispatch.Wrap(dispatch.CodeNotFound, err, "a referenced record does not exist")
	case "57014", "55P03", "40001", "40P01":
		return dispatch.Wrap(dispatch.CodeUnavailable, err, "the database is busy, try again")
	}
	return dispatch.Wrap(dispatch.CodeInternal, err, "")
}
