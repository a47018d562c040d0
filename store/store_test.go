package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	// now is the fixed clock of the store tests: a Monday morning.
	now    = time.Date(2026, 11, 23, 8, 0, 0, 0, berlin)
	system = dispatch.Actor{Name: "test"}
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	return store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return now }, Location: berlin})
}

func mustRider(t *testing.T, s *store.Store, first, last, phone string) dispatch.Rider {
	t.Helper()
	r, err := s.CreateRider(context.Background(), system, dispatch.Rider{FirstName: first, LastName: last,
		Phone: phone, Street: "Hauptstraße 1", City: "Bitburg", Lat: 49.97, Lon: 6.52,
		ContactPreference: "sms", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustDriver(t *testing.T, s *store.Store, phone string, seats int, chair bool) dispatch.Driver {
	t.Helper()
	d, err := s.CreateDriver(context.Background(), system, dispatch.Driver{FirstName: "Hans", LastName: "Fahrer",
		Phone: phone, Lat: 49.96, Lon: 6.53, VehicleSeats: seats, VehicleWheelchair: chair,
		MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustPlace(t *testing.T, s *store.Store, name string) dispatch.Place {
	t.Helper()
	p, err := s.CreatePlace(context.Background(), system, dispatch.Place{Name: name, Kind: dispatch.PlacePractice,
		Street: "Am Markt 2", City: "Bitburg", Lat: 49.974, Lon: 6.525})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mustShuttle creates a weekly Thursday 09:00 ride ("Einkauf") to place
// with capacity seats, an hour's stay and 45 minutes' longest ride.
func mustShuttle(t *testing.T, s *store.Store, place dispatch.Place, capacity int) dispatch.Shuttle {
	t.Helper()
	sh, err := s.CreateShuttle(context.Background(), system, dispatch.Shuttle{Name: "Einkauf", Weekday: 4, StartTime: "09:00",
		PlaceID: place.ID, DwellMinutes: 60, Capacity: capacity, MaxRideMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	return sh
}

// book books rider to place arriving at at, with the ride back at back (or on
// call when back is zero).
func book(t *testing.T, s *store.Store, rider dispatch.Rider, place dispatch.Place, at, back time.Time) ([]dispatch.Trip, error) {
	t.Helper()
	legs, err := bookingLegs(rider, place, at, back)
	if err != nil {
		t.Fatal(err)
	}
	return s.BookTrip(context.Background(), system, legs)
}

// bookingLegs are the legs of book's booking, for goroutines that have no
// testing.T to fail.
func bookingLegs(rider dispatch.Rider, place dispatch.Place, at, back time.Time) ([]dispatch.Trip, error) {
	b := dispatch.Booking{RiderID: rider.ID, To: place.Location(), Timing: dispatch.TimingArriveBy, At: at,
		Return: dispatch.ReturnOnCall, Passengers: 1, Via: "phone"}
	if !back.IsZero() {
		b.Return, b.ReturnAt = dispatch.ReturnAt, &back
	}
	return b.Legs(rider, dispatch.DefaultBookingRules(now, berlin))
}

func wantCode(t *testing.T, err error, code dispatch.Code) {
	t.Helper()
	if got := dispatch.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantConflict fails the test unless err is a conflict naming rule.
func wantConflict(t *testing.T, err error, rule dispatch.Rule) {
	t.Helper()
	var de *dispatch.Error
	if !errors.As(err, &de) || de.Code != dispatch.CodeConflict || de.Rule != rule {
		t.Fatalf("error %v, want a conflict with rule %q", err, rule)
	}
}
