package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// oidcCookie carries a sign-in in progress (state, nonce, PKCE verifier,
// where to go after) from /login/oidc to the callback; signed, so that it
// cannot be forged, and only sent to /login/oidc.
const (
	oidcCookie = "fahrdienst_oidc"
	oidcTTL    = 10 * time.Minute
)

// oidcFlow is the cookie's content.
type oidcFlow struct {
	auth.Flow
	Next string
}

// loginData tells the login page whether to offer single sign-on.
type loginData struct{ SSO bool }

// oidcStart sends a coordinator to the county's sign-in.
func (s *server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		return dispatch.Errorf(dispatch.CodeNotFound, "no single sign-on")
	}
	f, err := auth.NewFlow()
	if err != nil {
		return err
	}
	to, err := s.OIDC.AuthURL(r.Context(), f)
	if err != nil {
		return dispatch.Wrap(dispatch.CodeUnavailable, err, "single sign-on unavailable")
	}
	raw, _ := json.Marshal(oidcFlow{Flow: f, Next: safeNext(r.URL.Query().Get("next"))})
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: s.signFlow(raw), Path: "/login/oidc", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: int(oidcTTL.Seconds())})
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

// oidcCallback finishes the sign-in: the provider's answer must match the
// flow in the cookie, and the ID token must grant the coordinator role.
// The account is the coordinator account of the verified email, made on
// first sign-in; an account of a relative is never turned into one.
func (s *server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		return dispatch.Errorf(dispatch.CodeNotFound, "no single sign-on")
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Path: "/login/oidc", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookie})
	var f oidcFlow
	if c, err := r.Cookie(oidcCookie); err == nil {
		if raw, ok := s.verifyFlow(c.Value); ok {
			json.Unmarshal(raw, &f)
		}
	}
	q := r.URL.Query()
	id, err := s.OIDC.Exchange(r.Context(), f.Flow, q.Get("state"), q.Get("code"))
	if errors.Is(err, auth.ErrOIDC) || q.Get("error") != "" {
		s.log.WarnContext(r.Context(), "single sign-on refused", "err", err, "provider_error", q.Get("error"))
		return s.loginError(w, r, http.StatusBadRequest, "sso_failed")
	}
	if err != nil {
		return dispatch.Wrap(dispatch.CodeUnavailable, err, "single sign-on unavailable")
	}
	if !id.Coordinator {
		s.log.InfoContext(r.Context(), "single sign-on without the coordinator role")
		return s.loginError(w, r, http.StatusForbidden, "sso_not_coordinator")
	}
	a, err := s.ssoAccount(r, id)
	if dispatch.ErrorCode(err) == dispatch.CodeForbidden {
		return s.loginError(w, r, http.StatusForbidden, "sso_not_coordinator")
	}
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, a); err != nil {
		return err
	}
	return redirect(w, r, safeNext(f.Next))
}

// ssoAccount finds or makes the coordinator account of a verified email.
// A made account gets a random password nobody knows: it signs in only
// through the provider, until a coordinator sets one.
func (s *server) ssoAccount(r *http.Request, id auth.Identity) (dispatch.Account, error) {
	a, _, err := s.Store.AccountForLogin(r.Context(), id.Email)
	switch {
	case err == nil && a.Role != dispatch.RoleCoordinator:
		return dispatch.Account{}, dispatch.Errorf(dispatch.CodeForbidden, "not a coordinator account")
	case err == nil:
		return a, nil
	case dispatch.ErrorCode(err) != dispatch.CodeNotFound:
		return dispatch.Account{}, err
	}
	pw, err := auth.NewToken()
	if err != nil {
		return dispatch.Account{}, err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return dispatch.Account{}, err
	}
	s.log.InfoContext(r.Context(), "coordinator account made at first single sign-on")
	return s.Store.CreateAccount(r.Context(), dispatch.Actor{Name: "single sign-on"},
		dispatch.Account{Email: id.Email, Role: dispatch.RoleCoordinator}, hash)
}

// loginError shows the login page with a message under the sign-in.
func (s *server) loginError(w http.ResponseWriter, r *http.Request, status int, key string) error {
	v := s.loginView(r)
	v.Form.Errors["sso"] = v.T[key]
	return s.render(w, status, "login", "", v)
}

// loginView is the login page's view, offering single sign-on when set up.
func (s *server) loginView(r *http.Request) view {
	return s.newView(r, "login_title", loginData{SSO: s.OIDC != nil})
}

func (s *server) signFlow(raw []byte) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte("oidc|"))
	m.Write(raw)
	return base64.RawURLEncoding.EncodeToString(raw) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *server) verifyFlow(v string) ([]byte, bool) {
	body, sig, ok := strings.Cut(v, ".")
	raw, err1 := base64.RawURLEncoding.DecodeString(body)
	got, err2 := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err1 != nil || err2 != nil {
		return nil, false
	}
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte("oidc|"))
	m.Write(raw)
	return raw, hmac.Equal(got, m.Sum(nil))
}
