package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// textEdges are the page requests where a person's text enters: searches
// in the query, and forms whose every field gets the text.
var textEdges = []struct {
	method, path string
	fields       []string
}{
	{"GET", "/intake/riders", []string{"q"}},
	{"GET", "/people", []string{"q"}},
	{"GET", "/places", []string{"q"}},
	{"GET", "/board", []string{"date"}},
	{"POST", "/riders", []string{"first_name", "last_name", "phone", "street", "city", "coords", "notes"}},
	{"POST", "/people/drivers", []string{"first_name", "last_name", "phone", "street", "city", "coords", "notes"}},
	{"POST", "/places", []string{"name", "kind", "street", "city", "coords", "notes"}},
	{"POST", "/people/relatives", []string{"name", "email", "rider"}},
	{"POST", "/book", []string{"rider", "date", "time", "street", "city", "notes"}},
	{"POST", "/login", []string{"email", "password", "next"}},
}

// sendText puts text into every field of every edge and returns the first
// answer of 500 or more, or 0.
func sendText(t *testing.T, f *fixture, c *client, csrf, text string) (int, string) {
	for _, e := range textEdges {
		form := url.Values{}
		for _, name := range e.fields {
			form.Set(name, text)
		}
		var status int
		if e.method == "GET" {
			status, _ = c.get(e.path + "?" + form.Encode())
		} else {
			form.Set("csrf", csrf)
			if e.path != "/login" {
				form.Set("first_name", "Gerda"+text)
			}
			status, _, _ = c.post(e.path, form)
		}
		if status >= 500 {
			return status, e.method + " " + e.path
		}
	}
	return 0, ""
}

// Issue 13, finding 6: NUL bytes and broken UTF-8 in forms and searches
// never make a 500; a form's text is kept without them.
func TestPagesCleanText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	for _, text := range []string{"Schmitz\x00", "\x00", "M\xfcller", "a\x00b\xff\xfec"} {
		if status, where := sendText(t, f, c, csrf, text); status != 0 {
			t.Fatalf("%s with %q: status %d", where, text, status)
		}
	}
	// A form with such text is refused, naming the field, not cleaned.
	status, _, body := c.post("/riders", url.Values{"csrf": {csrf}, "first_name": {"Gerda\x00"}, "last_name": {"Schmitz"},
		"phone": {"0651 12345"}, "street": {"Hauptstraße 1"}, "city": {"Bitburg"}, "coords": {"49.97, 6.52"}, "contact": {"call"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-first_name"`) {
		t.Fatalf("new rider with a NUL: %d", status)
	}
	// A search with it finds as if it were not there.
	if status, page := c.get("/intake/riders?q=Sch%00mitz"); status != http.StatusOK || !strings.Contains(page, "Erna") {
		t.Fatalf("search with a NUL: %d", status)
	}
}

// No text in any form field or search gives a 500.
func FuzzPagesText(f *testing.F) {
	for _, s := range []string{"", "Schmitz", "\x00", "%", "\xff\xfe", "31.02.2026", "49.9, 6.5", strconv.Itoa(1 << 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fx := newFixture(t)
		c := fx.client()
		csrf := c.login(fx.coordinator)
		if status, where := sendText(t, fx, c, csrf, text); status != 0 {
			t.Fatalf("%s with %q: status %d", where, text, status)
		}
		if status, _ := c.get("/"); status >= http.StatusInternalServerError {
			t.Fatalf("after %q the home page answers %d", text, status)
		}
	})
}
