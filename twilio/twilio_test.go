package twilio

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
)

func newTestSender(t *testing.T, f *fakeTwilio, mutate func(*Config)) *Sender {
	t.Helper()
	cfg := Config{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom, APIURL: f.URL(), Timeout: 2 * time.Second}
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTwilioSendSuccess(t *testing.T) {
	f := newFakeTwilio(t)
	s := newTestSender(t, f, nil)
	body := "Fahrdienst Bitburg: Hallo Anna, können Sie fahren? Antworten Sie JA 4K7 oder NEIN 4K7."
	res, err := s.Send(context.Background(), notify.OutgoingSMS{MessageID: 7, To: "+491711234567", Body: body, StatusCallback: "https://fd.example.de/twilio/status?m=7"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.SID, "SM") || len(res.SID) != 34 || res.Status != "queued" {
		t.Errorf("result %+v", res)
	}
	reqs := f.Captured()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	form, _ := url.ParseQuery(string(reqs[0].Body))
	want := url.Values{"To": {"+491711234567"}, "From": {testFrom}, "Body": {body}, "StatusCallback": {"https://fd.example.de/twilio/status?m=7"}}
	for k, v := range want {
		if form.Get(k) != v[0] {
			t.Errorf("form %s = %q, want %q", k, form.Get(k), v[0])
		}
	}
	if len(form) != len(want) {
		t.Errorf("form has extra fields: %v", form)
	}
}

func TestTwilioSendWithMessagingService(t *testing.T) {
	f := newFakeTwilio(t)
	s := newTestSender(t, f, func(c *Config) { c.MessagingServiceSID = "MG0123456789abcdef0123456789abcdef" })
	if _, err := s.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	form, _ := url.ParseQuery(string(f.Captured()[0].Body))
	if form.Get("MessagingServiceSid") != "MG0123456789abcdef0123456789abcdef" || form.Has("From") || form.Has("StatusCallback") {
		t.Errorf("form %v", form)
	}
}

func TestTwilioSendPermanentErrors(t *testing.T) {
	f := newFakeTwilio(t)
	s := newTestSender(t, f, nil)
	for to, want := range magicNumbers {
		t.Run(to, func(t *testing.T) {
			_, err := s.Send(context.Background(), notify.OutgoingSMS{To: to, Body: "Hallo"})
			var se *notify.SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a notify.SendError", err)
			}
			if se.Code != want.Code || se.HTTPStatus != 400 || !se.Permanent || !notify.IsPermanent(err) || se.Message != want.Message {
				t.Errorf("got %+v, want code %d, HTTP 400, permanent", se, want.Code)
			}
		})
	}
}

func TestTwilioSendTemporaryErrors(t *testing.T) {
	tests := []struct {
		name       string
		respond    func(w http.ResponseWriter)
		wantStatus int
		wantCode   int
	}{
		{"rate limited", func(w http.ResponseWriter) { twilioError(w, 429, 20429, "Too Many Requests") }, 429, 20429},
		{"server error", func(w http.ResponseWriter) { twilioError(w, 500, 20500, "Internal Server Error") }, 500, 20500},
		{"service unavailable", func(w http.ResponseWriter) { twilioError(w, 503, 20503, "Service Unavailable") }, 503, 20503},
		{"bad gateway with HTML", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
		}, 502, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeTwilio(t)
			f.SetOverride(func(w http.ResponseWriter, r *http.Request) bool { tt.respond(w); return true })
			_, err := newTestSender(t, f, nil).Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"})
			var se *notify.SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a notify.SendError", err)
			}
			if se.Permanent || notify.IsPermanent(err) || se.HTTPStatus != tt.wantStatus || se.Code != tt.wantCode {
				t.Errorf("got %+v, want temporary HTTP %d code %d", se, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

func TestTwilioSendWrongCredentialsIsTemporary(t *testing.T) {
	f := newFakeTwilio(t)
	s := newTestSender(t, f, func(c *Config) { c.AuthToken = "wrongtoken" })
	_, err := s.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"})
	var se *notify.SendError
	if !errors.As(err, &se) || se.Permanent || se.Code != 20003 || se.HTTPStatus != 401 {
		t.Fatalf("got %v", err)
	}
}

// hang makes the fake answer no request: each waits until the client gives
// up, which ends the request's context (and lets the server close).
func hang(f *fakeTwilio) {
	f.SetOverride(func(w http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done()
		return true
	})
}

func TestTwilioSendTimeout(t *testing.T) {
	f := newFakeTwilio(t)
	hang(f)
	s := newTestSender(t, f, func(c *Config) { c.Timeout = 200 * time.Millisecond })
	start := time.Now()
	_, err := s.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"})
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("send took %v despite a 200ms timeout", elapsed)
	}
	var se *notify.SendError
	if !errors.As(err, &se) || se.Permanent || se.Err == nil {
		t.Fatalf("got %v, want a temporary notify.SendError with cause", err)
	}
}

func TestTwilioSendHonoursContext(t *testing.T) {
	f := newFakeTwilio(t)
	hang(f)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := newTestSender(t, f, nil).Send(ctx, notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"})
	if !errors.Is(err, context.DeadlineExceeded) || notify.IsPermanent(err) {
		t.Fatalf("got %v, want temporary error wrapping context.DeadlineExceeded", err)
	}
}

func TestTwilioSendNetworkErrorIsTemporary(t *testing.T) {
	f := newFakeTwilio(t)
	s := newTestSender(t, f, nil)
	f.Close()
	_, err := s.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"})
	var se *notify.SendError
	if !errors.As(err, &se) || se.Permanent || se.Err == nil {
		t.Fatalf("got %v", err)
	}
}

func TestTwilioSendRejectsEmptyMessage(t *testing.T) {
	f := newFakeTwilio(t)
	s := newTestSender(t, f, nil)
	for _, m := range []notify.OutgoingSMS{{To: "", Body: "x"}, {To: "+491711234567", Body: ""}} {
		if _, err := s.Send(context.Background(), m); !notify.IsPermanent(err) {
			t.Errorf("Send(%+v) = %v, want permanent error", m, err)
		}
	}
	if n := len(f.Captured()); n != 0 {
		t.Errorf("%d requests sent for invalid messages", n)
	}
}

func TestTwilioConfig(t *testing.T) {
	cfg := Config{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom, APIURL: "http://127.0.0.1:9999"}
	if !cfg.Configured() {
		t.Fatalf("complete config not configured: %+v", cfg)
	}
	if _, err := NewSender(cfg); err != nil {
		t.Errorf("valid config refused: %v", err)
	}
	bad := []Config{
		{AccountSID: "AC123", AuthToken: testAuthToken, From: testFrom},
		{AccountSID: testAccountSID, AuthToken: "", From: testFrom},
		{AccountSID: testAccountSID, AuthToken: "tok/en", From: testFrom},
		{AccountSID: testAccountSID, AuthToken: testAuthToken},
		{AccountSID: testAccountSID, AuthToken: testAuthToken, MessagingServiceSID: "MG1"},
		{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom, APIURL: "ftp://x"},
	}
	for _, c := range bad {
		if _, err := NewSender(c); err == nil {
			t.Errorf("NewSender(%+v) accepted", c)
		} else if strings.Contains(err.Error(), testAuthToken) {
			t.Errorf("error reveals the auth token: %v", err)
		}
	}
	if _, err := SenderFor(Config{AccountSID: testAccountSID}, nil); err == nil {
		t.Error("half a configuration accepted")
	}
	s, err := SenderFor(Config{}, &bytes.Buffer{})
	if _, ok := s.(*ConsoleSender); err != nil || !ok {
		t.Errorf("without credentials SenderFor = %T, %v; want console", s, err)
	}
	if s, err := SenderFor(cfg, nil); err != nil || s == nil {
		t.Errorf("with credentials SenderFor = %T, %v", s, err)
	}
}

func TestConsoleSender(t *testing.T) {
	var out bytes.Buffer
	c := NewConsoleSender(&out)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Send(context.Background(), notify.OutgoingSMS{MessageID: 3, To: "+491711234567", Body: "Hallo Anna"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	res, err := c.Send(context.Background(), notify.OutgoingSMS{MessageID: 4, To: "+491711234567", Body: "Letzte"})
	if err != nil || !strings.HasPrefix(res.SID, "console-") || !strings.HasSuffix(res.SID, "-11") || res.Status != "sent" {
		t.Fatalf("Send = %+v, %v", res, err)
	}
	// A restarted dev server keeps its database: the next sender's SIDs
	// must not repeat this one's.
	again, err := NewConsoleSender(io.Discard).Send(context.Background(), notify.OutgoingSMS{MessageID: 5, To: "+491711234567", Body: "Neu"})
	if err != nil || again.SID == strings.TrimSuffix(res.SID, "11")+"1" {
		t.Errorf("a new sender's first SID %q repeats the last one's first", again.SID)
	}
	text := out.String()
	if strings.Contains(text, "+491711234567") || !strings.Contains(text, "+49*******567") {
		t.Errorf("number not masked: %s", text)
	}
	if !strings.Contains(text, "Hallo Anna") || !strings.Contains(text, "message 4") || !strings.Contains(text, "1 segment(s) GSM-7") {
		t.Errorf("output lacks the message: %s", text)
	}
	if sent := c.Sent(); len(sent) != 11 || sent[10].Body != "Letzte" {
		t.Errorf("Sent() = %d messages", len(sent))
	}
	if _, err := c.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567"}); !notify.IsPermanent(err) {
		t.Errorf("empty body: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Send(ctx, notify.OutgoingSMS{To: "+491711234567", Body: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// TestClassifyHTTP covers refusals whose code notify does not know: the
// HTTP status decides.
func TestClassifyHTTP(t *testing.T) {
	// A 4xx with an unknown code is a request Twilio will refuse again.
	if e := classifyHTTP(400, 21999, "x"); !e.Permanent {
		t.Error("unknown 400 should be permanent")
	}
	if e := classifyHTTP(404, 20404, "x"); e.Permanent {
		t.Error("404 (wrong account) should be temporary")
	}
}

func TestTwilioAPIURLWithPathPrefix(t *testing.T) {
	// A mock mounted under a path, as behind a proxy: the prefix is kept.
	f := newFakeTwilio(t)
	mux := http.NewServeMux()
	var sawPrefix bool
	mux.HandleFunc("/mock/", func(w http.ResponseWriter, r *http.Request) {
		sawPrefix = true
		http.StripPrefix("/mock", f).ServeHTTP(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s, err := NewSender(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom, APIURL: srv.URL + "/mock/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"}); err != nil || !sawPrefix {
		t.Fatalf("send through prefixed base URL: %v (prefix seen: %v)", err, sawPrefix)
	}
}
