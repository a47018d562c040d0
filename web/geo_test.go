package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/geocode"
	"github.com/fahrdienst/fahrdienst/web"
)

// fakeNominatim is a local Nominatim: it finds "Hauptstraße 12" in
// Bitburg, nothing else, or is down when told so.
type fakeNominatim struct {
	srv   *httptest.Server
	calls atomic.Int32
	down  atomic.Bool
}

func newFakeNominatim(t *testing.T) *fakeNominatim {
	fn := &fakeNominatim{}
	fn.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/tiles/") {
			w.WriteHeader(http.StatusNoContent) // the map's tiles: blank, never OpenStreetMap's
			return
		}
		fn.calls.Add(1)
		if fn.down.Load() {
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if !strings.Contains(strings.ToLower(r.URL.Query().Get("q")), "hauptstraße 12") {
			w.Write([]byte("[]"))
			return
		}
		w.Write([]byte(`[{"lat":"49.96811","lon":"6.52544","display_name":"12, Hauptstraße, Bitburg, 54634, Deutschland",
			"address":{"house_number":"12","road":"Hauptstraße","town":"Bitburg","postcode":"54634"}},
			{"lat":"49.9","lon":"6.6","display_name":"12, Hauptstraße, Mötsch, 54634, Deutschland",
			"address":{"house_number":"12","road":"Hauptstraße","village":"Mötsch","postcode":"54634"}}]`))
	}))
	t.Cleanup(fn.srv.Close)
	return fn
}

// withGeocoder wires the fake through the real adapter and the database
// cache, as cmd does.
func (fn *fakeNominatim) withGeocoder() func(*web.Deps) {
	return func(d *web.Deps) {
		c, err := geocode.New(fn.srv.URL, geocode.Options{Interval: time.Millisecond, Timeout: 2 * time.Second})
		if err != nil {
			panic(err)
		}
		d.Geocoder = dispatch.CachedGeocoder{Geocoder: c, Cache: d.Store.(dispatch.GeocodeCache)}
		d.GeoLive = c.Live()
	}
}

func newRiderForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "first_name": {"Greta"}, "last_name": {"Hoffmann"}, "phone": {"06561 4321"},
		"street": {"Hauptstraße 12"}, "postal_code": {""}, "city": {"Bitburg"}, "coords": {""}, "language": {"de"}}
}

// savedRider is the one rider of that name, with its coordinates.
func savedRider(t *testing.T, f *fixture, loc string) dispatch.Rider {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(loc, "/book?rider=%d", &id); err != nil {
		t.Fatalf("after saving the browser goes to %q, want the booking form", loc)
	}
	rd, err := f.st.Rider(context.Background(), id)
	must(t, err)
	return rd
}

