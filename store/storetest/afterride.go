package storetest

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// GridTravel is a travel source whose figures a test can compute by hand:
// 0.01 degrees of latitude or longitude are 1 km of road (the distance is
// the sum of both, as on a street grid), driven at 10 m/s.
type GridTravel struct{}

// Matrix computes the grid distances of every pair of points.
func (GridTravel) Matrix(_ context.Context, points []dispatch.Point) (*dispatch.Matrix, error) {
	n := len(points)
	m := dispatch.NewMatrix(n)
	for i, a := range points {
		for j, b := range points {
			d := math.Round((math.Abs(a.Lat-b.Lat) + math.Abs(a.Lon-b.Lon)) * 100000)
			m.Meters[i*n+j], m.Seconds[i*n+j] = d, d/10
		}
	}
	return m, nil
}

// AfterRide is the seeded month of the after-the-ride tests, October 2026,
// with the figures worked out by hand in the comments of SeedAfterRide.
type AfterRide struct {
	Month            string
	DriverA, DriverB dispatch.Driver
	R1, R2, R3       dispatch.Rider
	// The trips by name: shared1 and shared2 (A's shared ride on the 20th),
	// noshow (B, the 21st), corrected (A, the 22nd, corrected to 23.5 km),
	// late (A, the 22nd, cancelled late by the rider), notserved (the
	// 22nd, no driver), open (the 23rd, no outcome), cancelled (the 23rd,
	// cancelled in time), september (R1's first ride, Sept 15th).
	Trips map[string]dispatch.Trip
	// Tours: shared, noshow, corrected.
	Tours map[string]int64
}

// at is a local time in Berlin.
func at(month time.Month, day, hour, minute int) time.Time {
	loc, _ := time.LoadLocation("Europe/Berlin")
	return time.Date(2026, month, day, hour, minute, 0, 0, loc)
}

// SeedAfterRide seeds the after-the-ride month on st, whose clock must be
// after October 2026. On the grid (see GridTravel), with driver A at home
// at (50.00, 7.00), B at (50.00, 7.10), seniors R1 (50.02, 7.00), R2
// (50.03, 7.00, wheelchair), R3 (50.00, 7.05) and the practice P (50.05,
// 7.00):
//
//   - 20 Oct, A's shared tour: R1 picked up 09:30, R2 09:35, both at P
//     09:50: home→R1 2 km, →R2 1 km, →P 2 km, →home 5 km = 10.0 km;
//     200 s + 20 min + 500 s = 1900 s. Both done (Arzt/Facharzt).
//   - 21 Oct, B: R3 picked up 10:00, at P 10:20, no-show: home→R3 5 km,
//     →P 10 km, →home 15 km = 30.0 km; 500 + 1200 + 1500 = 3200 s.
//   - 22 Oct, A: R3 11:00 to P 11:20, done (Impfung): planned 5 + 10 + 5 =
//     20.0 km, 500 + 1200 + 500 = 2200 s; corrected to 23.5 km.
//   - 22 Oct, A: R1 at 14:00, cancelled late by the rider: not driven.
//   - 22 Oct: R2 at 15:00 without a driver, not served ("kein Fahrer").
//   - 23 Oct: R2 at 10:00, no outcome yet; R1 at 12:00, cancelled in time.
//   - 15 Sep: R1's first ride ever (A, done), so R1 is not new in October.
func SeedAfterRide(t testing.TB, st *store.Store) AfterRide {
	t.Helper()
	sd := newSeeder(t, st)
	f := sd.f
	done := dispatch.Outcome{Outcome: dispatch.OutcomeDone}

	sep := sd.book("september", f.R1, at(time.September, 15, 9, 0), "Einkauf")
	sd.assign(sep, f.DriverA, 0, at(time.September, 15, 9, 0), at(time.September, 15, 9, 20))
	sd.outcome(sep, done)

	s1 := sd.book("shared1", f.R1, at(time.October, 20, 9, 30), "Arzt/Facharzt")
	s2 := sd.book("shared2", f.R2, at(time.October, 20, 9, 35), "Arzt/Facharzt")
	f.Tours["shared"] = sd.assign(s1, f.DriverA, 0, at(time.October, 20, 9, 30), at(time.October, 20, 9, 50))
	sd.assign(s2, f.DriverA, f.Tours["shared"], at(time.October, 20, 9, 35), at(time.October, 20, 9, 50))
	sd.outcome(s1, done)
	sd.outcome(s2, done)

	ns := sd.book("noshow", f.R3, at(time.October, 21, 10, 0), "")
	f.Tours["noshow"] = sd.assign(ns, f.DriverB, 0, at(time.October, 21, 10, 0), at(time.October, 21, 10, 20))
	sd.outcome(ns, dispatch.Outcome{Outcome: dispatch.OutcomeNoShow})

	c := sd.book("corrected", f.R3, at(time.October, 22, 11, 0), "Impfung")
	f.Tours["corrected"] = sd.assign(c, f.DriverA, 0, at(time.October, 22, 11, 0), at(time.October, 22, 11, 20))
	sd.outcome(c, done)
	sd.must(st.CorrectTourKm(sd.ctx, sd.actor, f.Tours["corrected"], 23500, nil))

	late := sd.book("late", f.R1, at(time.October, 22, 14, 0), "")
	sd.assign(late, f.DriverA, 0, at(time.October, 22, 14, 0), at(time.October, 22, 14, 20))
	sd.outcome(late, dispatch.Outcome{Outcome: dispatch.OutcomeCancelledLate, CancelledBy: "rider", Reason: "krank"})

	sd.outcome(sd.book("notserved", f.R2, at(time.October, 22, 15, 0), ""),
		dispatch.Outcome{Outcome: dispatch.OutcomeNotServed, Reason: "kein Fahrer"})
	sd.book("open", f.R2, at(time.October, 23, 10, 0), "")
	_, err := st.CancelTrip(sd.ctx, sd.actor, sd.book("cancelled", f.R1, at(time.October, 23, 12, 0), "").ID, "verlegt", true)
	sd.must(err)
	return *f
}

