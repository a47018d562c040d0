package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// EndAllSessions logs an account out everywhere: every browser session and
// API token goes; open invitations stay.
func (s *Store) EndAllSessions(ctx context.Context, accountID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE account_id = $1 AND kind IN ('session', 'api')`, accountID)
	return mapError(err, "session")
}

// Relatives lists the relatives' accounts with the riders they may book
// for, by name.
func (s *Store) Relatives(ctx context.Context) ([]dispatch.Account, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.role = 'relative' ORDER BY a.name, a.id`)
	as, err := pgx.CollectRows(rows, scanAccount)
	return as, mapError(err, "account")
}

// InviteAccount returns the account of an unexpired invitation token. It is
// SessionAccount for the invitation kind, with the error naming the
// invitation, so that the page says what was not found.
func (s *Store) InviteAccount(ctx context.Context, tokenHash []byte) (dispatch.Account, error) {
	a, err := s.SessionAccount(ctx, tokenHash, dispatch.SessionInvite)
	if dispatch.ErrorCode(err) == dispatch.CodeNotFound {
		return a, dispatch.Wrap(dispatch.CodeNotFound, err, "invitation not found")
	}
	return a, err
}

// AcceptInvite sets the password of the invitation's account and uses the
// invitation up, in one transaction, so that a link works once.
func (s *Store) AcceptInvite(ctx context.Context, tokenHash []byte, passwordHash string) (dispatch.Account, error) {
	var out dispatch.Account
	err := s.inTx(ctx, "invitation", func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `DELETE FROM sessions WHERE token_hash = $1 AND kind = 'invite'
			AND expires_at > $2 RETURNING account_id`, tokenHash, s.now()).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE accounts SET password_hash = $2, updated_at = $3 WHERE id = $1`,
			id, passwordHash, s.now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE account_id = $1 AND kind = 'invite'`, id); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, dispatch.Actor{AccountID: &id, Role: dispatch.RoleRelative, Name: "invitation"},
			"account", id, "password", map[string]any{}); err != nil {
			return err
		}
		var err error
		out, err = accountTx(ctx, tx, id)
		return err
	})
	return out, err
}

// Upcoming lists booked and on-call trips from a time on, by pickup time;
// an on-call ride back sorts with its outbound leg.
func (s *Store) Upcoming(ctx context.Context, f dispatch.UpcomingFilter) ([]dispatch.Trip, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+tripColumns+tripFrom+`
		WHERE t.status IN ('booked', 'on_call')
		  AND ($1::bigint[] IS NULL OR t.rider_id = ANY($1))
		  AND ($2 = 0 OR a.driver_id = $2)
		  AND coalesce(t.pickup_latest, (SELECT o.pickup_latest FROM trips o WHERE o.id = t.outbound_id)) >= $3
		ORDER BY coalesce(t.pickup_earliest, (SELECT o.dropoff_latest FROM trips o WHERE o.id = t.outbound_id)), t.id
		LIMIT $4`, f.RiderIDs, f.DriverID, f.From, f.Limit)
	ts, err := pgx.CollectRows(rows, scanTrip)
	return ts, mapError(err, "trip")
}
