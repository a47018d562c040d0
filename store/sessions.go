package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// CreateSession stores the hash of a new session token. The caller makes
// the token and keeps it; a stolen database does not give away sessions.
func (s *Store) CreateSession(ctx context.Context, accountID int64, tokenHash []byte, kind string, expires time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (account_id, token_hash, kind, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, accountID, tokenHash, kind, s.now(), expires)
	return mapError(err, "session")
}

// SessionAccount returns the active account of an unexpired token of one of
// the kinds, with the riders it may see; any other token (an invitation
// among them) is not found. The API takes browser sessions and API tokens,
// the pages browser sessions only, so a pasted token logs nobody in there.
func (s *Store) SessionAccount(ctx context.Context, tokenHash []byte, kinds ...string) (dispatch.Account, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+accountColumns+` FROM sessions se
		JOIN accounts a ON a.id = se.account_id
		WHERE se.token_hash = $1 AND se.kind = ANY($2) AND se.expires_at > $3 AND a.active`,
		tokenHash, kinds, s.now())
	a, err := pgx.CollectExactlyOneRow(rows, scanAccount)
	return a, mapError(err, "session")
}

// DeleteSession ends a session; ending one that is gone is no error, so
// that logging out twice works.
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return mapError(err, "session")
}
