package store_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/twilio"
)

const relativeMobile = "+4917612345678"

// agency is who cancels rides in these tests.
var agency = dispatch.Actor{Name: "Koordination"}

// relative gives the senior of tr a daughter who receives SMS on her mobile.
func (h *smsHarness) relative(tr dispatch.Trip) {
	h.t.Helper()
	a, err := h.st.CreateAccount(h.ctx, system, dispatch.Account{Email: "tochter@example.org", Name: "Tochter",
		Phone: relativeMobile, Role: dispatch.RoleRelative, RiderIDs: []int64{tr.RiderID}}, "x")
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.pool.Exec(h.ctx, `UPDATE accounts SET phone_mobile = true WHERE id = $1`, a.ID); err != nil {
		h.t.Fatal(err)
	}
}

// cancelAt lets the coordinator cancel tr at the given time.
func (h *smsHarness) cancelAt(tr dispatch.Trip, at time.Time) {
	h.t.Helper()
	h.clock.Set(at)
	if _, err := h.st.CancelTrip(h.ctx, agency, tr.ID, "Arzttermin abgesagt", true); err != nil {
		h.t.Fatal(err)
	}
	h.idle()
}

// noticeCall returns the one cancellation notice call.
func (h *smsHarness) noticeCall() dispatch.Message {
	h.t.Helper()
	var calls []dispatch.Message
	for _, m := range h.messages(notify.KindRiderCancelled) {
		if m.To == landline {
			calls = append(calls, m)
		}
	}
	if len(calls) != 1 {
		h.t.Fatalf("%d cancellation notices to the landline, want 1 call", len(calls))
	}
	return calls[0]
}

// The coordinator cancels a landline senior's ride: the senior is called
// (not texted) at once, hears the notice with "1 to hear it again", and no
// key changes anything; the relative still gets the SMS; the day-before
// reminder call is not placed.
func TestCancelledRideNoticeCall(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	h.relative(tr)
	h.cancelAt(tr, time.Date(2026, 11, 23, 10, 0, 0, 0, berlin))
	m := h.noticeCall()
	if n := h.count(`SELECT count(*) FROM messages WHERE id = $1 AND channel = 'voice'`, m.ID); n != 1 {
		t.Fatal("the notice to the senior is not a call")
	}
	c := h.onlyCallNoSMS()
	if sms := h.fake.SentTo(relativeMobile); len(sms) != 1 || !strings.Contains(sms[0], "fällt leider aus") {
		t.Errorf("the relative got %q, want the cancellation SMS", sms)
	}
	answer := h.humanAnswer(c, "<Gather", "Erna Festnetz", "Mittwoch, dem 25. November", "fällt leider aus",
		"Drücken Sie die 1, um die Nachricht noch einmal zu hören", "Auf Wiederhören")
	if strings.Contains(answer, "bestätigen") || strings.Contains(answer, "bleibt wie geplant") {
		t.Errorf("the notice asks for a confirmation or says the ride stays:\n%s", answer)
	}
	again := h.voice(twilio.VoiceGatherPath, c, url.Values{"Digits": {"1"}}).Body.String()
	if !strings.Contains(again, "<Gather") || !strings.Contains(again, "fällt leider aus") {
		t.Errorf("1 does not repeat the notice:\n%s", again)
	}
	bye := h.voice(twilio.VoiceGatherPath, c, url.Values{"Digits": {"2"}}).Body.String()
	if strings.Contains(bye, "<Gather") || !strings.Contains(bye, "Auf Wiederhören") {
		t.Errorf("2 in a notice: %s", bye)
	}
	if n := h.count(`SELECT count(*) FROM call_digits`) + h.count(`SELECT count(*) FROM messages WHERE call_answer <> ''`); n != 0 {
		t.Errorf("keys of a notice were recorded (%d)", n)
	}
	if rec := h.voice(twilio.VoiceStatusPath, c, url.Values{"CallStatus": {"completed"}}); rec.Code != http.StatusNoContent {
		t.Fatalf("status: %d", rec.Code)
	}
	if got := h.noticeCall().Status; got != "delivered" || h.trip(tr.ID).Flagged != "" {
		t.Errorf("notice %s, flag %q: want delivered, not flagged", got, h.trip(tr.ID).Flagged)
	}
	h.travel(dayBefore17)
	if n := len(h.fake.CallsTo(landline)); n != 1 {
		t.Errorf("%d calls to the senior after the reminder's hour, want only the notice", n)
	}
}

// An answering machine hears the short notice, without a question.
func TestNoticeCallMachine(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	h.cancelAt(tr, time.Date(2026, 11, 23, 10, 0, 0, 0, berlin))
	body := h.voice(twilio.VoiceAnswerPath, h.onlyCall(), url.Values{"AnsweredBy": {"machine_end_beep"}}).Body.String()
	if strings.Contains(body, "<Gather") || strings.Contains(body, "Drücken Sie") ||
		!strings.Contains(body, "Ihre Fahrt am Mittwoch, dem 25. November") || !strings.Contains(body, "fällt leider aus") {
		t.Errorf("answering machine got: %s", body)
	}
}

