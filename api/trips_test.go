package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

type legs struct {
	Legs []dispatch.Trip `json:"legs"`
}

func (e *env) booking(r dispatch.Rider, at time.Time, ret map[string]any) map[string]any {
	return map[string]any{"rider_id": r.ID, "to": map[string]any{"place_id": e.place.ID}, "timing": "arrive_by",
		"at": at.Format(time.RFC3339), "return": ret}
}

// An appointment with the ride back on call: both legs come back, the
// second waits without a time until the senior phones; then the
// coordinator sets the time and the leg is booked.
func TestBookAppointmentOnCallThenSetTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	var got legs
	body := e.booking(e.mine, at, map[string]any{"type": "on_call"})
	body["passengers"], body["needs"] = 2, map[string]any{"walker": true}
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", body).decode(t, &got)
	if len(got.Legs) != 2 {
		t.Fatalf("legs: %+v", got.Legs)
	}
	out, back := got.Legs[0], got.Legs[1]
	if out.Status != dispatch.TripBooked || !out.DropoffLatest.Equal(at) || out.Passengers != 2 || !out.Walker ||
		out.Dropoff.PlaceID == nil || out.Dropoff.Street != "Am Markt 2" || out.BookedVia != "api" {
		t.Fatalf("outbound: %+v", out)
	}
	if back.Status != dispatch.TripOnCall || back.PickupEarliest != nil || *back.OutboundID != out.ID {
		t.Fatalf("return: %+v", back)
	}
	path := fmt.Sprintf("/api/v1/trips/%d/time", back.ID)
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", path,
		map[string]any{"at": at.Add(-3 * time.Hour).Format(time.RFC3339)}), "at")
	var timed dispatch.Trip
	e.want(http.StatusOK, coordinator, "POST", path, map[string]any{"at": at.Add(time.Hour).Format(time.RFC3339)}).decode(t, &timed)
	if timed.Status != dispatch.TripBooked || !timed.PickupEarliest.Equal(at.Add(time.Hour)) || timed.ServiceDate != "2026-11-25" {
		t.Fatalf("timed: %+v", timed)
	}
	e.want(http.StatusConflict, coordinator, "POST", path, map[string]any{"at": at.Add(2 * time.Hour).Format(time.RFC3339)})
	e.want(http.StatusConflict, coordinator, "POST", fmt.Sprintf("/api/v1/trips/%d/time", out.ID),
		map[string]any{"at": at.Add(2 * time.Hour).Format(time.RFC3339)})
}

// The booking rules: not in the past, not beyond the horizon, the ride back
// after the outbound, the place must exist, no overlap with the rider's
// other trips (409).
func TestBookingRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *api.Deps) { d.Horizon = 30 * 24 * time.Hour })
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	none := map[string]any{"type": "none"}
	tests := []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"past", e.booking(e.mine, now.Add(-time.Hour), none), 422, "at"},
		{"beyond horizon", e.booking(e.mine, now.Add(31*24*time.Hour), none), 422, "at"},
		{"return before", e.booking(e.mine, at, map[string]any{"type": "at", "at": at.Add(-time.Hour).Format(time.RFC3339)}), 422, "return.at"},
		{"return time missing", e.booking(e.mine, at, map[string]any{"type": "at"}), 422, "return.at"},
		{"no such place", func() map[string]any {
			b := e.booking(e.mine, at, none)
			b["to"] = map[string]any{"place_id": 999999}
			return b
		}(), 422, "to.place_id"},
		{"address without coordinates", func() map[string]any {
			b := e.booking(e.mine, at, none)
			b["to"] = map[string]any{"street": "Bahnhofstr. 1", "city": "Trier"}
			return b
		}(), 422, "to.lat"},
		{"too many passengers", func() map[string]any {
			b := e.booking(e.mine, at, none)
			b["passengers"] = 12
			return b
		}(), 422, "passengers"},
		{"no such rider", e.booking(dispatch.Rider{ID: 999999}, at, none), 422, "rider_id"},
		{"booked", e.booking(e.mine, at, map[string]any{"type": "at", "at": at.Add(90 * time.Minute).Format(time.RFC3339)}), 201, ""},
		{"overlap", e.booking(e.mine, at.Add(30*time.Minute), none), 409, ""},
		{"at an address", func() map[string]any {
			b := e.booking(e.mine, at.Add(4*time.Hour), none)
			b["to"] = map[string]any{"street": "Bahnhofstr. 1", "city": "Trier", "lat": 49.75, "lon": 6.64}
			return b
		}(), 201, ""},
	}
	for _, tt := range tests {
		r := e.call(coordinator, "POST", "/api/v1/trips", tt.body)
		if r.Status != tt.status {
			t.Fatalf("%s: status %d, want %d: %s", tt.name, r.Status, tt.status, r.Body)
		}
		if tt.field != "" {
			wantField(t, r, tt.field)
		}
	}
	wantField(t, e.want(http.StatusBadRequest, coordinator, "POST", "/api/v1/trips", raw(`{"rider_id": "one"}`)), "rider_id")
	e.want(http.StatusBadRequest, coordinator, "POST", "/api/v1/trips", raw(`{"rider_id": 1, "at": "tomorrow"}`))
	e.want(http.StatusBadRequest, coordinator, "POST", "/api/v1/trips", raw(`{"rider_id": 1, "at": "2026-11-25T10:00:00"}`))
}

