package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/web"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	system    = dispatch.Actor{Name: "test"}
	secret    = []byte("test secret of at least thirty-two bytes")
)

const password = "a long enough password"

// fixture is the real service on a fresh database: the API's router with
// the web pages mounted, a coordinator, a relative of Erna Schmitz, another
// senior (Karl Becker) with a ride of his own, two places and a driver.
type fixture struct {
	t           *testing.T
	st          *store.Store
	srv         *httptest.Server
	erna, karl  dispatch.Rider
	karlTrip    dispatch.Trip
	driver      dispatch.Driver
	coordinator string
	relative    string
}

func newFixture(t *testing.T, opts ...func(*web.Deps)) *fixture {
	t.Helper()
	ctx := context.Background()
	st := store.New(storetest.Pool(t), store.Options{Location: berlin})
	f := &fixture{t: t, st: st, coordinator: "koordination@example.org", relative: "tochter@example.org"}
	rider := func(first, last, phone string) dispatch.Rider {
		r, err := st.CreateRider(ctx, system, dispatch.Rider{FirstName: first, LastName: last, Phone: phone,
			Street: "Hauptstraße 7", City: "Bitburg", Lat: 49.968, Lon: 6.527, ContactPreference: "sms", Language: "de", Active: true})
		must(t, err)
		return r
	}
	f.erna, f.karl = rider("Erna", "Schmitz", "+4965611234"), rider("Karl", "Becker", "+4965619876")
	for _, name := range []string{"Hausarztpraxis Dr. Weber", "Augenarzt Dr. Lentz"} {
		_, err := st.CreatePlace(ctx, system, dispatch.Place{Name: name, Kind: dispatch.PlacePractice,
			Street: "Am Markt 3", City: "Bitburg", Lat: 49.974, Lon: 6.525})
		must(t, err)
	}
	var err error
	f.driver, err = st.CreateDriver(ctx, system, dispatch.Driver{FirstName: "Hans", LastName: "Fahrer", Phone: "+4915100000009",
		Street: "Talweg 1", City: "Bitburg", Lat: 49.96, Lon: 6.53, VehicleSeats: 3, MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de"})
	must(t, err)
	hash, err := auth.HashPassword(password)
	must(t, err)
	_, err = st.CreateAccount(ctx, system, dispatch.Account{Email: f.coordinator, Role: dispatch.RoleCoordinator, Name: "Koordination"}, hash)
	must(t, err)
	_, err = st.CreateAccount(ctx, system, dispatch.Account{Email: f.relative, Role: dispatch.RoleRelative, Name: "Tochter",
		RiderIDs: []int64{f.erna.ID}}, hash)
	must(t, err)
	at := tomorrow(8, 0)
	legs, err := dispatch.Booking{RiderID: f.karl.ID, To: dispatch.Location{Street: "Am Markt 3", City: "Bitburg", Lat: 49.974, Lon: 6.525},
		Timing: dispatch.TimingArriveBy, At: at, Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
		Legs(f.karl, dispatch.DefaultBookingRules(time.Now(), berlin))
	must(t, err)
	booked, err := st.BookTrip(ctx, system, legs)
	must(t, err)
	f.karlTrip = booked[0]

	reg := prometheus.NewRegistry()
	var handler http.Handler
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(f.srv.Close)
	deps := web.Deps{Store: st, Secret: secret, BaseURL: f.srv.URL, Location: berlin,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(&deps)
	}
	handler = api.NewRouter(api.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: reg, Gatherer: reg,
		Ready: func(context.Context) error { return nil },
		Mount: []func(chi.Router){web.Routes(deps)}})
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// tomorrow is a local time of tomorrow.
func tomorrow(h, m int) time.Time {
	d := time.Now().In(berlin).AddDate(0, 0, 1)
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, berlin)
}

// client is a browser without JavaScript: it keeps cookies, does not
// follow redirects, and sends what a same-origin form sends.
type client struct {
	t    *testing.T
	f    *fixture
	http *http.Client
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: f.t, f: f, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get returns the status and body of a page.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.http.Get(c.f.srv.URL + path)
	must(c.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends a form and returns the status, the redirect target and body.
func (c *client) post(path string, form url.Values) (int, string, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.Do(req)
	must(c.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// login logs in and returns the form token of the session.
func (c *client) login(email string) string {
	c.t.Helper()
	status, loc, body := c.post("/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	if status != http.StatusSeeOther || loc != "/" {
		c.t.Fatalf("login: %d %s %s", status, loc, body)
	}
	_, page := c.get("/people")
	if _, page2 := c.get("/family"); strings.Contains(page2, `name="csrf"`) {
		page = page2
	}
	i := strings.Index(page, `name="csrf" value="`)
	if i < 0 {
		c.t.Fatal("no form token on the page")
	}
	rest := page[i+len(`name="csrf" value="`):]
	return rest[:strings.Index(rest, `"`)]
}
