package twilio

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
)

// A send is ambiguous only when Twilio may have the message: a timeout
// after the request went out, not a refusal and not a refused connection.
// Lookup then finds what Twilio accepted.
func TestAmbiguousSendAndLookup(t *testing.T) {
	f := newFakeTwilio(t)
	s, err := NewSender(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom,
		APIURL: f.URL(), Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"}
	since := time.Now()

	f.FailNext(1, http.StatusTooManyRequests, 20429, "Too Many Requests")
	if _, err := s.Send(ctx, m); err == nil || notify.IsAmbiguous(err) || notify.IsPermanent(err) {
		t.Errorf("429: %v, want temporary and not ambiguous", err)
	}
	f.SetDelay(400 * time.Millisecond)
	if _, err := s.Send(ctx, m); !notify.IsAmbiguous(err) {
		t.Errorf("timeout: %v, want ambiguous", err)
	}
	time.Sleep(300 * time.Millisecond) // the fake accepts after the client gave up
	found, err := s.Lookup(ctx, m.To, m.Body, since)
	if err != nil || len(found) != 1 || found[0].SID != f.Sent()[0].SID {
		t.Fatalf("lookup after the slow accept: %v, %v; want the one message", found, err)
	}
	if found, _ := s.Lookup(ctx, m.To, "other text", since); len(found) != 0 {
		t.Errorf("lookup of another body found %v", found)
	}
	// A fresh sender: on a kept-alive connection the server's close comes
	// after our request was written, which is ambiguous, rightly.
	f.Close()
	s, _ = NewSender(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom, APIURL: f.URL()})
	if _, err := s.Send(ctx, m); err == nil || notify.IsAmbiguous(err) {
		t.Errorf("connection refused: %v, want temporary and not ambiguous", err)
	}
}
