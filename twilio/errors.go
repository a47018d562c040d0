package twilio

import (
	"context"
	"errors"
	"net/http"

	"github.com/twilio/twilio-go/client"

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

// ambiguousStatus are answers after which Twilio may have created the
// message all the same: an internal error, or a gateway between us and the
// Messages API that gave up waiting. 429 and 503 are refusals before any
// work. A wrong "ambiguous" costs one lookup, a wrong "not sent" a
// duplicate SMS, so the doubtful cases are here.
func ambiguousStatus(status int) bool {
	return status == http.StatusInternalServerError || status == http.StatusBadGateway ||
		status == http.StatusGatewayTimeout
}

// classifyTwilio maps what twilio-go returned to a notify.SendError. wrote
// says whether the request went out in full: a failure without an answer
// after that is ambiguous, one before it (no connection) surely sent
// nothing.
func classifyTwilio(ctx context.Context, err error, status int, wrote bool) *notify.SendError {
	e := classifyAnswer(ctx, err, status)
	e.Ambiguous = wrote && (e.HTTPStatus == 0 || e.HTTPStatus < 400 || ambiguousStatus(e.HTTPStatus))
	return e
}

func classifyAnswer(ctx context.Context, err error, status int) *notify.SendError {
	var rest *client.TwilioRestError
	if errors.As(err, &rest) {
		if rest.Status != 0 {
			status = rest.Status
		}
		return classifyHTTP(status, rest.Code, rest.Message)
	}
	var v1 *client.RestErrorV1
	if errors.As(err, &v1) {
		if v1.HttpStatusCode != 0 {
			status = v1.HttpStatusCode
		}
		return classifyHTTP(status, v1.Code, v1.Message)
	}
	if status >= 400 {
		// An error page that is not Twilio's JSON, e.g. from a proxy.
		e := classifyHTTP(status, 0, "unreadable error response")
		e.Err = err
		return e
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &notify.SendError{Message: "request to Twilio abandoned", Err: ctxErr}
	}
	// Network failures and timeouts: Twilio may be back in a moment.
	return &notify.SendError{HTTPStatus: status, Message: "Twilio not reachable", Err: err}
}
