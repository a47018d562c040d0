package twilio

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/phone"
)

// ConsoleSender is the stand-in for Twilio in development and demos: it
// writes each SMS to a writer (the terminal) instead of sending it, so
// that the whole offer/answer flow can be tried without an account. It is
// the one place that shows message bodies; numbers stay masked.
type ConsoleSender struct {
	mu   sync.Mutex
	w    io.Writer
	run  string // this sender's part of every SID
	n    int64
	sent []notify.OutgoingSMS
}

// consoleKeep is how many sent messages ConsoleSender remembers for Sent.
const consoleKeep = 100

// NewConsoleSender writes to w (os.Stderr in the dev server).
func NewConsoleSender(w io.Writer) *ConsoleSender {
	return &ConsoleSender{w: w, run: fmt.Sprintf("%08x", rand.Uint32())}
}

// Send prints m and returns a fake SID, "console-<run>-<n>", with status
// "sent". SIDs are unique in the messages table, and the dev server keeps
// its database across restarts: a counter alone began at 1 again after a
// restart, and the first SMS of the new run could not be recorded.
func (c *ConsoleSender) Send(ctx context.Context, m notify.OutgoingSMS) (notify.SendResult, error) {
	if err := ctx.Err(); err != nil {
		return notify.SendResult{}, &notify.SendError{Message: "send abandoned", Err: err}
	}
	if err := m.Check(); err != nil {
		return notify.SendResult{}, err
	}
	info := notify.Measure(m.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	sid := fmt.Sprintf("console-%s-%d", c.run, c.n)
	_, err := fmt.Fprintf(c.w, "--- SMS %s (message %d) to %s, %d segment(s) %s ---\n%s\n---\n",
		sid, m.MessageID, phone.Mask(m.To), info.Segments, info.Encoding, m.Body)
	if err != nil {
		return notify.SendResult{}, &notify.SendError{Message: "console not writable", Err: err}
	}
	c.sent = append(c.sent, m)
	if len(c.sent) > consoleKeep {
		c.sent = c.sent[len(c.sent)-consoleKeep:]
	}
	return notify.SendResult{SID: sid, Status: "sent"}, nil
}

// Lookup implements notify.Reconciler: the console writes synchronously and
// never fails ambiguously, so there is never anything to find.
func (c *ConsoleSender) Lookup(context.Context, string, string, time.Time) ([]notify.SendResult, error) {
	return nil, nil
}

// Sent returns the last messages sent (at most 100), oldest first, so that
// tests of the workers and the dev server's pages can see what went out.
func (c *ConsoleSender) Sent() []notify.OutgoingSMS {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]notify.OutgoingSMS(nil), c.sent...)
}

// SenderFor returns the Twilio sender when cfg has credentials and the
// console sender (writing to console) when it has none, as DESIGN.md's
// configuration table says. Half a configuration is an error, not a
// silent fallback that would leave drivers without their offers.
func SenderFor(cfg Config, console io.Writer) (notify.Sender, error) {
	if !cfg.Configured() {
		return NewConsoleSender(console), nil
	}
	return NewSender(cfg)
}
