package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// minMetricsToken is the shortest FAHRDIENST_METRICS_TOKEN accepted, so
// that a token cannot be guessed by a scraper's neighbour.
const minMetricsToken = 16

// listeners are the service's bound sockets. serve and dev bind them before
// they open the database, so that an address that cannot be bound stops the
// program at once, with the variable named, like any other bad setting.
type listeners struct {
	main, metrics net.Listener
}

// listen binds FAHRDIENST_ADDR and, when set, FAHRDIENST_METRICS_ADDR.
func listen(cfg config) (*listeners, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, configError{fmt.Sprintf("invalid FAHRDIENST_ADDR=%q: cannot listen: %v", cfg.Addr, err)}
	}
	ls := &listeners{main: ln}
	if cfg.MetricsAddr != "" {
		if ls.metrics, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			ln.Close()
			return nil, configError{fmt.Sprintf("invalid FAHRDIENST_METRICS_ADDR=%q: cannot listen: %v", cfg.MetricsAddr, err)}
		}
	}
	return ls, nil
}

// close releases sockets that were bound but never served.
func (ls *listeners) close() {
	if ls == nil {
		return
	}
	ls.main.Close()
	if ls.metrics != nil {
		ls.metrics.Close()
	}
}

// metricsHandler serves the registry, behind the bearer token when one is
// configured. The metrics name routes, queues and pool sizes: nothing
// personal, but enough about the installation that they are not for
// everyone who reaches the public port.
func metricsHandler(cfg config, g prometheus.Gatherer) http.Handler {
	h := promhttp.HandlerFor(g, promhttp.HandlerOpts{})
	if cfg.MetricsToken == "" {
		return h
	}
	want := sha256.Sum256([]byte(cfg.MetricsToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(token))
		if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need FAHRDIENST_METRICS_TOKEN as a bearer token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// mountMetrics puts /metrics on the main router only when a token guards
// it and no listener of its own is configured; with neither variable set
// there is no /metrics at all (the safe default: nothing is open by
// accident).
func mountMetrics(cfg config, g prometheus.Gatherer) func(chi.Router) {
	return func(r chi.Router) {
		if cfg.MetricsAddr == "" && cfg.MetricsToken != "" {
			r.Method(http.MethodGet, "/metrics", metricsHandler(cfg, g))
		}
	}
}

// metricsServer serves only /metrics on FAHRDIENST_METRICS_ADDR (nil when
// unset), so that a scraper on an internal network needs no token.
func metricsServer(cfg config, g prometheus.Gatherer) *http.Server {
	if cfg.MetricsAddr == "" {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metricsHandler(cfg, g))
	return &http.Server{Handler: mux, ReadHeaderTimeout: httpReadHeaderTimeout}
}
