package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// ReportTrips lists the legs of the period that were not cancelled in time,
// with their outcome where one is recorded: the rows the funder's report
// counts. One sequential read of the period, so that a year of 50,000 trips
// stays well under a second.
func (s *Store) ReportTrips(ctx context.Context, p dispatch.Period) ([]dispatch.ReportTrip, error) {
	rows, _ := s.pool.Query(ctx, `SELECT t.id, t.rider_id, t.kind, to_char(t.service_date, 'YYYY-MM-DD'), t.purpose,
			t.wheelchair, coalesce(o.outcome, ''), coalesce(o.cancelled_by, ''), coalesce(o.reason, '')
		FROM trips t LEFT JOIN trip_outcomes o ON o.trip_id = t.id
		WHERE t.service_date BETWEEN $1::date AND $2::date AND t.status IN ('booked', 'completed')`, p.From, p.To)
	var out []dispatch.ReportTrip
	var r dispatch.ReportTrip
	_, err := pgx.ForEachRow(rows, []any{&r.TripID, &r.RiderID, &r.Kind, &r.Date, &r.Purpose, &r.Wheelchair,
		&r.Outcome, &r.CancelledBy, &r.Reason}, func() error {
		out = append(out, r)
		return nil
	})
	return out, mapError(err, "report")
}

// FirstServed gives, for every senior with a ride done in the period, the
// first day they were ever driven (done), so that the report can count the
// seniors new in the period.
func (s *Store) FirstServed(ctx context.Context, p dispatch.Period) (map[int64]string, error) {
	rows, _ := s.pool.Query(ctx, `SELECT t.rider_id, to_char(min(t.service_date), 'YYYY-MM-DD')
		FROM trips t JOIN trip_outcomes o ON o.trip_id = t.id AND o.outcome = 'done'
		WHERE t.rider_id IN (SELECT t2.rider_id FROM trips t2 JOIN trip_outcomes o2 ON o2.trip_id = t2.id
			AND o2.outcome = 'done' WHERE t2.service_date BETWEEN $1::date AND $2::date)
		GROUP BY t.rider_id`, p.From, p.To)
	out := map[int64]string{}
	var id int64
	var first string
	_, err := pgx.ForEachRow(rows, []any{&id, &first}, func() error {
		out[id] = first
		return nil
	})
	return out, mapError(err, "report")
}

// AfterRideService is the store with dispatch's after-the-ride
// computations on top: outcomes and corrections from the store, the
// volunteer log, statements and report from dispatch.AfterRide. It is one
// value so that the API and the pages get one dependency.
type AfterRideService struct {
	*Store
	dispatch.AfterRide
}

// AfterRide joins the store with the travel times, rates and purposes the
// service is configured with.
func (s *Store) AfterRide(travel dispatch.TravelTimes, rates dispatch.Rates, purposes []string) AfterRideService {
	return AfterRideService{Store: s, AfterRide: dispatch.AfterRide{Store: s, Travel: travel, Rates: rates, Purposes: purposes}}
}
