package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// The shopping rides page (issue 19): dates as 10.12.2026, a confirmation
// after saving, the add list without those already riding, and
// unsubscribing is not called "Abmelden" (that is logging out) and asks
// first.
func TestShuttleWordsAndConfirmations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	weber, err := f.st.Places(ctx, "Weber")
	must(t, err)
	sh, err := f.st.CreateShuttle(ctx, system, dispatch.Shuttle{Name: "Einkauf", Weekday: 4, StartTime: "09:00",
		PlaceID: weber[0].ID, DwellMinutes: 60, Capacity: 6, MaxRideMinutes: 45})
	must(t, err)
	c := f.client()
	csrf := c.login(f.coordinator)
	base := fmt.Sprintf("/shuttles/%d", sh.ID)
	rider := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}}
	status, loc, _ := c.post(base+"/subscribe", rider)
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=subscribed") {
		t.Fatalf("subscribe: %d %s, want a confirmation on the next page", status, loc)
	}
	_, body := c.get(loc)
	if !strings.Contains(body, `role="status"`) || !strings.Contains(body, "Erna Schmitz fährt jetzt mit") {
		t.Errorf("no confirmation after subscribing:\n%s", body)
	}
	if iso := regexp.MustCompile(`>[^<]*\d{4}-\d{2}-\d{2}`).FindString(body); iso != "" {
		t.Errorf("an ISO date is shown: %q", iso)
	}
	if !regexp.MustCompile(`\d{2}\.\d{2}\.\d{4}`).MatchString(body) {
		t.Errorf("no date as 10.12.2026 on the page")
	}
	add := body[strings.Index(body, fmt.Sprintf(`id="sub-%d"`, sh.ID)):]
	add = add[:strings.Index(add, "</select>")]
	if strings.Contains(add, "Schmitz") || !strings.Contains(add, "Becker") {
		t.Errorf("the add list offers the wrong people: %s", add)
	}
	if n := strings.Count(body, ">Abmelden<"); n != 1 {
		t.Errorf(`"Abmelden" appears %d times; it must mean logging out only`, n)
	}
	runs, err := f.st.ShuttleRuns(ctx, sh.ID, timeNow().Format("2006-01-02"))
	must(t, err)
	if len(runs) > 0 {
		skip := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "date": {runs[0].Date}}
		if _, loc, _ := c.post(base+"/skip", skip); !strings.Contains(loc, "done=skipped") {
			t.Errorf("skip: %s, want a confirmation", loc)
		}
	}
	// Unsubscribing asks first.
	status, loc, _ = c.post(base+"/unsubscribe", rider)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, base+"/unsubscribe?") {
		t.Fatalf("unsubscribe without confirmation: %d %s, want the question", status, loc)
	}
	if subs, _ := f.st.ShuttleSubscribers(ctx, sh.ID, timeNow().Format("2006-01-02")); len(subs) != 1 {
		t.Fatalf("unsubscribed without confirmation: %+v", subs)
	}
	if _, q := c.get(loc); !strings.Contains(q, "Erna Schmitz") || !strings.Contains(q, "austragen") {
		t.Fatalf("the question:\n%s", q)
	}
	rider.Set("confirm", "yes")
	if _, loc, _ = c.post(base+"/unsubscribe", rider); !strings.Contains(loc, "done=unsubscribed") {
		t.Fatalf("confirmed unsubscribe: %s", loc)
	}
}

// The example date of a hint lies ahead (it was a fixed date long past).
func TestHintDateIsAhead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.login(f.coordinator)
	_, body := c.get(fmt.Sprintf("/book?rider=%d", f.erna.ID))
	m := regexp.MustCompile(`z\. B\. (\d{2}\.\d{2}\.\d{4})`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no example date in the hints:\n%s", body)
	}
	d, err := time.ParseInLocation("02.01.2006", m[1], berlin)
	must(t, err)
	if !d.After(timeNow()) {
		t.Fatalf("the example date %s is not ahead", m[1])
	}
}

