package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A senior with a landline is called by default; the coordinator sees the
// channel and why on the senior's page and changes it there.
func TestRiderChannelOnSeniorPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	form := url.Values{"csrf": {csrf}, "first_name": {"Anna"}, "last_name": {"Neu"}, "phone": {"06561 5555"},
		"street": {"Bergstraße 2"}, "city": {"Bitburg"}, "coords": {"49.97, 6.53"}, "contact": {""}, "language": {"de"}}
	status, loc, body := c.post("/riders", form)
	if status != http.StatusSeeOther {
		t.Fatalf("a landline senior without a chosen channel: %d\n%s", status, body)
	}
	rd := savedRider(t, f, loc)
	if rd.ContactPreference != "call" {
		t.Fatalf("channel %q, want call", rd.ContactPreference)
	}
	page := fmt.Sprintf("/people/riders/%d", rd.ID)
	if _, body := c.get(page); !strings.Contains(body, `<strong id="channel">Anruf · Festnetz – keine SMS möglich</strong>`) ||
		!strings.Contains(body, `name="contact" value="call" checked`) {
		t.Fatalf("senior's page does not show the channel:\n%s", body)
	}
	form.Set("contact", "relative")
	if status, _, body := c.post(page, form); status != http.StatusSeeOther {
		t.Fatalf("change channel: %d\n%s", status, body)
	}
	got, err := f.st.Rider(context.Background(), rd.ID)
	must(t, err)
	if got.ContactPreference != "relative" {
		t.Errorf("channel %q after the change, want relative", got.ContactPreference)
	}
}
