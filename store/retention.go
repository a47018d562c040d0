package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// finalMessage is the SQL test of a message whose text is no longer needed
// to send it: anything not waiting for or in the middle of its send.
const finalMessage = `status NOT IN ('pending', 'sending', 'queued')`

// KmFreezer stores the kilometres of the tours of trips about to lose their
// coordinates, in tx, so that reports over anonymised periods keep their
// totals (the volunteer log computes kilometres from the coordinates).
// Store.TourKmFreezer is the volunteer log's; nil freezes nothing.
type KmFreezer func(ctx context.Context, tx pgx.Tx, tripIDs []int64) error

// SetKmFreezer sets the hook that keeps kilometres across anonymisation.
func (s *Store) SetKmFreezer(f KmFreezer) { s.freezeKm = f }

// RetentionArgs asks for personal data past its period to be anonymised or
// deleted. It runs nightly on the elected leader.
type RetentionArgs struct{}

// Kind names the job for River.
func (RetentionArgs) Kind() string { return "retention" }

// InsertOpts puts retention on the maintenance queue.
func (RetentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance}
}

// RetentionWorker applies the configured retention periods.
type RetentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	Store  *Store
	Policy dispatch.RetentionPolicy
}

// Work applies the policy once; every step is idempotent, so a rescued or
// repeated run does no harm.
func (w *RetentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := w.Store.ApplyRetention(ctx, w.Policy)
	return err
}

// ApplyRetention anonymises finished trips past p.TripMonths (they keep
// date, kind, places, needs, status, driver and the links the reports count,
// and lose the senior, the home address and free texts), empties messages
// past p.MessageDays (kind, status and times stay) and those of erased
// people, and deletes audit entries past p.AuditMonths. Each step is its
// own transaction: a failure leaves the earlier ones done and the next run
// completes the rest.
func (s *Store) ApplyRetention(ctx context.Context, p dispatch.RetentionPolicy) (dispatch.RetentionResult, error) {
	var res dispatch.RetentionResult
	tripsBefore, messagesBefore, auditBefore := p.Cutoffs(s.now(), s.loc)
	err := s.inTx(ctx, "retention", func(tx pgx.Tx) error {
		var err error
		res.Trips, err = s.anonymiseOldTrips(ctx, tx, tripsBefore)
		return err
	})
	if err != nil {
		return res, err
	}
	err = s.inTx(ctx, "retention", func(tx pgx.Tx) error {
		var err error
		res.Messages, err = emptyMessages(ctx, tx, s.now(), `created_at < $1 OR trip_id IN (SELECT id FROM trips WHERE anonymised_at IS NOT NULL)
			OR rider_id IN (SELECT id FROM riders WHERE erased_at IS NOT NULL)
			OR driver_id IN (SELECT id FROM drivers WHERE erased_at IS NOT NULL)
			OR account_id IN (SELECT id FROM accounts WHERE erased_at IS NOT NULL)`, messagesBefore)
		return err
	})
	if err != nil {
		return res, err
	}
	err = s.inTx(ctx, "retention", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM audit_log WHERE at < $1`, auditBefore)
		res.Audit = tag.RowsAffected()
		if err != nil {
			return err
		}
		tag, err = tx.Exec(ctx, `DELETE FROM shuttle_skips WHERE run_date < $1::date`, tripsBefore)
		res.Other = tag.RowsAffected()
		return err
	})
	return res, err
}

// anonymiseOldTrips moves the finished trips before the cutoff date to the
// placeholder rider and empties them. A trip without a date (a ride back
// on call that never got its time) counts by when it was booked.
func (s *Store) anonymiseOldTrips(ctx context.Context, tx pgx.Tx, before string) (int64, error) {
	rows, _ := tx.Query(ctx, `SELECT id FROM trips WHERE anonymised_at IS NULL
		AND (service_date < $1::date OR (service_date IS NULL AND created_at < $1::date))
		ORDER BY id FOR NO KEY UPDATE`, before)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	var placeholder int64
	if _, err := tx.Exec(ctx, `INSERT INTO riders (id, first_name, last_name, street, city, lat, lon, active,
		erased_at, placeholder) OVERRIDING SYSTEM VALUE VALUES (0, 'Anonym', 'Anonym', '', '', 0, 0, false, $1, true)
		ON CONFLICT DO NOTHING`, s.now()); err != nil {
		return 0, err
	}
	if err := tx.QueryRow(ctx, `SELECT id FROM riders WHERE placeholder`).Scan(&placeholder); err != nil {
		return 0, err
	}
	return s.anonymiseTrips(ctx, tx, ids, &placeholder)
}

// anonymiseTrips empties trips of what identifies their senior: the home
// address (an end that is not a place), notes, the reason of a
// cancellation and who booked or cancelled, and the reason and notes of
// their outcomes. Home coordinates are rounded
// to about a kilometre, enough for a map of where rides come from and not
// enough to find a house. rider, when given, replaces the senior (the
// placeholder); an erased senior's own row is anonymous already. The
// tours' kilometres are frozen first, while the coordinates are exact.
func (s *Store) anonymiseTrips(ctx context.Context, tx pgx.Tx, ids []int64, rider *int64) (int64, error) {
	if s.freezeKm != nil {
		if err := s.freezeKm(ctx, tx, ids); err != nil {
			return 0, err
		}
	}
	tag, err := tx.Exec(ctx, `UPDATE trips SET
		rider_id = coalesce($2, rider_id),
		pickup_street = CASE WHEN pickup_place_id IS NULL THEN '' ELSE pickup_street END,
		pickup_lat = CASE WHEN pickup_place_id IS NULL THEN round(pickup_lat::numeric, 2) ELSE pickup_lat END,
		pickup_lon = CASE WHEN pickup_place_id IS NULL THEN round(pickup_lon::numeric, 2) ELSE pickup_lon END,
		dropoff_street = CASE WHEN dropoff_place_id IS NULL THEN '' ELSE dropoff_street END,
		dropoff_lat = CASE WHEN dropoff_place_id IS NULL THEN round(dropoff_lat::numeric, 2) ELSE dropoff_lat END,
		dropoff_lon = CASE WHEN dropoff_place_id IS NULL THEN round(dropoff_lon::numeric, 2) ELSE dropoff_lon END,
		notes = '', cancel_reason = '', booked_by = NULL, cancelled_by = NULL,
		anonymised_at = $3, updated_at = $3
		WHERE id = ANY($1)`, ids, rider, s.now())
	if err != nil {
		return 0, err
	}
	// What became of the ride stays (outcome, who cancelled, the driver);
	// its free texts may name the senior or their illness.
	if _, err := tx.Exec(ctx, `UPDATE trip_outcomes SET reason = '', notes = '' WHERE trip_id = ANY($1)
		AND (reason <> '' OR notes <> '')`, ids); err != nil {
		return 0, err
	}
	// The changes recorded about these trips may quote a reason or a note.
	if _, err := tx.Exec(ctx, `UPDATE audit_log SET summary = '{}' WHERE entity = 'trip' AND entity_id = ANY($1)
		AND summary <> '{}'`, ids); err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// emptyMessages clears the text and the numbers of the finished messages
// that match where (with $1 its argument); kind, status, links and times
// stay for the SMS statistics.
func emptyMessages(ctx context.Context, tx pgx.Tx, now time.Time, where string, arg any) (int64, error) {
	tag, err := tx.Exec(ctx, `UPDATE messages SET body = '', to_number = '', from_number = '', error_message = '',
		updated_at = $2 WHERE body <> '' AND `+finalMessage+` AND (`+where+`)`, arg, now)
	return tag.RowsAffected(), err
}
