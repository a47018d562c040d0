package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fahrdienst/fahrdienst/web"
)

// TestBrowserSeriesAndDriverTimes checks the pages the series and the
// drivers' self-service added: a relative books a series from the form
// ("wiederholen"), lands on its page and finds it again on /family; a
// driver saves their times and sends a time outside the agency's hours.
// Each page passes axe-core.
func TestBrowserSeriesAndDriverTimes(t *testing.T) {
	parent, stop := newBrowser(t)
	defer stop()
	f := newFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.relative)
	b.run(chromedp.Navigate(fmt.Sprintf("%s/book?rider=%d", f.srv.URL, f.erna.ID)), chromedp.WaitVisible(chromedp.CSS("#f-place")))
	start := time.Now().In(berlin).AddDate(0, 0, 2).Format("02.01.2006")
	get(b, chromedp.Evaluate[any](`(() => {
		const set = (id, v) => { document.getElementById(id).value = v; };
		set("f-place", "Weber"); set("f-date", "`+start+`"); set("f-time", "07:30"); set("f-repeat_count", "3");
		document.querySelector("details") && (document.querySelector("details").open = true);
		document.querySelectorAll("input[name=repeat_wd]").forEach(c => { c.checked = ["1", "3", "5"].includes(c.value); });
		return 1; })()`, chromedp.EvalAsValue))
	b.check("book-series")
	b.run(chromedp.Submit(chromedp.CSS("#f-place")), chromedp.Sleep(2*time.Second), chromedp.WaitVisible(chromedp.CSS("h1")))
	if loc := get(b, chromedp.Location()); !strings.Contains(loc, "/series/") {
		t.Fatalf("booking the series led to %s:\n%s", loc, b.text("main"))
	}
	b.waitText("main", "Montag, Mittwoch, Freitag")
	b.check("series")
	b.run(chromedp.Navigate(f.srv.URL+"/family"), chromedp.WaitVisible(chromedp.CSS("h1")))
	b.waitText("main", "Montag, Mittwoch, Freitag")
	b.check("family-series")

	d := tab(t, parent, f.srv.URL)
	link := web.DriverLink(f.srv.URL, secret, f.driver.ID, time.Now())
	d.run(chromedp.EmulateViewport(412, 860), chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#own-start1")))
	d.run(chromedp.SetValue(chromedp.CSS("#own-start1"), "08:00"), chromedp.SetValue(chromedp.CSS("#own-end1"), "12:00"),
		chromedp.Submit(chromedp.CSS("#own-start1")), chromedp.WaitVisible(chromedp.CSS("h1")))
	if !strings.Contains(get(d, chromedp.Location()), "saved=1") {
		t.Fatalf("the driver's times were not saved")
	}
	d.check("driver-saved")
	d.run(chromedp.SetValue(chromedp.CSS("#own-start1"), "05:00"), chromedp.Submit(chromedp.CSS("#own-start1")),
		chromedp.WaitVisible(chromedp.CSS(".error")))
	d.check("driver-times-error")
}
