package main

import (
	"context"
	"fmt"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// historyDays is how far back the demo's history reaches: three months,
// so that a newcomer's report, statements and close-out page are filled.
const historyDays = 91

// slotStarts are the appointment times of a demo day, far enough apart
// that a driver's rides there and back never overlap the next slot.
var slotStarts = []time.Duration{8*time.Hour + 30*time.Minute, 10*time.Hour + 10*time.Minute,
	11*time.Hour + 50*time.Minute, 13*time.Hour + 30*time.Minute, 15*time.Hour + 10*time.Minute}

// history imports three months of past rides with outcomes: the Thursday
// shopping ride in the wheelchair van and three to five appointments every
// weekday, mostly done, some no-shows, late cancellations and rides no
// driver could take; the last weekday's rides stay open for the close-out
// page.
func (d demo) history(ctx context.Context, places []dispatch.Place, riders []dispatch.Rider) error {
	all, err := d.st.Drivers(ctx, false)
	if err != nil {
		return err
	}
	// The seven cars first, the wheelchair van last.
	var drivers []dispatch.Driver
	var van *dispatch.Driver
	for i := range all {
		if all[i].VehicleWheelchair {
			van = &all[i]
		} else {
			drivers = append(drivers, all[i])
		}
	}
	if van == nil || len(drivers) < 7 {
		return fmt.Errorf("demo history needs the 8 demo drivers")
	}
	drivers = append(drivers, *van)
	now := d.st.Now().In(d.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.loc)
	last := today.AddDate(0, 0, -1) // the last weekday: its rides wait for the close-out
	for last.Weekday() == time.Saturday || last.Weekday() == time.Sunday {
		last = last.AddDate(0, 0, -1)
	}
	for n := historyDays; n >= 1; n-- {
		day := today.AddDate(0, 0, -n)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		open := day.Equal(last)
		if day.Weekday() == time.Thursday {
			if err := d.historyShopping(ctx, day, places[0], riders[:10], drivers[7], open); err != nil {
				return fmt.Errorf("demo shopping ride %s: %w", day.Format(time.DateOnly), err)
			}
		}
		for i := range 3 + d.rng.IntN(3) {
			if err := d.historyAppointment(ctx, day, i, places[2:], riders[10:], drivers, open); err != nil {
				return fmt.Errorf("demo appointment %s/%d: %w", day.Format(time.DateOnly), i, err)
			}
		}
	}
	return nil
}

// outcomeDraw picks a demo outcome: 82% done, 6% not there, 5% cancelled
// late, 4% not served, else done.
func (d demo) outcomeDraw() dispatch.Outcome {
	switch r := d.rng.IntN(100); {
	case r < 82:
		return dispatch.Outcome{Outcome: dispatch.OutcomeDone}
	case r < 88:
		return dispatch.Outcome{Outcome: dispatch.OutcomeNoShow, Notes: "niemand öffnete"}
	case r < 93:
		return dispatch.Outcome{Outcome: dispatch.OutcomeCancelledLate, CancelledBy: []string{"rider", "relative"}[r%2],
			Reason: []string{"krank", "Termin verschoben"}[r%2]}
	case r < 97:
		return dispatch.Outcome{Outcome: dispatch.OutcomeNotServed, Reason: []string{"kein Fahrer frei", "kein Rollstuhlplatz"}[r%2]}
	}
	return dispatch.Outcome{Outcome: dispatch.OutcomeDone}
}

// purposeOf is the purpose a demo ride to a place has.
func purposeOf(p dispatch.Place) string {
	switch p.Kind {
	case dispatch.PlaceVaccinationCentre:
		return "Impfung"
	case dispatch.PlaceHospital:
		return "Krankenhaus"
	}
	return "Arzt/Facharzt"
}

// historyAppointment imports one appointment of a past day: the ride there
// and, where the senior was driven, the ride back an hour later.
func (d demo) historyAppointment(ctx context.Context, day time.Time, slot int, places []dispatch.Place,
	riders []dispatch.Rider, drivers []dispatch.Driver, open bool) error {
	rider := riders[(day.YearDay()*5+slot)%len(riders)]
	driver := drivers[(day.YearDay()+slot)%7]
	if rider.Wheelchair {
		if day.Weekday() == time.Thursday && slot < 2 {
			return nil // the van is on the shopping ride
		}
		driver = drivers[7]
	}
	place := places[d.rng.IntN(len(places))]
	to, purpose := place.Location(), purposeOf(place)
	if d.rng.IntN(100) < 8 {
		to, purpose = dispatch.Location{Street: "Rathausplatz 1", City: "Bitburg", Lat: demoLat + 0.002, Lon: demoLon - 0.003}, "Behörde"
	}
	at := day.Add(slotStarts[slot])
	back := at.Add(time.Hour)
	b := dispatch.Booking{RiderID: rider.ID, To: to, Timing: dispatch.TimingArriveBy, At: at, Return: dispatch.ReturnAt,
		ReturnAt: &back, Passengers: 1, Via: "demo", Purpose: purpose}
	legs, err := b.Legs(rider, dispatch.DefaultBookingRules(day.AddDate(0, 0, -1), d.loc))
	if err != nil {
		return err
	}
	o := d.outcomeDraw()
	if open {
		o = dispatch.Outcome{}
	}
	o.Source = dispatch.SourceCloseout
	driverID := driver.ID
	if o.Outcome == dispatch.OutcomeNotServed {
		driverID = 0
	}
	ids, err := d.st.ImportTour(ctx, d.actor, driverID, []store.PastRide{{Trip: legs[0],
		PlannedPickup: at.Add(-30 * time.Minute), PlannedDropoff: at.Add(-8 * time.Minute), Outcome: o}})
	if err != nil || (o.Outcome != dispatch.OutcomeDone && o.Outcome != dispatch.OutcomeNotServed && !open) {
		return err // nobody to drive home
	}
	ret := legs[1]
	ret.OutboundID = &ids[0]
	ids, err = d.st.ImportTour(ctx, d.actor, driverID, []store.PastRide{{Trip: ret,
		PlannedPickup: back, PlannedDropoff: back.Add(22 * time.Minute), Outcome: o}})
	if err != nil || driverID == 0 || d.rng.IntN(20) != 0 {
		return err
	}
	// Now and then a driver corrects the kilometres of a tour (a detour).
	trip, err := d.st.Trip(ctx, ids[0])
	if err != nil || trip.Assignment == nil {
		return err
	}
	return d.st.CorrectTourKm(ctx, d.actor, trip.Assignment.TourID, int64(8000+d.rng.IntN(12000)), &driverID)
}

// historyShopping imports a past Thursday's shopping ride: five seniors
// collected in the van, at the shop by 09:00 and home after shopping.
func (d demo) historyShopping(ctx context.Context, day time.Time, shop dispatch.Place, riders []dispatch.Rider,
	van dispatch.Driver, open bool) error {
	sh := dispatch.Shuttle{DwellMinutes: 75, MaxRideMinutes: 45}
	start := day.Add(9 * time.Hour)
	var out, back []store.PastRide
	var backOf []int // the outbound ride of each ride back
	for i := range 5 {
		r := riders[(day.YearDay()/7+i)%len(riders)]
		legs := sh.RunLegs(r, shop, start)
		legs[0].Purpose, legs[1].Purpose = "Einkauf", "Einkauf"
		o := dispatch.Outcome{Outcome: dispatch.OutcomeDone, Source: dispatch.SourceCloseout}
		if open {
			o.Outcome = ""
		} else if d.rng.IntN(25) == 0 {
			o = dispatch.Outcome{Outcome: dispatch.OutcomeNoShow, Source: dispatch.SourceSMS, DriverID: &van.ID, Notes: "nicht zu Hause"}
		}
		pick := start.Add(time.Duration(-45+7*i) * time.Minute)
		out = append(out, store.PastRide{Trip: legs[0], PlannedPickup: pick, PlannedDropoff: start.Add(-5 * time.Minute), Outcome: o})
		if o.Outcome != dispatch.OutcomeNoShow {
			home := start.Add(75 * time.Minute)
			back = append(back, store.PastRide{Trip: legs[1], PlannedPickup: home,
				PlannedDropoff: home.Add(time.Duration(10+7*i) * time.Minute), Outcome: o})
			backOf = append(backOf, i)
		}
	}
	ids, err := d.st.ImportTour(ctx, d.actor, van.ID, out)
	if err != nil {
		return err
	}
	for i := range back {
		back[i].Trip.OutboundID = &ids[backOf[i]]
	}
	_, err = d.st.ImportTour(ctx, d.actor, van.ID, back)
	return err
}
