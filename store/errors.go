package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// conflict is what a broken constraint means: the rule, for callers that
// translate it, and words a coordinator understands.
type conflict struct {
	rule    dispatch.Rule
	message string
}

// conflicts turns constraint names into the rules they keep.
var conflicts = map[string]conflict{
	"trips_rider_no_overlap":        {dispatch.RuleRiderOverlap, "the rider already has a trip at that time"},
	"assignments_driver_no_overlap": {dispatch.RuleDriverOverlap, "the driver is already committed to a ride at that time"},
	"assignments_live_trip_key":     {dispatch.RuleAssigned, "the trip is already assigned"},
	"assignments_wheelchair":        {dispatch.RuleWheelchair, "a wheelchair user needs a wheelchair-capable vehicle"},
	"assignments_seats":             {dispatch.RuleSeats, "the vehicle does not have enough seats"},
	"accounts_email_key":            {dispatch.RuleEmailTaken, "an account with this email exists already"},
	"shuttle_subscriptions_pkey":    {dispatch.RuleSubscribed, "the rider is subscribed to this ride already"},
	"drivers_phone_key":             {"", "a driver with this phone number exists already"},
	"places_name_key":               {"", "a place with this name exists already"},
}

// shutdown are the SQLSTATEs of a server going away or not taking
// connections yet: admin and crash shutdown, cannot connect now, too many
// connections. Like connection exceptions (class 08) they pass.
var shutdown = map[string]bool{"57P01": true, "57P02": true, "57P03": true, "53300": true}

// unreachable reports whether err means that no connection to the database
// could be made or kept: refused, reset, closed, timed out. Such an error is
// an outage, not a fault of the request.
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.Timeout(err) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, net.ErrClosed) || pgconn.SafeToRetry(err)
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
		if unreachable(err) {
			return dispatch.Wrap(dispatch.CodeUnavailable, err, "the database cannot be reached, try again")
		}
		return dispatch.Wrap(dispatch.CodeInternal, err, "")
	}
	if strings.HasPrefix(pg.Code, "08") || shutdown[pg.Code] {
		return dispatch.Wrap(dispatch.CodeUnavailable, err, "the database cannot be reached, try again")
	}
	switch pg.Code {
	case "23505", "23P01", "23514":
		c, ok := conflicts[pg.ConstraintName]
		if !ok {
			c.message = what + " conflicts with existing data"
		}
		e := dispatch.Wrap(dispatch.CodeConflict, err, c.message)
		e.Rule = c.rule
		return e
	case "23503":
		return dispatch.Wrap(dispatch.CodeNotFound, err, "a referenced record does not exist")
	case "57014", "55P03", "40001", "40P01":
		return dispatch.Wrap(dispatch.CodeUnavailable, err, "the database is busy, try again")
	}
	return dispatch.Wrap(dispatch.CodeInternal, err, "")
}
