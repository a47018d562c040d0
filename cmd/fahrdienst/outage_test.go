package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// outageService is the whole service (API, pages, webhooks, readiness) on
// a test database reached through a dbProxy, with a coordinator's API token
// and browser session.
type outageService struct {
	proxy         *storetest.Proxy
	srv           *httptest.Server
	token, cookie string
}

func newOutageService(t *testing.T) *outageService {
	ctx := context.Background()
	direct := storetest.Pool(t)
	cc := direct.Config().ConnConfig
	// The tests' server listens on TCP, or only on a Unix socket when the
	// tests started an embedded one (no PostgreSQL running on the machine).
	network, target := "tcp", net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port)))
	if strings.HasPrefix(cc.Host, "/") {
		network, target = "unix", filepath.Join(cc.Host, fmt.Sprintf(".s.PGSQL.%d", cc.Port))
	}
	// The proxy stops "the database" for this service alone.
	proxy := storetest.NewProxy(t, network, target)
	cfg, err := pgxpool.ParseConfig(direct.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(proxy.Addr())
	n, _ := strconv.Atoi(port)
	cfg.ConnConfig.Host, cfg.ConnConfig.Port = host, uint16(n)
	cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	cfg.ConnConfig.Fallbacks = nil
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	st := store.New(direct, store.Options{})
	acc, err := st.CreateAccount(ctx, dispatch.Actor{Name: "test"},
		dispatch.Account{Email: "k@example.org", Role: dispatch.RoleCoordinator, Name: "K"}, "no-login")
	if err != nil {
		t.Fatal(err)
	}
	o := &outageService{proxy: proxy, token: "api-token-of-the-outage-test", cookie: "browser-token-of-the-outage-test"}
	for tok, kind := range map[string]string{o.token: dispatch.SessionAPI, o.cookie: dispatch.SessionBrowser} {
		sum := sha256.Sum256([]byte(tok))
		if err := st.CreateSession(ctx, acc.ID, sum[:], kind, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	c.PublicURL, _ = url.Parse("http://127.0.0.1")
	svc, err := newService(ctx, c, slog.New(slog.NewTextHandler(io.Discard, nil)), pool)
	if err != nil {
		t.Fatal(err)
	}
	o.srv = httptest.NewServer(svc.handler)
	t.Cleanup(o.srv.Close)
	return o
}

// probe is one request of the outage test.
type probe struct{ method, path, body, auth string }

func (o *outageService) do(t *testing.T, p probe) *http.Response {
	req, err := http.NewRequest(p.method, o.srv.URL+p.path, strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.HasPrefix(p.path, "/api/"):
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "outage-"+p.path)
	case p.method == http.MethodPost:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	switch p.auth {
	case "bearer":
		req.Header.Set("Authorization", "Bearer "+o.token)
	case "cookie":
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: o.cookie})
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// Issue 13, finding 5: while PostgreSQL is stopped, the API, the pages and
// the readiness check answer 503 with Retry-After, never 500, and a valid
// session is not sent to log in again; when it is back, the service is
// ready again.
func TestDatabaseOutageAnswers503(t *testing.T) {
	t.Parallel()
	o := newOutageService(t)
	probes := []probe{
		{"GET", "/readyz", "", ""},
		{"GET", "/api/v1/riders?q=schmitz", "", "bearer"},
		{"GET", "/api/v1/trips", "", "bearer"},
		{"POST", "/api/v1/riders", `{"first_name":"A","last_name":"B","street":"S 1","city":"C","lat":49.9,"lon":6.5}`, "bearer"},
		{"POST", "/api/v1/auth/login", `{"email":"k@example.org","password":"wrong password"}`, ""},
		{"GET", "/board", "", "cookie"},
		{"GET", "/people", "", "cookie"},
		{"GET", "/intake?q=schmitz", "", "cookie"},
		{"POST", "/login", "email=k%40example.org&password=wrong", ""},
	}
	for _, p := range probes {
		if resp := o.do(t, p); resp.StatusCode >= 500 {
			t.Fatalf("before the outage %s %s: %d", p.method, p.path, resp.StatusCode)
		}
	}
	o.proxy.Stop()
	codes := map[int]int{}
	for round := range 3 {
		for _, p := range probes {
			resp := o.do(t, p)
			codes[resp.StatusCode]++
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
				t.Errorf("round %d, %s %s during the outage: %d, Retry-After %q; want 503 with Retry-After",
					round, p.method, p.path, resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		}
	}
	t.Logf("status codes during the outage: %v", codes)
	o.proxy.Start()
	deadline := time.Now().Add(30 * time.Second)
	for o.do(t, probes[0]).StatusCode != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("not ready again 30 s after the database came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if resp := o.do(t, probes[1]); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the outage: %d", resp.StatusCode)
	}
}
