package dispatch

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"
)

// MaxTourKm is the sanity limit of a corrected tour: no volunteer drives a
// senior 1,000 km in one go, and a typo (2350 for 23.5) must not reach a
// reimbursement statement.
const MaxTourKm = 1000

// TourRide is one ride that took place (done or no-show) on a driver's
// tour, with its planned times and the driver's home, as the store reads
// them for the volunteer log.
type TourRide struct {
	TourID         int64
	DriverID       int64
	DriverName     string
	Home           Point
	TripID         int64
	Outcome        string
	ServiceDate    string // local date, YYYY-MM-DD
	Pickup         Point
	Dropoff        Point
	PlannedPickup  time.Time
	PlannedDropoff time.Time
	// CorrectedMeters is the tour's actual distance where the driver or a
	// coordinator corrected it, else nil.
	CorrectedMeters *int64
	// FrozenMeters and FrozenSeconds are the tour's planned distance and
	// time as routed before retention rounded the seniors' home
	// coordinates, else nil: the log then keeps them instead of routing
	// the rounded ends, so that an anonymised period adds up as before.
	FrozenMeters  *int64
	FrozenSeconds *int64
}

// TourLog is what one tour cost a volunteer: the planned route from home
// over every pickup and drop-off and back home, the corrected distance
// where there is one, and the time from leaving home to coming back.
type TourLog struct {
	TourID        int64  `json:"tour_id"`
	DriverID      int64  `json:"driver_id"`
	Date          string `json:"date"`
	Rides         int    `json:"rides"`
	PlannedMeters int64  `json:"planned_meters"`
	Meters        int64  `json:"meters"` // corrected where corrected, else planned
	Corrected     bool   `json:"corrected"`
	Seconds       int64  `json:"seconds"`
}

// Hectometres is the tour's distance in tenths of a kilometre, rounded half
// up: the unit a statement shows and multiplies, so that a volunteer can
// check the sum by hand.
func (t TourLog) Hectometres() int64 { return (t.Meters + 50) / 100 }

// VolunteerMonth is one driver's tours of one month, with the sums.
type VolunteerMonth struct {
	DriverID    int64     `json:"driver_id"`
	DriverName  string    `json:"driver_name"`
	Month       string    `json:"month"` // YYYY-MM
	Tours       []TourLog `json:"tours"`
	Rides       int       `json:"rides"`
	Hectometres int64     `json:"hectometres"`
	Seconds     int64     `json:"seconds"`
}

// TourLogs computes the log of every tour among rides, one travel matrix
// per tour (home, the stops in planned order, home), in the order of the
// tours' dates. A tour's date is that of its first ride.
func TourLogs(ctx context.Context, travel TravelTimes, rides []TourRide) ([]TourLog, error) {
	byTour := map[int64][]TourRide{}
	var order []int64
	for _, r := range rides {
		if _, ok := byTour[r.TourID]; !ok {
			order = append(order, r.TourID)
		}
		byTour[r.TourID] = append(byTour[r.TourID], r)
	}
	out := make([]TourLog, 0, len(order))
	for _, id := range order {
		l, err := tourLog(ctx, travel, byTour[id])
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b TourLog) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.DriverID, b.DriverID), cmp.Compare(a.TourID, b.TourID))
	})
	return out, nil
}

// stop is a pickup or drop-off of a tour at its planned time.
type stop struct {
	at   time.Time
	drop bool
	trip int64
	p    Point
}

// tourLog logs one tour: its frozen figures where retention froze them,
// else its route.
func tourLog(ctx context.Context, travel TravelTimes, rides []TourRide) (TourLog, error) {
	first := rides[0]
	date := first.ServiceDate
	for _, r := range rides {
		date = min(date, r.ServiceDate)
	}
	l := TourLog{TourID: first.TourID, DriverID: first.DriverID, Date: date, Rides: len(rides)}
	if first.FrozenMeters != nil && first.FrozenSeconds != nil {
		l.PlannedMeters, l.Seconds = *first.FrozenMeters, *first.FrozenSeconds
	} else {
		var err error
		if l.PlannedMeters, l.Seconds, err = routeTour(ctx, travel, rides); err != nil {
			return TourLog{}, err
		}
	}
	l.Meters = l.PlannedMeters
	if first.CorrectedMeters != nil {
		l.Meters, l.Corrected = *first.CorrectedMeters, true
	}
	return l, nil
}

// routeTour gives the planned metres and seconds away from home of a
// tour. Stops are ordered by planned time, a drop-off before a pickup at
// the same instant (the seat is free again), then by trip, so that the
// same tour always gives the same route.
func routeTour(ctx context.Context, travel TravelTimes, rides []TourRide) (meters, seconds int64, err error) {
	first := rides[0]
	stops := make([]stop, 0, 2*len(rides))
	for _, r := range rides {
		stops = append(stops, stop{r.PlannedPickup, false, r.TripID, r.Pickup}, stop{r.PlannedDropoff, true, r.TripID, r.Dropoff})
	}
	slices.SortFunc(stops, func(a, b stop) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if a.drop != b.drop {
			if a.drop {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.trip, b.trip)
	})
	points := make([]Point, 0, len(stops)+2)
	points = append(points, first.Home)
	for _, s := range stops {
		points = append(points, s.p)
	}
	points = append(points, first.Home)
	m, err := travel.Matrix(ctx, points)
	if err != nil {
		return 0, 0, Wrap(CodeUnavailable, err, "travel times are not available")
	}
	var total float64
	for i := 0; i+1 < len(points); i++ {
		total += m.Meters[i*m.N+i+1]
	}
	last := len(points) - 1
	away := m.Seconds[1] + m.Seconds[(last-1)*m.N+last] + stops[len(stops)-1].at.Sub(stops[0].at).Seconds()
	return int64(math.Round(total)), int64(math.Round(away)), nil
}

// VolunteerMonths sums tour logs per driver and month, drivers by name.
// names gives each driver's name.
func VolunteerMonths(logs []TourLog, names map[int64]string) []VolunteerMonth {
	type key struct {
		month  string
		driver int64
	}
	idx := map[key]int{}
	var out []VolunteerMonth
	for _, l := range logs {
		month := l.Date[:7]
		k := key{month, l.DriverID}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, VolunteerMonth{DriverID: l.DriverID, DriverName: names[l.DriverID], Month: month})
		}
		v := &out[i]
		v.Tours = append(v.Tours, l)
		v.Rides += l.Rides
		v.Hectometres += l.Hectometres()
		v.Seconds += l.Seconds
	}
	slices.SortStableFunc(out, func(a, b VolunteerMonth) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.DriverName, b.DriverName), cmp.Compare(a.DriverID, b.DriverID))
	})
	return out
}

// ValidateKm checks a corrected distance in kilometres and returns it in
// metres: not below zero, not above MaxTourKm, and a number at all.
func ValidateKm(km float64) (int64, error) {
	if km != km || km < 0 || km > MaxTourKm {
		return 0, &Error{Code: CodeInvalid, Message: "the input is not valid", Fields: []FieldError{{Field: "km",
			Message: "must be from 0 to 1000 kilometres", Rule: RuleRange}}}
	}
	return int64(math.Round(km * 1000)), nil
}