// A cancellation at 20:00 is phoned at 09:00 the next morning; one whose
// ride begins before the calling hours do cannot be phoned: it is dropped
// and the trip flagged for a coordinator.
func TestNoticeCallWaitsForCallingHours(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	h.cancelAt(tr, time.Date(2026, 11, 23, 20, 0, 0, 0, berlin))
	nine := time.Date(2026, 11, 24, 9, 0, 0, 0, berlin)
	if m := h.noticeCall(); m.Status != "pending" {
		t.Fatalf("notice %s, want pending until %v", m.Status, nine)
	}
	h.travel(nine.Add(-time.Minute))
	if n := len(h.fake.Calls()); n != 0 {
		t.Fatalf("%d calls outside the calling hours", n)
	}
	h.travel(nine)
	h.onlyCall()

	early := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	trEarly := callRideAt(t, early, time.Date(2026, 11, 24, 8, 30, 0, 0, berlin))
	early.cancelAt(trEarly, time.Date(2026, 11, 23, 20, 0, 0, 0, berlin))
	var status string
	if err := early.pool.QueryRow(early.ctx, `SELECT status FROM messages WHERE trip_id = $1 AND channel = 'voice'
		AND kind = 'rider_cancelled'`, trEarly.ID).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if flag := early.trip(trEarly.ID).Flagged; status != "dropped" || flag != string(dispatch.RuleCallFailed) {
		t.Errorf("notice of an 08:00 ride cancelled at 20:00: %s, trip flag %q; want dropped and %s", status, flag,
			dispatch.RuleCallFailed)
	}
	early.onBoard(trEarly)
}

// A busy line is called again 30 minutes later, twice; then the notice has
// failed and the trip is flagged so that a coordinator phones.
func TestNoticeCallBusyRetriedThenFlagged(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)
	h.cancelAt(tr, at)
	for i, status := range []string{"busy", "no-answer", "busy"} {
		h.travel(at)
		calls := h.fake.CallsTo(landline)
		if len(calls) != i+1 {
			t.Fatalf("%d calls at %v, want %d", len(calls), at.Format("15:04"), i+1)
		}
		h.voice(twilio.VoiceStatusPath, calls[i], url.Values{"CallStatus": {status}})
		at = at.Add(30 * time.Minute)
	}
	if m, flag := h.noticeCall(), h.trip(tr.ID).Flagged; m.Status != "failed" || flag != string(dispatch.RuleCallFailed) {
		t.Errorf("after three unanswered calls: notice %s, trip flag %q; want failed and %s", m.Status, flag,
			dispatch.RuleCallFailed)
	}
	h.travel(at.Add(time.Hour))
	if n := len(h.fake.CallsTo(landline)); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	h.onBoard(tr)
}

// onBoard checks that the cancelled trip tr is among the flagged trips of
// its day's board, where a coordinator sees that the senior must be phoned.
func (h *smsHarness) onBoard(tr dispatch.Trip) {
	h.t.Helper()
	b, err := h.st.Board(h.ctx, tr.ServiceDate)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, f := range b.Flagged {
		if f.ID == tr.ID {
			return
		}
	}
	h.t.Errorf("the cancelled trip %d is not among the board's %d flagged trips", tr.ID, len(b.Flagged))
}

// Twilio accepts the notice call only after the client gave up: the retry
// looks the call up and places no second one.
func TestSlowTwilioNoticeCallPlacedOnce(t *testing.T) {
	t.Parallel()
	h := newSMSHarnessOpts(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1,
		harnessOpts{timeout: time.Second, retry: 500 * time.Millisecond})
	tr := callRide(t, h)
	h.fake.SetDelay(1200 * time.Millisecond)
	h.cancelAt(tr, time.Date(2026, 11, 23, 10, 0, 0, 0, berlin))
	h.settled(h.noticeCall().ID)
	c := h.onlyCall()
	if m := h.noticeCall(); m.TwilioSID == nil || *m.TwilioSID != c.SID {
		t.Errorf("notice SID %v, want the one call's %s", m.TwilioSID, c.SID)
	}
}

// A senior who cancels with key 2 in the reminder call has just heard it:
// no notice call follows.
func TestCancelByKeyNoNoticeCall(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	h.travel(dayBefore17)
	c := h.onlyCall()
	h.voice(twilio.VoiceAnswerPath, c, url.Values{"AnsweredBy": {"human"}})
	h.voice(twilio.VoiceGatherPath, c, url.Values{"Digits": {"2"}})
	h.travel(dayBefore17.Add(time.Minute))
	if h.trip(tr.ID).Status != dispatch.TripCancelled || len(h.fake.CallsTo(landline)) != 1 {
		t.Errorf("trip %s, %d calls: want cancelled and no notice call", h.trip(tr.ID).Status,
			len(h.fake.CallsTo(landline)))
	}
}
