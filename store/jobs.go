package store

import (
	"time"

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
// waiting, so a burst of bookings for one day causes one re-plan, not many.
type PlanDayArgs struct {
	Date string `json:"date"`
}

// Kind names the job for River.
func (PlanDayArgs) Kind() string { return "plan_day" }

// InsertOpts puts planning on its queue and makes it unique per date among
// jobs not yet running.
func (PlanDayArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue: QueuePlanning,
		UniqueOpts: river.UniqueOpts{
			ByArgs: true,
			ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled,
				rivertype.JobStatePending, rivertype.JobStateRetryable},
		},
	}
}

// planSoon delays planning a little so that the two legs of a booking, or a
// few quick bookings, are planned together.
const planSoon = 2 * time.Second
