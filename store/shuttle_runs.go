package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// ShuttleWeeksAhead is how many weekly runs are materialised ahead as trips,
// so that the planner and the day plan see them like any other trip.
const ShuttleWeeksAhead = 4

// Shuttle returns one weekly ride.
func (s *Store) Shuttle(ctx context.Context, id int64) (dispatch.Shuttle, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+shuttleColumns+` FROM shuttles WHERE id = $1`, id)
	sh, err := pgx.CollectExactlyOneRow(rows, scanShuttle)
	return sh, mapError(err, "shuttle")
}

// RunDates are the local dates of a shuttle's runs from the week of from on,
// weeks many, not before from's date.
func RunDates(sh dispatch.Shuttle, from time.Time, weeks int) []time.Time {
	d := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, from.Location())
	wd := int(d.Weekday())
	if wd == 0 {
		wd = 7
	}
	d = d.AddDate(0, 0, (sh.Weekday-wd+7)%7)
	dates := make([]time.Time, weeks)
	for i := range dates {
		dates[i] = d.AddDate(0, 0, 7*i)
	}
	return dates
}

// MaterializeRun creates or brings up to date the run of a shuttle on a local
// date: every subscriber whose subscription covers the date and who did not
// skip it gets their two trips. A run with more riders than seats is
// reported (OverCapacity), not cut. Running it again changes nothing.
func (s *Store) MaterializeRun(ctx context.Context, shuttleID int64, date string) (dispatch.ShuttleRun, error) {
	var run dispatch.ShuttleRun
	err := s.inTx(ctx, "shuttle run", func(tx pgx.Tx) error {
		var err error
		run, err = s.materializeRun(ctx, tx, shuttleID, date)
		return err
	})
	return run, err
}

func (s *Store) materializeRun(ctx context.Context, tx pgx.Tx, shuttleID int64, date string) (dispatch.ShuttleRun, error) {
	sh, shop, err := lockShuttle(ctx, tx, shuttleID)
	if err != nil {
		return dispatch.ShuttleRun{ShuttleID: shuttleID, Date: date}, err
	}
	return s.materializeRunFor(ctx, tx, sh, shop, date)
}

// lockShuttle reads a shuttle FOR UPDATE, so that runs of it are
// materialised one transaction at a time, and its place, once for all the
// runs a transaction materialises.
func lockShuttle(ctx context.Context, tx pgx.Tx, shuttleID int64) (dispatch.Shuttle, dispatch.Place, error) {
	rows, _ := tx.Query(ctx, `SELECT `+shuttleColumns+` FROM shuttles WHERE id = $1 FOR UPDATE`, shuttleID)
	sh, err := pgx.CollectExactlyOneRow(rows, scanShuttle)
	if err != nil {
		return sh, dispatch.Place{}, err
	}
	shop, err := placeTx(ctx, tx, sh.PlaceID)
	return sh, shop, err
}

