package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// clashReason is what a date that could not be booked says.
const clashReason = "the rider already has a trip at that time"

// materializeSeries books the dates of a series from today to the horizon
// that have no record yet. A date whose time has passed is left alone; a
// date on which the senior has another trip is recorded as a clash, and the
// others are booked. Each booked date is planned like any trip.
func (s *Store) materializeSeries(ctx context.Context, tx pgx.Tx, id int64) error {
	sr, err := seriesTx(ctx, tx, id, true)
	if err != nil || sr.Ended {
		return err
	}
	rows, _ := tx.Query(ctx, `SELECT `+riderColumns+` FROM riders WHERE id = $1`, sr.RiderID)
	rider, err := pgx.CollectExactlyOneRow(rows, scanRider)
	if err != nil || !rider.Active {
		return err
	}
	done := map[string]bool{}
	for _, o := range sr.Occurrences {
		done[o.Date] = true
	}
	now, today := s.now(), s.today()
	var booked []dispatch.Trip
	for _, d := range sr.Dates(today, today.AddDate(0, 0, 7*s.seriesWeeks())) {
		date := d.Format(time.DateOnly)
		if done[date] {
			continue
		}
		b, err := sr.Booking(d, s.loc)
		if err != nil {
			return err
		}
		if b.At.Before(now) {
			continue
		}
		legs, err := b.Legs(rider, dispatch.SeriesRules(now, s.loc, sr.MaxRideMinutes))
		if err != nil {
			return err
		}
		ok, err := s.bookOccurrence(ctx, tx, sr.ID, date, legs)
		if err != nil {
			return err
		}
		if ok {
			booked = append(booked, legs...)
		}
	}
	return s.planDates(ctx, tx, booked...)
}

// bookOccurrence books one date's legs in a savepoint and records the date:
// booked, or a clash when the senior has another trip then.
func (s *Store) bookOccurrence(ctx context.Context, tx pgx.Tx, seriesID int64, date string, legs []dispatch.Trip) (bool, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, err
	}
	ids, err := s.insertLegs(ctx, sp, legs)
	if err != nil {
		sp.Rollback(ctx)
		if dispatch.ErrorCode(mapError(err, "trip")) != dispatch.CodeConflict {
			return false, err
		}
		_, err = tx.Exec(ctx, `INSERT INTO series_occurrences (series_id, on_date, state, reason, created_at)
			VALUES ($1, $2::date, 'clash', $3, $4)`, seriesID, date, clashReason, s.now())
		return false, err
	}
	if err := sp.Commit(ctx); err != nil {
		return false, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO series_occurrences (series_id, on_date, state, trip_id, created_at)
		VALUES ($1, $2::date, 'booked', $3, $4)`, seriesID, date, ids[0], s.now())
	return err == nil, err
}

// SkipSeriesDate takes one date out of a series: its trips, if booked, are
// cancelled, and the date is not booked again. The date must be one of the
// series' dates and not past.
func (s *Store) SkipSeriesDate(ctx context.Context, actor dispatch.Actor, id int64, date string) (dispatch.Series, error) {
	err := s.inTx(ctx, "series", func(tx pgx.Tx) error {
		sr, err := seriesTx(ctx, tx, id, true)
		if err != nil {
			return err
		}
		d, err := time.Parse(time.DateOnly, date)
		var fe dispatch.Fields
		switch {
		case err != nil:
			fe.AddRule("date", dispatch.RuleRequired, "must be a date YYYY-MM-DD")
		case d.Before(s.today()):
			fe.AddRule("date", dispatch.RulePast, "lies in the past")
		case len(sr.Dates(d, d)) == 0:
			fe.Add("date", "is not a date of this series")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := s.cancelOccurrences(ctx, tx, actor, id, date, date, "skipped", dispatch.OccurrenceSkipped); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO series_occurrences (series_id, on_date, state, created_at)
			VALUES ($1, $2::date, 'skipped', $3) ON CONFLICT (series_id, on_date) DO UPDATE SET state = 'skipped'`,
			id, date, s.now())
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "series", id, "skip", map[string]any{"date": date})
	})
	if err != nil {
		return dispatch.Series{}, err
	}
	return s.Series(ctx, id)
}

// cancelOccurrences cancels the trips of a series' booked dates from from
// to to (inclusive; empty to: open) and marks those dates with state.
func (s *Store) cancelOccurrences(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, id int64, from, to, reason, state string) error {
	rows, _ := tx.Query(ctx, `SELECT t.id FROM series_occurrences o JOIN trips t ON t.id = o.trip_id OR t.outbound_id = o.trip_id
		WHERE o.series_id = $1 AND o.state = 'booked' AND o.on_date >= $2::date AND ($3 = '' OR o.on_date <= $3::date)
		ORDER BY t.id FOR UPDATE OF t`, id, from, to)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		if err := s.cancelTrips(ctx, tx, actor, ids, "series: "+reason); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `UPDATE series_occurrences SET state = $4 WHERE series_id = $1 AND state IN ('booked', 'clash')
		AND on_date >= $2::date AND ($3 = '' OR on_date <= $3::date)`, id, from, to, state)
	return err
}

