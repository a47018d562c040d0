package twilio

import (
	"net/http"

	"github.com/fahrdienst/fahrdienst/notify"
)

// classifyHTTP turns a provider's refusal into a notify.SendError. Known codes
// decide; otherwise the HTTP status does: rate limits (429), server errors
// (5xx) and our own configuration (401, 403, 404) are worth retrying, any
// other 4xx is a request that will be refused again.
func classifyHTTP(status, code int, message string) *notify.SendError {
	e := &notify.SendError{Code: code, HTTPStatus: status, Message: message}
	switch {
	case notify.PermanentCode(code):
		e.Permanent = true
	case status == http.StatusTooManyRequests, status >= 500, status == http.StatusRequestTimeout:
		e.Permanent = false
	case status == http.StatusUnauthorized, status == http.StatusForbidden, status == http.StatusNotFound:
		e.Permanent = false
	case status >= 400 && status < 500:
		e.Permanent = true
	}
	if e.Message == "" {
		e.Message = notify.PermanentReason(code)
	}
	return e
}