// Typing an address yields suggestions (as one types, and on submit
// without a script); choosing one saves its coordinates, the address
// stays as typed, and the same address again costs no request.
func TestAddressSuggestionsSaveCoordinates(t *testing.T) {
	t.Parallel()
	fn := newFakeNominatim(t)
	f := newFixture(t, fn.withGeocoder())
	c := f.client()
	csrf := c.login(f.coordinator)

	status, body := c.get("/geocode?street=Hauptstra%C3%9Fe+12&postal_code=&city=Bitburg")
	if status != http.StatusOK || !strings.Contains(body, `value="49.968110, 6.525440"`) || !strings.Contains(body, "Mötsch") {
		t.Fatalf("suggestions: %d\n%s", status, body)
	}
	// Without a script: saving without coordinates shows the candidates.
	form := newRiderForm(csrf)
	status, _, body = c.post("/riders", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Gefundene Adressen") ||
		!strings.Contains(body, `name="geo_pick" value="49.968110, 6.525440"`) || !strings.Contains(body, `value="Hauptstraße 12"`) {
		t.Fatalf("submit without coordinates: %d\n%s", status, body)
	}
	if n := fn.calls.Load(); n != 1 {
		t.Errorf("the same address was asked %d times, want once (cached)", n)
	}
	form.Set("geo_pick", "49.968110, 6.525440")
	status, loc, body := c.post("/riders", form)
	if status != http.StatusSeeOther {
		t.Fatalf("save with a chosen address: %d\n%s", status, body)
	}
	rd := savedRider(t, f, loc)
	if rd.Lat != 49.96811 || rd.Lon != 6.52544 || rd.Street != "Hauptstraße 12" || rd.City != "Bitburg" {
		t.Errorf("saved %+v", rd)
	}
	// A landline and no choice of channel: the senior is called.
	if rd.ContactPreference != "call" || rd.PhoneMobile {
		t.Errorf("landline rider's channel %q (mobile %v), want call", rd.ContactPreference, rd.PhoneMobile)
	}
	// The booking form opens with the senior chosen.
	if status, body := c.get(loc); status != http.StatusOK || !strings.Contains(body, "Greta Hoffmann") {
		t.Errorf("booking form after saving: %d\n%s", status, body)
	}
}

// An address the geocoder cannot find is kept as typed and asks for a map
// click; it is never guessed.
func TestAddressNotFoundAsksForMapClick(t *testing.T) {
	t.Parallel()
	fn := newFakeNominatim(t)
	f := newFixture(t, fn.withGeocoder())
	c := f.client()
	form := newRiderForm(c.login(f.coordinator))
	form.Set("street", "Feldweg 99")
	status, _, body := c.post("/places", url.Values{"csrf": form["csrf"], "name": {"Physiotherapie Klein"}, "kind": {"practice"},
		"street": {"Feldweg 99"}, "city": {"Bitburg"}, "coords": {""}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "nicht gefunden") || !strings.Contains(body, `value="Feldweg 99"`) ||
		!strings.Contains(body, `data-map="pick"`) {
		t.Fatalf("unknown address: %d\n%s", status, body)
	}
	status, loc, body := c.post("/places", url.Values{"csrf": form["csrf"], "name": {"Physiotherapie Klein"}, "kind": {"practice"},
		"street": {"Feldweg 99"}, "city": {"Bitburg"}, "coords": {"49.971234, 6.531234"}})
	if status != http.StatusSeeOther || loc != "/places" {
		t.Fatalf("save with a map click: %d %s\n%s", status, loc, body)
	}
	ps, err := f.st.Places(context.Background(), "Klein")
	must(t, err)
	if len(ps) != 1 || ps[0].Lat != 49.971234 || ps[0].Street != "Feldweg 99" {
		t.Errorf("place saved as %+v", ps)
	}
}

// Without a geocoder the form shows the map; the coordinates a map click
// puts into the form are saved.
func TestNoGeocoderMapPick(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	_, body := c.get("/intake")
	if !strings.Contains(body, `data-map="pick"`) || !strings.Contains(body, `data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"`) ||
		strings.Contains(body, "geo_search") {
		t.Fatalf("intake without geocoder lacks the map or offers a search:\n%s", body)
	}
	form := newRiderForm(csrf)
	status, _, body := c.post("/riders", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Bitte das Haus auf der Karte anklicken") {
		t.Fatalf("without coordinates: %d\n%s", status, body)
	}
	form.Set("coords", "49.968500, 6.526100") // what map.js writes on a click
	status, loc, body := c.post("/riders", form)
	if status != http.StatusSeeOther {
		t.Fatalf("save with a map click: %d\n%s", status, body)
	}
	if rd := savedRider(t, f, loc); rd.Lat != 49.9685 || rd.Lon != 6.5261 {
		t.Errorf("saved %+v", rd)
	}
}

// A geocoder that is down does not block the form: it says so, offers the
// map, and saves with the click.
func TestGeocoderDownStillSavesWithMapClick(t *testing.T) {
	t.Parallel()
	fn := newFakeNominatim(t)
	fn.down.Store(true)
	f := newFixture(t, fn.withGeocoder())
	c := f.client()
	form := newRiderForm(c.login(f.coordinator))
	status, _, body := c.post("/riders", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Adresssuche antwortet gerade nicht") ||
		!strings.Contains(body, `data-map="pick"`) {
		t.Fatalf("geocoder down: %d\n%s", status, body)
	}
	if _, body := c.get("/geocode?street=Hauptstra%C3%9Fe+12&city=Bitburg"); !strings.Contains(body, "Adresssuche antwortet gerade nicht") {
		t.Errorf("suggestions while down:\n%s", body)
	}
	form.Set("coords", "49.968500, 6.526100")
	status, loc, body := c.post("/riders", form)
	if status != http.StatusSeeOther {
		t.Fatalf("save with a map click while the geocoder is down: %d\n%s", status, body)
	}
	if rd := savedRider(t, f, loc); rd.Lat != 49.9685 {
		t.Errorf("saved %+v", rd)
	}
}

// The search text goes into the new-senior form: a name into the name
// fields, a number into the phone field, and the focus to what is left.
func TestIntakeCarriesSearchIntoNewForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	c.login(f.coordinator)
	for _, tt := range []struct{ q, want, focus string }{
		{"Greta Hoffmann", `id="f-first_name" name="first_name" type="text" value="Greta"`, `id="f-phone"`},
		{"Hoffmann, Greta", `id="f-last_name" name="last_name" type="text" value="Hoffmann"`, `id="f-phone"`},
		{"0651 12345", `id="f-phone" name="phone" type="tel" value="0651 12345"`, `id="f-first_name"`},
	} {
		status, body := c.get("/intake?new=1&q=" + url.QueryEscape(tt.q))
		if status != http.StatusOK || !strings.Contains(body, tt.want) {
			t.Errorf("%q: %d, want %s in\n%s", tt.q, status, tt.want, body)
			continue
		}
		i := strings.Index(body, tt.focus)
		if i < 0 || !strings.Contains(body[i:i+strings.Index(body[i:], ">")], "autofocus") {
			t.Errorf("%q: %s has no autofocus", tt.q, tt.focus)
		}
		if !strings.Contains(body, `<details class="box" id="new" open>`) {
			t.Errorf("%q: the new-person form is closed", tt.q)
		}
	}
	// The results offer the new person with the search text.
	if _, body := c.get("/intake/riders?q=Greta+Hoffmann"); !strings.Contains(body, `href="/intake?q=Greta%20Hoffmann&amp;new=1"`) {
		t.Errorf("no link to add the searched person:\n%s", body)
	}
}
