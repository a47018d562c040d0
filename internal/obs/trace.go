package obs

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"github.com/exaring/otelpgx"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/rivertype"
	"github.com/riverqueue/rivercontrib/otelriver"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
)

// The standard OpenTelemetry variables that switch tracing on: an OTLP/HTTP
// collector, for all signals or for traces only.
const (
	EnvOTLPEndpoint       = "OTEL_EXPORTER_OTLP_ENDPOINT"
	EnvOTLPTracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
	envOTLPProtocol       = "OTEL_EXPORTER_OTLP_PROTOCOL"
)

// CheckTracingEnv validates the variables that switch tracing on, so that
// a typo stops the service at start instead of losing every trace; it
// returns the name of the bad variable and why.
func CheckTracingEnv() (name, why string) {
	for _, v := range []string{EnvOTLPEndpoint, EnvOTLPTracesEndpoint} {
		raw := os.Getenv(v)
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return v, "want an absolute http(s) URL of an OTLP/HTTP collector, e.g. http://localhost:4318"
		}
	}
	if p := os.Getenv(envOTLPProtocol); p != "" && p != "http/protobuf" {
		return envOTLPProtocol, "only http/protobuf is built in"
	}
	return "", ""
}

// TracingEnabled says whether an OTLP endpoint is configured.
func TracingEnabled() bool {
	return os.Getenv(EnvOTLPEndpoint) != "" || os.Getenv(EnvOTLPTracesEndpoint) != ""
}

// NewTracerProvider exports spans in batches to the OTLP/HTTP collector the
// standard variables name (the exporter reads them, headers and all). The
// returned shutdown flushes what is left.
func NewTracerProvider(ctx context.Context, version string) (*sdktrace.TracerProvider, error) {
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("OTLP exporter: %w", err)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		semconv.ServiceName("fahrdienst"), semconv.ServiceVersion(version)))
	if err != nil {
		return nil, err
	}
	return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res)), nil
}

// propagator reads and writes W3C trace context, so that a proxy's trace
// continues into the service.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// HTTPHandler wraps h in an otelhttp server span named after the chi route
// pattern ("POST /api/v1/trips"). The path, client address and user agent
// that otelhttp records are replaced by the pattern and left empty: paths
// carry sign-in tokens (/d/{token}, /invite/{token}) and addresses are
// personal data.
func HTTPHandler(h http.Handler, tp trace.TracerProvider) http.Handler {
	named := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// chi fills a route context it finds instead of making its own,
		// so that the pattern can be read here once it has routed.
		rctx := chi.NewRouteContext()
		rctx.Routes, _ = h.(chi.Routes)
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), chi.RouteCtxKey, rctx)))
		route := rctx.RoutePattern()
		if route == "" {
			route = "unmatched"
		}
		span := trace.SpanFromContext(r.Context())
		span.SetName(r.Method + " " + route)
		span.SetAttributes(attribute.String("http.route", route), attribute.String("url.path", route),
			attribute.String("client.address", ""), attribute.String("network.peer.address", ""),
			attribute.String("user_agent.original", ""))
	})
	return otelhttp.NewHandler(named, "http", otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagator))
}

// PgxTracer makes a span for every query, with the SQL text (parameterised,
// so without personal data) and never its arguments.
func PgxTracer(tp trace.TracerProvider) pgx.QueryTracer {
	return otelpgx.NewTracer(otelpgx.WithTracerProvider(tp))
}

// RiverMiddleware makes a span for every job insert and every job worked;
// the trace context of the insert travels in the job's metadata, and the
// work span links to it, so that a booking's trace leads to the planning
// run it caused, and that run's to the SMS it sent.
func RiverMiddleware(tp trace.TracerProvider) rivertype.Middleware {
	return otelriver.NewMiddleware(&otelriver.MiddlewareConfig{TracerProvider: tp,
		EnableTracePropagation: true, EnableWorkSpanJobKindSuffix: true})
}

// traceID is the current trace's id, or "" without tracing.
func traceID(ctx context.Context) string {
	if sc := trace.SpanContextFromContext(ctx); sc.HasTraceID() {
		return sc.TraceID().String()
	}
	return ""
}
