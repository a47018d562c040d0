package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/web"
)

// An absence the driver enters on their own page is shown there and on
// the coordinators' driver page as 24.12.2026, as every date the pages
// show, not as 2026-12-24.
func TestAbsencesShowGermanDates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	link := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID, timeNow()), f.srv.URL)
	day := tomorrow(0, 0).AddDate(0, 0, 10)
	c := f.client()
	if status, _, _ := c.post(link+"/absences", url.Values{"from": {day.Format("02.01.2006")}, "to": {day.Format("02.01.2006")},
		"reason": {"Urlaub"}}); status != http.StatusSeeOther {
		t.Fatalf("absence: %d", status)
	}
	coord := f.client()
	coord.login(f.coordinator)
	_, own := c.get(link)
	_, detail := coord.get(fmt.Sprintf("/people/drivers/%d", f.driver.ID))
	for name, page := range map[string]string{"driver's page": own, "driver detail": detail} {
		if !strings.Contains(page, day.Format("02.01.2006")+" – "+day.Format("02.01.2006")) {
			t.Errorf("the %s does not show the absence as %s", name, day.Format("02.01.2006"))
		}
	}
}
