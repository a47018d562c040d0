package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/twilio"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	// now is the fixed clock of the API tests: a Monday morning.
	now    = time.Date(2026, 11, 23, 8, 0, 0, 0, berlin)
	system = dispatch.Actor{Name: "test"}
	quiet  = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// Who makes a request in a test.
const (
	nobody      = ""
	coordinator = "coordinator"
	relative    = "relative"
)

// env is one test's service: its own database, a coordinator, and a
// relative linked to the rider mine (but not to other).
type env struct {
	t      *testing.T
	st     *store.Store
	h      http.Handler
	router routers.Router
	tokens map[string]string
	mine   dispatch.Rider
	other  dispatch.Rider
	place  dispatch.Place
	deps   api.Deps
}

var doc = func() *openapi3.T {
	d, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		panic(err)
	}
	if err := d.Validate(context.Background()); err != nil {
		panic(err)
	}
	return d
}()

func newEnv(t *testing.T, opts ...func(*api.Deps)) *env {
	t.Helper()
	st := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return now }, Location: berlin})
	e := &env{t: t, st: st, tokens: map[string]string{}}
	e.mine = e.rider("Erna", "Schmidt", "+4965112345")
	e.other = e.rider("Karl", "Schmitz", "+491701234567")
	var err error
	e.place, err = st.CreatePlace(context.Background(), system, dispatch.Place{Name: "Praxis Dr. Weber",
		Kind: dispatch.PlacePractice, Street: "Am Markt 2", City: "Bitburg", Lat: 49.974, Lon: 6.525, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	e.account(coordinator, "koordination@example.org", nil)
	e.account(relative, "tochter@example.org", []int64{e.mine.ID})
	e.deps = api.Deps{Logger: quiet, Store: st, Shuttles: st, Plans: st, Now: st.Now, Location: berlin, Privacy: st}
	for _, o := range opts {
		o(&e.deps)
	}
	reg := prometheus.NewRegistry()
	e.h = api.NewRouter(api.Options{Logger: quiet, Registry: reg, Gatherer: reg,
		Ready: func(context.Context) error { return nil }, Mount: []func(chi.Router){api.Routes(e.deps), (&twilio.Webhooks{}).Mount}})
	if e.router, err = legacy.NewRouter(doc); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) rider(first, last, phone string) dispatch.Rider {
	e.t.Helper()
	r, err := e.st.CreateRider(context.Background(), system, dispatch.Rider{FirstName: first, LastName: last,
		Phone: phone, Street: "Hauptstraße 1", City: "Bitburg", Lat: 49.97, Lon: 6.52, ContactPreference: "call",
		Language: "de"})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// account creates an account with a session whose token the test keeps.
func (e *env) account(role, email string, riders []int64) dispatch.Account {
	e.t.Helper()
	ctx := context.Background()
	a, err := e.st.CreateAccount(ctx, system, dispatch.Account{Email: email, Role: role, RiderIDs: riders}, "no-login")
	if err != nil {
		e.t.Fatal(err)
	}
	token := role + "-token-" + email
	sum := sha256.Sum256([]byte(token))
	if err := e.st.CreateSession(ctx, a.ID, sum[:], dispatch.SessionAPI, now.Add(time.Hour)); err != nil {
		e.t.Fatal(err)
	}
	e.tokens[role] = token
	return a
}

// resp is an answer, already checked against the OpenAPI document.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("answer %d is not the JSON expected: %v\n%s", r.Status, err, r.Body)
	}
}

// problem decodes a problem document.
func (r resp) problem(t *testing.T) api.Problem {
	var p api.Problem
	r.decode(t, &p)
	return p
}

// raw is a request body sent as it is: broken JSON that the document does
// not describe, so the request is not validated (the answer still is).
type raw string

// invalid is a body the document refuses, sent to see the service refuse
// it too.
func invalid(v any) raw {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw(b)
}

// call makes a request as who and validates request and answer against the
// OpenAPI document; every handler test goes through it.
func (e *env) call(who, method, path string, body any, header ...string) resp {
	e.t.Helper()
	var data []byte
	validRequest := true
	switch b := body.(type) {
	case nil:
	case raw:
		data, validRequest = []byte(b), false
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	newReq := func() *http.Request {
		req := httptest.NewRequest(method, path, bytes.NewReader(data))
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if tok := e.tokens[who]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return req
	}
	route, params, err := e.router.FindRoute(newReq())
	if err != nil {
		e.t.Fatalf("%s %s is not in the OpenAPI document: %v", method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: newReq(), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			IncludeResponseStatus: true, MultiError: true}}
	if validRequest && who != nobody {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			e.t.Fatalf("%s %s: request does not match the OpenAPI document: %v", method, path, err)
		}
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, newReq())
	out := resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: out.Status, Header: out.Header,
		Body: io.NopCloser(bytes.NewReader(out.Body)), Options: in.Options}); err != nil {
		e.t.Fatalf("%s %s: answer %d does not match the OpenAPI document: %v\n%s", method, path, out.Status, err, out.Body)
	}
	return out
}

// want calls and checks the status.
func (e *env) want(status int, who, method, path string, body any, header ...string) resp {
	e.t.Helper()
	r := e.call(who, method, path, body, header...)
	if r.Status != status {
		e.t.Fatalf("%s %s as %q: status %d, want %d\n%s", method, path, who, r.Status, status, strings.TrimSpace(string(r.Body)))
	}
	return r
}

// wantField checks that a problem names a field.
func wantField(t *testing.T, r resp, field string) {
	t.Helper()
	for _, f := range r.problem(t).Errors {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("no field error for %q in %s", field, r.Body)
}
