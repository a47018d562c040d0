package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/planning"
)

// Queues of the River client. SMS must never wait behind a long planning run,
// hence separate queues (planning.QueuePlanning is the third).
const (
	QueueSMS         = "sms"
	QueueMaintenance = "maintenance"
)

// EnqueuePlanning asks for today and the next days to be planned, behind any
// day that a booking changed.
func (s *Store) EnqueuePlanning(ctx context.Context, days int) error {
	today := s.now().In(s.loc)
	return s.inTx(ctx, "plan", func(tx pgx.Tx) error {
		for i := 0; i <= days; i++ {
			date := time.Date(today.Year(), today.Month(), today.Day()+i, 12, 0, 0, 0, s.loc).Format(time.DateOnly)
			if err := s.enqueue(ctx, tx, planning.PlanDayArgs{Date: date}, &river.InsertOpts{Priority: planning.PriorityNightly}); err != nil {
				return err
			}
		}
		return nil
	})
}
