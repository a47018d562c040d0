package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// A coordinator gets everything about a senior as a printable page and as
// a file, each audited; erasing needs the tick, then empties the senior
// and cancels the ride ahead. Relatives see none of it.
func TestPrivacyPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(d *web.Deps) {
		d.Retention = dispatch.RetentionPolicy{TripMonths: 30, MessageDays: 60, AuditMonths: 48}
	})
	ctx := context.Background()
	rel := f.client()
	rel.login(f.relative)
	for _, path := range []string{"/privacy", fmt.Sprintf("/privacy/rider/%d", f.erna.ID),
		fmt.Sprintf("/privacy/rider/%d/export.json", f.erna.ID)} {
		if status, _ := rel.get(path); status != http.StatusNotFound {
			t.Errorf("relative %s: %d, want 404", path, status)
		}
	}
	c := f.client()
	csrf := c.login(f.coordinator)
	if _, body := c.get("/privacy"); !strings.Contains(body, "30 Monate") || !strings.Contains(body, "60 Tage") ||
		!strings.Contains(body, "48 Monate") {
		t.Fatalf("record of processing does not state the configured periods:\n%s", body)
	}
	karl := fmt.Sprintf("/privacy/rider/%d", f.karl.ID)
	if _, body := c.get(fmt.Sprintf("/people/riders/%d", f.karl.ID)); !strings.Contains(body, karl) {
		t.Fatalf("the rider's page does not link to data protection")
	}
	if status, body := c.get(karl + "/export"); status != 200 || !strings.Contains(body, "Becker") ||
		!strings.Contains(body, "Hauptstraße 7") || !strings.Contains(body, "Fahrten") {
		t.Fatalf("export page: %d\n%s", status, body)
	}
	resp, err := c.http.Get(f.srv.URL + karl + "/export.json")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export file: %d %v", resp.StatusCode, resp.Header)
	}
	entries, err := f.st.Audit(ctx, dispatch.SubjectRider, f.karl.ID, 10)
	must(t, err)
	exports := 0
	for _, e := range entries {
		if e.Action == "export" {
			exports++
		}
	}
	if exports != 2 {
		t.Fatalf("audit has %d exports, want 2: %+v", exports, entries)
	}
	if status, _, body := c.post(karl+"/erase", url.Values{"csrf": {csrf}}); status != http.StatusBadRequest ||
		!strings.Contains(body, "Häkchen") {
		t.Fatalf("erase without the tick: %d\n%s", status, body)
	}
	status, loc, _ := c.post(karl+"/erase", url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	if status != http.StatusSeeOther || loc != karl+"?erased=1" {
		t.Fatalf("erase: %d %s", status, loc)
	}
	if _, body := c.get(loc); !strings.Contains(body, "Die Person ist gelöscht") || strings.Contains(body, "Becker") ||
		strings.Contains(body, "Endgültig löschen") {
		t.Fatalf("after erasure:\n%s", body)
	}
	if tr, _ := f.st.Trip(ctx, f.karlTrip.ID); tr.Status != dispatch.TripCancelled {
		t.Fatalf("Karl's ride ahead is %s, want cancelled", tr.Status)
	}
	if status, _ := c.get("/privacy/neighbour/1"); status != http.StatusNotFound {
		t.Fatalf("unknown kind: %d", status)
	}
}
