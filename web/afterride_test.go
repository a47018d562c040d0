package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/web"
)

// afterRideFixture is the web fixture with the seeded October of
// storetest.SeedAfterRide, priced at 0.30 € per km and 2.00 € per ride.
func afterRideFixture(t *testing.T) (*fixture, storetest.AfterRide) {
	t.Helper()
	f := newFixture(t, func(d *web.Deps) {
		d.AfterRide = d.Store.(*store.Store).AfterRide(storetest.GridTravel{}, dispatch.Rates{PerKm: 30, PerRide: 200}, nil)
		d.Rates, d.AgencyName, d.PlainPDF = dispatch.Rates{PerKm: 30, PerRide: 200}, "Fahrdienst Bitburg", true
	})
	return f, storetest.SeedAfterRide(t, f.st)
}

// The close-out page lists a day's rides with the suggestion preselected
// and records the day; a late cancellation without who is refused.
func TestCloseoutPage(t *testing.T) {
	t.Parallel()
	f, seed := afterRideFixture(t)
	c := f.client()
	token := c.login(f.coordinator)
	status, page := c.get("/closeout?date=2026-10-22")
	if status != http.StatusOK || !strings.Contains(page, "Rudi Senior") || !strings.Contains(page, `<option value="cancelled_late" selected>`) {
		t.Fatalf("close-out of the 22nd: %d\n%s", status, page)
	}
	_, page = c.get("/closeout?date=2026-10-23")
	open := seed.Trips["open"].ID
	if !strings.Contains(page, fmt.Sprintf(`name="o%d"><option value="">–</option><option value="done">`, open)) ||
		!strings.Contains(page, `<option value="not_served" selected>`) {
		t.Fatalf("the open, driver-less ride is not suggested as not served:\n%s", page)
	}
	id := fmt.Sprint(open)
	form := url.Values{"csrf": {token}, "date": {"2026-10-23"}, "trip": {id}, "o" + id: {"cancelled_late"}}
	if status, _, _ := c.post("/closeout", form); status != http.StatusBadRequest {
		t.Errorf("a late cancellation without who: %d, want 400", status)
	}
	form.Set("by"+id, "relative")
	form.Set("r"+id, "Enkel kam zu Besuch")
	if status, loc, body := c.post("/closeout", form); status != http.StatusSeeOther || !strings.Contains(loc, "saved=1") {
		t.Fatalf("close-out: %d %s %s", status, loc, body)
	}
	o, err := f.st.TripOutcome(context.Background(), open)
	if err != nil || o.Outcome != dispatch.OutcomeCancelledLate || o.CancelledBy != "relative" || o.Source != dispatch.SourceCloseout {
		t.Errorf("recorded %+v, %v", o, err)
	}
	if status, _ := f.client().get("/closeout"); status != http.StatusSeeOther {
		t.Errorf("close-out without login: %d", status)
	}
}

// The driver taps "not there" on their page and corrects a tour's
// kilometres; another driver's link cannot.
func TestDriverAfterRide(t *testing.T) {
	t.Parallel()
	f, seed := afterRideFixture(t)
	ctx := context.Background()
	start := time.Now().Add(-time.Hour).Truncate(time.Minute)
	legs, err := dispatch.Booking{RiderID: seed.R1.ID, To: dispatch.Location{Street: "Markt 1", City: "Bitburg", Lat: 50.05, Lon: 7.0},
		Timing: dispatch.TimingPickupAt, At: start, Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
		Legs(seed.R1, dispatch.DefaultBookingRules(start.Add(-time.Hour), berlin))
	must(t, err)
	booked, err := f.st.BookTrip(ctx, system, legs)
	must(t, err)
	a, err := f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: booked[0].ID, DriverID: seed.DriverA.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: start, PlannedDropoff: start.Add(20 * time.Minute)})
	must(t, err)
	link := web.DriverLink("", secret, seed.DriverA.ID, time.Now())
	c := f.client()
	status, page := c.get(link)
	if status != http.StatusOK || !strings.Contains(page, "Nach der Fahrt") || !strings.Contains(page, fmt.Sprintf("/trips/%d/outcome", booked[0].ID)) {
		t.Fatalf("driver page: %d\n%s", status, page)
	}
	if status, loc, body := c.post(fmt.Sprintf("%s/trips/%d/outcome", link, booked[0].ID), url.Values{"outcome": {"no_show"}}); status != http.StatusSeeOther {
		t.Fatalf("tap: %d %s %s", status, loc, body)
	}
	o, err := f.st.TripOutcome(ctx, booked[0].ID)
	if err != nil || o.Outcome != dispatch.OutcomeNoShow || o.Source != dispatch.SourceDriverPage {
		t.Errorf("tap recorded %+v, %v", o, err)
	}
	if status, _, _ := c.post(fmt.Sprintf("%s/tours/%d/km", link, a.TourID), url.Values{"km": {"-3"}}); status != http.StatusBadRequest {
		t.Errorf("negative km: %d, want 400", status)
	}
	if status, _, _ := c.post(fmt.Sprintf("%s/tours/%d/km", link, a.TourID), url.Values{"km": {"7,5"}}); status != http.StatusSeeOther {
		t.Errorf("km correction: %d", status)
	}
	other := web.DriverLink("", secret, seed.DriverB.ID, time.Now())
	if status, _, _ := c.post(fmt.Sprintf("%s/trips/%d/outcome", other, booked[0].ID), url.Values{"outcome": {"done"}}); status != http.StatusNotFound {
		t.Errorf("another driver's tap: %d, want 404", status)
	}
	if status, _, _ := c.post(fmt.Sprintf("%s/tours/%d/km", other, a.TourID), url.Values{"km": {"1"}}); status != http.StatusNotFound {
		t.Errorf("another driver's tour: %d, want 404", status)
	}
	_, page = c.get(link)
	if !strings.Contains(page, `value="7,5"`) {
		t.Errorf("the corrected km are not on the page:\n%s", page)
	}
}

