package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A driver's absence with a reason PostgreSQL cannot store, or one too
// long, is a form error next to the field, never a 500; a good one is
// saved.
func TestAbsenceReasonChecked(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	path := fmt.Sprintf("/people/drivers/%d/absences", f.driver.ID)
	for reason, want := range map[string]string{
		"krank\x00":              "Bitte prüfen Sie diese Angabe.",
		"\xff":                   "Bitte prüfen Sie diese Angabe.",
		strings.Repeat("x", 201): "höchstens 200 Zeichen",
	} {
		status, _, body := c.post(path, url.Values{"csrf": {csrf}, "from": {"morgen"}, "to": {"morgen"}, "reason": {reason}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
			t.Errorf("reason %q: %d, want 422 with %q", reason, status, want)
		}
	}
	status, loc, body := c.post(path, url.Values{"csrf": {csrf}, "from": {"morgen"}, "to": {"morgen"}, "reason": {"Urlaub"}})
	if status != http.StatusSeeOther || loc != fmt.Sprintf("/people/drivers/%d", f.driver.ID) {
		t.Fatalf("good absence: %d %s\n%s", status, loc, body)
	}
	abs, err := f.st.Absences(context.Background(), f.driver.ID, time.Now())
	must(t, err)
	if len(abs) != 1 || abs[0].Reason != "Urlaub" {
		t.Fatalf("absences: %+v", abs)
	}
}

// The driver page's forms: a wrong window or an unknown driver shows the
// page again or 404; a good week is saved.
func TestDriverForms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	path := fmt.Sprintf("/people/drivers/%d/availability", f.driver.ID)
	status, _, body := c.post(path, url.Values{"csrf": {csrf}, "start1": {"12:00"}, "end1": {"8:00"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Bis nach Von") || !strings.Contains(body, "Hans") {
		t.Fatalf("end before start: %d\n%s", status, body)
	}
	if status, _, _ := c.post("/people/drivers/999999/availability", url.Values{"csrf": {csrf}, "start1": {"8:00"}, "end1": {"12:00"}}); status != http.StatusNotFound {
		t.Fatalf("unknown driver: %d, want 404", status)
	}
	if status, loc, body := c.post(path, url.Values{"csrf": {csrf}, "start1": {"8:00"}, "end1": {"12:00"}}); status != http.StatusSeeOther ||
		loc != fmt.Sprintf("/people/drivers/%d", f.driver.ID) {
		t.Fatalf("good week: %d %s\n%s", status, loc, body)
	}
	ws, err := f.st.Availability(context.Background(), f.driver.ID)
	must(t, err)
	if len(ws) != 1 || ws[0].Weekday != 1 || ws[0].Start != "08:00" || ws[0].End != "12:00" {
		t.Fatalf("availability: %+v", ws)
	}
}

// Inviting a relative: mistakes show the page with its lists again; a good
// invitation shows the link and the new relative.
func TestInviteRelative(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	status, _, body := c.post("/people/relatives", url.Values{"csrf": {csrf}, "name": {"Sohn"}, "email": {"kein-at"}, "rider": {fmt.Sprint(f.erna.ID)}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "mit @") || !strings.Contains(body, "Becker") {
		t.Fatalf("bad email: %d\n%s", status, body)
	}
	status, _, body = c.post("/people/relatives", url.Values{"csrf": {csrf}, "name": {"Sohn Schmitz"}, "email": {"sohn@example.org"}, "rider": {fmt.Sprint(f.erna.ID)}})
	if status != http.StatusOK || !strings.Contains(body, "/invite/") || !strings.Contains(body, "Sohn Schmitz") {
		t.Fatalf("invitation: %d\n%s", status, body)
	}
}
