package twilio

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/twilio/twilio-go/client"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// maxWebhookBody bounds a webhook request body. Twilio's forms are a few
// kilobytes; anything much larger is not Twilio.
const maxWebhookBody = 64 << 10

// WebhookValidator checks that a request to /twilio/sms or /twilio/status
// really comes from Twilio: Twilio signs the URL it called plus the form
// with our auth token (X-Twilio-Signature). Behind a proxy the URL we see
// is not the one Twilio called, so the signature is checked against the
// configured public URL (FAHRDIENST_PUBLIC_URL) plus the request's path.
type WebhookValidator struct {
	publicURL string
	validator client.RequestValidator
}

// NewWebhookValidator returns a validator for the account's auth token and
// the service's public base URL, e.g. "https://fahrdienst.example.de".
func NewWebhookValidator(authToken, publicURL string) (*WebhookValidator, error) {
	if authToken == "" {
		return nil, errors.New("webhook validator: auth token is empty")
	}
	u, err := url.Parse(publicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, fmt.Errorf("webhook validator: public URL %q must be an absolute http(s) URL without query", publicURL)
	}
	return &WebhookValidator{
		publicURL: strings.TrimRight(publicURL, "/"),
		validator: client.NewRequestValidator(authToken),
	}, nil
}

// URL is the address Twilio called for r, as Twilio saw it.
func (v *WebhookValidator) URL(r *http.Request) string {
	return v.publicURL + r.URL.RequestURI()
}

// ValidateRequest reads r's form (at most 64 KiB) and checks its
// signature. On success r.PostForm holds the parameters. The errors are
// dispatch errors: unauthorized without a signature, forbidden with a wrong
// one, too large or invalid for a body that is not a form.
func (v *WebhookValidator) ValidateRequest(w http.ResponseWriter, r *http.Request) error {
	signature := r.Header.Get("X-Twilio-Signature")
	if signature == "" {
		return dispatch.Errorf(dispatch.CodeUnauthorized, "missing Twilio signature")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxWebhookBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return dispatch.Wrap(dispatch.CodeTooLarge, err, "webhook body too large")
		}
		return dispatch.Wrap(dispatch.CodeInvalid, err, "webhook body is not a form")
	}
	if !v.Valid(v.URL(r), r.PostForm, signature) {
		return dispatch.Errorf(dispatch.CodeForbidden, "invalid Twilio signature")
	}
	return nil
}

// Valid checks a signature for a URL and the POSTed form parameters. Twilio
// signs the first value of each parameter, like twilio-go's ValidateBody.
func (v *WebhookValidator) Valid(fullURL string, form url.Values, signature string) bool {
	params := make(map[string]string, len(form))
	for k, vals := range form {
		if len(vals) > 0 {
			params[k] = vals[0]
		}
	}
	return v.validator.Validate(fullURL, params, signature)
}

var (
	messageSIDPattern = regexp.MustCompile(`^(SM|MM)[0-9a-fA-F]{32}$`)
	e164Pattern       = regexp.MustCompile(`^\+[1-9][0-9]{5,14}$`)
)

// maxIncomingBody bounds the text of an incoming SMS: Twilio joins long
// messages up to 1600 characters, which is at most 6400 bytes of UTF-8.
const maxIncomingBody = 6400

// ParseIncomingSMS reads the form Twilio posts for an incoming SMS. It
// refuses forms that no real Twilio request has, so that junk never
// reaches the reply handling.
func ParseIncomingSMS(form url.Values) (notify.IncomingSMS, error) {
	m := notify.IncomingSMS{
		MessageSID: form.Get("MessageSid"),
		AccountSID: form.Get("AccountSid"),
		From:       form.Get("From"),
		To:         form.Get("To"),
		Body:       form.Get("Body"),
	}
	var fields dispatch.Fields
	if !messageSIDPattern.MatchString(m.MessageSID) {
		fields.Add("MessageSid", "must be SM or MM followed by 32 hex digits")
	}
	if m.AccountSID != "" && !accountSIDPattern.MatchString(m.AccountSID) {
		fields.Add("AccountSid", "must be AC followed by 32 hex digits")
	}
	if !e164Pattern.MatchString(m.From) {
		fields.Add("From", "must be a phone number in E.164 form")
	}
	if m.To == "" || len(m.To) > 64 || !dispatch.Storable(m.To) {
		fields.Add("To", "is required")
	}
	if len(m.Body) > maxIncomingBody {
		fields.Add("Body", "is longer than an SMS can be")
	}
	if err := fields.Err(); err != nil {
		return notify.IncomingSMS{}, err
	}
	// The signature covers the body as sent: it is cleaned only now. A
	// driver's reply garbled by a phone (a NUL, broken UTF-8) still counts.
	m.Body = dispatch.CleanText(m.Body)
	return m, nil
}

// ParseStatusCallback reads the form Twilio posts to a message's
// StatusCallback URL.
func ParseStatusCallback(form url.Values) (notify.StatusCallback, error) {
	cb := notify.StatusCallback{
		MessageSID: form.Get("MessageSid"),
		Status:     notify.MessageStatus(form.Get("MessageStatus")),
	}
	if cb.Status == "" {
		// Older callbacks carry only SmsStatus.
		cb.Status = notify.MessageStatus(form.Get("SmsStatus"))
	}
	var fields dispatch.Fields
	if !messageSIDPattern.MatchString(cb.MessageSID) {
		fields.Add("MessageSid", "must be SM or MM followed by 32 hex digits")
	}
	if !cb.Status.Known() {
		fields.Add("MessageStatus", "unknown status")
	}
	if s := form.Get("ErrorCode"); s != "" {
		code, err := strconv.Atoi(s)
		if err != nil || code < 0 || code > 99999 {
			fields.Add("ErrorCode", "must be a Twilio error code")
		}
		cb.ErrorCode = code
	}
	if err := fields.Err(); err != nil {
		return notify.StatusCallback{}, err
	}
	return cb, nil
}

// TwiMLContentType is the content type of a TwiML answer.
const TwiMLContentType = "text/xml; charset=utf-8"

// TwiML renders the answer to an incoming SMS webhook: one <Message> per
// reply, or an empty <Response/> to send nothing. Replying in the webhook
// answer saves a REST call and arrives fastest.
func TwiML(messages ...string) []byte {
	var b strings.Builder
	b.WriteString(xml.Header)
	if len(messages) == 0 {
		b.WriteString("<Response/>")
		return []byte(b.String())
	}
	b.WriteString("<Response>")
	for _, m := range messages {
		b.WriteString("<Message>")
		xml.EscapeText(&b, []byte(xmlSafe(m)))
		b.WriteString("</Message>")
	}
	b.WriteString("</Response>")
	return []byte(b.String())
}

// xmlSafe drops what XML 1.0 cannot carry at all (most control characters,
// invalid UTF-8), which xml.EscapeText would otherwise replace silently.
func xmlSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}
