// Package api serves Fahrdienst over HTTP: the JSON API under /api/v1, the
// health and readiness checks, the Prometheus metrics and the OpenAPI
// document. Handlers return errors; one adapter turns them into RFC 9457
// problem documents.
package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Options wire the API to the rest of the service.
type Options struct {
	Logger *slog.Logger
	// Registry receives the HTTP metrics; Gatherer serves /metrics, open to
	// anyone, unless nil: the service leaves it nil and serves the metrics
	// itself, on a listener of their own or behind a bearer token.
	Registry prometheus.Registerer
	Gatherer prometheus.Gatherer
	// Ready reports whether the service can serve: database reachable and
	// migrations current.
	Ready func(ctx context.Context) error
	// Mount adds further routes (API, web pages, webhooks) to the router.
	Mount []func(chi.Router)
}

// handlerFunc is an HTTP handler that returns its error instead of writing
// it, so that every error is answered the same way.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts a handlerFunc to http.HandlerFunc, writing errors as problems.
func Handle(log *slog.Logger, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, log, err)
		}
	}
}

// NewRouter returns the service's HTTP handler.
func NewRouter(o Options) http.Handler {
	r := chi.NewRouter()
	m := newHTTPMetrics(o.Registry)
	r.Use(recoverer(o.Logger), m.middleware, requestLog(o.Logger))
	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", Handle(o.Logger, func(w http.ResponseWriter, r *http.Request) error {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := o.Ready(ctx); err != nil {
			o.Logger.WarnContext(r.Context(), "not ready", "err", err)
			w.Header().Set("Retry-After", dispatch.RetryAfterSeconds)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return nil
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		return nil
	}))
	if o.Gatherer != nil {
		r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(o.Gatherer, promhttp.HandlerOpts{}))
	}
	r.Get("/api/openapi.yaml", serveOpenAPI)
	for _, mount := range o.Mount {
		mount(r)
	}
	return r
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
