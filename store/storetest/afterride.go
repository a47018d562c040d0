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
	ctx := context.Background()
	actor := dispatch.Actor{Name: "test"}
	f := AfterRide{Month: "2026-10", Trips: map[string]dispatch.Trip{}, Tours: map[string]int64{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	driver := func(phone string, lon float64) dispatch.Driver {
		d, err := st.CreateDriver(ctx, actor, dispatch.Driver{FirstName: "Fahrer", LastName: phone[len(phone)-1:],
			Phone: phone, Lat: 50.00, Lon: lon, VehicleSeats: 3, VehicleWheelchair: true, MaxRidesPerWeek: 10,
			MaxDutyMinutes: 480, Language: "de"})
		must(err)
		return d
	}
	f.DriverA, f.DriverB = driver("+4915100009991", 7.00), driver("+4915100009992", 7.10)
	rider := func(first string, lat, lon float64, chair bool) dispatch.Rider {
		r, err := st.CreateRider(ctx, actor, dispatch.Rider{FirstName: first, LastName: "Senior", Street: "Weg 1",
			City: "Bitburg", Lat: lat, Lon: lon, ContactPreference: "call", Language: "de",
			Needs: dispatch.Needs{Wheelchair: chair}})
		must(err)
		return r
	}
	f.R1, f.R2, f.R3 = rider("Rita", 50.02, 7.00, false), rider("Rosa", 50.03, 7.00, true), rider("Rudi", 50.00, 7.05, false)
	place, err := st.CreatePlace(ctx, actor, dispatch.Place{Name: "Praxis P", Kind: dispatch.PlacePractice,
		Street: "Markt 1", City: "Bitburg", Lat: 50.05, Lon: 7.00})
	must(err)
	rules := dispatch.DefaultBookingRules(at(time.September, 1, 8, 0), at(1, 1, 0, 0).Location())
	book := func(name string, r dispatch.Rider, pickup time.Time, purpose string) dispatch.Trip {
		b := dispatch.Booking{RiderID: r.ID, To: place.Location(), Timing: dispatch.TimingPickupAt, At: pickup,
			Return: dispatch.ReturnNone, Passengers: 1, Via: "phone", Purpose: purpose}
		legs, err := b.Legs(r, rules)
		must(err)
		out, err := st.BookTrip(ctx, actor, legs)
		must(err)
		f.Trips[name] = out[0]
		return out[0]
	}
	assign := func(tr dispatch.Trip, d dispatch.Driver, tour int64, pickup, drop time.Time) int64 {
		a, err := st.AssignTrip(ctx, actor, dispatch.Assignment{TripID: tr.ID, DriverID: d.ID, TourID: tour,
			State: dispatch.AssignConfirmed, PlannedPickup: pickup, PlannedDropoff: drop})
		must(err)
		return a.TourID
	}
	outcome := func(tr dispatch.Trip, o dispatch.Outcome) {
		o.TripID, o.Source = tr.ID, dispatch.SourceAPI
		_, err := st.RecordOutcome(ctx, actor, o)
		must(err)
	}
	done := dispatch.Outcome{Outcome: dispatch.OutcomeDone}

	sep := book("september", f.R1, at(time.September, 15, 9, 0), "Einkauf")
	assign(sep, f.DriverA, 0, at(time.September, 15, 9, 0), at(time.September, 15, 9, 20))
	outcome(sep, done)

	s1 := book("shared1", f.R1, at(time.October, 20, 9, 30), "Arzt/Facharzt")
	s2 := book("shared2", f.R2, at(time.October, 20, 9, 35), "Arzt/Facharzt")
	f.Tours["shared"] = assign(s1, f.DriverA, 0, at(time.October, 20, 9, 30), at(time.October, 20, 9, 50))
	assign(s2, f.DriverA, f.Tours["shared"], at(time.October, 20, 9, 35), at(time.October, 20, 9, 50))
	outcome(s1, done)
	outcome(s2, done)

	ns := book("noshow", f.R3, at(time.October, 21, 10, 0), "")
	f.Tours["noshow"] = assign(ns, f.DriverB, 0, at(time.October, 21, 10, 0), at(time.October, 21, 10, 20))
	outcome(ns, dispatch.Outcome{Outcome: dispatch.OutcomeNoShow})

	c := book("corrected", f.R3, at(time.October, 22, 11, 0), "Impfung")
	f.Tours["corrected"] = assign(c, f.DriverA, 0, at(time.October, 22, 11, 0), at(time.October, 22, 11, 20))
	outcome(c, done)
	must(st.CorrectTourKm(ctx, actor, f.Tours["corrected"], 23500, nil))

	late := book("late", f.R1, at(time.October, 22, 14, 0), "")
	assign(late, f.DriverA, 0, at(time.October, 22, 14, 0), at(time.October, 22, 14, 20))
	outcome(late, dispatch.Outcome{Outcome: dispatch.OutcomeCancelledLate, CancelledBy: "rider", Reason: "krank"})

	outcome(book("notserved", f.R2, at(time.October, 22, 15, 0), ""),
		dispatch.Outcome{Outcome: dispatch.OutcomeNotServed, Reason: "kein Fahrer"})
	book("open", f.R2, at(time.October, 23, 10, 0), "")
	_, err = st.CancelTrip(ctx, actor, book("cancelled", f.R1, at(time.October, 23, 12, 0), "").ID, "verlegt", true)
	must(err)
	return f
}
