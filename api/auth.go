package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

type ctxKey int

const (
	accountKey ctxKey = iota
	viaKey
)

// account is the logged-in account of a request that passed authenticate.
func account(r *http.Request) dispatch.Account {
	a, _ := r.Context().Value(accountKey).(dispatch.Account)
	return a
}

// actor is the account as the author of a change in the audit log.
func actor(r *http.Request) dispatch.Actor {
	a := account(r)
	return dispatch.Actor{AccountID: &a.ID, Role: a.Role, Name: a.Role}
}

// bookedVia tells how a booking came in: a relative books online; a
// coordinator's browser means a phone call taken, a coordinator's bearer
// token another system.
func bookedVia(r *http.Request) string {
	switch {
	case account(r).Role == dispatch.RoleRelative:
		return "online"
	case r.Context().Value(viaKey) == "api":
		return "api"
	}
	return "phone"
}

// requestToken is the bearer token, else the session cookie; api tells
// which.
func requestToken(r *http.Request) (token string, api bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(tok), true
		}
	}
	if c, err := r.Cookie(auth.CookieName); err == nil {
		return c.Value, false
	}
	return "", false
}

var errLogin = dispatch.Errorf(dispatch.CodeUnauthorized, "log in first")

// authenticate lets a request through with a valid session or token and
// puts the account into its context.
func (s *server) authenticate(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		token, api := requestToken(r)
		if token == "" || len(token) > 200 {
			return errLogin
		}
		a, err := s.Store.SessionAccount(r.Context(), auth.HashToken(token), dispatch.SessionBrowser, dispatch.SessionAPI)
		if dispatch.ErrorCode(err) == dispatch.CodeNotFound {
			return errLogin
		}
		if err != nil {
			return err
		}
		ctx := context.WithValue(r.Context(), accountKey, a)
		if api {
			ctx = context.WithValue(ctx, viaKey, "api")
		}
		next.ServeHTTP(w, r.WithContext(ctx))
		return nil
	})
}

// coordinatorsOnly refuses relatives. It does not look at ids, so the 403
// tells nothing about any rider.
func (s *server) coordinatorsOnly(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if account(r).Role != dispatch.RoleCoordinator {
			return dispatch.Errorf(dispatch.CodeForbidden, "only coordinators may do this")
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

type loginInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type loginAnswer struct {
	Token     string           `json:"token"`
	TokenType string           `json:"token_type"`
	ExpiresAt time.Time        `json:"expires_at"`
	Account   dispatch.Account `json:"account"`
}

// login checks email and password and answers with a bearer token and the
// same token as a session cookie. Failures are counted per email and
// client address in the database (see auth.Login), so the limits hold
// across instances.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	var in loginInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	var fe dispatch.Fields
	if in.Email == "" || len(in.Email) > 254 || !dispatch.Storable(in.Email) {
		fe.Add("email", "is required")
	}
	if in.Password == "" || len(in.Password) > 1000 {
		fe.Add("password", "is required")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	a, err := auth.Login(r.Context(), s.Store, in.Email, in.Password, s.TrustedProxies.ClientAddr(r), s.Now())
	if dispatch.ErrorCode(err) == dispatch.CodeRateLimited {
		w.Header().Set("Retry-After", strconv.Itoa(int(auth.LoginWindow.Seconds())))
	}
	if err != nil {
		return err
	}
	return s.startSession(w, r, a)
}

func (s *server) startSession(w http.ResponseWriter, r *http.Request, a dispatch.Account) error {
	token, expires, err := auth.StartSession(r.Context(), w, s.Store, dispatch.SessionBrowser, a.ID, s.Now(), s.secure(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, loginAnswer{Token: token, TokenType: "Bearer", ExpiresAt: expires, Account: a})
	return nil
}

// secure tells whether the session cookie is marked Secure: when the
// public URL is https, or a trusted proxy says the browser spoke https.
func (s *server) secure(r *http.Request) bool {
	return s.SecureCookie || s.TrustedProxies.ForwardedHTTPS(r)
}

// logout ends the session of the request's token and clears the cookie.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	token, _ := requestToken(r)
	if err := s.Store.DeleteSession(r.Context(), auth.HashToken(token)); err != nil {
		return err
	}
	http.SetCookie(w, auth.Cookie(auth.CookieName, "", time.Time{}, s.secure(r)))
	w.WriteHeader(http.StatusNoContent)
	return nil
}