// After a form error no field but the one at fault takes the focus: the
// first field ("Wohin?") loses its autofocus, and the script focuses the
// first field marked invalid.
func TestFocusGoesToTheFieldAtFault(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	_, body := c.get(fmt.Sprintf("/book?rider=%d", f.erna.ID))
	if !regexp.MustCompile(`id="f-place"[^>]*autofocus`).MatchString(body) {
		t.Fatalf("the empty form should start in the place field")
	}
	form := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "place": {"Weber"}, "date": {"morgen"},
		"time": {"25:99"}, "timing": {"arrive_by"}, "return": {"on_call"}, "passengers": {"1"}}
	_, _, body = c.post("/book", form)
	if regexp.MustCompile(`id="f-place"[^>]*autofocus`).MatchString(body) {
		t.Errorf("after an error in the time, the place field still takes the focus")
	}
	if !regexp.MustCompile(`id="f-time"[^>]*autofocus`).MatchString(body) {
		t.Errorf("the time field at fault does not take the focus")
	}
}

// A one-way ride is not titled "Hin- und Rückfahrt".
func TestOneWayTripTitle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.login(f.coordinator)
	_, body := c.get(fmt.Sprintf("/trips/%d", f.karlTrip.ID))
	if strings.Contains(body, "Hin- und Rückfahrt") || !strings.Contains(body, "Nur Hinfahrt") {
		t.Fatalf("one-way trip page:\n%s", body)
	}
}

// The driver's page lists the rides of a day by their planned pickup, and
// a confirmed ride carries a "Zugesagt" badge.
func TestDriverRidesInTimeOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	weber, err := f.st.Places(ctx, "Weber")
	must(t, err)
	legs, err := dispatch.Booking{RiderID: f.erna.ID, To: weber[0].Location(), Timing: dispatch.TimingArriveBy,
		At: tomorrow(9, 0), Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
		Legs(f.erna, dispatch.DefaultBookingRules(timeNow(), berlin))
	must(t, err)
	erna, err := f.st.BookTrip(ctx, system, legs)
	must(t, err)
	// Karl's window opens first, but the driver fetches him last.
	for _, a := range []struct {
		trip dispatch.Trip
		at   time.Time
	}{{f.karlTrip, tomorrow(9, 30)}, {erna[0], tomorrow(8, 10)}} {
		_, err := f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: a.trip.ID, DriverID: f.driver.ID,
			State: dispatch.AssignConfirmed, PlannedPickup: a.at, PlannedDropoff: a.at.Add(15 * time.Minute)})
		must(t, err)
	}
	c := f.client()
	_, body := c.get(web.DriverLink("", secret, f.driver.ID, timeNow()))
	e, k := strings.Index(body, "Erna"), strings.Index(body, "Karl")
	if e < 0 || k < 0 || e > k {
		t.Errorf("rides out of time order (Erna at %d, Karl at %d):\n%s", e, k, body)
	}
	if n := strings.Count(body, `class="state state-confirmed">Zugesagt<`); n != 2 {
		t.Errorf("%d confirmed badges, want 2", n)
	}
}

// /favicon.ico is an icon, not a 404 on every page.
func TestFavicon(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp, err := http.Get(f.srv.URL + "/favicon.ico")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") {
		t.Fatalf("favicon: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// An appointment outside the service hours asks first ("Wirklich 3:00 Uhr
// nachts?") and is booked once confirmed.
func TestServiceHoursQuestion(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(d *web.Deps) { d.ServiceHours = dispatch.DefaultServiceHours })
	c := f.client()
	csrf := c.login(f.coordinator)
	form := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "place": {"Weber"}, "date": {"morgen"},
		"time": {"3:00"}, "timing": {"arrive_by"}, "return": {"none"}, "passengers": {"1"}}
	status, _, body := c.post("/book", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Wirklich 3:00 Uhr nachts?") {
		t.Fatalf("3:00 booked without a question: %d\n%s", status, body)
	}
	form.Set("hours_ok", "yes")
	if status, loc, body := c.post("/book", form); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/trips/") {
		t.Fatalf("confirmed 3:00: %d %s\n%s", status, loc, body)
	}
	form.Set("time", "10:30")
	form.Del("hours_ok")
	form.Set("date", germanDay(2))
	if status, _, body := c.post("/book", form); status != http.StatusSeeOther {
		t.Fatalf("10:30 asked: %d\n%s", status, body)
	}
}

func germanDay(days int) string { return timeNow().AddDate(0, 0, days).In(berlin).Format("02.01.2006") }
