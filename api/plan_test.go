package api_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// GET /plan answers the day's board, and the answer matches the OpenAPI
// document (call validates it): a driver's route with a pickup and a
// drop-off, the trip without a driver, the ride back on call, and the
// names of riders and places.
func TestDayPlanIsTheBoard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	var mine, other legs
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", e.booking(e.mine, at, map[string]any{"type": "on_call"})).decode(t, &mine)
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", e.booking(e.other, at.Add(3*time.Hour), map[string]any{"type": "none"})).decode(t, &other)
	d, err := e.st.CreateDriver(ctx, system, dispatch.Driver{FirstName: "Hans", LastName: "Fahrer", Phone: "+491711111111",
		Lat: 49.96, Lon: 6.53, VehicleSeats: 3, MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: mine.Legs[0].ID, DriverID: d.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: at.Add(-40 * time.Minute), PlannedDropoff: at.Add(-10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	var b dispatch.Board
	e.want(http.StatusOK, coordinator, "GET", "/api/v1/plan?date=2026-11-25", nil).decode(t, &b)
	if b.Date != "2026-11-25" || len(b.Routes) != 1 || b.Routes[0].DriverID != d.ID || b.Routes[0].LastName != "Fahrer" {
		t.Fatalf("routes: %+v", b.Routes)
	}
	stops := b.Routes[0].Stops
	if len(stops) != 2 || stops[0].Kind != dispatch.BoardPickup || stops[1].Kind != dispatch.BoardDropoff ||
		stops[0].TripID != mine.Legs[0].ID || stops[0].RiderName != "Erna Schmidt" || stops[0].State != dispatch.AssignConfirmed {
		t.Fatalf("stops: %+v", stops)
	}
	if len(b.Unassigned) != 1 || b.Unassigned[0].ID != other.Legs[0].ID || len(b.OnCall) != 1 || b.OnCall[0].ID != mine.Legs[1].ID {
		t.Fatalf("unassigned %+v, on call %+v", b.Unassigned, b.OnCall)
	}
	if b.RiderNames[e.other.ID] != "Karl Schmitz" || b.PlaceNames[e.place.ID] != e.place.Name || b.Flagged == nil {
		t.Fatalf("names %v %v, flagged %v", b.RiderNames, b.PlaceNames, b.Flagged)
	}
}

// The document's Board, BoardRoute and BoardStop name exactly the fields
// the JSON has, all of them required: a field added to dispatch.Board
// without the document, or the other way round, fails here, even where no
// answer in a test happens to carry it.
func TestBoardSchemaIsTheJSON(t *testing.T) {
	t.Parallel()
	stop := dispatch.BoardStop{Kind: dispatch.BoardPickup}
	route := dispatch.BoardRoute{Stops: []dispatch.BoardStop{stop}}
	board := dispatch.Board{Routes: []dispatch.BoardRoute{route}}
	for name, v := range map[string]any{"Board": board, "BoardRoute": route, "BoardStop": stop} {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]any
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatal(err)
		}
		s := doc.Components.Schemas[name].Value
		got, props, required := slices.Sorted(maps.Keys(fields)), slices.Sorted(maps.Keys(s.Properties)), slices.Sorted(slices.Values(s.Required))
		if !slices.Equal(got, props) || !slices.Equal(got, required) {
			t.Errorf("%s: JSON has %v, the document describes %v and requires %v", name, got, props, required)
		}
	}
}
