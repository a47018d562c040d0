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
