package twilio

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// CallLine is what the voice webhooks need of the store.
type CallLine interface {
	// CallScript returns what the call of a message says, and records who
	// answered (machine detection) and the call's SID if the send has not
	// recorded it yet.
	CallScript(ctx context.Context, messageID int64, callSID, answeredBy string) (notify.CallScript, error)
	// CallDigit applies a key pressed in a call: 1 confirms, 2 cancels the
	// ride through the normal cancellation. A call SID and digit seen
	// before, and any other key, change nothing. It returns the script, for
	// a repeat.
	CallDigit(ctx context.Context, messageID int64, callSID, digits string) (notify.CallScript, error)
	// RecordCallStatus applies a call's final status: a busy or unanswered
	// call is placed again later, up to the configured retries.
	RecordCallStatus(ctx context.Context, cb notify.CallStatusCallback) (notify.StatusChange, error)
}

// VoiceWebhooks serves the webhooks of reminder calls under /twilio/voice/:
// answer (what to say, by Twilio's machine detection), gather (the key
// pressed) and status (the call's end). Like the SMS webhooks they check
// X-Twilio-Signature first and answer 403 without any change when it does
// not match.
type VoiceWebhooks struct {
	// Validator is nil when Twilio is not configured: the webhooks answer 503.
	Validator *WebhookValidator
	Line      CallLine
	Speaker   Speaker
	Texts     *notify.Texts
	Metrics   *Metrics
	Log       *slog.Logger
}

// Mount adds the voice routes to r, for api.Options.Mount.
func (h *VoiceWebhooks) Mount(r chi.Router) {
	r.Post(VoiceAnswerPath, h.ServeAnswer)
	r.Post(VoiceGatherPath, h.ServeGather)
	r.Post(VoiceStatusPath, h.ServeStatus)
}

var callSIDPattern = regexp.MustCompile(`^CA[0-9a-fA-F]{32}$`)

// callForm is the part of a voice webhook every handler reads.
type callForm struct {
	messageID int64
	callSID   string
}

func parseCallForm(r *http.Request) (callForm, error) {
	var f dispatch.Fields
	id, err := strconv.ParseInt(r.URL.Query().Get("m"), 10, 64)
	if err != nil || id <= 0 {
		f.Add("m", "must be a message id")
	}
	sid := r.PostForm.Get("CallSid")
	if !callSIDPattern.MatchString(sid) {
		f.Add("CallSid", "must be CA followed by 32 hex digits")
	}
	return callForm{messageID: id, callSID: sid}, f.Err()
}

// ServeAnswer tells Twilio what the call says: to a person the reminder and
// its question (or the notice and "1 to hear it again"), to an answering
// machine the short message.
func (h *VoiceWebhooks) ServeAnswer(w http.ResponseWriter, r *http.Request) {
	c, ok := h.begin(w, r)
	if !ok {
		return
	}
	answeredBy := r.PostForm.Get("AnsweredBy")
	if len(answeredBy) > 32 {
		h.fail(w, r, dispatch.Errorf(dispatch.CodeInvalid, "AnsweredBy too long"))
		return
	}
	s, err := h.Line.CallScript(r.Context(), c.messageID, c.callSID, answeredBy)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if notify.Machine(answeredBy) || s.Prompt == "" {
		h.twiml(w, h.Speaker.SayTwiML(s.Lang, s.Voicemail))
		return
	}
	h.twiml(w, h.Speaker.GatherTwiML(s, "", h.gatherURL(c.messageID), h.Texts.CallEnd(s)))
}

// ServeGather applies the key pressed and says what it did.
func (h *VoiceWebhooks) ServeGather(w http.ResponseWriter, r *http.Request) {
	c, ok := h.begin(w, r)
	if !ok {
		return
	}
	digits := r.PostForm.Get("Digits")
	if len(digits) > 8 {
		digits = digits[:8]
	}
	s, err := h.Line.CallDigit(r.Context(), c.messageID, c.callSID, digits)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	reply := h.Texts.CallReplyTo(s, digits)
	h.log().InfoContext(r.Context(), "call key", "message_id", c.messageID, "choice", int(notify.ParseDigit(digits)),
		"notice", s.Notice)
	if reply.Gather {
		h.twiml(w, h.Speaker.GatherTwiML(s, reply.Say, h.gatherURL(c.messageID), h.Texts.CallEnd(s)))
		return
	}
	h.twiml(w, h.Speaker.SayTwiML(s.Lang, reply.Say))
}

// ServeStatus records the end of a call.
func (h *VoiceWebhooks) ServeStatus(w http.ResponseWriter, r *http.Request) {
	c, ok := h.begin(w, r)
	if !ok {
		return
	}
	cb := notify.CallStatusCallback{MessageID: c.messageID, CallSID: c.callSID,
		Status: notify.CallStatus(r.PostForm.Get("CallStatus")), AnsweredBy: r.PostForm.Get("AnsweredBy")}
	var f dispatch.Fields
	if !cb.Status.Known() {
		f.Add("CallStatus", "unknown status")
	}
	if s := r.PostForm.Get("ErrorCode"); s != "" {
		code, err := strconv.Atoi(s)
		if err != nil || code < 0 || code > 99999 {
			f.Add("ErrorCode", "must be a Twilio error code")
		}
		cb.ErrorCode = code
	}
	if len(cb.AnsweredBy) > 32 {
		f.Add("AnsweredBy", "too long")
	}
	if err := f.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	ch, err := h.Line.RecordCallStatus(r.Context(), cb)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if ch.Changed && h.Metrics != nil && (ch.Status == "delivered" || ch.Status == "failed") {
		h.Metrics.MessageFinal(ch.Kind, ch.Status)
	}
	w.WriteHeader(http.StatusNoContent)
}

// begin checks the signature and reads the message id and call SID.
func (h *VoiceWebhooks) begin(w http.ResponseWriter, r *http.Request) (callForm, bool) {
	hooks := Webhooks{Validator: h.Validator, Log: h.Log}
	if !hooks.verify(w, r) {
		return callForm{}, false
	}
	c, err := parseCallForm(r)
	if err != nil {
		h.fail(w, r, err)
		return c, false
	}
	return c, true
}

func (h *VoiceWebhooks) gatherURL(messageID int64) string {
	return h.Validator.publicURL + VoiceGatherPath + "?m=" + url.QueryEscape(strconv.FormatInt(messageID, 10))
}

func (h *VoiceWebhooks) twiml(w http.ResponseWriter, doc []byte) {
	w.Header().Set("Content-Type", TwiMLContentType)
	w.Write(doc)
}

func (h *VoiceWebhooks) fail(w http.ResponseWriter, r *http.Request, err error) {
	(&Webhooks{Log: h.Log}).fail(w, r, err)
}

func (h *VoiceWebhooks) log() *slog.Logger {
	return (&Webhooks{Log: h.Log}).log()
}
