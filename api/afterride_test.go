package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// afterRideEnv is an API whose store holds the seeded October of
// storetest.SeedAfterRide, priced at 0.30 € per km and 2.00 € per ride.
func afterRideEnv(t *testing.T) (*env, storetest.AfterRide) {
	e := newEnv(t, func(d *api.Deps) {
		d.AfterRide = d.Store.(*store.Store).AfterRide(storetest.GridTravel{}, dispatch.Rates{PerKm: 30, PerRide: 200}, nil)
	})
	return e, storetest.SeedAfterRide(t, e.st)
}

// Recording an outcome over the API: a correction of the seeded no-show,
// a late cancellation without who is refused naming the field, a future or
// cancelled ride is a conflict naming outcome, relatives may not.
func TestRecordOutcomeAPI(t *testing.T) {
	t.Parallel()
	e, f := afterRideEnv(t)
	path := fmt.Sprintf("/api/v1/trips/%d/outcome", f.Trips["open"].ID)
	e.want(http.StatusNotFound, coordinator, "GET", path, nil)
	var o dispatch.Outcome
	e.want(http.StatusOK, coordinator, "POST", path, map[string]any{"outcome": "done", "notes": "pünktlich"}).decode(t, &o)
	if o.Outcome != dispatch.OutcomeDone || o.Source != dispatch.SourceAPI || o.Notes != "pünktlich" {
		t.Errorf("outcome = %+v", o)
	}
	e.want(http.StatusOK, coordinator, "GET", path, nil)
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", path, invalid(map[string]any{"outcome": "cancelled_late"})), "cancelled_by")
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", path, invalid(map[string]any{"outcome": "gone"})), "outcome")
	cancelled := fmt.Sprintf("/api/v1/trips/%d/outcome", f.Trips["cancelled"].ID)
	wantField(t, e.want(http.StatusConflict, coordinator, "POST", cancelled, map[string]any{"outcome": "done"}), "outcome")
	var booked legs
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", e.booking(e.mine, now.AddDate(0, 0, 2), map[string]any{"type": "none"})).decode(t, &booked)
	future := fmt.Sprintf("/api/v1/trips/%d/outcome", booked.Legs[0].ID)
	wantField(t, e.want(http.StatusConflict, coordinator, "POST", future, map[string]any{"outcome": "no_show"}), "outcome")
	e.want(http.StatusForbidden, relative, "POST", path, map[string]any{"outcome": "done"})
}

// A booking's purpose is optional and must be on the agency's list.
func TestBookingPurpose(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := e.booking(e.mine, now.AddDate(0, 0, 2), map[string]any{"type": "none"})
	body["purpose"] = "Kino"
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/trips", body), "purpose")
	body["purpose"] = "Impfung"
	var got legs
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", body).decode(t, &got)
	var trip dispatch.Trip
	e.want(http.StatusOK, coordinator, "GET", fmt.Sprintf("/api/v1/trips/%d", got.Legs[0].ID), nil).decode(t, &trip)
	if trip.Purpose != "Impfung" {
		t.Errorf("purpose = %q", trip.Purpose)
	}
}

// The report as JSON, CSV and XLSX gives the hand-counted October; bad
// periods are refused naming the field.
func TestReportSummaryAPI(t *testing.T) {
	t.Parallel()
	e, _ := afterRideEnv(t)
	const path = "/api/v1/reports/summary?from=2026-10-01&to=2026-10-31"
	var rep dispatch.Report
	e.want(http.StatusOK, coordinator, "GET", path, nil).decode(t, &rep)
	if rep.Total.Done != 3 || rep.Total.NewSeniors != 2 || rep.Total.VolunteerTenthKm != 635 || rep.Total.NoShowPermille != 250 {
		t.Errorf("report = %+v", rep.Total)
	}
	r := e.want(http.StatusOK, coordinator, "GET", path, nil, "Accept", "text/csv")
	rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
	if err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %v, %s", err, r.Header.Get("Content-Type"))
	}
	found := false
	for _, row := range rows {
		found = found || strings.Join(row, ",") == "summary,total,volunteer_km,63.5"
	}
	if !found {
		t.Errorf("CSV lacks the volunteer km: %q", rows)
	}
	r = e.want(http.StatusOK, coordinator, "GET", path+"&format=xlsx", nil)
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("summary", "C3"); v != "3" {
		t.Errorf("XLSX total done = %q, want 3 (sheets %v)", v, x.GetSheetList())
	}
	for q, field := range map[string]string{"from=2026-10-31&to=2026-10-01": "to", "from=2020-01-01&to=2026-10-01": "to",
		"to=2026-10-01": "from"} {
		wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "GET", "/api/v1/reports/summary?"+q, raw("")), field)
	}
	e.want(http.StatusForbidden, relative, "GET", path, nil)
}

// Statements in cents as JSON and CSV, and a tour's kilometres corrected
// within the limits.
func TestStatementsAPI(t *testing.T) {
	t.Parallel()
	e, f := afterRideEnv(t)
	var page struct {
		Items []dispatch.Statement `json:"items"`
	}
	e.want(http.StatusOK, coordinator, "GET", "/api/v1/statements?month=2026-10", nil).decode(t, &page)
	total := dispatch.Cents(0)
	for _, s := range page.Items {
		total += s.TotalCents
	}
	if len(page.Items) != 2 || total != 1605+1100 {
		t.Errorf("statements = %+v", page.Items)
	}
	r := e.want(http.StatusOK, coordinator, "GET", "/api/v1/statements?month=2026-10&format=csv", nil)
	if rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll(); err != nil || len(rows) != 3 {
		t.Errorf("CSV = %q, %v", rows, err)
	}
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "GET", "/api/v1/statements?month=10-2026", raw("")), "month")
	km := fmt.Sprintf("/api/v1/tours/%d/km", f.Tours["shared"])
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "PUT", km, invalid(map[string]any{"km": -1})), "km")
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "PUT", km, invalid(map[string]any{"km": 1200})), "km")
	e.want(http.StatusNoContent, coordinator, "PUT", km, map[string]any{"km": 12.5})
	e.want(http.StatusOK, coordinator, "GET", fmt.Sprintf("/api/v1/statements?month=2026-10&driver_id=%d", f.DriverA.ID), nil).decode(t, &page)
	// A: 12.5 + 23.5 km = 36.0 km × 0.30 € = 10.80 € + 3 × 2.00 €.
	if len(page.Items) != 1 || page.Items[0].TotalCents != 1080+600 {
		t.Errorf("after the correction: %+v", page.Items)
	}
}
