package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// withPassword creates an account that can log in.
func (e *env) withPassword(email, password string) {
	e.t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.CreateAccount(context.Background(), system, dispatch.Account{Email: email,
		Role: dispatch.RoleCoordinator}, hash); err != nil {
		e.t.Fatal(err)
	}
}

func TestLoginGivesCookieAndToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *api.Deps) { d.SecureCookie = true })
	e.withPassword("Anna@Example.org", "correct horse battery")
	r := e.want(http.StatusOK, nobody, "POST", "/api/v1/auth/login",
		map[string]any{"email": "anna@example.org", "password": "correct horse battery"})
	var ans struct {
		Token   string           `json:"token"`
		Account dispatch.Account `json:"account"`
	}
	r.decode(t, &ans)
	if ans.Token == "" || ans.Account.Role != dispatch.RoleCoordinator {
		t.Fatalf("answer: %s", r.Body)
	}
	cookie := (&http.Response{Header: r.Header}).Cookies()
	if len(cookie) != 1 || cookie[0].Value != ans.Token || !cookie[0].HttpOnly || !cookie[0].Secure ||
		cookie[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie: %+v", cookie)
	}
	// The token works as a bearer token and as the cookie.
	e.tokens["anna"] = ans.Token
	e.want(http.StatusOK, "anna", "GET", "/api/v1/drivers", nil)
	req := httptest.NewRequest("GET", "/api/v1/drivers", nil)
	req.AddCookie(cookie[0])
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("with the cookie: %d", rec.Code)
	}
	// After logout the token is gone.
	e.want(http.StatusNoContent, "anna", "POST", "/api/v1/auth/logout", nil)
	e.want(http.StatusUnauthorized, "anna", "GET", "/api/v1/drivers", nil)
}

func TestLoginRefusesWrongPasswordAndUnknownEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withPassword("anna@example.org", "correct horse battery")
	for _, body := range []map[string]any{
		{"email": "anna@example.org", "password": "wrong password!"},
		{"email": "nobody@example.org", "password": "correct horse battery"},
	} {
		r := e.want(http.StatusUnauthorized, nobody, "POST", "/api/v1/auth/login", body)
		if d := r.problem(t).Detail; d != "email or password is wrong" {
			t.Fatalf("detail %q tells more than it should", d)
		}
	}
	r := e.want(http.StatusUnprocessableEntity, nobody, "POST", "/api/v1/auth/login", map[string]any{"email": "", "password": ""})
	wantField(t, r, "email")
}

// After five failures for one email from one address, even the right
// password is refused there for a while; the count lives in the database,
// so every instance sees it.
func TestLoginRateLimitPerAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withPassword("anna@example.org", "correct horse battery")
	for range 5 {
		e.want(http.StatusUnauthorized, nobody, "POST", "/api/v1/auth/login",
			map[string]any{"email": "ANNA@example.org", "password": "guess"})
	}
	r := e.want(http.StatusTooManyRequests, nobody, "POST", "/api/v1/auth/login",
		map[string]any{"email": "anna@example.org", "password": "correct horse battery"})
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
}

// One address trying many emails is stopped too.
func TestLoginRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 30 {
		e.want(http.StatusUnauthorized, nobody, "POST", "/api/v1/auth/login",
			map[string]any{"email": strings.Repeat("x", i+1) + "@example.org", "password": "guess"})
	}
	e.want(http.StatusTooManyRequests, nobody, "POST", "/api/v1/auth/login",
		map[string]any{"email": "fresh@example.org", "password": "guess"})
}

// A page of another site cannot use the session cookie to change anything.
func TestCrossSiteRequestsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := map[string]any{"first_name": "A", "last_name": "B", "street": "S", "city": "C", "lat": 49.9, "lon": 6.5}
	e.want(http.StatusForbidden, coordinator, "POST", "/api/v1/riders", body, "Sec-Fetch-Site", "cross-site")
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/riders", body, "Sec-Fetch-Site", "same-origin")
}

