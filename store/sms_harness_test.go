package store_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/twilio"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// publicURL is where the tests' Twilio thinks the service is.
const publicURL = "https://fd.example.de"

// testClock is the injected clock the tests travel with.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// smsHarness is the service's SMS side on a fresh database: one or more
// instances (store + River client), a fake Twilio, the webhooks, the planner.
type smsHarness struct {
	t       *testing.T
	ctx     context.Context
	pool    *pgxpool.Pool
	st      *store.Store // the first instance's store
	clock   *testClock
	fake    *twiliotest.Twilio
	svc     *planning.Service
	hooks   http.Handler
	clients []*river.Client[pgx.Tx]
	serial  int
	sender  *twilio.Sender
	caller  *twilio.Caller
	retry   time.Duration // the send worker's retry delay
}

// harnessOpts tune the harness for tests of a slow Twilio; zero values are
// the defaults of newSMSHarness.
type harnessOpts struct {
	timeout time.Duration // the sender's per-request timeout; default 2 s
	retry   time.Duration // the send worker's retry delay; default 50 ms
}

// fakeSender is the Twilio sender the service would have, pointed at fake,
// with a short timeout so that a test of a hung Twilio ends quickly.
func fakeSender(t *testing.T, fake *twiliotest.Twilio, timeout time.Duration) *twilio.Sender {
	t.Helper()
	sender, err := twilio.NewSender(twilio.Config{AccountSID: twiliotest.AccountSID,
		AuthToken: twiliotest.AuthToken, From: twiliotest.From, APIURL: fake.URL(), Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return sender
}

func newSMSHarness(t *testing.T, now time.Time, instances int) *smsHarness {
	t.Helper()
	return newSMSHarnessOpts(t, now, instances, harnessOpts{})
}

func newSMSHarnessOpts(t *testing.T, now time.Time, instances int, o harnessOpts) *smsHarness {
	t.Helper()
	ctx := context.Background()
	url := storetest.URL(t)
	h := &smsHarness{t: t, ctx: ctx, clock: &testClock{t: now}, fake: twiliotest.NewTwilio(t),
		retry: cmp.Or(o.retry, 50*time.Millisecond)}
	h.fake.SetNow(h.clock.Now)
	h.sender = fakeSender(t, h.fake, cmp.Or(o.timeout, 2*time.Second))
	sender := h.sender
	h.caller = fakeCaller(t, h.fake, cmp.Or(o.timeout, 2*time.Second))
	for i := range instances {
		pool, err := pgxpool.New(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		st := store.New(pool, store.Options{Now: h.clock.Now, Location: berlin, SMS: store.SMSOptions{DriverLink: driverLink}})
		client := h.newClient(pool, st, sender)
		st.SetJobs(client)
		if i == 0 {
			h.pool, h.st = pool, st
		}
	}
	h.svc = planning.New(h.st, planning.Planner{TimeLimit: 200 * time.Millisecond, Seed: 1}, nil)
	v, err := twilio.NewWebhookValidator(twiliotest.AuthToken, publicURL)
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	(&twilio.Webhooks{Validator: v, Inbox: h.st}).Mount(r)
	(&twilio.VoiceWebhooks{Validator: v, Line: h.st, Texts: notify.NewTexts(berlin, notify.Agency{Name: "Fahrdienst"})}).Mount(r)
	h.hooks = r
	return h
}

// driverLink stands in for the web's signed link to a driver's rides; it is
// as long as a real one.
func driverLink(driverID int64) string {
	return fmt.Sprintf("https://fahrdienst.example.org/d/%016d", driverID)
}

func (h *smsHarness) newClient(pool *pgxpool.Pool, st *store.Store, sender notify.Sender) *river.Client[pgx.Tx] {
	workers := river.NewWorkers()
	river.AddWorker(workers, &store.SendWorker{Outbox: st, Sender: sender, Voice: h.caller, Now: st.Now,
		RetryDelay: func(int) time.Duration { return h.retry }})
	river.AddWorker(workers, &store.OfferExpiryWorker{Offers: st})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{store.QueueSMS: {MaxWorkers: 10}},
		Workers:           workers,
		FetchPollInterval: 20 * time.Millisecond, FetchCooldown: 5 * time.Millisecond,
		TestOnly: true, SkipUnknownJobCheck: true, // planning jobs are run by hand here
	})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := client.Start(h.ctx); err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		client.Stop(ctx)
	})
	h.clients = append(h.clients, client)
	return client
}

