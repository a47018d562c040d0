package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// The drivers' self-service by SMS (issue 15), applied in the transaction
// of the incoming SMS: OFFEN, JA to an open ride's code, URLAUB. notify
// decides what a reply means; this file only carries it out, through the
// same paths as the driver's page.

// selfConversation adds what the self-service rules need: the codes an
// OFFEN answer gave the driver, and today's local date.
func (s *Store) selfConversation(ctx context.Context, tx pgx.Tx, driverID int64, c *notify.Conversation) error {
	now := s.now()
	c.Today = now.In(s.loc)
	c.OpenRides = map[string]int64{}
	rows, _ := tx.Query(ctx, `SELECT code, trip_id FROM open_ride_codes WHERE driver_id = $1 AND expires_at > $2`,
		driverID, now)
	var code string
	var trip int64
	_, err := pgx.ForEachRow(rows, []any{&code, &trip}, func() error {
		c.OpenRides[code] = trip
		return nil
	})
	return err
}

// converseSelf carries out a self-service decision and returns the answer.
func (s *Store) converseSelf(ctx context.Context, tx pgx.Tx, d notify.Decision, who smsPerson) ([]reply, error) {
	t := s.sms.texts
	switch d.Action {
	case notify.ActOpenRides:
		return s.openRidesReply(ctx, tx, who)
	case notify.ActTakeOpen:
		rides, err := s.takeOpenRide(ctx, tx, driverActor(who.driverID), who.driverID, d.TripID)
		var de *dispatch.Error
		switch {
		case errors.As(err, &de) && de.Rule == dispatch.RuleRideClash:
			return []reply{{notify.KindOpenRideTaken, t.OpenRideClash(who.lang)}}, nil
		case errors.As(err, &de) && de.Rule == dispatch.RuleRideTaken:
			return s.takenReply(ctx, tx, d.TripID, who)
		case err != nil:
			return nil, err
		}
		return []reply{s.confirmationReply(who, rides)}, nil
	case notify.ActAbsence:
		from, err1 := time.Parse(time.DateOnly, d.From)
		to, err2 := time.Parse(time.DateOnly, d.To)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		flagged, err := s.addOwnAbsence(ctx, tx, driverActor(who.driverID),
			dispatch.Absence{DriverID: who.driverID, From: d.From, To: d.To, Reason: "SMS"})
		if err != nil {
			return nil, err
		}
		return []reply{{notify.KindAbsenceAck, t.AbsenceAck(who.lang, from, to, len(flagged))}}, nil
	}
	return []reply{{notify.KindAbsenceHelp, t.AbsenceHelp(who.lang)}}, nil
}

// takenReply answers JA to an open ride that is no longer open: the
// driver who holds it gets the confirmation again, anyone else "taken".
func (s *Store) takenReply(ctx context.Context, tx pgx.Tx, tripID int64, who smsPerson) ([]reply, error) {
	rows, _ := tx.Query(ctx, tourRideSelect+`WHERE a.trip_id = $1 AND a.driver_id = $2 AND a.state = 'confirmed'`,
		tripID, who.driverID)
	rides, err := pgx.CollectRows(rows, scanTourRide)
	if err != nil {
		return nil, err
	}
	if len(rides) > 0 {
		return []reply{s.confirmationReply(who, rides)}, nil
	}
	return []reply{{notify.KindOpenRideTaken, s.sms.texts.OpenRideTaken(who.lang)}}, nil
}

// openRidesReply answers OFFEN with the next open rides and a code for
// each, kept for openRideCodeTTL (at most until the pickup ends).
func (s *Store) openRidesReply(ctx context.Context, tx pgx.Tx, who smsPerson) ([]reply, error) {
	now := s.now()
	if _, err := tx.Exec(ctx, `DELETE FROM open_ride_codes WHERE driver_id = $1 AND expires_at <= $2`,
		who.driverID, now); err != nil {
		return nil, err
	}
	open, err := s.openRides(ctx, tx, who.driverID, 0, notify.OpenRidesShown)
	if err != nil {
		return nil, err
	}
	lines := make([]notify.OpenRideLine, 0, len(open))
	for _, o := range open {
		code, err := s.openRideCode(ctx, tx, who.driverID, o, now)
		if err != nil {
			return nil, err
		}
		var needs []notify.Need
		for _, n := range o.Needs() {
			needs = append(needs, notify.Need(n))
		}
		lines = append(lines, notify.OpenRideLine{PickupAt: o.PickupFrom, Town: o.PickupTown, Needs: needs, Code: code})
	}
	return []reply{{notify.KindOpenRides, s.sms.texts.OpenRides(who.lang, lines)}}, nil
}

// openRideCode is the driver's live code for an open ride, or a new one
// that no open offer or confirmed ride of theirs uses.
func (s *Store) openRideCode(ctx context.Context, tx pgx.Tx, driverID int64, o dispatch.OpenRide, now time.Time) (string, error) {
	var code string
	err := tx.QueryRow(ctx, `SELECT code FROM open_ride_codes WHERE driver_id = $1 AND trip_id = $2`,
		driverID, o.TripID).Scan(&code)
	if err != pgx.ErrNoRows {
		return code, err
	}
	if code, err = s.freeCode(ctx, tx, driverID); err != nil {
		return "", err
	}
	expires := now.Add(openRideCodeTTL)
	if o.PickupUntil.Before(expires) {
		expires = o.PickupUntil
	}
	_, err = tx.Exec(ctx, `INSERT INTO open_ride_codes (driver_id, code, trip_id, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5)`, driverID, code, o.TripID, expires, now)
	return code, err
}