// The statements page, one driver's printable statement, its PDF and the
// bookkeeping's CSV, all in cents: A 16,05 €, B 11,00 €.
func TestStatementPages(t *testing.T) {
	t.Parallel()
	f, seed := afterRideFixture(t)
	c := f.client()
	c.login(f.coordinator)
	status, page := c.get("/statements?month=2026-10")
	if status != http.StatusOK || !strings.Contains(page, "16,05 €") || !strings.Contains(page, "11,00 €") || !strings.Contains(page, "27,05 €") {
		t.Fatalf("statements: %d\n%s", status, page)
	}
	_, page = c.get(fmt.Sprintf("/statements/%d?month=2026-10", seed.DriverA.ID))
	if !strings.Contains(page, "33,5 km × 0,30 €") || !strings.Contains(page, "(korrigiert)") {
		t.Errorf("statement page:\n%s", page)
	}
	status, pdf := c.get(fmt.Sprintf("/statements/%d/pdf?month=2026-10", seed.DriverA.ID))
	if status != http.StatusOK || !strings.HasPrefix(pdf, "%PDF-") || !strings.Contains(pdf, "16,05 EUR") || !strings.Contains(pdf, "Fahrtkostenerstattung") {
		t.Errorf("PDF: %d %.200q", status, pdf)
	}
	_, body := c.get("/statements.csv?month=2026-10")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Errorf("CSV: %q %v", rows, err)
	}
	if status, _ := c.get("/statements?month=Oktober"); status != http.StatusBadRequest {
		t.Errorf("bad month: %d", status)
	}
}

// The report page of October shows the hand-counted figures, tables and
// SVG charts; the downloads open; a bad period is refused.
func TestReportPage(t *testing.T) {
	t.Parallel()
	f, _ := afterRideFixture(t)
	c := f.client()
	c.login(f.coordinator)
	const q = "from=2026-10-01&to=2026-10-31"
	status, page := c.get("/reports?" + q)
	for _, want := range []string{"<svg", "<rect", "63,5", "Ehrenamt-Stunden", "Arzt/Facharzt", "kein Fahrer", "25,0"} {
		if !strings.Contains(page, want) {
			t.Errorf("report page (%d) lacks %q", status, want)
		}
	}
	_, body := c.get("/reports/export.csv?" + q)
	if _, err := csv.NewReader(strings.NewReader(body)).ReadAll(); err != nil || !strings.Contains(body, "Ehrenamt-Kilometer,63.5") {
		t.Errorf("CSV: %v\n%s", err, body)
	}
	_, body = c.get("/reports/export.xlsx?" + q)
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("Übersicht", "C3"); v != "3" {
		t.Errorf("XLSX done = %q, sheets %v", v, x.GetSheetList())
	}
	if status, _ := c.get("/reports?from=2026-10-31&to=2026-10-01"); status != http.StatusBadRequest {
		t.Errorf("from after to: %d", status)
	}
}

// A senior's past rides with "book again", which fills the booking form;
// a relative sees only their own senior's.
func TestRiderHistoryBookAgain(t *testing.T) {
	t.Parallel()
	f, seed := afterRideFixture(t)
	c := f.client()
	c.login(f.coordinator)
	status, page := c.get(fmt.Sprintf("/riders/%d/history", seed.R3.ID))
	if status != http.StatusOK || !strings.Contains(page, "Impfung") || !strings.Contains(page, "nicht angetroffen") {
		t.Fatalf("history: %d\n%s", status, page)
	}
	const again = `<td><a class="button" href="`
	i := strings.Index(page, again)
	if i < 0 {
		t.Fatal("no book-again link")
	}
	rest := page[i+len(again):]
	link := html.UnescapeString(rest[:strings.Index(rest, `"`)])
	_, form := c.get(link)
	for _, want := range []string{`value="Praxis P"`, `<option value="Impfung" selected>`, `value="11:00"`} {
		if !strings.Contains(form, want) {
			t.Errorf("booking form from %s lacks %s", link, want)
		}
	}
	r := f.client()
	r.login(f.relative)
	if status, _ := r.get(fmt.Sprintf("/riders/%d/history", seed.R3.ID)); status != http.StatusNotFound {
		t.Errorf("a relative sees another senior's history: %d", status)
	}
}
