package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

const accountColumns = `a.id, a.email, a.role, a.name, coalesce(a.phone, ''), a.language, a.active,
	coalesce((SELECT array_agg(rr.rider_id ORDER BY rr.rider_id) FROM rider_relatives rr
	          WHERE rr.account_id = a.id), '{}')`

// accountFields are the scan targets of accountColumns, in order, so that a
// query selecting more than an account appends its own after them.
func accountFields(a *dispatch.Account) []any {
	return []any{&a.ID, &a.Email, &a.Role, &a.Name, &a.Phone, &a.Language, &a.Active, &a.RiderIDs}
}

func scanAccount(row pgx.CollectableRow) (dispatch.Account, error) {
	var a dispatch.Account
	err := row.Scan(accountFields(&a)...)
	return a, err
}

// CreateAccount adds a coordinator or a relative with an already hashed
// password (the store never sees a password in clear) and links a relative
// to the riders in a.RiderIDs.
func (s *Store) CreateAccount(ctx context.Context, actor dispatch.Actor, a dispatch.Account, passwordHash string) (dispatch.Account, error) {
	var out dispatch.Account
	err := s.inTx(ctx, "account", func(tx pgx.Tx) error {
		var id int64
		if a.Language == "" {
			a.Language = "de"
		}
		if err := tx.QueryRow(ctx, `INSERT INTO accounts (email, role, name, phone, language, password_hash,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			strings.TrimSpace(a.Email), a.Role, a.Name, nullIfEmpty(a.Phone), a.Language, passwordHash,
			s.now()).Scan(&id); err != nil {
			return err
		}
		for _, rid := range a.RiderIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO rider_relatives (rider_id, account_id, created_at)
				VALUES ($1, $2, $3)`, rid, id, s.now()); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, actor, "account", id, "create",
			map[string]any{"role": a.Role, "rider_ids": a.RiderIDs}); err != nil {
			return err
		}
		var err error
		out, err = accountTx(ctx, tx, id)
		return err
	})
	return out, err
}

// accountTx reads an account in the transaction that just changed it, so
// that the caller returns what was written.
func accountTx(ctx context.Context, tx pgx.Tx, id int64) (dispatch.Account, error) {
	rows, _ := tx.Query(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = $1`, id)
	return pgx.CollectExactlyOneRow(rows, scanAccount)
}

// AccountForLogin returns the active account with this email and its
// password hash; an unknown or inactive account is not found.
func (s *Store) AccountForLogin(ctx context.Context, email string) (dispatch.Account, string, error) {
	var hash string
	rows, _ := s.pool.Query(ctx, `SELECT `+accountColumns+`, a.password_hash FROM accounts a
		WHERE lower(a.email) = lower($1) AND a.active`, strings.TrimSpace(email))
	a, err := pgx.CollectExactlyOneRow(rows, func(row pgx.CollectableRow) (dispatch.Account, error) {
		var a dispatch.Account
		err := row.Scan(append(accountFields(&a), &hash)...)
		return a, err
	})
	return a, hash, mapError(err, "account")
}

// LoginFailures counts the failed logins since a time: of an email from
// an address, of the email from anywhere, and of any email from the
// address. The counts live in the database so that the limits hold across
// instances.
func (s *Store) LoginFailures(ctx context.Context, email, addr string, since time.Time) (byPair, byEmail, byAddr int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT e.pair, e.total, a.total FROM
		(SELECT count(*) FILTER (WHERE remote_addr = $2) AS pair, count(*) AS total FROM login_failures
		 WHERE lower(email) = lower($1) AND at >= $3) e,
		(SELECT count(*) AS total FROM login_failures WHERE remote_addr = $2 AND at >= $3) a`,
		strings.TrimSpace(email), addr, since).Scan(&byPair, &byEmail, &byAddr)
	return byPair, byEmail, byAddr, mapError(err, "login failures")
}

// RecordLoginFailure notes a failed login; Prune deletes it after a day.
func (s *Store) RecordLoginFailure(ctx context.Context, email, addr string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO login_failures (email, remote_addr, at) VALUES ($1, $2, $3)`,
		strings.TrimSpace(email), addr, s.now())
	return mapError(err, "login failure")
}