// EndSeries ends a series from a date on (today when empty): the booked
// dates from then on are cancelled; the past stays.
func (s *Store) EndSeries(ctx context.Context, actor dispatch.Actor, id int64, from string) (dispatch.Series, error) {
	err := s.inTx(ctx, "series", func(tx pgx.Tx) error {
		sr, err := seriesTx(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := s.cutSeries(ctx, tx, actor, sr, from, "ended"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE series SET ended_at = $2 WHERE id = $1`, id, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "series", id, "end", map[string]any{"from": from})
	})
	if err != nil {
		return dispatch.Series{}, err
	}
	return s.Series(ctx, id)
}

// cutSeries lets a series end the day before from: it must not be past,
// nor before the series' start, and the series must not be ended already.
func (s *Store) cutSeries(ctx context.Context, tx pgx.Tx, actor dispatch.Actor, sr dispatch.Series, from, reason string) error {
	if sr.Ended || sr.NextID != nil {
		return dispatch.Errorf(dispatch.CodeConflict, "the series has ended or was changed; change its successor")
	}
	d, err := time.Parse(time.DateOnly, from)
	var fe dispatch.Fields
	switch {
	case err != nil:
		fe.AddRule("from", dispatch.RuleRequired, "must be a date YYYY-MM-DD")
	case d.Before(s.today()):
		fe.AddRule("from", dispatch.RulePast, "lies in the past; the past stays as it was")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if start, _ := time.Parse(time.DateOnly, sr.Start); d.Before(start) {
		from = sr.Start
	}
	if err := s.cancelOccurrences(ctx, tx, actor, sr.ID, from, "", reason, dispatch.OccurrenceCancelled); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE series SET ends_on = $2::date - 1, updated_at = $3 WHERE id = $1`, sr.ID, from, s.now())
	return err
}

// ChangeSeries changes a series from a date on: the series ends the day
// before, its booked dates from then on are cancelled, and a successor with
// the change starts on the date and is booked within the horizon. It
// returns the successor; the original links to it (next_id).
func (s *Store) ChangeSeries(ctx context.Context, actor dispatch.Actor, id int64, c dispatch.SeriesChange) (dispatch.Series, error) {
	var next int64
	err := s.inTx(ctx, "series", func(tx pgx.Tx) error {
		sr, err := seriesTx(ctx, tx, id, true)
		if err != nil {
			return err
		}
		successor := c.Apply(sr)
		if err := s.cutSeries(ctx, tx, actor, sr, c.From, "changed"); err != nil {
			return err
		}
		if err := successor.Validate(s.now().In(s.loc)); err != nil {
			return renameField(err, "start", "from")
		}
		if next, err = insertSeries(ctx, tx, successor, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "series", id, "change", map[string]any{"from": c.From, "next": next}); err != nil {
			return err
		}
		return s.materializeSeries(ctx, tx, next)
	})
	if err != nil {
		return dispatch.Series{}, err
	}
	return s.Series(ctx, next)
}

// renameField renames a field of a validation error: the successor's start
// is the change's "from".
func renameField(err error, from, to string) error {
	if de, ok := err.(*dispatch.Error); ok {
		for i := range de.Fields {
			if de.Fields[i].Field == from {
				de.Fields[i].Field = to
			}
		}
	}
	return err
}

// MaterializeSeries books a series' dates within the horizon; running it
// again changes nothing.
func (s *Store) MaterializeSeries(ctx context.Context, id int64) error {
	return s.inTx(ctx, "series", func(tx pgx.Tx) error { return s.materializeSeries(ctx, tx, id) })
}

// MaterializeAllSeries books the dates that came within the horizon of
// every live series, one transaction per series, so that one senior's
// problem does not hold up the others.
func (s *Store) MaterializeAllSeries(ctx context.Context) error {
	rows, _ := s.pool.Query(ctx, `SELECT id FROM series WHERE ended_at IS NULL
		AND (ends_on IS NULL OR ends_on >= $1::date) ORDER BY id`, s.today().Format(time.DateOnly))
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.MaterializeSeries(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// seriesWeeks is the materialisation horizon in weeks.
func (s *Store) seriesWeeks() int {
	if s.seriesAhead > 0 {
		return s.seriesAhead
	}
	return DefaultSeriesWeeksAhead
}

// SeriesSweepArgs is the nightly job that books the series' dates that came
// within the horizon.
type SeriesSweepArgs struct{}

// Kind names the job for River.
func (SeriesSweepArgs) Kind() string { return "series_sweep" }

// InsertOpts puts the sweep on the maintenance queue, once a day.
func (SeriesSweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance, UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// SeriesSweepWorker runs the sweep.
type SeriesSweepWorker struct {
	river.WorkerDefaults[SeriesSweepArgs]
	Store *Store
}

// Work books the dates.
func (w *SeriesSweepWorker) Work(ctx context.Context, _ *river.Job[SeriesSweepArgs]) error {
	return w.Store.MaterializeAllSeries(ctx)
}
