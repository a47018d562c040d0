// Package twiliotest stands in for Twilio in tests: a local HTTP server that
// behaves like the Messages API as far as Fahrdienst uses it, and a signer
// for webhook requests. It imports nothing of Fahrdienst, so that the
// twilio package's own tests can use it as well as the store's and the
// service's.
package twiliotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"sync"
	"testing"
	"time"
)

// Test credentials: the fake accepts only these.
const (
	AccountSID = "AC0123456789abcdef0123456789abcdef"
	AuthToken  = "0123456789abcdef0123456789abcdef"
	From       = "+15005550006"
)

// MagicError is what the fake answers for one of Twilio's magic numbers.
type MagicError struct {
	Code    int
	Message string
}

// MagicNumbers are Twilio's magic test numbers: with test credentials the
// real API answers these with the errors below, and the fake does the same.
var MagicNumbers = map[string]MagicError{
	"+15005550001": {21211, "The 'To' number +15005550001 is not a valid phone number."},
	"+15005550002": {21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number: +15005550006 via SMS."},
	"+15005550003": {21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."},
	"+15005550004": {21610, "Attempt to send to unsubscribed recipient"},
	"+15005550009": {21614, "To number: +15005550009, is not a mobile number"},
}

var messagesPath = regexp.MustCompile(`^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\.json$`)

// Request is a request as the fake received it, kept so that tests can
// check it (e.g. against Twilio's OpenAPI description).
type Request struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

// SMS is a message the fake accepted. Created is when it was accepted, by
// the fake's clock (see SetNow); the list endpoint filters and answers
// with it.
type SMS struct {
	SID, To, From, Body, StatusCallback string
	Created                             time.Time
}

// Twilio is the fake Messages API: form-encoded POST, basic auth with the
// account SID, JSON answers with sid and status, Twilio's JSON error body.
type Twilio struct {
	server *httptest.Server

	mu       sync.Mutex
	requests []Request
	sent     []SMS
	calls    []Call
	keep     bool
	override func(w http.ResponseWriter, r *http.Request) bool
	mode     mode
	now      func() time.Time
	release  chan struct{} // closed to end every hanging request
}

// NewTwilio starts a fake that keeps every request; it stops with the test.
func NewTwilio(t testing.TB) *Twilio {
	f := &Twilio{keep: true, now: time.Now, release: make(chan struct{})}
	f.server = httptest.NewServer(f)
	t.Cleanup(f.Close)
	return f
}

// KeepRequests switches the recording of whole requests on or off; a load
// test counts accepted messages only.
func (f *Twilio) KeepRequests(keep bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keep = keep
}

// Close stops the server, so that tests can see a network failure. Hanging
// requests are let go first: the server waits for every handler.
func (f *Twilio) Close() {
	f.SetHang(false)
	f.server.Close()
}

// URL is the base URL to configure as TWILIO_API_URL.
func (f *Twilio) URL() string { return f.server.URL }

// SetOverride installs fn to answer before the normal behaviour; fn returns
// true when it has answered. nil removes it.
func (f *Twilio) SetOverride(fn func(w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.override = fn
}

// Captured returns the requests received so far.
func (f *Twilio) Captured() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Sent returns the messages accepted so far, in order.
func (f *Twilio) Sent() []SMS {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]SMS(nil), f.sent...)
}

// SentTo returns the bodies of the messages accepted for one number.
func (f *Twilio) SentTo(to string) []string {
	var bodies []string
	for _, m := range f.Sent() {
		if m.To == to {
			bodies = append(bodies, m.Body)
		}
	}
	return bodies
}

// ServeHTTP answers like the Messages API, so that the fake can also be
// mounted under a path of another server.
func (f *Twilio) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	f.mu.Lock()
	if f.keep {
		f.requests = append(f.requests, Request{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
	}
	override := f.override
	f.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if override != nil && override(w, r) {
		return
	}
	if f.serveCalls(w, r, body) {
		return
	}
	if r.Method == http.MethodGet && messagesPath.MatchString(r.URL.Path) {
		f.list(w, r)
		return
	}
	form, ok := f.check(w, r, body)
	if !ok {
		return
	}
	if !f.misbehave(w, r) {
		return
	}
	m := SMS{SID: "SM" + randomHex(16), To: form.Get("To"), From: form.Get("From"), Body: form.Get("Body"),
		StatusCallback: form.Get("StatusCallback")}
	f.mu.Lock()
	m.Created = f.now()
	f.sent = append(f.sent, m)
	f.mu.Unlock()
	// After a slow accept the client may be gone; the message is accepted
	// all the same, as at Twilio.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(resource(m, form.Get("MessagingServiceSid")))
}

// resource is the Message resource as Twilio writes it.
func resource(m SMS, service string) map[string]any {
	created := m.Created.UTC().Format(time.RFC1123Z)
	return map[string]any{
		"account_sid": AccountSID, "api_version": "2010-04-01", "body": m.Body,
		"date_created": created, "date_sent": nil, "date_updated": created, "direction": "outbound-api",
		"error_code": nil, "error_message": nil, "from": nilIfEmpty(m.From), "messaging_service_sid": nilIfEmpty(service),
		"num_media": "0", "num_segments": fmt.Sprint(segments(m.Body)), "price": nil, "price_unit": "USD",
		"sid": m.SID, "status": "queued", "to": m.To,
		"uri": "/2010-04-01/Accounts/" + AccountSID + "/Messages/" + m.SID + ".json",
	}
}

// check refuses what Twilio refuses, with Twilio's codes.
func (f *Twilio) check(w http.ResponseWriter, r *http.Request, body []byte) (url.Values, bool) {
	m := messagesPath.FindStringSubmatch(r.URL.Path)
	if m == nil {
		WriteError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
		return nil, false
	}
	if r.Method != http.MethodPost {
		WriteError(w, http.StatusMethodNotAllowed, 20004, "Method not allowed")
		return nil, false
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != AccountSID || pass != AuthToken || m[1] != AccountSID {
		WriteError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return nil, false
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		WriteError(w, http.StatusBadRequest, 20001, "unexpected content type "+ct)
		return nil, false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		WriteError(w, http.StatusBadRequest, 20001, "unreadable form")
		return nil, false
	}
	switch {
	case form.Get("To") == "":
		WriteError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return nil, false
	case form.Get("From") == "" && form.Get("MessagingServiceSid") == "":
		WriteError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
		return nil, false
	case form.Get("Body") == "":
		WriteError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return nil, false
	}
	if e, ok := MagicNumbers[form.Get("To")]; ok {
		WriteError(w, http.StatusBadRequest, e.Code, e.Message)
		return nil, false
	}
	return form, true
}

// WriteError answers like Twilio does when it refuses a request.
func WriteError(w http.ResponseWriter, status, code int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": message, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status,
	})
}

// Sign computes the X-Twilio-Signature Twilio sends for a POST of form to
// fullURL: HMAC-SHA1 over the URL and the sorted parameters.
func Sign(token, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := fullURL
	for _, k := range keys {
		s += k + form.Get(k)
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// segments is a rough segment count for the answer; the fake does not
// need Twilio's exact encoding rules.
func segments(text string) int {
	if n := len(text); n > 160 {
		return (n + 152) / 153
	}
	return 1
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
