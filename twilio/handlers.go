package twilio

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/phone"
)

// Inbox is what the Twilio webhooks need of the store.
type Inbox interface {
	// ReceiveSMS handles an incoming SMS in one transaction: it records the
	// SMS (once per MessageSid), applies what it means, records the answers
	// and returns them. A MessageSid seen before changes nothing and gets
	// the answers given the first time.
	ReceiveSMS(ctx context.Context, in notify.IncomingSMS) (notify.Received, error)
	// RecordStatus applies a delivery report, never moving a message's
	// status backwards; an offer that did not reach its driver moves on.
	RecordStatus(ctx context.Context, cb notify.StatusCallback) (notify.StatusChange, error)
}

// Webhooks serves POST /twilio/sms and POST /twilio/status. Both check
// the X-Twilio-Signature against FAHRDIENST_PUBLIC_URL before reading
// anything, and answer 403 without any change when it does not match.
type Webhooks struct {
	// Validator is nil when Twilio is not configured; the webhooks then
	// answer 503, since no request can be verified.
	Validator *WebhookValidator
	Inbox     Inbox
	Metrics   *Metrics
	Log       *slog.Logger
}

// Mount adds the webhook routes to r, for api.Options.Mount.
func (h *Webhooks) Mount(r chi.Router) {
	r.Post("/twilio/sms", h.ServeSMS)
	r.Post("/twilio/status", h.ServeStatus)
}

// ServeSMS handles an incoming SMS and answers with TwiML.
func (h *Webhooks) ServeSMS(w http.ResponseWriter, r *http.Request) {
	if !h.verify(w, r) {
		return
	}
	in, err := ParseIncomingSMS(r.PostForm)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rec, err := h.Inbox.ReceiveSMS(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if rec.AnswerTime > 0 && !rec.Duplicate {
		h.Metrics.OfferAnswered(rec.AnswerTime)
	}
	h.log().InfoContext(r.Context(), "sms received", "from", phone.Mask(in.From),
		"action", rec.Action, "duplicate", rec.Duplicate)
	w.Header().Set("Content-Type", TwiMLContentType)
	w.Write(TwiML(rec.Replies...))
}

// ServeStatus records a delivery report.
func (h *Webhooks) ServeStatus(w http.ResponseWriter, r *http.Request) {
	if !h.verify(w, r) {
		return
	}
	cb, err := ParseStatusCallback(r.PostForm)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ch, err := h.Inbox.RecordStatus(r.Context(), cb)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if ch.Changed && cb.Status.Final() {
		h.Metrics.MessageFinal(ch.Kind, ch.Status)
		if cb.Status.Failed() {
			h.Metrics.SendFailure(cb.ErrorCode)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Webhooks) verify(w http.ResponseWriter, r *http.Request) bool {
	if h.Validator == nil {
		http.Error(w, "Twilio is not configured", http.StatusServiceUnavailable)
		return false
	}
	if err := h.Validator.ValidateRequest(w, r); err != nil {
		h.fail(w, r, err)
		return false
	}
	return true
}

// webhookStatus maps error codes to the answers Twilio gets. A missing and
// a wrong signature are both 403: for Twilio either means "not yours".
var webhookStatus = map[dispatch.Code]int{
	dispatch.CodeUnauthorized: http.StatusForbidden,
	dispatch.CodeForbidden:    http.StatusForbidden,
	dispatch.CodeInvalid:      http.StatusBadRequest,
	dispatch.CodeMalformed:    http.StatusBadRequest,
	dispatch.CodeTooLarge:     http.StatusRequestEntityTooLarge,
	dispatch.CodeNotFound:     http.StatusNotFound,
	dispatch.CodeConflict:     http.StatusConflict,
	dispatch.CodeUnavailable:  http.StatusServiceUnavailable,
}

func (h *Webhooks) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, ok := webhookStatus[dispatch.ErrorCode(err)]
	if !ok {
		status = http.StatusInternalServerError
	}
	log := h.log()
	if status >= 500 {
		log.ErrorContext(r.Context(), "twilio webhook", "path", r.URL.Path, "err", err)
	} else {
		log.WarnContext(r.Context(), "twilio webhook refused", "path", r.URL.Path, "status", status, "code", dispatch.ErrorCode(err))
	}
	http.Error(w, http.StatusText(status), status)
}

// log is h.Log, or a logger that drops everything when none is set, so that
// tests need not build one.
func (h *Webhooks) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}
