package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// TestBrowserSelfService runs issue 15's journeys in chromium: a
// coordinator books a series (Mo, Mi, Fr, six dates) from the booking
// form; a driver on a phone-sized screen accepts an offer and takes an open
// ride. Every page passes axe-core and none scrolls sideways on the phone.
func TestBrowserSelfService(t *testing.T) {
	parent, stop := newBrowser(t)
	defer stop()
	t.Run("series", func(t *testing.T) { seriesScenario(t, parent) })
	t.Run("driver-phone", func(t *testing.T) { driverPhoneScenario(t, parent) })
}

func seriesScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)
	b.run(chromedp.Navigate(fmt.Sprintf("%s/book?rider=%d", f.srv.URL, f.erna.ID)), chromedp.WaitVisible(chromedp.CSS("#f-place")))
	start := tomorrow(0, 0).AddDate(0, 0, 7).Format("02.01.2006")
	b.keys("Weber" + kb.Tab)
	b.run(chromedp.Focus(chromedp.CSS("#f-date")))
	b.keys(start + kb.Tab + "10:30")
	b.run(chromedp.Click(chromedp.CSS("details:has(input[name=repeat_wd]) summary")),
		chromedp.WaitVisible(chromedp.CSS("input[name=repeat_wd][value='1']")))
	for _, day := range []string{"1", "3", "5"} {
		b.run(chromedp.Click(chromedp.CSS("input[name=repeat_wd][value='" + day + "']")))
	}
	b.run(chromedp.Focus(chromedp.CSS("#f-repeat_count")))
	b.keys("6")
	b.check("book-series")
	b.run(chromedp.Click(chromedp.CSS("form[action='/book'] button.primary")))
	b.waitText("main", "gebucht")
	if url := get(b, chromedp.Location()); !strings.Contains(url, "/series/") {
		t.Fatalf("after booking a series the browser is at %s", url)
	}
	got := b.text("main")
	if n := strings.Count(got, "gebucht"); n < 1 || !strings.Contains(got, "10:30") {
		t.Errorf("series page:\n%s", got)
	}
	b.check("series")
}

func driverPhoneScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	allWeek(t, f)
	ctx := context.Background()
	// Karl's ride is offered to Hans; Erna's is open.
	pickup, dropoff, err := dispatch.PlannedTimes(ctx, f.karlTrip)
	must(t, err)
	_, err = f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: f.karlTrip.ID, DriverID: f.driver.ID,
		PlannedPickup: pickup, PlannedDropoff: dropoff})
	must(t, err)
	legs, err := dispatch.Booking{RiderID: f.erna.ID, To: dispatch.Location{Street: "Am Markt 3", City: "Bitburg", Lat: 49.974, Lon: 6.525},
		Timing: dispatch.TimingArriveBy, At: tomorrow(15, 0), Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
		Legs(f.erna, dispatch.DefaultBookingRules(time.Now(), berlin))
	must(t, err)
	_, err = f.st.BookTrip(ctx, system, legs)
	must(t, err)

	b := tab(t, parent, f.srv.URL)
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(web.DriverLink(f.srv.URL, secret, f.driver.ID, time.Now())), chromedp.WaitVisible(chromedp.CSS("h1")))
	b.waitText("main", "Anfragen an Sie")
	b.waitText("main", "Offene Fahrten")
	if got := b.text("#h-open + p + ul"); strings.Contains(got, "Erna") || strings.Contains(got, "Schmitz") {
		t.Errorf("the open ride names the senior before it is taken:\n%s", got)
	}
	b.noSideways("driver-phone")
	b.check("driver-phone")

	b.run(chromedp.Click(chromedp.CSS("form[action$='/accept'] button")))
	b.waitText("main", "fest zugesagt")
	b.check("driver-phone-accepted")

	b.run(chromedp.Click(chromedp.CSS("form[action$='/take'] button")))
	b.waitText("main", "Die Fahrt gehört Ihnen")
	b.waitText("main", "Erna S.")
	b.noSideways("driver-phone-taken")
	b.check("driver-phone-taken")
	rides, err := f.st.Upcoming(ctx, dispatch.UpcomingFilter{DriverID: f.driver.ID, From: time.Now().Add(-time.Hour), Limit: 10})
	must(t, err)
	confirmed := 0
	for _, r := range rides {
		if r.Assignment != nil && r.Assignment.State == dispatch.AssignConfirmed {
			confirmed++
		}
	}
	if confirmed != 2 {
		t.Fatalf("%d confirmed rides, want the accepted and the taken one", confirmed)
	}
}

// noSideways fails when the page is wider than the screen.
func (b *browser) noSideways(name string) {
	b.t.Helper()
	if get(b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`, chromedp.EvalAsValue)) {
		wide := get(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`, chromedp.EvalAsValue))
		b.t.Errorf("%s scrolls sideways on a phone: %v", name, wide)
	}
}
