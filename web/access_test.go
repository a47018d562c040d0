package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// public are the pages that need no login: logging in, the invitation and
// the language switch before it, the driver's signed link and its
// calendar, single sign-on and its callback, the stylesheet and script, and the icon browsers ask for.
var public = map[string]bool{
	"GET /login": true, "POST /login": true, "GET /login/oidc": true, "GET /login/oidc/callback": true, "GET /invite/{token}": true, "POST /invite/{token}": true,
	"POST /lang": true, "GET /d/{token}": true, "GET /d/{token}/rides.ics": true,
	"POST /d/{token}/availability": true, "POST /d/{token}/absences": true,
	"POST /d/{token}/trips/{id}/outcome": true, "POST /d/{token}/tours/{id}/km": true,
	"GET /favicon.ico":                   true,
	"POST /d/{token}/offers/{id}/accept": true, "POST /d/{token}/offers/{id}/decline": true,
	"POST /d/{token}/open/{trip}/take": true,
}

// static is the route of the stylesheet and script, served for any method.
const static = "/static/*"

// TestEveryPageNeedsLogin walks the router: a new page is behind the login
// unless it is added to public on purpose.
func TestEveryPageNeedsLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := chi.NewRouter()
	web.Routes(web.Deps{Store: f.st, Secret: secret, Location: berlin})(r)
	c := f.client()
	seen := map[string]bool{}
	err := chi.Walk(r, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		key := method + " " + route
		if public[key] || route == static {
			seen[key] = true
			return nil
		}
		path := strings.NewReplacer("{id}", "1", "{token}", "x", "{kind}", "rider").Replace(route)
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(url.Values{"x": {"1"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.http.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape(path) {
			t.Errorf("%s %s without login: %d to %q, want 303 to the login", method, path, resp.StatusCode, loc)
		}
		return nil
	})
	must(t, err)
	if !seen["GET "+static] {
		t.Errorf("no route %s", static)
	}
	for key := range public {
		if !seen[key] {
			t.Errorf("%s is listed as public but is no route", key)
		}
	}
}

// A relative cannot cancel or watch another senior's ride: 404, and the
// ride stays booked.
func TestRelativeCannotTouchOthersTrips(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.relative)
	trip := fmt.Sprintf("/trips/%d", f.karlTrip.ID)
	if status, _, _ := c.post(trip+"/cancel", url.Values{"csrf": {csrf}, "reason": {"krank"}}); status != http.StatusNotFound {
		t.Errorf("cancelling another senior's ride: %d, want 404", status)
	}
	if got, err := f.st.Trip(context.Background(), f.karlTrip.ID); err != nil || got.Status != dispatch.TripBooked {
		t.Errorf("the ride is %q after the relative's attempt (%v)", got.Status, err)
	}
	if status, _ := c.get(trip + "/legs"); status != http.StatusNotFound {
		t.Errorf("another senior's legs: %d, want 404", status)
	}
}
