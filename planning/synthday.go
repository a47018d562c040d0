package planning

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// day0 is the day of SyntheticDay and of the tests: a Thursday in Bitburg.
var day0 = time.Date(2026, 3, 12, 0, 0, 0, 0, time.FixedZone("CET", 3600))

// at is h:m on day0.
func at(h, m int) time.Time {
	return day0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// near returns a point dx km east and dy km north of Bitburg's centre.
func near(dx, dy float64) dispatch.Point {
	return dispatch.Point{Lat: 49.97 + dy/111.2, Lon: 6.53 + dx/(111.2*math.Cos(49.97*math.Pi/180))}
}

// BenchDaySeed is the seed of the synthetic days that BenchmarkPlanDay300
// and 1000 time and that fahrdienst darp days judges, one constant so that
// both measure the same days.
const BenchDaySeed = 2026

// SyntheticDay makes a realistic day around Bitburg, the same for the same
// seed, so that the planner is measured on days of a county's size without
// anyone's data (BenchmarkPlanDay300 and 1000, fahrdienst darp days):
// seniors living up to 12 km out, round trips to a few dozen practices,
// hospitals and shops between 08:00 and 16:00, and volunteers with
// morning, afternoon, full-day or split availability, a few of them with
// wheelchair-capable cars.
func SyntheticDay(seed uint64, requests, drivers int) PlanInput {
	rng := rand.New(rand.NewPCG(seed, 1))
	around := func(radius float64) dispatch.Point {
		r, a := radius*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
		return near(r*math.Cos(a), r*math.Sin(a))
	}
	places := make([]dispatch.Point, 30)
	for i := range places {
		places[i] = around(8)
	}
	var in PlanInput
	for k := 0; k < drivers; k++ {
		home := around(12)
		d := PlanDriver{ID: fmt.Sprintf("d%03d", k), Start: home, End: home, Seats: 3 + rng.IntN(2),
			Wheelchair: rng.IntN(7) == 0, MaxDuty: 7 * time.Hour, RidesThisWeek: rng.IntN(8)}
		if rng.IntN(3) == 0 {
			d.MaxRidesPerWeek = 15 + rng.IntN(10)
		}
		switch rng.IntN(4) {
		case 0:
			d.Availability = []dispatch.Span{{From: at(7, 30), To: at(12, 30)}}
		case 1:
			d.Availability = []dispatch.Span{{From: at(12, 0), To: at(18, 0)}}
		case 2:
			d.Availability = []dispatch.Span{{From: at(7, 30), To: at(18, 0)}}
		default:
			d.Availability = []dispatch.Span{{From: at(7, 30), To: at(11, 0)}, {From: at(13, 30), To: at(18, 0)}}
		}
		in.Drivers = append(in.Drivers, d)
	}
	for k := 0; 2*k < requests; k++ {
		home, place := around(12), places[rng.IntN(len(places))]
		due := at(8, 0).Add(time.Duration(rng.IntN(8*12)) * 5 * time.Minute)
		back := due.Add(time.Duration(30+rng.IntN(60)) * time.Minute)
		there := PlanRequest{ID: fmt.Sprintf("r%04d-out", k), Pickup: home, Dropoff: place,
			DropoffWindow: dispatch.Span{From: due.Add(-20 * time.Minute), To: due},
			Passengers:    1 + rng.IntN(10)/9, Wheelchair: rng.IntN(30) == 0,
			MaxRide: 45 * time.Minute, Service: 3 * time.Minute}
		if rng.IntN(4) == 0 {
			there.Preferred = []string{in.Drivers[rng.IntN(drivers)].ID}
		}
		home2 := there
		home2.ID = fmt.Sprintf("r%04d-back", k)
		home2.Pickup, home2.Dropoff = place, home
		home2.DropoffWindow, home2.PickupWindow = dispatch.Span{}, dispatch.Span{From: back, To: back.Add(30 * time.Minute)}
		in.Requests = append(in.Requests, there, home2)
	}
	return in
}
