package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/web"
)

// A driver sets their weekly times and a holiday on their own page, within
// the agency's hours; a time outside them comes back with the error next
// to the day, and a forged link changes nothing.
func TestDriverKeepsOwnTimes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	link := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID, timeNow()), f.srv.URL)
	if status, body := c.get(link); status != http.StatusOK || !strings.Contains(body, "Meine Zeiten") {
		t.Fatalf("driver page: %d", status)
	}
	status, _, body := c.post(link+"/availability", url.Values{"start1": {"05:00"}, "end1": {"12:00"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "innerhalb der Dienstzeiten") {
		t.Fatalf("too early: %d", status)
	}
	status, loc, _ := c.post(link+"/availability", url.Values{"start1": {"8"}, "end1": {"12:30"}, "start4": {"14:00"}, "end4": {"18:00"}})
	if status != http.StatusSeeOther || loc != link+"?saved=1" {
		t.Fatalf("save: %d %s", status, loc)
	}
	ws, err := f.st.Availability(context.Background(), f.driver.ID)
	if err != nil || len(ws) != 2 || ws[0].Start != "08:00" || ws[1].Weekday != 4 {
		t.Fatalf("windows: %v %+v", err, ws)
	}
	status, _, _ = c.post(link+"/absences", url.Values{"from": {"01.01.2020"}, "to": {"02.01.2020"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("absence in the past: %d", status)
	}
	day := tomorrow(0, 0).AddDate(0, 0, 10).Format("02.01.2006")
	status, loc, _ = c.post(link+"/absences", url.Values{"from": {day}, "to": {day}, "reason": {"Urlaub"}})
	if status != http.StatusSeeOther || !strings.HasSuffix(loc, "?saved=1") {
		t.Fatalf("absence: %d %s", status, loc)
	}
	if status, _, _ := c.post("/d/forged-token/availability", url.Values{"start1": {"08:00"}, "end1": {"09:00"}}); status != http.StatusNotFound {
		t.Fatalf("forged link: %d", status)
	}
}
