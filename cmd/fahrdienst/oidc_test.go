package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// TestCoordinatorsSignInWithOpenIDConnect signs in through a mock
// provider: the coordinator group grants the role (and makes the account
// on first sign-in), anyone else is refused, a relative's account is never
// turned into a coordinator, a forged state or a token with another nonce
// is refused, PKCE is used, and local passwords keep working.
func TestCoordinatorsSignInWithOpenIDConnect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	provider := newMockOIDC(t, "fahrdienst", "client-secret")
	pool := testPool(t, storetest.URL(t))
	cfg := testConfig(t)
	cfg.OIDC = &auth.OIDCConfig{Issuer: provider.srv.URL, ClientID: "fahrdienst", ClientSecret: "client-secret",
		RoleClaim: "groups", RoleValue: "fahrdienst-coordinators"}
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	defer srv.Close()
	cfg.PublicURL, _ = url.Parse(srv.URL)
	cfg.OIDC.RedirectURL = srv.URL + "/login/oidc/callback"
	svc, err := newService(ctx, cfg, slog.New(slog.DiscardHandler), pool)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = svc.handler
	st := store.New(pool, store.Options{})
	hash, _ := auth.HashPassword("a long local password")
	actor := dispatch.Actor{Name: "test"}
	if _, err := st.CreateAccount(ctx, actor, dispatch.Account{Email: "oma-familie@example.org", Role: dispatch.RoleRelative}, hash); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAccount(ctx, actor, dispatch.Account{Email: "lokal@example.org", Role: dispatch.RoleCoordinator}, hash); err != nil {
		t.Fatal(err)
	}

	if page := get(t, srv.URL+"/login"); !strings.Contains(page, `href="/login/oidc?next=`) {
		t.Error("the login page offers no single sign-on")
	}
	provider.signIn("Disponentin@Kreis.example", "staff", "fahrdienst-coordinators")
	status, final := signIn(t, srv.URL, "/board")
	if status != http.StatusOK || final != "/board" || !provider.sawPKCE() {
		t.Fatalf("coordinator sign-in ended at %s with %d (PKCE %v)", final, status, provider.sawPKCE())
	}
	a, _, err := st.AccountForLogin(ctx, "disponentin@kreis.example")
	if err != nil || a.Role != dispatch.RoleCoordinator {
		t.Fatalf("account after sign-in: %+v %v", a, err)
	}
	if status, _ := signIn(t, srv.URL, "/board"); status != http.StatusOK {
		t.Fatalf("second sign-in: %d", status)
	}

	provider.signIn("praktikant@kreis.example", "staff")
	if status, final := signIn(t, srv.URL, "/board"); status != http.StatusForbidden || final != "/login/oidc/callback" {
		t.Errorf("without the coordinator group: %d at %s, want 403", status, final)
	}
	if _, _, err := st.AccountForLogin(ctx, "praktikant@kreis.example"); dispatch.ErrorCode(err) != dispatch.CodeNotFound {
		t.Errorf("an account was made without the role: %v", err)
	}
	provider.signIn("oma-familie@example.org", "fahrdienst-coordinators")
	if status, _ := signIn(t, srv.URL, "/board"); status != http.StatusForbidden {
		t.Errorf("a relative's email with the coordinator group: %d, want 403", status)
	}

	provider.signIn("disponentin@kreis.example", "fahrdienst-coordinators")
	provider.setBadNonce(true)
	if status, _ := signIn(t, srv.URL, "/board"); status != http.StatusBadRequest {
		t.Errorf("an ID token with another nonce: %d, want 400", status)
	}
	provider.setBadNonce(false)
	if status := forgedState(t, srv.URL, provider); status != http.StatusBadRequest {
		t.Errorf("a callback with a forged state: %d, want 400", status)
	}

	resp, err := http.Post(srv.URL+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"lokal@example.org","password":"a long local password"}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("local login: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
}

// signIn follows the whole flow in a fresh browser, starting at
// /login/oidc, and returns the last status and path.
func signIn(t *testing.T, base, next string) (int, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(base + "/login/oidc?next=" + url.QueryEscape(next))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Request.URL.Path
}

// forgedState starts a sign-in in one browser and brings the provider's
// answer back with another state.
func forgedState(t *testing.T, base string, provider *mockOIDC) int {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = c.Get(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	q := back.Query()
	q.Set("state", "forged-state")
	back.RawQuery = q.Encode()
	resp, err = c.Get(back.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
