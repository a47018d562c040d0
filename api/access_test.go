package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// Every endpoint, for a coordinator and a relative: a relative may do what
// concerns their own senior, gets 404 for anyone else's and 403 for the
// coordinators' work. (No login: TestEveryRouteNeedsLogin.)
func TestAccess(t *testing.T) {
	t.Parallel()
	plan := api.DayFunc[map[string]any](func(_ context.Context, date string) (map[string]any, error) {
		return map[string]any{"date": date, "routes": []any{}, "unassigned": []any{}}, nil
	})
	e := newEnv(t, func(d *api.Deps) {
		d.Planner = plan
		d.AfterRide = d.Store.(*store.Store).AfterRide(nil, dispatch.DefaultRates, nil)
	})
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	book := func(r dispatch.Rider, hour int) dispatch.Trip {
		b := dispatch.Booking{RiderID: r.ID, To: e.place.Location(), Timing: dispatch.TimingArriveBy,
			At: at.Add(time.Duration(hour) * time.Hour), Return: dispatch.ReturnOnCall, Passengers: 1, Via: "phone"}
		legs, err := b.Legs(r, dispatch.DefaultBookingRules(now, berlin))
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.st.BookTrip(ctx, system, legs)
		if err != nil {
			t.Fatal(err)
		}
		return out[0]
	}
	mineTrips := []dispatch.Trip{book(e.mine, 0), book(e.mine, 4)}
	otherTrip := book(e.other, 0)
	driver, err := e.st.CreateDriver(ctx, system, dispatch.Driver{FirstName: "Hans", LastName: "Fahrer",
		Phone: "+491711111111", Lat: 49.96, Lon: 6.53, VehicleSeats: 3, MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := e.st.CreateShuttle(ctx, system, dispatch.Shuttle{Name: "Einkauf", Weekday: 4, StartTime: "09:00",
		PlaceID: e.place.ID, DwellMinutes: 60, Capacity: 6, MaxRideMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []dispatch.Rider{e.mine, e.other} {
		if err := e.st.Subscribe(ctx, system, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: "2026-11-23"}); err != nil {
			t.Fatal(err)
		}
	}
	rider := func(id int64) string { return fmt.Sprintf("/api/v1/riders/%d", id) }
	trip := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/trips/%d%s", id, rest) }
	shuttle := fmt.Sprintf("/api/v1/shuttles/%d", sh.ID)
	booking := func(r dispatch.Rider, hour int) map[string]any {
		return map[string]any{"rider_id": r.ID, "to": map[string]any{"place_id": e.place.ID}, "timing": "arrive_by",
			"at": at.Add(time.Duration(hour) * time.Hour).Format(time.RFC3339), "return": map[string]any{"type": "none"}}
	}
	mineSeries, otherSeries := e.accessSeries(e.mine), e.accessSeries(e.other)
	series := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/series/%d%s", id, rest) }
	newRider := map[string]any{"first_name": "Neu", "last_name": "Person", "street": "Weg 1", "city": "Bitburg", "lat": 49.9, "lon": 6.5}
	// The relative goes first, so that the coordinator's answer shows
	// what the relative's request did (or did not do).
	tests := []struct {
		method, path string
		body         any
		rel, coord   int
	}{
		{"GET", "/api/v1/riders", nil, 200, 200},
		{"GET", rider(e.mine.ID), nil, 200, 200},
		{"GET", rider(e.other.ID), nil, 404, 200},
		{"POST", "/api/v1/riders", newRider, 403, 201},
		{"PATCH", rider(e.mine.ID), map[string]any{"notes": "Klingel defekt"}, 403, 200},
		{"GET", "/api/v1/drivers", nil, 403, 200},
		{"POST", "/api/v1/drivers", map[string]any{"first_name": "Eva", "last_name": "Auto", "phone": "0171 2222222",
			"lat": 49.9, "lon": 6.5, "vehicle_seats": 4}, 403, 201},
		{"GET", fmt.Sprintf("/api/v1/drivers/%d", driver.ID), nil, 403, 200},
		{"PATCH", fmt.Sprintf("/api/v1/drivers/%d", driver.ID), map[string]any{"vehicle_seats": 4}, 403, 200},
		{"PUT", fmt.Sprintf("/api/v1/drivers/%d/availability", driver.ID), map[string]any{"windows": []any{}}, 403, 200},
		{"POST", fmt.Sprintf("/api/v1/drivers/%d/absences", driver.ID), map[string]any{"from": "2026-12-01", "to": "2026-12-03"}, 403, 201},
		{"DELETE", fmt.Sprintf("/api/v1/drivers/%d", driver.ID), nil, 403, 204},
		{"GET", "/api/v1/places", nil, 200, 200},
		{"GET", fmt.Sprintf("/api/v1/places/%d", e.place.ID), nil, 200, 200},
		{"POST", "/api/v1/places", map[string]any{"name": "Edeka", "kind": "shop", "street": "Str 1", "city": "Bitburg", "lat": 49.9, "lon": 6.5}, 403, 201},
		{"PATCH", fmt.Sprintf("/api/v1/places/%d", e.place.ID), map[string]any{"notes": "Eingang hinten"}, 403, 200},
		{"GET", "/api/v1/trips", nil, 200, 200},
		{"GET", trip(mineTrips[0].ID, ""), nil, 200, 200},
		{"GET", trip(otherTrip.ID, ""), nil, 404, 200},
		{"POST", "/api/v1/trips", booking(e.mine, 6), 201, 409}, // the coordinator books the same slot again
		{"POST", "/api/v1/trips", booking(e.other, 8), 422, 201},
		{"POST", trip(*mineTrips[0].ReturnID, "/time"), map[string]any{"at": at.Add(time.Hour).Format(time.RFC3339)}, 200, 409},
		{"POST", trip(*otherTrip.ReturnID, "/time"), map[string]any{"at": at.Add(time.Hour).Format(time.RFC3339)}, 404, 200},
		{"PUT", trip(mineTrips[0].ID, "/assignment"), map[string]any{"driver_id": driver.ID}, 403, 200},
		{"PUT", trip(otherTrip.ID, "/assignment"), map[string]any{"driver_id": driver.ID, "agreed": true}, 403, 200},
		{"DELETE", trip(mineTrips[0].ID, "/assignment"), nil, 403, 200},
		{"POST", trip(mineTrips[1].ID, "/cancel"), map[string]any{"reason": "krank"}, 200, 200},
		{"POST", trip(otherTrip.ID, "/cancel"), map[string]any{"reason": "krank"}, 404, 200},
		{"GET", "/api/v1/shuttles", nil, 200, 200},
		{"GET", shuttle, nil, 200, 200},
		{"POST", "/api/v1/shuttles", map[string]any{"name": "Einkauf Di", "weekday": 2, "start_time": "10:00",
			"place_id": e.place.ID, "dwell_minutes": 45, "capacity": 4}, 403, 201},
		// The relative's unsubscribing below leaves nothing to skip for the coordinator.
		{"POST", shuttle + "/skips", map[string]any{"rider_id": e.mine.ID, "date": "2026-11-26"}, 201, 404},
		{"POST", shuttle + "/skips", map[string]any{"rider_id": e.other.ID, "date": "2026-11-26"}, 404, 201},
		{"DELETE", fmt.Sprintf("%s/subscriptions/%d", shuttle, e.mine.ID), nil, 204, 204},
		{"POST", shuttle + "/subscriptions", map[string]any{"rider_id": e.mine.ID, "from": "2026-12-01"}, 201, 201},
		{"DELETE", fmt.Sprintf("%s/subscriptions/%d", shuttle, e.other.ID), nil, 404, 204},
		{"POST", shuttle + "/subscriptions", map[string]any{"rider_id": e.other.ID, "from": "2026-12-01"}, 404, 201},
		{"POST", "/api/v1/series", e.seriesBody(e.mine, 14), 201, 201}, // a clash is per date, not a refusal
		{"POST", "/api/v1/series", e.seriesBody(e.other, 16), 422, 201},
		{"GET", series(mineSeries, ""), nil, 200, 200},
		{"GET", series(otherSeries, ""), nil, 404, 200},
		{"POST", series(mineSeries, "/skips"), map[string]any{"date": "2026-12-07"}, 200, 200},
		{"POST", series(otherSeries, "/skips"), map[string]any{"date": "2026-12-07"}, 404, 200},
		{"PATCH", series(mineSeries, ""), map[string]any{"from": "2026-12-09", "time": "11:00"}, 200, 409},
		{"PATCH", series(otherSeries, ""), map[string]any{"from": "2026-12-09", "time": "11:00"}, 404, 200},
		{"POST", series(otherSeries, "/end"), map[string]any{}, 404, 409}, // changed above: its successor runs
		{"GET", "/api/v1/plan?date=2026-11-25", nil, 403, 200},
		{"GET", "/api/v1/plan", raw(""), 403, 400},
		{"POST", "/api/v1/dispatch?date=2026-11-25", nil, 403, 200},
		{"GET", "/api/v1/audit?entity=rider&id=1", nil, 403, 200},
		{"GET", "/api/v1/messages?status=failed", nil, 403, 200},
		// Subject access and erasure (accounts: 1 is the coordinator, 2 the relative).
		{"GET", rider(e.other.ID) + "/export", nil, 403, 200},
		{"GET", fmt.Sprintf("/api/v1/drivers/%d/export", driver.ID), nil, 403, 200},
		{"GET", "/api/v1/accounts/1/export", nil, 403, 200},
		{"POST", fmt.Sprintf("/api/v1/drivers/%d/erase", driver.ID), nil, 403, 200},
		{"POST", rider(e.other.ID) + "/erase", nil, 403, 200},
		{"POST", "/api/v1/accounts/2/erase", nil, 403, 200},
		{"DELETE", rider(e.other.ID), nil, 403, 204},
		{"DELETE", fmt.Sprintf("/api/v1/places/%d", e.place.ID), nil, 403, 204},
		{"GET", trip(mineTrips[0].ID, "/outcome"), nil, 403, 404},
		{"POST", trip(mineTrips[0].ID, "/outcome"), map[string]any{"outcome": "done"}, 403, 409}, // not started yet
		{"PUT", "/api/v1/tours/999/km", map[string]any{"km": 12.5}, 403, 404},
		{"GET", "/api/v1/statements?month=2026-10", nil, 403, 200},
		{"GET", "/api/v1/reports/summary?from=2026-10-01&to=2026-10-31", nil, 403, 200},
		{"POST", "/api/v1/auth/logout", nil, 204, 204},
	}
	for _, who := range []string{relative, coordinator} {
		for _, tt := range tests {
			want := tt.coord
			if who == relative {
				want = tt.rel
			}
			e.want(want, who, tt.method, tt.path, tt.body)
		}
	}
	// A new operation needs its row here: every operation that needs a
	// login is in the table.
	covered := map[string]bool{}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.path, nil)
		if route, _, err := e.router.FindRoute(req); err == nil {
			covered[tt.method+" "+route.Path] = true
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			public := op.Security != nil && len(*op.Security) == 0
			if !public && !covered[method+" "+path] {
				t.Errorf("%s %s has no row in the access table", method, path)
			}
		}
	}
}

// A relative whose seniors are all gone sees nothing, not everyone: the
// store reads no rider list as all riders.
func TestRelativeWithoutSeniorsSeesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	b := dispatch.Booking{RiderID: e.other.ID, To: e.place.Location(), Timing: dispatch.TimingArriveBy,
		At: time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}
	legs, err := b.Legs(e.other, dispatch.DefaultBookingRules(now, berlin))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.BookTrip(ctx, system, legs); err != nil {
		t.Fatal(err)
	}
	a, err := e.st.CreateAccount(ctx, system, dispatch.Account{Email: "sohn@example.org", Role: dispatch.RoleRelative}, "no-login")
	if err != nil {
		t.Fatal(err)
	}
	token := "lonely-token"
	sum := sha256.Sum256([]byte(token))
	if err := e.st.CreateSession(ctx, a.ID, sum[:], dispatch.SessionAPI, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	e.tokens["lonely"] = token
	for _, path := range []string{"/api/v1/riders", "/api/v1/trips"} {
		var list struct{ Items []json.RawMessage }
		e.want(http.StatusOK, coordinator, "GET", path, nil).decode(t, &list)
		if len(list.Items) == 0 {
			t.Fatalf("%s: the coordinator sees nothing; the test proves nothing", path)
		}
		list.Items = nil
		e.want(http.StatusOK, "lonely", "GET", path, nil).decode(t, &list)
		if list.Items == nil || len(list.Items) != 0 {
			t.Fatalf("%s: a relative without seniors sees %d entries", path, len(list.Items))
		}
	}
}
