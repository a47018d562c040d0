package auth

import (
	"context"
	"net/http"
	"time"
)

const (
	// CookieName is the session cookie of browsers. The API and the pages
	// share it, so that one login serves both.
	CookieName = "fahrdienst_session"
	// SessionTTL is how long a login holds: a working day.
	SessionTTL = 12 * time.Hour
)

// SessionStore is what starting a session needs of the database; a small
// interface so that auth need not import store.
type SessionStore interface {
	CreateSession(ctx context.Context, accountID int64, tokenHash []byte, kind string, expires time.Time) error
}

// StartSession stores a new session of kind for the account (only the
// token's hash is kept) and sets it as the session cookie. It returns the
// token and when it expires, for an API answer that hands the token out as
// a bearer token too.
func StartSession(ctx context.Context, w http.ResponseWriter, st SessionStore, kind string, accountID int64,
	now time.Time, secure bool) (token string, expires time.Time, err error) {
	token, err = NewToken()
	if err != nil {
		return "", time.Time{}, err
	}
	expires = now.Add(SessionTTL)
	if err := st.CreateSession(ctx, accountID, HashToken(token), kind, expires); err != nil {
		return "", time.Time{}, err
	}
	http.SetCookie(w, Cookie(CookieName, token, expires, secure))
	return token, expires, nil
}

// Cookie is a cookie of this service as the API and the pages both set
// it: for the whole site, out of reach of scripts, and not sent with
// cross-site posts (Lax). An empty value deletes the cookie.
func Cookie(name, value string, expires time.Time, secure bool) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	return c
}
