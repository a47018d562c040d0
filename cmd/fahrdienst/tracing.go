package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/fahrdienst/fahrdienst/internal/obs"
)

// startTracing switches OpenTelemetry on when OTEL_EXPORTER_OTLP_ENDPOINT
// (or its traces variant) is set, for serve and dev; the returned stop
// flushes the spans still buffered. Without it nothing is traced and no
// tracer costs anything.
func (c *config) startTracing(ctx context.Context, log *slog.Logger) (stop func()) {
	if c.Tracer != nil || !obs.TracingEnabled() {
		return func() {}
	}
	tp, err := obs.NewTracerProvider(ctx, version)
	if err != nil {
		log.Error("tracing off", "err", err)
		return func() {}
	}
	c.Tracer = tp
	log.Info("tracing to the OTLP collector")
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tp.Shutdown(sctx); err != nil {
			log.Warn("flushing traces", "err", err)
		}
	}
}

// traced wraps the service's handler in server spans when tracing is on.
func (c config) traced(h http.Handler) http.Handler {
	if c.Tracer == nil {
		return h
	}
	return obs.HTTPHandler(h, c.Tracer)
}

// riverMiddleware is the job middleware: job ids in the log, and spans
// when tracing is on.
func (c config) riverMiddleware() []rivertype.Middleware {
	m := []rivertype.Middleware{&obs.JobIDs{}}
	if c.Tracer != nil {
		m = append(m, obs.RiverMiddleware(c.Tracer))
	}
	return m
}
