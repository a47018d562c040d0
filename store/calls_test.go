package store_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/twilio"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

const landline = "+4965611234567"

// fakeCaller is the Twilio caller the service would have, pointed at fake.
func fakeCaller(t *testing.T, fake *twiliotest.Twilio, timeout time.Duration) *twilio.Caller {
	t.Helper()
	c, err := twilio.NewCaller(twilio.Config{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken,
		From: twiliotest.From, APIURL: fake.URL(), Timeout: timeout}, publicURL, twilio.Speaker{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// callRide books a confirmed ride on Wednesday 25 November 2026 at 10:00
// for a senior with only a landline who chose calls, with the clock on the
// Monday before; it returns the trip.
func callRide(t *testing.T, h *smsHarness) dispatch.Trip {
	t.Helper()
	return callRideAt(t, h, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin))
}

// callRideAt is callRide arriving by at.
func callRideAt(t *testing.T, h *smsHarness, at time.Time) dispatch.Trip {
	t.Helper()
	d := h.driver("Hans", driverPhone)
	r, err := h.st.CreateRider(h.ctx, system, dispatch.Rider{FirstName: "Erna", LastName: "Festnetz", Phone: landline,
		Street: "Weg 1", City: "Bitburg", Lat: 49.98, Lon: 6.55, ContactPreference: "call", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	place := dispatch.Location{Street: "Am Markt 1", City: "Bitburg", Lat: 49.967, Lon: 6.527}
	legs, err := dispatch.Booking{RiderID: r.ID, To: place, Timing: dispatch.TimingArriveBy,
		At: at, Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
		Legs(r, dispatch.DefaultBookingRules(h.clock.Now(), berlin))
	if err != nil {
		t.Fatal(err)
	}
	trips, err := h.st.BookTrip(h.ctx, system, legs)
	if err != nil {
		t.Fatal(err)
	}
	tr := trips[0]
	if _, err := h.st.AssignTrip(h.ctx, system, dispatch.Assignment{TripID: tr.ID, DriverID: d.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: tr.PickupEarliest.Add(10 * time.Minute),
		PlannedDropoff: tr.DropoffLatest.Add(-5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	h.idle()
	return tr
}

// dayBefore17 is when the reminder of the ride of callRide is due.
var dayBefore17 = time.Date(2026, 11, 24, 17, 0, 0, 0, berlin)

func newCallHarness(t *testing.T) (*smsHarness, dispatch.Trip) {
	t.Helper()
	h := newSMSHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1)
	return h, callRide(t, h)
}

// voice posts a signed voice webhook for the fake's call c.
func (h *smsHarness) voice(path string, c twiliotest.Call, form url.Values) *httptest.ResponseRecorder {
	h.t.Helper()
	u, err := url.Parse(c.URL)
	if err != nil {
		h.t.Fatal(err)
	}
	form.Set("CallSid", c.SID)
	form.Set("AccountSid", twiliotest.AccountSID)
	rec := httptest.NewRecorder()
	h.hooks.ServeHTTP(rec, twiliotest.SignedRequest(publicURL, path+"?"+u.RawQuery, form))
	return rec
}

// onlyCall returns the one call placed so far.
func (h *smsHarness) onlyCall() twiliotest.Call {
	h.t.Helper()
	calls := h.fake.CallsTo(landline)
	if len(calls) != 1 {
		h.t.Fatalf("%d calls to the senior, want 1", len(calls))
	}
	return calls[0]
}

// onlyCallNoSMS is onlyCall, and checks that the landline was not texted.
func (h *smsHarness) onlyCallNoSMS() twiliotest.Call {
	h.t.Helper()
	c := h.onlyCall()
	if len(h.fake.SentTo(landline)) != 0 {
		h.t.Error("an SMS went to the landline")
	}
	return c
}

func (h *smsHarness) callMessage() dispatch.Message {
	h.t.Helper()
	ms := h.messages(notify.KindRiderReminder)
	if len(ms) != 1 {
		h.t.Fatalf("%d rider reminders, want 1 (the call)", len(ms))
	}
	return ms[0]
}

func TestLandlineReminderBecomesCall(t *testing.T) {
	t.Parallel()
	h, _ := newCallHarness(t)
	m := h.callMessage()
	if m.To != landline || m.DueAt == nil || !m.DueAt.Equal(dayBefore17) || m.Status != "pending" {
		t.Fatalf("reminder to %s due %v status %s, want a pending call to the landline at %v", m.To, m.DueAt, m.Status, dayBefore17)
	}
	if n := h.count(`SELECT count(*) FROM messages WHERE channel = 'voice' AND id = $1`, m.ID); n != 1 {
		t.Fatal("the reminder is not a call")
	}
	h.travel(dayBefore17.Add(-time.Minute))
	if n := len(h.fake.Calls()); n != 0 {
		t.Fatalf("%d calls before the reminder's hour", n)
	}
	h.travel(dayBefore17)
	c := h.onlyCallNoSMS()
	if c.MachineDetection != "Enable" || !strings.HasPrefix(c.URL, publicURL+twilio.VoiceAnswerPath+"?m=") ||
		!strings.HasPrefix(c.StatusCallback, publicURL+twilio.VoiceStatusPath) {
		t.Errorf("call %+v: want machine detection and our answer and status URLs", c)
	}
	if m = h.callMessage(); m.TwilioSID == nil || *m.TwilioSID != c.SID {
		t.Errorf("message SID %v, want %s", m.TwilioSID, c.SID)
	}
	h.humanAnswer(c, `<Gather input="dtmf" numDigits="1"`, `language="de-DE"`, `voice="Polly.Vicki"`,
		"Erna Festnetz", "Mittwoch, dem 25. November", "Drücken Sie die 1")
}

// humanAnswer is the TwiML a person picking up call c hears; it must hold
// every one of want.
func (h *smsHarness) humanAnswer(c twiliotest.Call, want ...string) string {
	h.t.Helper()
	body := h.voice(twilio.VoiceAnswerPath, c, url.Values{"AnsweredBy": {"human"}}).Body.String()
	for _, w := range want {
		if !strings.Contains(body, w) {
			h.t.Errorf("answer TwiML lacks %q:\n%s", w, body)
		}
	}
	return body
}

func TestCallKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, digits   string
		status         string // the trip's status after the key
		answer         string // the message's call_answer
		say            string // in the TwiML answer
		gather         bool
		driverNotified bool
	}{
		{"1 confirms", "1", "booked", "confirmed", "Die Fahrt ist bestätigt", false, false},
		{"2 cancels", "2", "cancelled", "cancelled", "Die Fahrt ist abgesagt", false, true},
		{"3 repeats", "3", "booked", "", "Drücken Sie die 1", true, false},
		{"7 changes nothing", "7", "booked", "", "Diese Taste kennen wir nicht", true, false},
		{"several keys change nothing", "12", "booked", "", "Diese Taste kennen wir nicht", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, tr := newCallHarness(t)
			h.travel(dayBefore17)
			c := h.onlyCall()
			h.voice(twilio.VoiceAnswerPath, c, url.Values{"AnsweredBy": {"human"}})
			for range 2 { // the second delivery is a replay
				rec := h.voice(twilio.VoiceGatherPath, c, url.Values{"Digits": {tc.digits}})
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), tc.say) ||
					strings.Contains(rec.Body.String(), "<Gather") != tc.gather {
					t.Fatalf("gather %s: %d %s", tc.digits, rec.Code, rec.Body)
				}
			}
			h.idle()
			if got := h.trip(tr.ID).Status; got != tc.status {
				t.Errorf("trip %s, want %s", got, tc.status)
			}
			if n := h.count(`SELECT count(*) FROM messages WHERE call_answer = $1 AND channel = 'voice'`, tc.answer); n != 1 {
				t.Errorf("call_answer is not %q", tc.answer)
			}
			notices := len(h.messages(notify.KindRideCancelled))
			if tc.driverNotified != (notices == 1) || notices > 1 {
				t.Errorf("%d cancellation notices to the driver", notices)
			}
		})
	}
}

func TestCallNoKeyAndMachine(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	h.travel(dayBefore17)
	c := h.onlyCall()
	rec := h.voice(twilio.VoiceAnswerPath, c, url.Values{"AnsweredBy": {"human"}})
	// Without a key Twilio goes on after the <Gather>: the goodbye.
	if after := rec.Body.String()[strings.Index(rec.Body.String(), "</Gather>"):]; !strings.Contains(after, "keine Eingabe") {
		t.Errorf("nothing said without a key: %s", rec.Body)
	}
	if rec := h.voice(twilio.VoiceStatusPath, c, url.Values{"CallStatus": {"completed"}}); rec.Code != http.StatusNoContent {
		t.Fatalf("status: %d", rec.Code)
	}
	if m := h.callMessage(); m.Status != "delivered" || h.trip(tr.ID).Status != "booked" {
		t.Errorf("message %s, trip %s: want delivered and still booked", m.Status, h.trip(tr.ID).Status)
	}

	m2, tr2 := newCallHarness(t)
	m2.travel(dayBefore17)
	c2 := m2.onlyCall()
	rec = m2.voice(twilio.VoiceAnswerPath, c2, url.Values{"AnsweredBy": {"machine_end_beep"}})
	body := rec.Body.String()
	if strings.Contains(body, "<Gather") || !strings.Contains(body, "Wir erinnern an Ihre Fahrt") ||
		strings.Contains(body, "Drücken Sie") {
		t.Errorf("answering machine got: %s", body)
	}
	m2.voice(twilio.VoiceStatusPath, c2, url.Values{"CallStatus": {"completed"}, "AnsweredBy": {"machine_end_beep"}})
	if n := m2.count(`SELECT count(*) FROM messages WHERE answered_by = 'machine_end_beep' AND status = 'delivered'`); n != 1 ||
		m2.trip(tr2.ID).Status != "booked" {
		t.Error("the machine's answer is not recorded as delivered by a machine, or the trip changed")
	}
}

func TestBusyCallRetriedThenFailed(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	at := dayBefore17
	var first twiliotest.Call
	for i, status := range []string{"busy", "no-answer", "busy"} {
		h.travel(at)
		calls := h.fake.CallsTo(landline)
		if len(calls) != i+1 {
			t.Fatalf("%d calls at %v, want %d", len(calls), at.Format("15:04"), i+1)
		}
		if i == 0 {
			first = calls[0]
		}
		h.voice(twilio.VoiceStatusPath, calls[i], url.Values{"CallStatus": {status}})
		at = at.Add(30 * time.Minute)
	}
	m := h.callMessage()
	if m.Status != "failed" || h.trip(tr.ID).Flagged == "" {
		t.Errorf("after three unanswered calls: message %s, trip flag %q; want failed and flagged", m.Status, h.trip(tr.ID).Flagged)
	}
	// A late report of the first dial changes nothing, and no fourth call comes.
	h.voice(twilio.VoiceStatusPath, first, url.Values{"CallStatus": {"no-answer"}})
	h.travel(at.Add(time.Hour))
	if n := len(h.fake.CallsTo(landline)); n != 3 || h.callMessage().Status != "failed" {
		t.Errorf("%d calls, status %s; want 3 and failed", n, h.callMessage().Status)
	}
}

func TestVoiceWebhooksRefuseWrongSignature(t *testing.T) {
	t.Parallel()
	h, tr := newCallHarness(t)
	h.travel(dayBefore17)
	c := h.onlyCall()
	u, _ := url.Parse(c.URL)
	for _, path := range []string{twilio.VoiceAnswerPath, twilio.VoiceGatherPath, twilio.VoiceStatusPath} {
		form := url.Values{"CallSid": {c.SID}, "Digits": {"2"}, "CallStatus": {"busy"}}
		req := twiliotest.SignedRequest(publicURL, path+"?"+u.RawQuery, form)
		req.Header.Set("X-Twilio-Signature", twiliotest.Sign("wrong-token-0123456789abcdef0123", publicURL+path+"?"+u.RawQuery, form))
		rec := httptest.NewRecorder()
		h.hooks.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s with a wrong signature: %d, want 403", path, rec.Code)
		}
	}
	h.idle()
	if h.trip(tr.ID).Status != "booked" || h.callMessage().Status != "queued" || len(h.fake.Calls()) != 1 {
		t.Error("a request with a wrong signature changed something")
	}
}

// The call is accepted only after the client gave up (as SMS in
// TestSlowTwilioAcceptSendsOnce): the retry finds it by listing the
// calls to the number and places no second one.
func TestSlowTwilioCallPlacedOnce(t *testing.T) {
	t.Parallel()
	h := newSMSHarnessOpts(t, time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), 1,
		harnessOpts{timeout: time.Second, retry: 500 * time.Millisecond})
	callRide(t, h)
	h.fake.SetDelay(1200 * time.Millisecond)
	h.travel(dayBefore17)
	h.settled(h.callMessage().ID) // the retry after the ambiguous failure has looked the call up
	c := h.onlyCall()
	if m := h.callMessage(); m.TwilioSID == nil || *m.TwilioSID != c.SID {
		t.Errorf("message SID %v, want the one call's %s", m.TwilioSID, c.SID)
	}
}

// settled waits until the send worker is done with message id: it is no
// longer pending or being sent (a retry after an ambiguous failure runs
// after the worker's retry delay, when idle may already have returned).
func (h *smsHarness) settled(id int64) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for h.count(`SELECT count(*) FROM messages WHERE id = $1 AND status IN ('pending', 'sending')`, id) > 0 {
		if time.Now().After(deadline) {
			h.t.Fatalf("message %d still pending or being sent", id)
		}
		time.Sleep(30 * time.Millisecond)
		h.idle()
	}
}
