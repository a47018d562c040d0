package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// TestWithoutJavaScript drives the essential actions as plain forms: a
// booking with mistakes keeps what was typed and names the field, then
// books; a form without its token is refused; logout everywhere ends the
// session.
func TestWithoutJavaScript(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	if status, loc, _ := c.post("/login", url.Values{"email": {f.coordinator}, "password": {"wrong password!"}}); status != http.StatusUnauthorized || loc != "" {
		t.Fatalf("wrong password: %d %s", status, loc)
	}
	csrf := c.login(f.coordinator)
	if _, body := c.get("/intake?q=schm"); !strings.Contains(body, "Schmitz, Erna") {
		t.Fatalf("search without script finds nobody:\n%s", body)
	}
	form := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "place": {"Dr."}, "date": {"morgen"},
		"time": {"25:99"}, "timing": {"arrive_by"}, "return": {"on_call"}, "passengers": {"1"}, "notes": {"Hörgerät"}}
	status, _, body := c.post("/book", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "mehrere Orte") ||
		!strings.Contains(body, "Uhrzeit wie 9:30") || !strings.Contains(body, "Hörgerät") || !strings.Contains(body, `value="25:99"`) {
		t.Fatalf("errors not next to the fields or input lost: %d\n%s", status, body)
	}
	form.Set("place", "weber")
	form.Set("time", "10:30")
	status, loc, body := c.post("/book", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/trips/") {
		t.Fatalf("booking: %d %s\n%s", status, loc, body)
	}
	if _, body := c.get(loc); !strings.Contains(body, "noch kein Fahrer") || !strings.Contains(body, "Hinfahrt") || !strings.Contains(body, "Rückfahrt") {
		t.Fatalf("trip page:\n%s", body)
	}
	form.Del("csrf")
	if status, _, _ := c.post("/book", form); status != http.StatusForbidden {
		t.Fatalf("form without token: %d", status)
	}
	if status, loc, _ := c.post("/logout/everywhere", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther || loc != "/login" {
		t.Fatalf("logout everywhere: %d %s", status, loc)
	}
	if status, _ := c.get("/intake"); status != http.StatusSeeOther {
		t.Fatalf("still logged in after logout everywhere: %d", status)
	}
}

// TestRelativeSeesOnlyTheirs types coordinator and other seniors' URLs as
// a relative: every one is 404.
func TestRelativeSeesOnlyTheirs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.login(f.relative)
	for _, path := range []string{"/intake", "/board", "/shuttles", "/people", "/messages", "/intake/riders?q=a",
		fmt.Sprintf("/trips/%d", f.karlTrip.ID), fmt.Sprintf("/book?rider=%d", f.karl.ID), "/people/drivers/1",
		fmt.Sprintf("/people/riders/%d", f.erna.ID), "/people/drivers/new", "/places", "/places/new", "/shuttles/new"} {
		if status, _ := c.get(path); status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, status)
		}
	}
	if _, body := c.get("/family"); !strings.Contains(body, "Erna Schmitz") || strings.Contains(body, "Becker") {
		t.Errorf("family page:\n%s", body)
	}
}

func TestDriverLinkAndCalendar(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	if status, _ := c.get("/d/not-a-token"); status != http.StatusNotFound {
		t.Fatalf("bad token: %d", status)
	}
	link := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID, timeNow()), f.srv.URL)
	if status, body := c.get(link); status != http.StatusOK || !strings.Contains(body, "Hallo Hans") {
		t.Fatalf("driver page: %d\n%s", status, body)
	}
	resp, err := c.http.Get(f.srv.URL + link + "/rides.ics")
	must(t, err)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("calendar: %d %s", resp.StatusCode, ct)
	}
}

// The pages keep the login limit: after five wrong passwords for an email,
// even the right one is refused for a while.
func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	for range 5 {
		if status, _, _ := c.post("/login", url.Values{"email": {f.coordinator}, "password": {"wrong password!"}}); status != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", status)
		}
	}
	status, _, body := c.post("/login", url.Values{"email": {f.coordinator}, "password": {password}})
	if status != http.StatusTooManyRequests || !strings.Contains(body, `id="f-email"`) {
		t.Fatalf("sixth login: %d, want 429 with the form again", status)
	}
}

// An invitation link lets a relative set a password once: too short a
// password is refused with the form again, a good one logs them in, and the
// link is then spent. The invitation token opens no session by itself.
func TestInvitationLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a, err := f.st.CreateAccount(ctx, system, dispatch.Account{Email: "sohn@example.org", Role: dispatch.RoleRelative,
		RiderIDs: []int64{f.erna.ID}}, "")
	must(t, err)
	token, err := auth.NewToken()
	must(t, err)
	must(t, f.st.CreateSession(ctx, a.ID, auth.HashToken(token), dispatch.SessionInvite, time.Now().Add(time.Hour)))
	if _, err := f.st.SessionAccount(ctx, auth.HashToken(token), dispatch.SessionBrowser); dispatch.ErrorCode(err) != dispatch.CodeNotFound {
		t.Fatalf("invitation token as a session: %v", err)
	}
	c := f.client()
	if status, _ := c.get("/invite/" + token); status != http.StatusOK {
		t.Fatalf("invitation page: %d", status)
	}
	if status, _, _ := c.post("/invite/"+token, url.Values{"password": {"kurz"}, "password2": {"kurz"}}); status != http.StatusBadRequest {
		t.Fatalf("short password: %d", status)
	}
	good := url.Values{"password": {"ein gutes Passwort"}, "password2": {"ein gutes Passwort"}}
	if status, loc, _ := c.post("/invite/"+token, good); status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("setting the password: %d %s", status, loc)
	}
	if _, body := c.get("/family"); !strings.Contains(body, "Erna") {
		t.Fatal("the relative is not logged in after setting the password")
	}
	if status, _ := f.client().get("/invite/" + token); status != http.StatusNotFound {
		t.Fatalf("spent invitation: %d, want 404", status)
	}
}
