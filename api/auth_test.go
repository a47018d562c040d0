package api_test

import (
	"context"
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

// After five failures for one email, even the right password is refused
// for a while; the count lives in the database, so every instance sees it.
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