// Cancelling records who and why, takes both legs by default, and is
// idempotent.
func TestCancelTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	var booked legs
	e.want(http.StatusCreated, relative, "POST", "/api/v1/trips",
		e.booking(e.mine, at, map[string]any{"type": "on_call"})).decode(t, &booked)
	if booked.Legs[0].BookedVia != "online" {
		t.Fatalf("a relative's booking came in via %q", booked.Legs[0].BookedVia)
	}
	path := fmt.Sprintf("/api/v1/trips/%d/cancel", booked.Legs[0].ID)
	wantField(t, e.want(http.StatusUnprocessableEntity, relative, "POST", path, map[string]any{"reason": ""}), "reason")
	var first, again legs
	e.want(http.StatusOK, relative, "POST", path, map[string]any{"reason": "Termin verschoben"}).decode(t, &first)
	e.want(http.StatusOK, coordinator, "POST", path, map[string]any{"reason": "doppelt"}).decode(t, &again)
	for i, l := range again.Legs {
		if l.Status != dispatch.TripCancelled || l.CancelReason != "Termin verschoben" || l.CancelledBy == nil ||
			*l.CancelledBy != *first.Legs[i].CancelledBy || !l.CancelledAt.Equal(now) {
			t.Fatalf("leg %d: %+v", i, l)
		}
	}
	// Only the return leg.
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips",
		e.booking(e.mine, at, map[string]any{"type": "on_call"})).decode(t, &booked)
	var one legs
	e.want(http.StatusOK, coordinator, "POST", fmt.Sprintf("/api/v1/trips/%d/cancel", booked.Legs[1].ID),
		map[string]any{"reason": "bleibt über Nacht", "scope": "leg"}).decode(t, &one)
	if len(one.Legs) != 1 || one.Legs[0].ID != booked.Legs[1].ID {
		t.Fatalf("cancelled %+v", one.Legs)
	}
	var audit struct{ Items []struct{ Action string } }
	e.want(http.StatusOK, coordinator, "GET", fmt.Sprintf("/api/v1/audit?entity=trip&id=%d", first.Legs[0].ID), nil).decode(t, &audit)
	if len(audit.Items) != 2 || audit.Items[1].Action != "cancel" {
		t.Fatalf("audit: %+v", audit.Items)
	}
}

func TestListTrips(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i, r := range []dispatch.Rider{e.mine, e.other, e.mine} {
		at := time.Date(2026, 11, 25+i, 10, 0, 0, 0, berlin)
		e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", e.booking(r, at, map[string]any{"type": "none"}))
	}
	count := func(who, query string) int {
		var page struct{ Items []dispatch.Trip }
		e.want(http.StatusOK, who, "GET", "/api/v1/trips"+query, nil).decode(t, &page)
		return len(page.Items)
	}
	for _, tt := range []struct {
		who, query string
		want       int
	}{
		{coordinator, "", 3},
		{coordinator, "?date=2026-11-26", 1},
		{coordinator, fmt.Sprintf("?rider_id=%d", e.mine.ID), 2},
		{coordinator, "?status=unassigned", 3},
		{coordinator, "?status=cancelled", 0},
		{coordinator, "?limit=2&offset=2", 1},
		{relative, "", 2},
		{relative, fmt.Sprintf("?rider_id=%d", e.other.ID), 0},
	} {
		if got := count(tt.who, tt.query); got != tt.want {
			t.Errorf("%s %s: %d trips, want %d", tt.who, tt.query, got, tt.want)
		}
	}
	e.want(http.StatusBadRequest, coordinator, "GET", "/api/v1/trips?date=25.11.2026", raw(""))
	e.want(http.StatusBadRequest, coordinator, "GET", "/api/v1/trips?status=lost", raw(""))
}

// A retried booking with the same key books once and answers the same.
func TestBookTripIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := e.booking(e.mine, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), map[string]any{"type": "on_call"})
	first := e.want(http.StatusCreated, relative, "POST", "/api/v1/trips", body, "Idempotency-Key", "b1")
	again := e.want(http.StatusCreated, relative, "POST", "/api/v1/trips", body, "Idempotency-Key", "b1")
	if string(first.Body) != string(again.Body) {
		t.Fatal("the retry answered differently")
	}
	body["notes"] = "anders"
	e.want(http.StatusUnprocessableEntity, relative, "POST", "/api/v1/trips", body, "Idempotency-Key", "b1")
	e.want(http.StatusConflict, relative, "POST", "/api/v1/trips", body)
}