// loginFrom logs in as a client at peer (the connection's address) with
// extra headers, name and value in turn.
func (e *env) loginFrom(peer, email, password string, header ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	body := `{"email":"` + email + `","password":"` + password + `"}`
	req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(body))
	req.RemoteAddr = peer + ":4711"
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// A wrong-password storm from one address stops that address, but the
// real user, at another address, still logs in with the right password.
func TestLoginLockoutSparesRealUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withPassword("anna@example.org", "correct horse battery")
	for range 6 {
		if rec := e.loginFrom("203.0.113.9", "anna@example.org", "guess"); rec.Code != http.StatusUnauthorized &&
			rec.Code != http.StatusTooManyRequests {
			t.Fatalf("attacker: %d", rec.Code)
		}
	}
	if rec := e.loginFrom("203.0.113.9", "anna@example.org", "correct horse battery"); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("attacker's address after 6 failures: %d, want 429", rec.Code)
	}
	if rec := e.loginFrom("198.51.100.7", "anna@example.org", "correct horse battery"); rec.Code != http.StatusOK {
		t.Fatalf("real user at another address: %d, want 200\n%s", rec.Code, rec.Body)
	}
}

// Guessing one account from many addresses meets a ceiling per email,
// far above what one address may try.
func TestLoginCeilingPerEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withPassword("anna@example.org", "correct horse battery")
	ctx := context.Background()
	for i := range auth.MaxFailsPerEmail - 1 {
		if err := e.st.RecordLoginFailure(ctx, "anna@example.org", fmt.Sprintf("203.0.113.%d", i%50)); err != nil {
			t.Fatal(err)
		}
	}
	if rec := e.loginFrom("198.51.100.7", "anna@example.org", "wrong again"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("below the ceiling: %d, want 401", rec.Code)
	}
	if rec := e.loginFrom("198.51.100.8", "anna@example.org", "correct horse battery"); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("at the ceiling: %d, want 429", rec.Code)
	}
}

// X-Forwarded-For is believed from a trusted proxy only: through the load
// balancer, the attacker's client address is limited and the real user's
// is not; sent straight from an untrusted peer, the header changes
// nothing, so an attacker cannot dodge the limit by forging it.
func TestLoginForwardedFor(t *testing.T) {
	t.Parallel()
	lb, err := auth.ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(d *api.Deps) { d.TrustedProxies = lb })
	e.withPassword("anna@example.org", "correct horse battery")
	for i := range 5 {
		e.loginFrom("198.51.100.66", "anna@example.org", "guess", "X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i))
		e.loginFrom("10.0.0.1", "anna@example.org", "guess", "X-Forwarded-For", "192.0.2.200, 203.0.113.9")
	}
	if rec := e.loginFrom("198.51.100.66", "anna@example.org", "correct horse battery",
		"X-Forwarded-For", "192.0.2.99"); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("untrusted peer with a forged header: %d, want 429", rec.Code)
	}
	if rec := e.loginFrom("10.0.0.2", "anna@example.org", "correct horse battery",
		"X-Forwarded-For", "203.0.113.9"); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("attacker behind the proxy: %d, want 429", rec.Code)
	}
	if rec := e.loginFrom("10.0.0.1", "anna@example.org", "correct horse battery",
		"X-Forwarded-For", "198.51.100.7"); rec.Code != http.StatusOK {
		t.Fatalf("real user behind the proxy: %d, want 200\n%s", rec.Code, rec.Body)
	}
}

// The session cookie is Secure when a trusted proxy says the browser spoke
// https, and only then.
func TestLoginCookieSecureBehindProxy(t *testing.T) {
	t.Parallel()
	lb, err := auth.ParseTrustedProxies("10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(d *api.Deps) { d.TrustedProxies = lb })
	e.withPassword("anna@example.org", "correct horse battery")
	for _, tc := range []struct {
		peer   string
		secure bool
	}{{"10.0.0.1", true}, {"198.51.100.7", false}} {
		rec := e.loginFrom(tc.peer, "anna@example.org", "correct horse battery", "X-Forwarded-Proto", "https")
		cookies := rec.Result().Cookies()
		if rec.Code != http.StatusOK || len(cookies) != 1 || cookies[0].Secure != tc.secure {
			t.Fatalf("from %s: %d, cookies %+v, want Secure=%v", tc.peer, rec.Code, cookies, tc.secure)
		}
	}
}
