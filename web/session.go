package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

const (
	// inviteTTL is how long an invitation link works.
	inviteTTL = 7 * 24 * time.Hour
)

type ctxKey int

const (
	accountKey ctxKey = iota
	tokenKey
)

func accountOf(r *http.Request) dispatch.Account {
	a, _ := r.Context().Value(accountKey).(dispatch.Account)
	return a
}

func sessionToken(r *http.Request) string {
	t, _ := r.Context().Value(tokenKey).(string)
	return t
}

// actorOf is the logged-in account as the author of a change.
func actorOf(r *http.Request) dispatch.Actor {
	a := accountOf(r)
	return dispatch.Actor{AccountID: &a.ID, Role: a.Role, Name: a.Role}
}

// session puts the account of a valid session cookie into the request; a
// stale cookie is simply ignored.
func (s *server) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(auth.CookieName)
		if err != nil || c.Value == "" || len(c.Value) > 200 {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.Store.SessionAccount(r.Context(), auth.HashToken(c.Value), dispatch.SessionBrowser)
		if err != nil && dispatch.ErrorCode(err) != dispatch.CodeNotFound {
			// The session may well be valid while the database is down:
			// say so (503) instead of sending the person to log in again.
			s.handle(func(http.ResponseWriter, *http.Request) error { return err })(w, r)
			return
		}
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		ctx := context.WithValue(context.WithValue(r.Context(), accountKey, a), tokenKey, c.Value)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loggedIn sends visitors without a session to the login page.
func (s *server) loggedIn(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if accountOf(r).ID == 0 {
			return dispatch.Errorf(dispatch.CodeUnauthorized, "log in first")
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// coordinatorsOnly answers 404 to anyone else: a relative who types a
// coordinator's URL learns not even that the page exists.
func (s *server) coordinatorsOnly(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if accountOf(r).Role != dispatch.RoleCoordinator {
			return dispatch.Errorf(dispatch.CodeNotFound, "not found")
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// csrfToken is the form token of a session: an HMAC of the session token,
// so it needs no storage and dies with the session. It backs up
// CrossOriginProtection for browsers that send neither Sec-Fetch-Site nor
// Origin.
func (s *server) csrfToken(session string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// errFormToken refuses a form post without its session's token, or with a
// wrong one: a 403, where other refusals are 404s.
var errFormToken = dispatch.Errorf(dispatch.CodeForbidden, "form token missing or wrong")

// checkCSRF refuses a logged-in form post without the session's token.
func (s *server) checkCSRF(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return nil
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		want := s.csrfToken(sessionToken(r))
		if !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(want)) {
			return errFormToken
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// setCookie sets a cookie of the pages, Secure when the public URL is https
// or a trusted proxy says the browser spoke https.
func (s *server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	http.SetCookie(w, auth.Cookie(name, value, expires, s.secure(r)))
}

func (s *server) secure(r *http.Request) bool {
	return s.SecureCookie || s.TrustedProxies.ForwardedHTTPS(r)
}

// safeNext keeps a redirect after login on this site: next must be a path
// of this site, else it is "/". Browsers drop tabs and newlines anywhere
// in a URL and read a backslash as a slash, so "/\t/evil.example" and
// "/\\evil.example" would become "//evil.example", another host; hence no
// control character (nor broken UTF-8) or backslash at all, then one
// leading slash and nothing that parses as a scheme or host.
// Percent-encoded characters stay: "/%09/x" is a path that browsers do not
// decode while resolving it.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(c rune) bool { return c == '\\' || unicode.IsControl(c) || c == utf8.RuneError }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if accountOf(r).ID != 0 {
		return redirect(w, r, "/")
	}
	v := s.loginView(r)
	v.Form.Values.Set("next", safeNext(r.URL.Query().Get("next")))
	return s.render(w, http.StatusOK, "login", "", v)
}

// login checks email and password under the API's rate limit and starts a
// browser session. The answer does not tell whether the email exists.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return dispatch.Errorf(dispatch.CodeMalformed, "bad form")
	}
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	v := s.loginView(r)
	v.Form.Values.Set("email", email)
	v.Form.Values.Set("next", r.PostFormValue("next"))
	if email == "" || len(email) > 254 || !dispatch.Storable(email) {
		v.Form.Errors["email"] = v.T["err_required"]
	}
	if password == "" || len(password) > 1000 {
		v.Form.Errors["password"] = v.T["err_required"]
	}
	if len(v.Form.Errors) > 0 {
		return s.render(w, http.StatusBadRequest, "login", "", v)
	}
	a, err := auth.Login(r.Context(), s.Store, email, password, s.TrustedProxies.ClientAddr(r), s.Now())
	switch dispatch.ErrorCode(err) {
	case "":
	case dispatch.CodeRateLimited:
		w.Header().Set("Retry-After", strconv.Itoa(int(auth.LoginWindow.Seconds())))
		v.Form.Errors["password"] = v.T["login_rate_limited"]
		return s.render(w, http.StatusTooManyRequests, "login", "", v)
	case dispatch.CodeUnauthorized:
		v.Form.Errors["password"] = v.T["login_wrong"]
		return s.render(w, http.StatusUnauthorized, "login", "", v)
	default:
		return err
	}
	if err := s.startSession(w, r, a); err != nil {
		return err
	}
	return redirect(w, r, safeNext(r.PostFormValue("next")))
}

func (s *server) startSession(w http.ResponseWriter, r *http.Request, a dispatch.Account) error {
	if _, _, err := auth.StartSession(r.Context(), w, s.Store, dispatch.SessionBrowser, a.ID, s.Now(), s.secure(r)); err != nil {
		return err
	}
	if _, err := r.Cookie(langCookie); err != nil && a.Language != "" {
		s.setCookie(w, r, langCookie, a.Language, s.Now().Add(365*24*time.Hour))
	}
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Store.DeleteSession(r.Context(), auth.HashToken(sessionToken(r))); err != nil {
		return err
	}
	s.setCookie(w, r, auth.CookieName, "", time.Time{})
	return redirect(w, r, "/login")
}

// logoutEverywhere ends every session and API token of the account, for a
// lost phone or a shared computer.
func (s *server) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if err := s.Store.EndAllSessions(r.Context(), accountOf(r).ID); err != nil {
		return err
	}
	s.setCookie(w, r, auth.CookieName, "", time.Time{})
	return redirect(w, r, "/login")
}

// home sends each role to its start page.
func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	if accountOf(r).Role == dispatch.RoleCoordinator {
		return redirect(w, r, "/intake")
	}
	return redirect(w, r, "/family")
}

func (s *server) invitePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Store.InviteAccount(r.Context(), auth.HashToken(chi.URLParam(r, "token")))
	if err != nil {
		return err
	}
	v := s.newView(r, "invite_title", a)
	return s.render(w, http.StatusOK, "invite", "", v)
}

