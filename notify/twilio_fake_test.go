package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"
)

const (
	testAccountSID = "AC0123456789abcdef0123456789abcdef"
	testAuthToken  = "0123456789abcdef0123456789abcdef"
	testFrom       = "+15005550006"
)

// Twilio's magic test numbers: with test credentials the real API answers
// these with the errors below, and the fake does the same.
var magicNumbers = map[string]struct {
	code    int
	message string
}{
	"+15005550001": {21211, "The 'To' number +15005550001 is not a valid phone number."},
	"+15005550002": {21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number: +15005550006 via SMS."},
	"+15005550003": {21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."},
	"+15005550004": {21610, "Attempt to send to unsubscribed recipient"},
	"+15005550009": {21614, "To number: +15005550009, is not a mobile number"},
}

var messagesPath = regexp.MustCompile(`^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\.json$`)

// capturedRequest is a request as the fake received it, kept to validate it
// against Twilio's OpenAPI description.
type capturedRequest struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

// fakeTwilio behaves like the Messages API as far as we use it: form-encoded
// POST, basic auth with the account SID, JSON answers with sid and status,
// and Twilio's JSON error body.
type fakeTwilio struct {
	t      *testing.T
	server *httptest.Server

	mu       sync.Mutex
	requests []capturedRequest
	// override, when set, answers instead of the normal behaviour: an HTTP
	// status with a Twilio error code, or a delay for timeouts.
	override func(w http.ResponseWriter, r *http.Request) bool
}

func newFakeTwilio(t *testing.T) *fakeTwilio {
	f := &fakeTwilio{t: t}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeTwilio) setOverride(fn func(w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.override = fn
}

func (f *fakeTwilio) captured() []capturedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]capturedRequest(nil), f.requests...)
}

func (f *fakeTwilio) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	f.mu.Lock()
	f.requests = append(f.requests, capturedRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
	override := f.override
	f.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body))

	if override != nil && override(w, r) {
		return
	}
	m := messagesPath.FindStringSubmatch(r.URL.Path)
	if m == nil {
		twilioError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
		return
	}
	if r.Method != http.MethodPost {
		twilioError(w, http.StatusMethodNotAllowed, 20004, "Method not allowed")
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != testAccountSID || pass != testAuthToken || m[1] != testAccountSID {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		twilioError(w, http.StatusBadRequest, 20001, "unexpected content type "+ct)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		twilioError(w, http.StatusBadRequest, 20001, "unreadable form")
		return
	}
	to, from, service, text := form.Get("To"), form.Get("From"), form.Get("MessagingServiceSid"), form.Get("Body")
	switch {
	case to == "":
		twilioError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return
	case from == "" && service == "":
		twilioError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
		return
	case text == "":
		twilioError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	}
	if e, ok := magicNumbers[to]; ok {
		twilioError(w, http.StatusBadRequest, e.code, e.message)
		return
	}
	sid := "SM" + randomHex(16)
	now := time.Now().UTC().Format(time.RFC1123Z)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{
		"account_sid": testAccountSID, "api_version": "2010-04-01", "body": text,
		"date_created": now, "date_sent": nil, "date_updated": now, "direction": "outbound-api",
		"error_code": nil, "error_message": nil, "from": nilIfEmpty(from), "messaging_service_sid": nilIfEmpty(service),
		"num_media": "0", "num_segments": fmt.Sprint(Measure(text).Segments), "price": nil, "price_unit": "USD",
		"sid": sid, "status": "queued", "to": to,
		"uri": "/2010-04-01/Accounts/" + testAccountSID + "/Messages/" + sid + ".json",
	})
}

func twilioError(w http.ResponseWriter, status, code int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": message, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status,
	})
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
