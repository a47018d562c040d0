package dispatch

import (
	"context"
	"time"
)

// AfterRideStore reads what the volunteer log, the statements and the
// report are computed from; the PostgreSQL store implements it.
type AfterRideStore interface {
	// TourRides lists the rides that took place (done or no-show) on
	// confirmed tours in the period, of one driver or (0) all.
	TourRides(ctx context.Context, p Period, driverID int64) ([]TourRide, error)
	// ReportTrips lists the legs of the period not cancelled in time.
	ReportTrips(ctx context.Context, p Period) ([]ReportTrip, error)
	// FirstServed gives, for each senior with a ride done in the period,
	// the first day they were ever driven.
	FirstServed(ctx context.Context, p Period) (map[int64]string, error)
}

// AfterRide computes the volunteer log, the reimbursement statements and the
// funder's report from the store's rows and the configured travel times
// (great-circle or OSRM), so that the API and the pages give the same
// figures.
type AfterRide struct {
	Store    AfterRideStore
	Travel   TravelTimes
	Rates    Rates
	Purposes []string
}

// VolunteerLog is every driver's (or one driver's) tours and sums per month
// of the period.
func (a AfterRide) VolunteerLog(ctx context.Context, p Period, driverID int64) ([]VolunteerMonth, error) {
	rides, err := a.Store.TourRides(ctx, p, driverID)
	if err != nil {
		return nil, err
	}
	logs, err := TourLogs(ctx, a.travel(), rides)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, r := range rides {
		names[r.DriverID] = r.DriverName
	}
	return VolunteerMonths(logs, names), nil
}

// Statements prices the volunteer log of one month (YYYY-MM) per driver.
func (a AfterRide) Statements(ctx context.Context, month string, driverID int64) ([]Statement, error) {
	p, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	months, err := a.VolunteerLog(ctx, p, driverID)
	if err != nil {
		return nil, err
	}
	out := make([]Statement, 0, len(months))
	for _, m := range months {
		out = append(out, NewStatement(m, a.Rates))
	}
	return out, nil
}

// Report builds the funder's report of a validated period.
func (a AfterRide) Report(ctx context.Context, p Period) (Report, error) {
	trips, err := a.Store.ReportTrips(ctx, p)
	if err != nil {
		return Report{}, err
	}
	first, err := a.Store.FirstServed(ctx, p)
	if err != nil {
		return Report{}, err
	}
	rides, err := a.Store.TourRides(ctx, p, 0)
	if err != nil {
		return Report{}, err
	}
	tours, err := TourLogs(ctx, a.travel(), rides)
	if err != nil {
		return Report{}, err
	}
	return BuildReport(p, ReportData{Trips: trips, FirstServed: first, Tours: tours}, a.Purposes), nil
}

func (a AfterRide) travel() TravelTimes {
	if a.Travel == nil {
		return GreatCircle{}
	}
	return a.Travel
}

// LastMonth is the month before now's in loc (YYYY-MM): the one a
// statement is usually made for.
func LastMonth(now time.Time, loc *time.Location) string {
	n := now.In(loc)
	return time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, -1, 0).Format("2006-01")
}
