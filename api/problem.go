package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// statusOf is the one table from error codes to HTTP status.
var statusOf = map[dispatch.Code]int{
	dispatch.CodeMalformed:    http.StatusBadRequest,
	dispatch.CodeInvalid:      http.StatusUnprocessableEntity,
	dispatch.CodeNotFound:     http.StatusNotFound,
	dispatch.CodeConflict:     http.StatusConflict,
	dispatch.CodeUnauthorized: http.StatusUnauthorized,
	dispatch.CodeForbidden:    http.StatusForbidden,
	dispatch.CodeTooLarge:     http.StatusRequestEntityTooLarge,
	dispatch.CodeUnavailable:  http.StatusServiceUnavailable,
	dispatch.CodeInternal:     http.StatusInternalServerError,
	dispatch.CodeRateLimited:  http.StatusTooManyRequests,
}

// Problem is an RFC 9457 problem document, with the field errors of a
// validation failure.
type Problem struct {
	Type   string                `json:"type"`
	Title  string                `json:"title"`
	Status int                   `json:"status"`
	Detail string                `json:"detail,omitempty"`
	Code   dispatch.Code         `json:"code"`
	Errors []dispatch.FieldError `json:"errors,omitempty"`
}

// writeError answers with the problem document for err. Internal causes are
// logged, never shown.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := dispatch.ErrorCode(err)
	status := statusOf[code]
	p := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code,
		Detail: dispatch.ErrorMessage(err)}
	var de *dispatch.Error
	if errors.As(err, &de) {
		p.Errors = de.Fields
	}
	if status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "route", routePattern(r), "code", code, "err", err)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", dispatch.RetryAfterSeconds)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}
