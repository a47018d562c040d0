package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/web"
)

// A form post without its token, or with a wrong one, is refused with 403
// and a page that says to reload.
func TestFormTokenRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	form := url.Values{"first_name": {"Anna"}, "last_name": {"Neu"}, "street": {"Bergstraße 2"}, "city": {"Bitburg"},
		"coords": {"49.97, 6.53"}, "contact": {"call"}}
	for _, token := range []string{"", "wrong", csrf[:len(csrf)-1]} {
		form.Set("csrf", token)
		if status, _, body := c.post("/riders", form); status != http.StatusForbidden || !strings.Contains(body, "Formular ist abgelaufen") {
			t.Errorf("token %q: %d, want 403 with the reload hint\n%s", token, status, body)
		}
	}
}

// After login, next sends the browser on only within this site.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"} {
		status, loc, _ := f.client().post("/login", url.Values{"email": {f.coordinator}, "password": {password}, "next": {next}})
		if status != http.StatusSeeOther || loc != "/" {
			t.Errorf("next %q: %d to %q, want 303 to /", next, status, loc)
		}
	}
}

// loginVia logs in through a load balancer that forwards the client's
// address and scheme.
func (f *fixture) loginVia(clientAddr, proto, pw string) *http.Response {
	f.t.Helper()
	form := url.Values{"email": {f.coordinator}, "password": {pw}, "next": {"/"}}
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", clientAddr)
	req.Header.Set("X-Forwarded-Proto", proto)
	resp, err := http.DefaultTransport.RoundTrip(req)
	must(f.t, err)
	resp.Body.Close()
	return resp
}

// Behind a trusted load balancer, the pages count the client's address
// from X-Forwarded-For, so an attacker's failures do not lock out the real
// user, and mark the session cookie Secure as X-Forwarded-Proto says.
func TestLoginBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	lb, err := auth.ParseTrustedProxies("127.0.0.1, ::1")
	must(t, err)
	f := newFixture(t, func(d *web.Deps) { d.TrustedProxies = lb })
	for range 5 {
		f.loginVia("203.0.113.9", "https", "wrong password!")
	}
	if resp := f.loginVia("203.0.113.9", "https", password); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("attacker: %d, want 429", resp.StatusCode)
	}
	for _, tc := range []struct {
		proto  string
		secure bool
	}{{"https", true}, {"http", false}} {
		resp := f.loginVia("198.51.100.7", tc.proto, password)
		var session *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == auth.CookieName {
				session = c
			}
		}
		if resp.StatusCode != http.StatusSeeOther || session == nil || session.Secure != tc.secure {
			t.Fatalf("real user via %s: %d, cookie %+v, want Secure=%v", tc.proto, resp.StatusCode, session, tc.secure)
		}
	}
}
