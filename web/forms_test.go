package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// formCase is one coordinator form: what a good submission is, where it
// leads, what a bad one shows next to which field, and what it must keep.
type formCase struct {
	name, path string
	page       string // the page that shows the form
	good       url.Values
	next       string // prefix of the redirect after success
	check      func(t *testing.T, f *fixture)
	bad        url.Values // changes to good that break rules
	errors     []string   // texts that must show
	kept       []string   // typed values that must show again
}

func formCases(f *fixture, shop dispatch.Place) []formCase {
	ctx := context.Background()
	rider := fmt.Sprintf("/people/riders/%d", f.erna.ID)
	driver := fmt.Sprintf("/people/drivers/%d/edit", f.driver.ID)
	place := fmt.Sprintf("/places/%d", shop.ID)
	return []formCase{{
		name: "rider edit", path: rider, page: rider, next: "/people",
		good: url.Values{"first_name": {"Erna"}, "last_name": {"Schmitz-Lenz"}, "phone": {"06561 4321"}, "street": {"Hauptstraße 9"},
			"postal_code": {"54634"}, "city": {"Bitburg"}, "coords": {"49.97, 6.52"}, "wheelchair": {"on"}, "contact": {"call"},
			"language": {"en"}, "notes": {"Klingel defekt"}},
		check: func(t *testing.T, f *fixture) {
			r, err := f.st.Rider(ctx, f.erna.ID)
			must(t, err)
			if r.LastName != "Schmitz-Lenz" || r.Phone != "+4965614321" || r.PhoneMobile || !r.Wheelchair || r.Walker ||
				r.ContactPreference != "call" || r.Language != "en" || r.Lat != 49.97 || r.Notes != "Klingel defekt" {
				t.Errorf("rider saved as %+v", r)
			}
		},
		bad:    url.Values{"last_name": {""}, "coords": {"nördlich"}},
		errors: []string{"Bitte ausfüllen.", "Bitte Breite und Länge"},
		kept:   []string{`value="06561 4321"`, `value="nördlich"`, "Klingel defekt", `value="54634"`},
	}, {
		name: "rider edit, SMS to a landline", path: rider, page: rider, next: "/people",
		good: url.Values{"first_name": {"Erna"}, "last_name": {"Schmitz"}, "phone": {"0151 1111 2222"}, "street": {"Hauptstraße 7"},
			"city": {"Bitburg"}, "coords": {"49.968, 6.527"}, "contact": {"sms"}, "language": {"de"}},
		check: func(t *testing.T, f *fixture) {
			r, err := f.st.Rider(ctx, f.erna.ID)
			must(t, err)
			if r.Phone != "+4915111112222" || !r.PhoneMobile || r.ContactPreference != "sms" || r.Wheelchair {
				t.Errorf("rider saved as %+v", r)
			}
		},
		bad:    url.Values{"phone": {"06561 4321"}},
		errors: []string{"SMS geht nur an eine Handynummer"},
		kept:   []string{`value="06561 4321"`, `value="sms" checked`},
	}, {
		name: "driver create", path: "/people/drivers", page: "/people/drivers/new", next: "/people/drivers/",
		good: url.Values{"first_name": {"Greta"}, "last_name": {"Lenker"}, "phone": {"0151 2345 6789"}, "street": {"Talweg 3"},
			"city": {"Bitburg"}, "coords": {"49.96, 6.53"}, "vehicle_seats": {"6"}, "vehicle_wheelchair": {"on"},
			"max_rides_per_week": {"5"}, "max_duty_minutes": {"300"}, "language": {"de"}},
		check: func(t *testing.T, f *fixture) {
			ds, err := f.st.Drivers(ctx, false)
			must(t, err)
			for _, d := range ds {
				if d.LastName == "Lenker" && d.Phone == "+4915123456789" && d.VehicleSeats == 6 && d.VehicleWheelchair &&
					d.MaxRidesPerWeek == 5 && d.MaxDutyMinutes == 300 {
					return
				}
			}
			t.Errorf("driver not saved: %+v", ds)
		},
		bad:    url.Values{"phone": {"06561 1234"}, "vehicle_seats": {"neun"}, "max_rides_per_week": {"200"}},
		errors: []string{"Fahrer brauchen eine Handynummer", "Zahl von 1 bis 8", "Zahl von 0 bis 100"},
		kept:   []string{`value="06561 1234"`, `value="neun"`, `value="200"`, `value="Greta"`},
	}, {
		name: "driver edit", path: driver, page: driver, next: fmt.Sprintf("/people/drivers/%d", f.driver.ID),
		good: url.Values{"first_name": {"Hans"}, "last_name": {"Fahrer"}, "phone": {"+4915100000009"}, "street": {"Talweg 1"},
			"city": {"Bitburg"}, "coords": {"49.96, 6.53"}, "vehicle_seats": {"2"}, "max_rides_per_week": {"3"},
			"max_duty_minutes": {"240"}, "language": {"en"}, "notes": {"nur vormittags"}},
		check: func(t *testing.T, f *fixture) {
			d, err := f.st.Driver(ctx, f.driver.ID)
			must(t, err)
			if d.VehicleSeats != 2 || d.MaxRidesPerWeek != 3 || d.Language != "en" || d.Notes != "nur vormittags" {
				t.Errorf("driver saved as %+v", d)
			}
		},
		bad:    url.Values{"first_name": {" "}, "max_duty_minutes": {"2000"}},
		errors: []string{"Bitte ausfüllen.", "Minuten von 1 bis 1440"},
		kept:   []string{`value="2000"`, "nur vormittags"},
	}, {
		name: "place create", path: "/places", page: "/places/new", next: "/places",
		good: url.Values{"name": {"Globus Bitburg"}, "kind": {"shop"}, "street": {"Industriestraße 1"}, "city": {"Bitburg"},
			"coords": {"49.95, 6.51"}, "notes": {"Eingang Süd"}},
		check: func(t *testing.T, f *fixture) {
			ps, err := f.st.Places(ctx, "Globus")
			must(t, err)
			if len(ps) != 1 || ps[0].Kind != dispatch.PlaceShop || ps[0].Notes != "Eingang Süd" {
				t.Errorf("place saved as %+v", ps)
			}
		},
		bad:    url.Values{"kind": {"castle"}, "city": {""}, "coords": {"0, 0"}},
		errors: []string{"Bitte wählen Sie eins aus.", "Bitte ausfüllen.", "Bitte Breite und Länge"},
		kept:   []string{`value="Globus Bitburg"`, `value="0, 0"`, "Eingang Süd"},
	}, {
		name: "place edit", path: place, page: place, next: "/places",
		good: url.Values{"name": {"Hausarztpraxis Dr. Weber-Klein"}, "kind": {"practice"}, "street": {"Am Markt 5"},
			"city": {"Bitburg"}, "coords": {"49.974, 6.525"}},
		check: func(t *testing.T, f *fixture) {
			p, err := f.st.Place(ctx, shop.ID)
			must(t, err)
			if p.Name != "Hausarztpraxis Dr. Weber-Klein" || p.Street != "Am Markt 5" {
				t.Errorf("place saved as %+v", p)
			}
		},
		bad:    url.Values{"name": {strings.Repeat("x", 201)}},
		errors: []string{"höchstens 200 Zeichen"},
		kept:   []string{`value="Am Markt 5"`},
	}, {
		name: "shuttle create", path: "/shuttles", page: "/shuttles/new", next: "/shuttles",
		good: url.Values{"name": {"Donnerstags zum Markt"}, "weekday": {"4"}, "start_time": {"930"}, "place": {fmt.Sprint(shop.ID)},
			"dwell_minutes": {"60"}, "capacity": {"6"}, "max_ride_minutes": {"40"}},
		check: func(t *testing.T, f *fixture) {
			shs, err := f.st.Shuttles(ctx)
			must(t, err)
			if len(shs) != 1 || shs[0].StartTime != "09:30" || shs[0].Weekday != 4 || shs[0].PlaceID != shop.ID ||
				shs[0].Capacity != 6 || shs[0].MaxRideMinutes != 40 {
				t.Errorf("shuttle saved as %+v", shs)
			}
		},
		bad:    url.Values{"start_time": {"25 Uhr"}, "place": {"999999"}, "dwell_minutes": {"600"}, "max_ride_minutes": {"2"}},
		errors: []string{"Uhrzeit wie 9:30", "Bitte wählen Sie eins aus.", "Minuten von 0 bis 480", "Minuten von 5 bis 240"},
		kept:   []string{`value="25 Uhr"`, `value="600"`, `value="Donnerstags zum Markt"`},
	}}
}

