package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAfterRide opens the pages after the ride in chromium: the
// report's charts render (their bars have a size on the screen), and the
// close-out, statements and history pages pass the accessibility check.
func TestBrowserAfterRide(t *testing.T) {
	parent, stop := newBrowser(t)
	defer stop()
	f, seed := afterRideFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)
	b.run(chromedp.Navigate(f.srv.URL+"/reports?from=2026-09-01&to=2026-10-31"), chromedp.WaitVisible(chromedp.CSS("#chart-outcomes svg")))
	bars := get(b, chromedp.Evaluate[[]float64](`[...document.querySelectorAll("figure.chart svg rect")].map(r => r.getBoundingClientRect().height)`, chromedp.EvalAsValue))
	drawn := 0
	for _, h := range bars {
		if h > 0 {
			drawn++
		}
	}
	if drawn < 5 {
		t.Errorf("only %d chart bars drawn: %v", drawn, bars)
	}
	if got := b.text("main"); !strings.Contains(got, "Ehrenamt-Stunden je Monat") || !strings.Contains(got, "63,5") {
		t.Errorf("report page:\n%s", got)
	}
	b.check("reports")
	for _, page := range []string{"/closeout?date=2026-10-22", "/statements?month=2026-10",
		fmt.Sprintf("/statements/%d?month=2026-10", seed.DriverA.ID), fmt.Sprintf("/riders/%d/history", seed.R3.ID)} {
		b.run(chromedp.Navigate(f.srv.URL+page), chromedp.WaitVisible(chromedp.CSS("h1")))
		b.check(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(strings.Trim(page, "/")))
	}
}
