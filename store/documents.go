package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// DocumentReminderAhead is how long before a document expires the driver
// is reminded by SMS: a month leaves time to get a new police certificate.
const DocumentReminderAhead = 30 * 24 * time.Hour

// SetDocument records a volunteer's document with its expiry. A new expiry
// may be reminded of again. The driver's coming days are planned again,
// since an expired document takes them out of the plan and a renewed one
// brings them back.
func (s *Store) SetDocument(ctx context.Context, actor dispatch.Actor, doc dispatch.DriverDocument) error {
	var checked *string
	if doc.CheckedOn != "" {
		checked = &doc.CheckedOn
	}
	return s.inTx(ctx, "document", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO driver_documents (driver_id, kind, checked_on, expires_on, required, updated_at)
			VALUES ($1, $2, $3::date, $4::date, $5, $6)
			ON CONFLICT (driver_id, kind) DO UPDATE SET checked_on = $3::date, expires_on = $4::date, required = $5,
			  updated_at = $6, reminded_for = CASE WHEN driver_documents.expires_on = $4::date
			  THEN driver_documents.reminded_for END`,
			doc.DriverID, doc.Kind, checked, doc.ExpiresOn, doc.Required, s.now()); err != nil {
			return err
		}
		if err := s.planDriverDays(ctx, tx, doc.DriverID, ""); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "driver", doc.DriverID, "document", map[string]any{"kind": doc.Kind, "expires_on": doc.ExpiresOn})
	})
}

// planDriverDays asks for the coming days with a live assignment of the
// driver to be planned again, and the days from..until (YYYY-MM-DD;
// empty from: none) besides.
func (s *Store) planDriverDays(ctx context.Context, tx pgx.Tx, driverID int64, from string, until ...string) error {
	rows, _ := tx.Query(ctx, `SELECT DISTINCT to_char(t.service_date, 'YYYY-MM-DD') FROM assignments a
		JOIN trips t ON t.id = a.trip_id WHERE a.driver_id = $1 AND a.state IN ('proposed', 'offered', 'confirmed')
		AND t.service_date >= $2::date`, driverID, s.today().Format(time.DateOnly))
	dates, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if from != "" && len(until) == 1 {
		d, _ := time.Parse(time.DateOnly, from)
		end, _ := time.Parse(time.DateOnly, until[0])
		for i := 0; !d.After(end) && i < 31; d, i = d.AddDate(0, 0, 1), i+1 {
			dates = append(dates, d.Format(time.DateOnly))
		}
	}
	trips := make([]dispatch.Trip, len(dates))
	for i, d := range dates {
		trips[i].ServiceDate = d
	}
	return s.planDates(ctx, tx, trips...)
}

const documentColumns = `x.driver_id, x.kind, coalesce(to_char(x.checked_on, 'YYYY-MM-DD'), ''),
	to_char(x.expires_on, 'YYYY-MM-DD'), x.required, d.first_name || ' ' || d.last_name`

func scanDocument(r pgx.CollectableRow) (dispatch.DriverDocument, error) {
	var doc dispatch.DriverDocument
	return doc, r.Scan(&doc.DriverID, &doc.Kind, &doc.CheckedOn, &doc.ExpiresOn, &doc.Required, &doc.DriverName)
}

// Documents lists a driver's documents.
func (s *Store) Documents(ctx context.Context, driverID int64) ([]dispatch.DriverDocument, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM driver_documents x JOIN drivers d ON d.id = x.driver_id
		WHERE x.driver_id = $1 ORDER BY x.kind`, driverID)
	docs, err := pgx.CollectRows(rows, scanDocument)
	return docs, mapError(err, "document")
}

// ExpiringDocuments lists the active drivers' documents that have expired
// or expire within the next DocumentExpiryWarning, soonest first.
func (s *Store) ExpiringDocuments(ctx context.Context) ([]dispatch.DriverDocument, error) {
	until := s.today().Add(dispatch.DocumentExpiryWarning).Format(time.DateOnly)
	rows, _ := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM driver_documents x JOIN drivers d ON d.id = x.driver_id
		WHERE d.active AND x.expires_on <= $1::date ORDER BY x.expires_on, d.last_name`, until)
	docs, err := pgx.CollectRows(rows, scanDocument)
	return docs, mapError(err, "document")
}

// RemindDocuments queues one SMS per document that expires within
// DocumentReminderAhead and was not reminded of for this expiry, in the
// transaction that records the reminder, so that it goes out once.
func (s *Store) RemindDocuments(ctx context.Context) (int, error) {
	n := 0
	err := s.inTx(ctx, "document", func(tx pgx.Tx) error {
		n = 0
		until := s.today().Add(DocumentReminderAhead).Format(time.DateOnly)
		rows, _ := tx.Query(ctx, `SELECT x.driver_id, x.kind, x.expires_on, d.first_name, d.phone, d.language
			FROM driver_documents x JOIN drivers d ON d.id = x.driver_id
			WHERE d.active AND NOT d.sms_opt_out AND x.expires_on <= $1::date AND x.expires_on >= $2::date
			  AND x.reminded_for IS DISTINCT FROM x.expires_on ORDER BY x.driver_id, x.kind FOR UPDATE OF x`,
			until, s.today().Format(time.DateOnly))
		type due struct {
			driver          int64
			kind            string
			expires         time.Time
			first, to, lang string
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			return d, r.Scan(&d.driver, &d.kind, &d.expires, &d.first, &d.to, &d.lang)
		})
		if err != nil {
			return err
		}
		for _, d := range list {
			lang := notify.ParseLang(d.lang)
			expires := time.Date(d.expires.Year(), d.expires.Month(), d.expires.Day(), 12, 0, 0, 0, s.loc)
			if _, err := s.queueMessage(ctx, tx, outMessage{Kind: notify.KindDocumentReminder, To: d.to, Lang: lang,
				Body: s.sms.texts.DocumentReminder(lang, d.first, d.kind, expires), DriverID: d.driver}); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE driver_documents SET reminded_for = expires_on
				WHERE driver_id = $1 AND kind = $2`, d.driver, d.kind); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// DocumentReminderArgs is the daily job that reminds drivers of expiring
// documents.
type DocumentReminderArgs struct{}

// Kind names the job for River.
func (DocumentReminderArgs) Kind() string { return "document_reminders" }

// InsertOpts puts the job on the maintenance queue, once an hour at most.
func (DocumentReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMaintenance, UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// DocumentReminderWorker runs the reminders.
type DocumentReminderWorker struct {
	river.WorkerDefaults[DocumentReminderArgs]
	Store *Store
}

// Work queues the reminders.
func (w *DocumentReminderWorker) Work(ctx context.Context, _ *river.Job[DocumentReminderArgs]) error {
	_, err := w.Store.RemindDocuments(ctx)
	return err
}
