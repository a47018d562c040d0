package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// A coordinator exports a senior (everything, as the OpenAPI document
// describes it) and erases them: the ride ahead is cancelled and the
// profile emptied. A relative may do neither.
func TestExportAndEraseRider(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", e.booking(e.other, at, map[string]any{"type": "none"}))
	base := fmt.Sprintf("/api/v1/riders/%d", e.other.ID)
	e.want(http.StatusForbidden, relative, "GET", base+"/export", nil)
	e.want(http.StatusForbidden, relative, "POST", base+"/erase", nil)
	var exp dispatch.SubjectExport
	e.want(http.StatusOK, coordinator, "GET", base+"/export", nil).decode(t, &exp)
	if exp.Profile["last_name"] != "Schmitz" || len(exp.Tables["trips"]) != 1 {
		t.Fatalf("export: %+v", exp)
	}
	var res dispatch.ErasureResult
	e.want(http.StatusOK, coordinator, "POST", base+"/erase", nil).decode(t, &res)
	if len(res.CancelledTrips) != 1 {
		t.Fatalf("erasure: %+v", res)
	}
	r := e.want(http.StatusOK, coordinator, "GET", base+"/export", nil)
	if strings.Contains(string(r.Body), "Schmitz") || strings.Contains(string(r.Body), "+491701234567") {
		t.Fatalf("the erased rider's data is still there:\n%s", r.Body)
	}
	e.want(http.StatusNotFound, coordinator, "GET", "/api/v1/drivers/999999/export", nil)
	e.want(http.StatusNotFound, coordinator, "POST", "/api/v1/accounts/999999/erase", nil)
}