// travel sets the clock and makes every waiting SMS job that is due by
// then run now, as if the time had passed, then waits until the SMS queue
// is idle.
func (h *smsHarness) travel(to time.Time) {
	h.t.Helper()
	h.clock.Set(to)
	if _, err := h.pool.Exec(h.ctx, `UPDATE river_job j SET state = 'available', scheduled_at = now()
		WHERE queue = 'sms' AND state IN ('scheduled', 'retryable') AND NOT EXISTS (SELECT 1 FROM messages m
		  WHERE m.id = (j.args->>'message_id')::bigint AND m.due_at > $1)`, to); err != nil {
		h.t.Fatal(err)
	}
	h.idle()
}

// idle waits until no SMS job is available or running.
func (h *smsHarness) idle() {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for n := 1; n > 0; {
		if time.Now().After(deadline) {
			h.t.Fatalf("%d SMS jobs still busy", n)
		}
		time.Sleep(30 * time.Millisecond)
		// River's scheduler runs every few seconds; do its work at once.
		if _, err := h.pool.Exec(h.ctx, `UPDATE river_job SET state = 'available' WHERE queue = 'sms'
			AND state IN ('scheduled', 'retryable') AND scheduled_at <= now()`); err != nil {
			h.t.Fatal(err)
		}
		if err := h.pool.QueryRow(h.ctx, `SELECT count(*) FROM river_job WHERE queue = 'sms'
			AND state IN ('available', 'running')`).Scan(&n); err != nil {
			h.t.Fatal(err)
		}
	}
}

// sms posts a signed incoming SMS and returns the answer; sid "" makes one.
func (h *smsHarness) sms(from, body, sid string) *httptest.ResponseRecorder {
	h.t.Helper()
	if sid == "" {
		h.serial++
		sid = fmt.Sprintf("SM%032x", h.serial)
	}
	form := url.Values{"MessageSid": {sid}, "AccountSid": {twiliotest.AccountSID}, "From": {from},
		"To": {twiliotest.From}, "Body": {body}}
	return h.post("/twilio/sms", form, twiliotest.Sign(twiliotest.AuthToken, publicURL+"/twilio/sms", form))
}

func (h *smsHarness) post(path string, form url.Values, signature string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", signature)
	rec := httptest.NewRecorder()
	h.hooks.ServeHTTP(rec, req)
	return rec
}

// messages lists the outgoing messages of a kind, oldest first.
func (h *smsHarness) messages(kind notify.MessageKind) []dispatch.Message {
	h.t.Helper()
	all, err := h.st.Messages(h.ctx, dispatch.MessageFilter{Limit: 500})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []dispatch.Message
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Kind == string(kind) && all[i].Direction == "out" {
			out = append(out, all[i])
		}
	}
	return out
}

// driver creates a driver available on every day 07:00-19:00.
func (h *smsHarness) driver(name, phone string) dispatch.Driver {
	h.t.Helper()
	d, err := h.st.CreateDriver(h.ctx, system, dispatch.Driver{FirstName: name, LastName: "Fahrer", Phone: phone,
		Lat: 49.95, Lon: 6.5, VehicleSeats: 3, MaxRidesPerWeek: 50, MaxDutyMinutes: 720, Language: "de"})
	if err != nil {
		h.t.Fatal(err)
	}
	var ws []dispatch.Window
	for day := 1; day <= 7; day++ {
		ws = append(ws, dispatch.Window{Weekday: day, Start: "07:00", End: "19:00"})
	}
	if err := h.st.SetAvailability(h.ctx, system, d.ID, ws); err != nil {
		h.t.Fatal(err)
	}
	return d
}

// ride books a trip (no ride back) for a new senior with a mobile phone,
// arriving at a practice by at.
func (h *smsHarness) ride(name, phone string, at time.Time) dispatch.Trip {
	h.t.Helper()
	r, err := h.st.CreateRider(h.ctx, system, dispatch.Rider{FirstName: name, LastName: "Senior", Phone: phone,
		PhoneMobile: phone != "", Street: "Weg 1", City: "Bitburg", Lat: 49.98, Lon: 6.55, ContactPreference: "sms",
		Language: "de"})
	if err != nil {
		h.t.Fatal(err)
	}
	place := dispatch.Location{Street: "Am Markt 1", City: "Bitburg", Lat: 49.967, Lon: 6.527}
	legs, err := dispatch.Booking{RiderID: r.ID, To: place, Timing: dispatch.TimingArriveBy, At: at,
		Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.Legs(r, dispatch.DefaultBookingRules(h.clock.Now(), berlin))
	if err != nil {
		h.t.Fatal(err)
	}
	trips, err := h.st.BookTrip(h.ctx, system, legs)
	if err != nil {
		h.t.Fatal(err)
	}
	return trips[0]
}

func (h *smsHarness) trip(id int64) dispatch.Trip {
	h.t.Helper()
	tr, err := h.st.Trip(h.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return tr
}

// count runs a count query.
func (h *smsHarness) count(q string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.pool.QueryRow(h.ctx, q, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}
