package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/internal/obs"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

const testMetricsToken = "a-metrics-token-for-tests"

// TestMetricsNeedTheirListenerOrAToken: /metrics is never open on the
// public address. With FAHRDIENST_METRICS_TOKEN it answers only with the
// token; with FAHRDIENST_METRICS_ADDR only on its own listener; with
// neither it is not served.
func TestMetricsNeedTheirListenerOrAToken(t *testing.T) {
	t.Parallel()
	pool := testPool(t, storetest.URL(t))
	base := testConfig(t)
	scrape := func(h http.Handler, token string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	service := func(cfg config) *service {
		svc, err := newService(context.Background(), cfg, slog.New(slog.DiscardHandler), pool)
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}

	open := service(base)
	if code, _ := scrape(open.handler, ""); code != http.StatusNotFound || open.metrics != nil {
		t.Errorf("neither variable set: /metrics answers %d on the main address, want 404 and no metrics listener", code)
	}

	withToken := base
	withToken.MetricsToken = testMetricsToken
	svc := service(withToken)
	for _, token := range []string{"", "wrong-token-of-some-length", "Bearer"} {
		if code, _ := scrape(svc.handler, token); code != http.StatusUnauthorized {
			t.Errorf("token mode, token %q: %d, want 401", token, code)
		}
	}
	if code, body := scrape(svc.handler, testMetricsToken); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("token mode with the token: %d", code)
	}

	ownAddr := base
	ownAddr.MetricsAddr = "127.0.0.1:0"
	svc = service(ownAddr)
	if code, _ := scrape(svc.handler, ""); code != http.StatusNotFound {
		t.Errorf("own listener: the main address answers /metrics with %d, want 404", code)
	}
	if svc.metrics == nil {
		t.Fatal("own listener: no metrics server")
	}
	if code, body := scrape(svc.metrics.Handler, ""); code != http.StatusOK || !strings.Contains(body, "fahrdienst_db_pool_connections") {
		t.Errorf("own listener: /metrics answers %d", code)
	}
}

// TestMetricsAddressInUseStopsWithStatus2: an address that cannot be bound
// is a configuration error naming the variable, found before the database
// is opened.
func TestMetricsAddressInUseStopsWithStatus2(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "FAHRDIENST_RUN_MAIN=1", "FAHRDIENST_ARGS=serve", "FAHRDIENST_ADDR=127.0.0.1:0",
		"FAHRDIENST_METRICS_ADDR="+busy.Addr().String())
	expectConfigError(t, cmd, "FAHRDIENST_METRICS_ADDR")
}

// TestServiceLogsCarryTheRequestID: the wired service's request log line
// (written by the API's middleware) names the id the answer carries.
func TestServiceLogsCarryTheRequestID(t *testing.T) {
	t.Parallel()
	pool := testPool(t, storetest.URL(t))
	cfg := testConfig(t)
	var buf bytes.Buffer
	log, _ := obs.NewLogger(&buf, obs.FormatJSON)
	svc, err := newService(context.Background(), cfg, log, pool)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	rec := httptest.NewRecorder()
	svc.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	id := rec.Header().Get("X-Request-Id")
	var line struct {
		Msg, Route string
		RequestID  string `json:"request_id"`
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line.Msg != "http" || id == "" || line.RequestID != id {
		t.Fatalf("log %q (%v), answer id %q", buf.String(), err, id)
	}
}
