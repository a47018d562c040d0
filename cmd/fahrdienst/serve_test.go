package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// TestServeReadyMetricsAndGracefulShutdown runs the service on a test
// database: it becomes ready, /metrics shows the HTTP and pool metrics, and
// cancelling the context (what SIGTERM does) shuts it down cleanly.
func TestServeReadyMetricsAndGracefulShutdown(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), storetest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = addr
	cfg.PublicURL, _ = url.Parse("http://" + addr)
	cfg.MetricsToken = testMetricsToken
	// Twilio configured against the fake, so that the webhooks check
	// signatures instead of answering 503.
	cfg.TwilioSID, cfg.TwilioToken, cfg.TwilioFrom = twiliotest.AccountSID, twiliotest.AuthToken, twiliotest.From
	cfg.TwilioService, cfg.TwilioAPIURL = "", twiliotest.NewTwilio(t).URL()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), pool) }()

	base := "http://" + addr
	waitFor(t, base+"/readyz", http.StatusOK)
	metrics := getWithToken(t, base+"/metrics", testMetricsToken)
	for _, want := range []string{
		`fahrdienst_http_requests_total{method="GET",route="/readyz",status="200"}`,
		`fahrdienst_http_request_duration_seconds_bucket{method="GET",route="/readyz"`,
		"fahrdienst_db_pool_acquired_connections", "go_goroutines", "process_cpu_seconds_total",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	checkAdminJobs(t, pool, base)
	// The Twilio webhooks are mounted, refuse unsigned requests and take
	// requests signed for FAHRDIENST_PUBLIC_URL.
	form := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "AccountSid": {twiliotest.AccountSID},
		"From": {"+491701234567"}, "To": {twiliotest.From}, "Body": {"JA"}}
	if code := postWebhook(t, base+"/twilio/sms", form, ""); code != http.StatusForbidden {
		t.Errorf("unsigned webhook: %d, want 403", code)
	}
	if code := postWebhook(t, base+"/twilio/sms", form, "wrong"); code != http.StatusForbidden {
		t.Errorf("webhook with a wrong signature: %d, want 403", code)
	}
	signed := twiliotest.Sign(twiliotest.AuthToken, base+"/twilio/sms", form)
	if code := postWebhook(t, base+"/twilio/sms", form, signed); code != http.StatusOK {
		t.Errorf("signed webhook: %d, want 200", code)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("no graceful shutdown within 40 s")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

// postWebhook posts form as Twilio does, with signature as the
// X-Twilio-Signature unless empty, and returns the status.
func postWebhook(t *testing.T, target string, form url.Values, signature string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signature != "" {
		req.Header.Set("X-Twilio-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestReadyzIsUnavailableWithoutMigrations: a server on a database with a
// migration missing is alive but not ready.
func TestReadyzIsUnavailableWithoutMigrations(t *testing.T) {
	pool := testPool(t, storetest.URL(t))
	if _, err := pool.Exec(context.Background(), "DELETE FROM schema_migrations WHERE name = '0002_plan_versions.sql'"); err != nil {
		t.Fatal(err)
	}
	if err := ready(context.Background(), pool); err == nil || !strings.Contains(err.Error(), "migrations pending") {
		t.Fatalf("ready = %v, want migrations pending", err)
	}
}

// checkAdminJobs: the River UI at /admin/jobs is for coordinators only,
// and has a way back to the app.
func checkAdminJobs(t *testing.T, pool *pgxpool.Pool, base string) {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(pool, store.Options{})
	if _, err := st.CreateAccount(ctx, dispatch.Actor{Name: "test"}, dispatch.Account{Email: "k@example.org",
		Role: dispatch.RoleCoordinator}, hash); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Get(base + "/admin/jobs"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/admin/jobs without login: %v %v", resp.StatusCode, err)
	}
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"k@example.org","password":"a long enough password"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	req, _ := http.NewRequest("GET", base+"/admin/jobs/", nil)
	req.Header.Set("Authorization", "Bearer "+login.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(body)), "<html") {
		t.Fatalf("/admin/jobs as coordinator: %d", resp.StatusCode)
	}
	if !strings.Contains(string(body), `<a href="/messages"`) {
		t.Fatalf("the job dashboard has no way back to the app:\n%s", body)
	}
}

func waitFor(t *testing.T, url string, status int) {
	t.Helper()
	waitUntil(t, 30*time.Second, fmt.Sprintf("%s to answer %d", url, status), func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == status
	})
}

func get(t *testing.T, url string) string {
	t.Helper()
	return getWithToken(t, url, "")
}

// getWithToken GETs url with token as its bearer token unless empty.
func getWithToken(t *testing.T, url, token string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
