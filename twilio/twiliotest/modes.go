package twiliotest

import (
	"net/http"
	"time"
)

// mode is how the fake misbehaves when a message is created: the failures
// a sender must tell apart, because only some of them mean that Twilio
// surely did not take the message.
type mode struct {
	delay    time.Duration // accept only after this long, whether or not the client still waits
	hang     bool          // hold the request until the client gives up; accept nothing
	failN    int           // answer the next failN creates with failWith
	failWith failure
}

// failure is a refusal the fake answers instead of accepting.
type failure struct {
	status, code int
	message      string
}

// SetDelay makes the fake accept each new message only after d: a client
// with a shorter timeout gives up, and the message is accepted all the
// same, as at a slow Twilio. Zero answers at once.
func (f *Twilio) SetDelay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mode.delay = d
}

// SetHang makes the fake hold every create request without answering or
// accepting until the client gives up (or hang is switched off): a Twilio
// that took the connection and never came back.
func (f *Twilio) SetHang(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.mode.hang && !on {
		close(f.release)
		f.release = make(chan struct{})
	}
	f.mode.hang = on
}

// FailNext answers the next n creates with HTTP status and Twilio error
// code, accepting nothing: e.g. 429 20429 or 503 20503, the answers after
// which Twilio surely does not have the message.
func (f *Twilio) FailNext(n, status, code int, message string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mode.failN, f.mode.failWith = n, failure{status, code, message}
}

// SetNow sets the fake's clock, which stamps accepted messages and which
// the list endpoint's date filter compares with, so that tests with an
// injected clock see consistent dates. nil is time.Now.
func (f *Twilio) SetNow(now func() time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now == nil {
		now = time.Now
	}
	f.now = now
}

// misbehave applies the mode to a create request; it returns false when it
// has answered (or the request is to be dropped) and nothing is accepted.
func (f *Twilio) misbehave(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	m, release := f.mode, f.release
	if m.failN > 0 {
		f.mode.failN--
	}
	f.mu.Unlock()
	switch {
	case m.failN > 0:
		WriteError(w, m.failWith.status, m.failWith.code, m.failWith.message)
		return false
	case m.hang:
		select {
		case <-r.Context().Done():
		case <-release:
		}
		return false
	case m.delay > 0:
		select {
		case <-time.After(m.delay):
		case <-release:
		}
	}
	return true
}