// acceptInvite sets the relative's password and logs them in.
func (s *server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	hash := auth.HashToken(chi.URLParam(r, "token"))
	a, err := s.Store.InviteAccount(r.Context(), hash)
	if err != nil {
		return err
	}
	v := s.newView(r, "invite_title", a)
	pw := r.PostFormValue("password")
	switch {
	case len([]rune(pw)) < auth.MinPasswordLength:
		v.Form.Errors["password"] = v.T["err_password_short"]
	case pw != r.PostFormValue("password2"):
		v.Form.Errors["password2"] = v.T["err_password_mismatch"]
	}
	if len(v.Form.Errors) > 0 {
		return s.render(w, http.StatusBadRequest, "invite", "", v)
	}
	ph, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if a, err = s.Store.AcceptInvite(r.Context(), hash, ph); err != nil {
		return err
	}
	if err := s.startSession(w, r, a); err != nil {
		return err
	}
	return redirect(w, r, "/")
}

// newInvite makes an invitation link for an account.
func (s *server) newInvite(r *http.Request, accountID int64) (string, error) {
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	if err := s.Store.CreateSession(r.Context(), accountID, auth.HashToken(token), dispatch.SessionInvite,
		s.Now().Add(inviteTTL)); err != nil {
		return "", err
	}
	return strings.TrimRight(s.BaseURL, "/") + "/invite/" + token, nil
}
