// Package obs is the service's observability plumbing: structured logs that
// carry the request or job they belong to, and OpenTelemetry tracing. It
// lives apart from the packages that log so that they keep using plain
// slog with a context; the ids come from the context, not from each call.
package obs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	jobIDKey
)

// Log formats accepted by FAHRDIENST_LOG_FORMAT.
const (
	FormatJSON = "json"
	FormatText = "text"
)

// DefaultFormat is text for a person at a terminal and JSON for everything
// else (journald, a container runtime, a log shipper), which parses it.
func DefaultFormat(w io.Writer) string {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return FormatText
		}
	}
	return FormatJSON
}

// NewLogger writes to w in format ("json" or "text"; empty picks
// DefaultFormat), adding the request id, job id and trace id of the context
// to every line.
func NewLogger(w io.Writer, format string) (*slog.Logger, error) {
	if format == "" {
		format = DefaultFormat(w)
	}
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	var h slog.Handler
	switch format {
	case FormatJSON:
		h = slog.NewJSONHandler(w, opts)
	case FormatText:
		h = slog.NewTextHandler(w, opts)
	default:
		return nil, fmt.Errorf("unknown log format %q: want json or text", format)
	}
	return slog.New(contextHandler{h}), nil
}

// contextHandler adds the ids found in the record's context.
type contextHandler struct{ slog.Handler }

// Handle adds request_id, job_id and trace_id when the context has them.
func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := ctx.Value(requestIDKey).(string); ok {
		r.AddAttrs(slog.String("request_id", id))
	}
	if id, ok := ctx.Value(jobIDKey).(int64); ok {
		r.AddAttrs(slog.Int64("job_id", id))
	}
	if id := traceID(ctx); id != "" {
		r.AddAttrs(slog.String("trace_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around the derived handler.
func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(as)}
}

// WithGroup keeps the wrapper around the derived handler.
func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithJobID returns ctx marked as belonging to the River job id.
func WithJobID(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, jobIDKey, id)
}

// RequestIDs gives every request an id, in its context (so that every log
// line of the request carries it) and in the X-Request-Id answer header
// (so that a user's report can be matched to the log). A well-formed id
// from a proxy in front is kept, so that both logs agree.
func RequestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !wellFormedID(id) {
			raw := make([]byte, 8)
			rand.Read(raw)
			id = hex.EncodeToString(raw)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// wellFormedID accepts short ids of letters, digits, '-', '_' and '.', so
// that a client cannot write arbitrary text into the log.
func wellFormedID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

// JobIDs is River middleware that marks each job's context with its id,
// so that every log line the job writes carries job_id.
type JobIDs struct{ river.MiddlewareDefaults }

// Work runs the job with its id in the context.
func (*JobIDs) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	return doInner(WithJobID(ctx, job.ID))
}

var _ rivertype.WorkerMiddleware = &JobIDs{}
