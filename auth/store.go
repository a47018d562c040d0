package auth

import (
	"context"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Sessions is what logging in, recognising a session and logging out need
// of the database. The API and the pages both embed it, so that the
// methods of a login are stated once.
type Sessions interface {
	LoginStore
	SessionStore
	// SessionAccount returns the active account of an unexpired token of
	// one of the kinds (dispatch.SessionBrowser, dispatch.SessionAPI ...).
	SessionAccount(ctx context.Context, tokenHash []byte, kinds ...string) (dispatch.Account, error)
	// DeleteSession ends a session; ending one that is gone is no error.
	DeleteSession(ctx context.Context, tokenHash []byte) error
}
