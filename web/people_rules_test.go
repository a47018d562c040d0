package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A coordinator marks on the driver's page that Hans must not drive Karl,
// sees it on Karl's page and lifts it there; records Hans's police
// certificate expiring in 20 days, which /people then lists; a date that
// is not one is refused (400 naming the field), never a 500.
func TestCoordinatorPairsAndDocuments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	driverPage := fmt.Sprintf("/people/drivers/%d", f.driver.ID)
	status, loc, _ := c.post(driverPage+"/incompat", url.Values{"csrf": {csrf}, "other": {fmt.Sprint(f.karl.ID)}, "refused_by": {"rider"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, driverPage) {
		t.Fatalf("add pair: %d %s", status, loc)
	}
	riderPage := fmt.Sprintf("/people/riders/%d", f.karl.ID)
	if status, body := c.get(riderPage); !strings.Contains(body, "Nicht zusammen einplanen") || !strings.Contains(body, "Hans") ||
		!strings.Contains(body, "auf Wunsch des Fahrgasts") || !strings.Contains(body, "Regelmäßige Fahrten") {
		t.Fatalf("the senior's page does not show the pair and the series: %d %s", status, body[strings.Index(body, "<main"):])
	}
	if status, _, _ := c.post(riderPage+"/incompat/remove", url.Values{"csrf": {csrf}, "other": {fmt.Sprint(f.driver.ID)}}); status != http.StatusSeeOther {
		t.Fatalf("remove: %d", status)
	}
	if incs, err := f.st.Incompatibilities(context.Background(), f.karl.ID, 0); err != nil || len(incs) != 0 {
		t.Fatalf("after removing: %+v %v", incs, err)
	}
	expires := tomorrow(0, 0).AddDate(0, 0, 20).Format("02.01.2006")
	status, _, _ = c.post(driverPage+"/documents", url.Values{"csrf": {csrf}, "kind": {"police_certificate"},
		"checked_on": {"01.03.2025"}, "expires_on": {expires}, "required": {"1"}})
	if status != http.StatusSeeOther {
		t.Fatalf("document: %d", status)
	}
	if _, body := c.get(driverPage); !strings.Contains(body, "Führungszeugnis") {
		t.Fatal("the driver's page does not show the document")
	}
	if _, body := c.get("/people"); !strings.Contains(body, "Nachweise, die in den nächsten 60 Tagen ablaufen") || !strings.Contains(body, "Hans") {
		t.Fatal("/people does not list the expiring document")
	}
	if status, _, _ := c.post(driverPage+"/documents", url.Values{"csrf": {csrf}, "kind": {"insurance"}, "expires_on": {"bald"}}); status != http.StatusBadRequest {
		t.Fatalf("a bad date: %d", status)
	}
}