// TestCoordinatorForms sends every coordinator form: with mistakes it comes
// back as typed with each error next to its field; right, it saves and goes
// on; without its token, or from a relative, it is refused.
func TestCoordinatorForms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ps, err := f.st.Places(context.Background(), "Weber")
	must(t, err)
	c, rel := f.client(), f.client()
	csrf, relCSRF := c.login(f.coordinator), rel.login(f.relative)
	for _, tc := range formCases(f, ps[0]) {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := c.get(tc.page); status != http.StatusOK || !strings.Contains(body, `name="csrf"`) {
				t.Fatalf("GET %s: %d\n%s", tc.page, status, body)
			}
			if status, _ := rel.get(tc.page); status != http.StatusNotFound {
				t.Errorf("relative GET %s: %d, want 404", tc.page, status)
			}
			bad := url.Values{"csrf": {csrf}}
			for k, v := range tc.good {
				bad[k] = v
			}
			for k, v := range tc.bad {
				bad[k] = v
			}
			status, _, body := c.post(tc.path, bad)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("bad form: %d\n%s", status, body)
			}
			for _, want := range append(tc.errors, tc.kept...) {
				if !strings.Contains(body, want) {
					t.Errorf("bad form lacks %q", want)
				}
			}
			if !strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, `role="alert"`) {
				t.Error("errors are not marked for screen readers")
			}

			good := url.Values{"csrf": {relCSRF}}
			for k, v := range tc.good {
				good[k] = v
			}
			if status, _, _ := rel.post(tc.path, good); status != http.StatusNotFound {
				t.Errorf("relative: %d, want 404", status)
			}
			good.Del("csrf")
			if status, _, _ := c.post(tc.path, good); status != http.StatusForbidden {
				t.Errorf("without form token: %d, want 403", status)
			}
			good.Set("csrf", csrf)
			status, loc, body := c.post(tc.path, good)
			if status != http.StatusSeeOther || !strings.HasPrefix(loc, tc.next) {
				t.Fatalf("good form: %d %s\n%s", status, loc, body)
			}
			tc.check(t, f)
		})
	}
}

