package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// DefaultSeriesWeeksAhead is how far ahead a series' dates become trips
// when Options.SeriesWeeksAhead is not set: far enough for the planner and
// the drivers to see them, near enough that a change rarely meets
// materialised trips.
const DefaultSeriesWeeksAhead = 8

const seriesColumns = `s.id, s.rider_id, s.previous_id, (SELECT n.id FROM series n WHERE n.previous_id = s.id),
	s.weekdays::int[], s.interval_weeks, to_char(s.anchor_on, 'YYYY-MM-DD'), to_char(s.starts_on, 'YYYY-MM-DD'),
	to_char(s.ends_on, 'YYYY-MM-DD'), s.count, s.ended_at IS NOT NULL, s.timing, to_char(s.at_time, 'HH24:MI'),
	s.return_type, coalesce(to_char(s.return_time, 'HH24:MI'), ''),
	s.from_place_id, s.from_street, s.from_city, s.from_lat, s.from_lon,
	s.to_place_id, s.to_street, s.to_city, s.to_lat, s.to_lon, s.passengers,
	s.own_needs, s.wheelchair, s.walker, s.needs_escort, s.max_ride_minutes, s.notes, s.purpose,
	s.booked_by, s.booked_via, s.created_at`

func scanSeries(row pgx.CollectableRow) (dispatch.Series, error) {
	var sr dispatch.Series
	var from struct {
		place      *int64
		street     *string
		city       *string
		lat, lon   *float64
		own        bool
		needs      dispatch.Needs
		weekdays32 []int32
	}
	err := row.Scan(&sr.ID, &sr.RiderID, &sr.PreviousID, &sr.NextID, &from.weekdays32, &sr.IntervalWeeks,
		&sr.Anchor, &sr.Start, &sr.Until, &sr.Count, &sr.Ended, &sr.Timing, &sr.Time, &sr.Return.Type,
		&sr.Return.Time, &from.place, &from.street, &from.city, &from.lat, &from.lon,
		&sr.To.PlaceID, &sr.To.Street, &sr.To.City, &sr.To.Lat, &sr.To.Lon, &sr.Passengers,
		&from.own, &from.needs.Wheelchair, &from.needs.Walker, &from.needs.NeedsEscort, &sr.MaxRideMinutes,
		&sr.Notes, &sr.Purpose, &sr.BookedBy, &sr.BookedVia, &sr.CreatedAt)
	for _, d := range from.weekdays32 {
		sr.Weekdays = append(sr.Weekdays, int(d))
	}
	if from.street != nil {
		sr.From = &dispatch.Location{PlaceID: from.place, Street: *from.street, City: deref(from.city),
			Lat: deref(from.lat), Lon: deref(from.lon)}
	}
	if from.own {
		sr.Needs = &from.needs
	}
	return sr, err
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// CreateSeries stores a series and books its dates within the horizon in
// the same transaction. A date on which the senior has another trip is kept
// as a clash for that date; the series itself is saved.
func (s *Store) CreateSeries(ctx context.Context, actor dispatch.Actor, sr dispatch.Series) (dispatch.Series, error) {
	var id int64
	err := s.inTx(ctx, "series", func(tx pgx.Tx) error {
		if err := lockRider(ctx, tx, sr.RiderID); err != nil {
			return err
		}
		var err error
		if id, err = insertSeries(ctx, tx, sr, s.now()); err != nil {
			return err
		}
		sr.ID = id
		if err := s.audit(ctx, tx, actor, "series", id, "create", map[string]any{"rider_id": sr.RiderID}); err != nil {
			return err
		}
		return s.materializeSeries(ctx, tx, id)
	})
	if err != nil {
		return dispatch.Series{}, err
	}
	return s.Series(ctx, id)
}

func insertSeries(ctx context.Context, tx pgx.Tx, sr dispatch.Series, now time.Time) (int64, error) {
	if sr.Anchor == "" {
		start, err := time.Parse(time.DateOnly, sr.Start)
		if err != nil {
			return 0, dispatch.Errorf(dispatch.CodeInvalid, "start must be YYYY-MM-DD")
		}
		sr.Anchor = dispatch.Monday(start)
	}
	var from struct {
		place        *int64
		street, city *string
		lat, lon     *float64
	}
	if f := sr.From; f != nil {
		from.place, from.street, from.city, from.lat, from.lon = f.PlaceID, &f.Street, &f.City, &f.Lat, &f.Lon
	}
	var returnTime *string
	if sr.Return.Type == dispatch.ReturnAt {
		returnTime = &sr.Return.Time
	}
	needs := deref(sr.Needs)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO series (rider_id, previous_id, weekdays, interval_weeks, anchor_on,
		starts_on, ends_on, count, timing, at_time, return_type, return_time,
		from_place_id, from_street, from_city, from_lat, from_lon, to_place_id, to_street, to_city, to_lat, to_lon,
		passengers, own_needs, wheelchair, walker, needs_escort, max_ride_minutes, notes, purpose,
		booked_by, booked_via, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5::date, $6::date, $7::date, $8, $9, $10::time, $11, $12::time,
		$13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $33) RETURNING id`,
		sr.RiderID, sr.PreviousID, sr.Weekdays, sr.IntervalWeeks, sr.Anchor, sr.Start, sr.Until, sr.Count,
		sr.Timing, sr.Time, sr.Return.Type, returnTime,
		from.place, from.street, from.city, from.lat, from.lon,
		sr.To.PlaceID, sr.To.Street, sr.To.City, sr.To.Lat, sr.To.Lon,
		sr.Passengers, sr.Needs != nil, needs.Wheelchair, needs.Walker, needs.NeedsEscort, sr.MaxRideMinutes,
		sr.Notes, sr.Purpose, sr.BookedBy, sr.BookedVia, now).Scan(&id)
	return id, err
}

// Series returns one series with its materialised dates.
func (s *Store) Series(ctx context.Context, id int64) (dispatch.Series, error) {
	var sr dispatch.Series
	err := s.inTx(ctx, "series", func(tx pgx.Tx) error {
		var err error
		sr, err = seriesTx(ctx, tx, id, false)
		return err
	})
	return sr, err
}

// seriesTx reads a series and its dates, with lock FOR UPDATE, so that
// changes of one series happen one at a time.
func seriesTx(ctx context.Context, tx pgx.Tx, id int64, lock bool) (dispatch.Series, error) {
	q := `SELECT ` + seriesColumns + ` FROM series s WHERE s.id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	rows, _ := tx.Query(ctx, q, id)
	sr, err := pgx.CollectExactlyOneRow(rows, scanSeries)
	if err != nil {
		return sr, mapError(err, "series")
	}
	rows, _ = tx.Query(ctx, `SELECT to_char(on_date, 'YYYY-MM-DD'), state, trip_id, reason
		FROM series_occurrences WHERE series_id = $1 ORDER BY on_date`, id)
	sr.Occurrences, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.Occurrence, error) {
		var o dispatch.Occurrence
		return o, r.Scan(&o.Date, &o.State, &o.TripID, &o.Reason)
	})
	if sr.Occurrences == nil {
		sr.Occurrences = []dispatch.Occurrence{}
	}
	return sr, err
}

