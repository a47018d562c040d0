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

// privacyScenario checks the data-protection pages in the browser, each
// with axe-core: the record of processing, a senior's privacy page and the
// printable export.
func privacyScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)
	for _, page := range []string{"/privacy", fmt.Sprintf("/privacy/rider/%d", f.erna.ID),
		fmt.Sprintf("/privacy/rider/%d/export", f.erna.ID)} {
		b.run(chromedp.Navigate(f.srv.URL+page), chromedp.WaitVisible(chromedp.CSS("h1")))
		b.check(strings.ReplaceAll(strings.Trim(page, "/"), "/", "-"))
	}
	b.waitText("main", "Schmitz")
}

// detailsScenario checks the page details of issue 19 in the browser, each
// page with axe-core: the SMS log at 1280 px with a long link, the focus
// after a form error, the question before a booking at night, the driver
// page with its badges and the question before taking a senior off a
// shopping ride.
func detailsScenario(t *testing.T, parent context.Context) {
	f := newFixture(t, func(d *web.Deps) { d.ServiceHours = dispatch.DefaultServiceHours })
	ctx := context.Background()
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)

	// The SMS log fits a 1280 px screen, also with a long link in a text.
	_, err := f.st.Pool().Exec(ctx, `INSERT INTO messages (direction, kind, to_number, body, driver_id, status)
		VALUES ('out', 'offer', '+4915100000009', 'Neue Fahrt: morgen 08:00 Hauptstraße 7. Details: '
		|| 'https://fahrdienst.example.org/d/AdYpg7DcnafwmxGb1MwdMoAdYpg7DcnafwmxGb1MwdMoAdYpg7DcnafwmxGb1MwdMo_x8Zq', $1, 'failed')`,
		f.driver.ID)
	must(t, err)
	b.run(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(f.srv.URL+"/messages"), chromedp.WaitVisible(chromedp.CSS("table")))
	if wide := get(b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`,
		chromedp.EvalAsValue)); wide {
		t.Error("the SMS log is wider than a 1280 px screen")
	}
	b.check("messages-1280")

	// After an error in the time, the focus is in the time field.
	b.run(chromedp.Navigate(fmt.Sprintf("%s/book?rider=%d", f.srv.URL, f.erna.ID)), chromedp.WaitVisible(chromedp.CSS("#f-place")))
	b.keys("Weber" + kb.Tab + kb.Tab + "25:99" + kb.Enter)
	b.waitText("main", "Uhrzeit wie 9:30")
	if id := get(b, chromedp.Evaluate[string](`document.activeElement.id`, chromedp.EvalAsValue)); id != "f-time" {
		t.Errorf("after the error the focus is on %q, want f-time", id)
	}
	// 3:00 asks first.
	b.run(chromedp.SetValue(chromedp.CSS("#f-time"), "3:00"), chromedp.Submit(chromedp.CSS("#f-time")))
	b.waitText("main", "Wirklich 3:00 Uhr nachts?")
	b.check("book-night")

	// The driver's page with a confirmed ride.
	trip := f.karlTrip
	_, err = f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: trip.ID, DriverID: f.driver.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: *trip.PickupLatest, PlannedDropoff: trip.PickupLatest.Add(15 * time.Minute)})
	must(t, err)
	b.run(chromedp.Navigate(web.DriverLink(f.srv.URL, secret, f.driver.ID, time.Now())), chromedp.WaitVisible(chromedp.CSS("h1")))
	b.waitText("main", "Zugesagt")
	b.check("driver-confirmed")

	// Taking a senior off a shopping ride asks first.
	weber, err := f.st.Places(ctx, "Weber")
	must(t, err)
	sh, err := f.st.CreateShuttle(ctx, system, dispatch.Shuttle{Name: "Einkauf", Weekday: 4, StartTime: "09:00",
		PlaceID: weber[0].ID, DwellMinutes: 60, Capacity: 6, MaxRideMinutes: 45})
	must(t, err)
	must(t, f.st.Subscribe(ctx, system, dispatch.Subscription{ShuttleID: sh.ID, RiderID: f.erna.ID,
		From: time.Now().In(berlin).Format(time.DateOnly)}))
	b.run(chromedp.Navigate(f.srv.URL+"/shuttles"), chromedp.WaitVisible(chromedp.CSS("h1")))
	b.run(chromedp.Click(chromedp.CSS(`form[action$="/unsubscribe"] button`)))
	b.waitText("main", "wirklich austragen")
	b.check("shuttle-unsubscribe")
	b.run(chromedp.Click(chromedp.CSS(`button.danger`)))
	b.waitText("main", "ausgetragen. Gespeichert.")
	b.check("shuttles-saved")
}
