package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

func TestShuttleInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	good := map[string]any{"name": "Einkauf Do", "weekday": 4, "start_time": "09:00", "place_id": e.place.ID,
		"dwell_minutes": 60, "capacity": 6}
	var sh dispatch.Shuttle
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/shuttles", good).decode(t, &sh)
	if sh.MaxRideMinutes != 45 || sh.StartTime != "09:00" {
		t.Fatalf("shuttle: %+v", sh)
	}
	for field, v := range map[string]any{"weekday": 8, "start_time": "9 Uhr", "capacity": 0, "dwell_minutes": -1,
		"place_id": 999999, "name": ""} {
		bad := map[string]any{}
		for k, x := range good {
			bad[k] = x
		}
		bad[field] = v
		wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/shuttles", invalid(bad)), field)
	}
	path := fmt.Sprintf("/api/v1/shuttles/%d", sh.ID)
	sub := map[string]any{"rider_id": e.mine.ID, "from": "2026-11-20"}
	wantField(t, e.want(http.StatusUnprocessableEntity, relative, "POST", path+"/subscriptions", sub), "from")
	sub = map[string]any{"rider_id": e.mine.ID, "from": "2026-11-26", "until": "2026-11-25"}
	wantField(t, e.want(http.StatusUnprocessableEntity, relative, "POST", path+"/subscriptions", sub), "until")
	e.want(http.StatusNotFound, relative, "POST", "/api/v1/shuttles/999999/subscriptions", map[string]any{"rider_id": e.mine.ID, "from": "2026-11-26"})
	e.want(http.StatusNotFound, relative, "POST", path+"/skips", map[string]any{"rider_id": e.mine.ID, "date": "2026-11-26"})
	wantField(t, e.want(http.StatusUnprocessableEntity, relative, "POST", path+"/skips", map[string]any{"rider_id": e.mine.ID, "date": "2026-11-01"}), "date")
	e.want(http.StatusBadRequest, relative, "DELETE", fmt.Sprintf("%s/subscriptions/%d?from=soon", path, e.mine.ID), raw(""))
}

// The plan, planning and shuttles answer 503 until they are wired.
func TestPlanNeedsDateAndWiring(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *api.Deps) { d.Shuttles, d.Plans = nil, nil })
	e.want(http.StatusServiceUnavailable, coordinator, "GET", "/api/v1/plan?date=2026-11-25", nil)
	e.want(http.StatusServiceUnavailable, coordinator, "POST", "/api/v1/dispatch?date=2026-11-25", nil)
	e.want(http.StatusServiceUnavailable, coordinator, "GET", "/api/v1/shuttles", nil)
}
