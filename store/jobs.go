package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Queues of the River client. SMS must never wait behind a long planning run,
// hence separate queues.
const (
	QueueSMS         = "sms"
	QueuePlanning    = "planning"
	QueueMaintenance = "maintenance"
)

// PlanDayArgs asks the planner to plan one local date. Unique per date while
// waiting or running, so a burst of bookings for one day causes one re-plan
// and two runs of a date never overlap; a change that arrives while a run is
// under way is caught by the run itself through the date's plan version.
type PlanDayArgs struct {
	Date string `json:"date"`
}

// Kind names the job for River.
func (PlanDayArgs) Kind() string { return "plan_day" }

// InsertOpts puts planning on its queue and makes it unique per date among
// jobs not yet running.
func (PlanDayArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:    QueuePlanning,
		Priority: priorityBooking,
		UniqueOpts: river.UniqueOpts{
			ByArgs: true,
			ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled,
				rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning},
		},
	}
}

// Planning priorities: a day just changed by a booking is planned before the
// nightly sweep of the week ahead, so a coordinator never waits behind it.
const (
	priorityBooking = 1
	priorityNightly = 3
)

// EnqueuePlanning asks for today and the next days to be planned, behind any
// day that a booking changed.
func (s *Store) EnqueuePlanning(ctx context.Context, days int) error {
	today := s.now().In(s.loc)
	return s.inTx(ctx, "plan", func(tx pgx.Tx) error {
		for i := 0; i <= days; i++ {
			date := time.Date(today.Year(), today.Month(), today.Day()+i, 12, 0, 0, 0, s.loc).Format(time.DateOnly)
			if err := s.enqueue(ctx, tx, PlanDayArgs{Date: date}, &river.InsertOpts{Priority: priorityNightly}); err != nil {
				return err
			}
		}
		return nil
	})
}
