package store_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/twilio"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// fakeOutbox hands out one claim and remembers what was recorded.
type fakeOutbox struct {
	claim store.Claim
	sent  []notify.SendResult
}

func (o *fakeOutbox) ClaimMessage(context.Context, int64) (store.Claim, error) { return o.claim, nil }

func (o *fakeOutbox) MessageSent(_ context.Context, _ int64, res notify.SendResult) error {
	o.sent = append(o.sent, res)
	return nil
}

func (o *fakeOutbox) MessageFailed(context.Context, int64, store.Failure) error { return nil }

// fakeInbox reports every delivery report as a change of an offer.
type fakeInbox struct{}

func (fakeInbox) ReceiveSMS(context.Context, notify.IncomingSMS) (notify.Received, error) {
	return notify.Received{}, nil
}

func (fakeInbox) RecordStatus(_ context.Context, cb notify.StatusCallback) (notify.StatusChange, error) {
	return notify.StatusChange{Changed: true, Kind: notify.KindOffer, Status: string(cb.Status)}, nil
}

// messageCounts reads fahrdienst_sms_messages_total by status.
func messageCounts(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "fahrdienst_sms_messages_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "status" {
					counts[l.GetValue()] += m.GetCounter().GetValue()
				}
			}
		}
	}
	return counts
}

func sendOne(t *testing.T, w *store.SendWorker) {
	t.Helper()
	job := &river.Job[store.SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 5}, Args: store.SendArgs{MessageID: 7}}
	if err := w.Work(context.Background(), job); err != nil {
		t.Fatal(err)
	}
}

// Without a status callback "sent" is the message's final status.
func TestSendWorkerCountsSentWithoutCallback(t *testing.T) {
	reg := prometheus.NewRegistry()
	out := &fakeOutbox{claim: store.Claim{Kind: notify.KindOffer, SMS: notify.OutgoingSMS{MessageID: 7, To: "+491711234567", Body: "Hallo"}}}
	var console strings.Builder
	sendOne(t, &store.SendWorker{Outbox: out, Sender: twilio.NewConsoleSender(&console), Metrics: twilio.NewMetrics(reg, nil)})
	if len(out.sent) != 1 {
		t.Fatalf("recorded %v", out.sent)
	}
	if got := messageCounts(t, reg); len(got) != 1 || got["sent"] != 1 {
		t.Errorf("messages by status = %v, want sent: 1", got)
	}
}

// With a status callback the webhook counts the final status, and the
// message is counted once.
func TestSendWorkerLeavesFinalStatusToCallback(t *testing.T) {
	const public = "https://fd.example.de"
	reg := prometheus.NewRegistry()
	metrics := twilio.NewMetrics(reg, nil)
	f := twiliotest.NewTwilio(t)
	sender := fakeSender(t, f, 2e9)
	out := &fakeOutbox{claim: store.Claim{Kind: notify.KindOffer, SMS: notify.OutgoingSMS{MessageID: 7, To: "+491711234567", Body: "Hallo"}}}
	sendOne(t, &store.SendWorker{Outbox: out, Sender: sender, StatusCallback: public + "/twilio/status", Metrics: metrics})
	if len(out.sent) != 1 || len(f.Sent()) != 1 || f.Sent()[0].StatusCallback != public+"/twilio/status" {
		t.Fatalf("recorded %v, sent %v", out.sent, f.Sent())
	}
	if got := messageCounts(t, reg); len(got) != 0 {
		t.Errorf("messages by status after the send = %v, want none before the delivery report", got)
	}

	v, err := twilio.NewWebhookValidator(twiliotest.AuthToken, public)
	if err != nil {
		t.Fatal(err)
	}
	h := &twilio.Webhooks{Validator: v, Inbox: fakeInbox{}, Metrics: metrics}
	form := url.Values{"MessageSid": {out.sent[0].SID}, "MessageStatus": {"delivered"}}
	r := httptest.NewRequest(http.MethodPost, public+"/twilio/status", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Twilio-Signature", twiliotest.Sign(twiliotest.AuthToken, public+"/twilio/status", form))
	rec := httptest.NewRecorder()
	h.ServeStatus(rec, r)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("status webhook: %d %s", rec.Code, rec.Body)
	}
	if got := messageCounts(t, reg); len(got) != 1 || got["delivered"] != 1 {
		t.Errorf("messages by status = %v, want delivered: 1", got)
	}
}