// seeder writes the seeded month's people and rides, failing the test at
// the first error.
type seeder struct {
	t     testing.TB
	st    *store.Store
	ctx   context.Context
	actor dispatch.Actor
	place dispatch.Place
	rules dispatch.BookingRules
	f     *AfterRide
}

// newSeeder creates the drivers, seniors and the practice of the month.
func newSeeder(t testing.TB, st *store.Store) *seeder {
	sd := &seeder{t: t, st: st, ctx: context.Background(), actor: dispatch.Actor{Name: "test"},
		f:     &AfterRide{Month: "2026-10", Trips: map[string]dispatch.Trip{}, Tours: map[string]int64{}},
		rules: dispatch.DefaultBookingRules(at(time.September, 1, 8, 0), at(1, 1, 0, 0).Location())}
	sd.f.DriverA, sd.f.DriverB = sd.driver("+4915100009991", 7.00), sd.driver("+4915100009992", 7.10)
	sd.f.R1, sd.f.R2, sd.f.R3 = sd.rider("Rita", 50.02, 7.00, false), sd.rider("Rosa", 50.03, 7.00, true), sd.rider("Rudi", 50.00, 7.05, false)
	var err error
	sd.place, err = st.CreatePlace(sd.ctx, sd.actor, dispatch.Place{Name: "Praxis P", Kind: dispatch.PlacePractice,
		Street: "Markt 1", City: "Bitburg", Lat: 50.05, Lon: 7.00})
	sd.must(err)
	return sd
}

func (sd *seeder) must(err error) {
	sd.t.Helper()
	if err != nil {
		sd.t.Fatal(err)
	}
}

func (sd *seeder) driver(phone string, lon float64) dispatch.Driver {
	d, err := sd.st.CreateDriver(sd.ctx, sd.actor, dispatch.Driver{FirstName: "Fahrer", LastName: phone[len(phone)-1:],
		Phone: phone, Lat: 50.00, Lon: lon, VehicleSeats: 3, VehicleWheelchair: true, MaxRidesPerWeek: 10,
		MaxDutyMinutes: 480, Language: "de"})
	sd.must(err)
	return d
}

func (sd *seeder) rider(first string, lat, lon float64, chair bool) dispatch.Rider {
	r, err := sd.st.CreateRider(sd.ctx, sd.actor, dispatch.Rider{FirstName: first, LastName: "Senior", Street: "Weg 1",
		City: "Bitburg", Lat: lat, Lon: lon, ContactPreference: "call", Language: "de",
		Needs: dispatch.Needs{Wheelchair: chair}})
	sd.must(err)
	return r
}

// book books a ride to the practice without a ride back.
func (sd *seeder) book(name string, r dispatch.Rider, pickup time.Time, purpose string) dispatch.Trip {
	b := dispatch.Booking{RiderID: r.ID, To: sd.place.Location(), Timing: dispatch.TimingPickupAt, At: pickup,
		Return: dispatch.ReturnNone, Passengers: 1, Via: "phone", Purpose: purpose}
	legs, err := b.Legs(r, sd.rules)
	sd.must(err)
	out, err := sd.st.BookTrip(sd.ctx, sd.actor, legs)
	sd.must(err)
	sd.f.Trips[name] = out[0]
	return out[0]
}

// assign confirms a ride on a driver's tour (0: a new tour) and returns
// the tour.
func (sd *seeder) assign(tr dispatch.Trip, d dispatch.Driver, tour int64, pickup, drop time.Time) int64 {
	a, err := sd.st.AssignTrip(sd.ctx, sd.actor, dispatch.Assignment{TripID: tr.ID, DriverID: d.ID, TourID: tour,
		State: dispatch.AssignConfirmed, PlannedPickup: pickup, PlannedDropoff: drop})
	sd.must(err)
	return a.TourID
}

func (sd *seeder) outcome(tr dispatch.Trip, o dispatch.Outcome) {
	o.TripID, o.Source = tr.ID, dispatch.SourceAPI
	_, err := sd.st.RecordOutcome(sd.ctx, sd.actor, o)
	sd.must(err)
}
