package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// A confirmed assignment sends the driver a confirmation; the trip's SMS log
// shows it, and another trip's log does not.
func TestMessagesOfATrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)
	var booked struct{ Legs []dispatch.Trip }
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/trips", e.booking(e.mine, at, map[string]any{"type": "none"})).decode(t, &booked)
	d, err := e.st.CreateDriver(ctx, system, dispatch.Driver{FirstName: "Hans", LastName: "Fahrer", Phone: "+491711111111",
		Lat: 49.96, Lon: 6.53, VehicleSeats: 3, MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: booked.Legs[0].ID, DriverID: d.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: at.Add(-40 * time.Minute), PlannedDropoff: at.Add(-10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Items []struct{ Kind, To, Direction string }
	}
	e.want(http.StatusOK, coordinator, "GET", fmt.Sprintf("/api/v1/messages?trip_id=%d", booked.Legs[0].ID), nil).decode(t, &log)
	if len(log.Items) == 0 || log.Items[len(log.Items)-1].To != d.Phone || log.Items[0].Direction != "out" {
		t.Fatalf("log of the trip: %+v", log.Items)
	}
	e.want(http.StatusOK, coordinator, "GET", fmt.Sprintf("/api/v1/messages?trip_id=%d", booked.Legs[0].ID+1000), nil).decode(t, &log)
	if len(log.Items) != 0 {
		t.Fatalf("another trip's log: %+v", log.Items)
	}
}