// TestDeactivate takes a rider, a driver and a place out of use: each
// leaves its list, and neither a relative nor a form without its token
// can do it.
func TestDeactivate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ps, err := f.st.Places(ctx, "Lentz")
	must(t, err)
	c, rel := f.client(), f.client()
	csrf, relCSRF := c.login(f.coordinator), rel.login(f.relative)
	for _, tc := range []struct{ path, back string }{
		{fmt.Sprintf("/people/riders/%d/deactivate", f.karl.ID), "/people#riders"},
		{fmt.Sprintf("/people/drivers/%d/deactivate", f.driver.ID), "/people#drivers"},
		{fmt.Sprintf("/places/%d/deactivate", ps[0].ID), "/places"},
	} {
		if status, _, _ := rel.post(tc.path, url.Values{"csrf": {relCSRF}}); status != http.StatusNotFound {
			t.Errorf("relative %s: %d, want 404", tc.path, status)
		}
		if status, _, _ := c.post(tc.path, url.Values{}); status != http.StatusForbidden {
			t.Errorf("without token %s: %d, want 403", tc.path, status)
		}
		if status, loc, body := c.post(tc.path, url.Values{"csrf": {csrf}}); status != http.StatusSeeOther || loc != tc.back {
			t.Errorf("%s: %d %s\n%s", tc.path, status, loc, body)
		}
	}
	if _, body := c.get("/people"); strings.Contains(body, "Becker, Karl") || strings.Contains(body, "Fahrer, Hans") {
		t.Errorf("deactivated people still listed:\n%s", body)
	}
	if _, body := c.get("/places"); strings.Contains(body, "Lentz") || !strings.Contains(body, "Weber") {
		t.Errorf("places list:\n%s", body)
	}
	if status, body := c.get(fmt.Sprintf("/people/riders/%d", f.karl.ID)); status != http.StatusOK || !strings.Contains(body, "nicht mehr aktiv") {
		t.Errorf("deactivated rider's page: %d\n%s", status, body)
	}
	if status, _, _ := c.post("/places/99999999/deactivate", url.Values{"csrf": {csrf}}); status != http.StatusNotFound {
		t.Errorf("unknown place: %d", status)
	}
}

// TestIntakeAddsRider adds a senior on the intake page by the same rules:
// a landline for SMS is refused with the input kept, then saved normalised.
func TestIntakeAddsRider(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	form := url.Values{"csrf": {c.login(f.coordinator)}, "first_name": {"Anna"}, "last_name": {"Neu"}, "phone": {"06561 5555"},
		"street": {"Bergstraße 2"}, "city": {"Bitburg"}, "coords": {"49.97, 6.53"}, "contact": {"sms"}, "walker": {"on"}}
	if status, _, body := c.post("/riders", form); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "SMS geht nur an eine Handynummer") || !strings.Contains(body, `value="Bergstraße 2"`) {
		t.Fatalf("landline for SMS: %d\n%s", status, body)
	}
	form.Set("contact", "call")
	status, loc, body := c.post("/riders", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/book?rider=") {
		t.Fatalf("add: %d %s\n%s", status, loc, body)
	}
	rs, err := f.st.SearchRiders(context.Background(), dispatch.RiderFilter{Query: "Neu"})
	must(t, err)
	if len(rs) != 1 || rs[0].Phone != "+4965615555" || !rs[0].Walker || rs[0].Language != "de" {
		t.Errorf("rider saved as %+v", rs)
	}
}