// materializeRunFor materialises the run of a shuttle, locked by
// lockShuttle, on a local date. The date is planned again once if any rider
// was added, not once per rider.
func (s *Store) materializeRunFor(ctx context.Context, tx pgx.Tx, sh dispatch.Shuttle, shop dispatch.Place, date string) (dispatch.ShuttleRun, error) {
	shuttleID := sh.ID
	run := dispatch.ShuttleRun{ShuttleID: shuttleID, Date: date}
	day, err := time.ParseInLocation(time.DateOnly, date, s.loc)
	if err != nil {
		return run, dispatch.Errorf(dispatch.CodeInvalid, "date must be YYYY-MM-DD")
	}
	if run.StartsAt, err = sh.RunStart(day); err != nil {
		return run, err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO shuttle_runs (shuttle_id, run_date, starts_at) VALUES ($1, $2::date, $3)
		ON CONFLICT (shuttle_id, run_date) DO UPDATE SET starts_at = EXCLUDED.starts_at RETURNING id`,
		shuttleID, date, run.StartsAt).Scan(&run.ID); err != nil {
		return run, err
	}
	riders, err := missingRiders(ctx, tx, shuttleID, run.ID, date)
	if err != nil {
		return run, err
	}
	added := false
	for _, r := range riders {
		ok, err := s.addRunLegs(ctx, tx, sh, shop, r, run)
		if err != nil {
			return run, err
		}
		if !ok {
			run.Refused = append(run.Refused, r.ID)
		}
		added = added || ok
	}
	if added {
		// The legs' service date is the run's date (RunLegs dates them by
		// run.StartsAt, the start on that local day).
		if err := s.planDates(ctx, tx, dispatch.Trip{ServiceDate: date}); err != nil {
			return run, err
		}
	}
	run.Capacity = sh.Capacity
	if err := recountRuns(ctx, tx, shuttleID, date, date); err != nil {
		return run, err
	}
	err = tx.QueryRow(ctx, `SELECT riders, over_capacity FROM shuttle_runs WHERE id = $1`, run.ID).Scan(&run.Riders, &run.OverCapacity)
	return run, err
}

// missingRiders are the subscribers due on the run who have no live trip on it.
func missingRiders(ctx context.Context, tx pgx.Tx, shuttleID, runID int64, date string) ([]dispatch.Rider, error) {
	rows, _ := tx.Query(ctx, `SELECT `+riderColumns+` FROM riders WHERE active AND id IN (
		SELECT rider_id FROM shuttle_subscriptions
		WHERE shuttle_id = $1 AND starts_on <= $3::date AND (ends_on IS NULL OR ends_on >= $3::date)
		EXCEPT SELECT rider_id FROM shuttle_skips WHERE shuttle_id = $1 AND run_date = $3::date
		EXCEPT SELECT rider_id FROM trips WHERE shuttle_run_id = $2 AND status <> 'cancelled') ORDER BY id`,
		shuttleID, runID, date)
	return pgx.CollectRows(rows, scanRider)
}

// addRunLegs books a rider's two trips of a run. A rider with another trip at
// that time keeps it: the run is booked without them (reported, not an error).
// The caller plans the run's date again once for all the riders added.
func (s *Store) addRunLegs(ctx context.Context, tx pgx.Tx, sh dispatch.Shuttle, shop dispatch.Place, r dispatch.Rider, run dispatch.ShuttleRun) (bool, error) {
	legs := sh.RunLegs(r, shop, run.StartsAt)
	for i := range legs {
		legs[i].ShuttleRunID = &run.ID
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, err
	}
	if _, err := s.insertLegs(ctx, sp, legs); err != nil {
		sp.Rollback(ctx)
		if dispatch.ErrorCode(mapError(err, "trip")) == dispatch.CodeConflict {
			return false, nil
		}
		return false, err
	}
	if err := sp.Commit(ctx); err != nil {
		return false, err
	}
	return true, nil
}

func placeTx(ctx context.Context, tx pgx.Tx, id int64) (dispatch.Place, error) {
	rows, _ := tx.Query(ctx, `SELECT `+placeColumns+` FROM places WHERE id = $1`, id)
	return pgx.CollectExactlyOneRow(rows, scanPlace)
}

// ShuttleRuns lists a shuttle's runs from a date on.
func (s *Store) ShuttleRuns(ctx context.Context, shuttleID int64, from string) ([]dispatch.ShuttleRun, error) {
	rows, _ := s.pool.Query(ctx, `SELECT r.id, r.shuttle_id, to_char(r.run_date, 'YYYY-MM-DD'), r.starts_at,
		r.riders, s.capacity, r.over_capacity FROM shuttle_runs r JOIN shuttles s ON s.id = r.shuttle_id
		WHERE r.shuttle_id = $1 AND r.run_date >= $2::date ORDER BY r.run_date`, shuttleID, from)
	runs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.ShuttleRun, error) {
		var run dispatch.ShuttleRun
		err := r.Scan(&run.ID, &run.ShuttleID, &run.Date, &run.StartsAt, &run.Riders, &run.Capacity, &run.OverCapacity)
		return run, err
	})
	return runs, mapError(err, "shuttle run")
}

// MaterializeArgs asks for one run of a shuttle to be materialised. Unique per
// shuttle and date, so the daily sweep and a manual trigger never race.
type MaterializeArgs struct {
	ShuttleID int64  `json:"shuttle_id"`
	Date      string `json:"date"`
}

// Kind names the job for River.
func (MaterializeArgs) Kind() string { return "shuttle_materialize" }

// InsertOpts makes the job unique per shuttle and run date.
func (MaterializeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance, UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: 24 * time.Hour}}
}

// MaterializeWorker materialises one run.
type MaterializeWorker struct {
	river.WorkerDefaults[MaterializeArgs]
	Store *Store
}

// Work materialises the run of the job.
func (w *MaterializeWorker) Work(ctx context.Context, job *river.Job[MaterializeArgs]) error {
	_, err := w.Store.MaterializeRun(ctx, job.Args.ShuttleID, job.Args.Date)
	return err
}

// ShuttleSweepArgs is the daily job that enqueues the runs of the weeks ahead.
type ShuttleSweepArgs struct{}

// Kind names the job for River.
func (ShuttleSweepArgs) Kind() string { return "shuttle_sweep" }

// InsertOpts puts the sweep on the maintenance queue.
func (ShuttleSweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance}
}

// ShuttleSweepWorker enqueues one materialisation per shuttle and week ahead.
type ShuttleSweepWorker struct {
	river.WorkerDefaults[ShuttleSweepArgs]
	Store *Store
}

// Work enqueues the runs.
func (w *ShuttleSweepWorker) Work(ctx context.Context, _ *river.Job[ShuttleSweepArgs]) error {
	return w.Store.EnqueueShuttleRuns(ctx)
}

// EnqueueShuttleRuns enqueues the materialisation of every active shuttle's
// runs in the weeks ahead.
func (s *Store) EnqueueShuttleRuns(ctx context.Context) error {
	shuttles, err := s.Shuttles(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, "shuttle run", func(tx pgx.Tx) error {
		for _, sh := range shuttles {
			for _, d := range RunDates(sh, s.now().In(s.loc), ShuttleWeeksAhead) {
				if err := s.enqueue(ctx, tx, MaterializeArgs{ShuttleID: sh.ID, Date: d.Format(time.DateOnly)}, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