// RiderSeries lists a rider's series, newest first, without their dates:
// the senior's page and the relatives' page link to each.
func (s *Store) RiderSeries(ctx context.Context, riderID int64) ([]dispatch.Series, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+seriesColumns+` FROM series s WHERE s.rider_id = $1
		ORDER BY s.starts_on DESC, s.id DESC LIMIT 100`, riderID)
	list, err := pgx.CollectRows(rows, scanSeries)
	return list, mapError(err, "series")
}

// today is the service's local date as a calendar date.
func (s *Store) today() time.Time {
	n := s.now().In(s.loc)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// lockRider serialises the series changes of one rider. A series books many
// dates in one transaction; two of them for the same senior (a coordinator
// and a relative at once) would each wait on the other's exclusion checks
// and deadlock on the second date. It is an advisory lock, not a row lock:
// single bookings do not take it, so that the many bookings of one senior
// on different days (the load test books 89 at once) run side by side;
// their rare deadlocks are retried by inTx. It uses the two-key form, which
// PostgreSQL keeps apart from the one-key locks (dateLock, migrationLock),
// and only riders use it: the id's high and low halves are the two keys.
func lockRider(ctx context.Context, tx pgx.Tx, riderID int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1::int, $2::int)`, int32(riderID>>32), int32(uint32(riderID)))
	return err
}
