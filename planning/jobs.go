package planning

import (
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// QueuePlanning is the River queue of planning runs, apart from SMS so that
// no message waits behind a long run.
const QueuePlanning = "planning"

// The job arguments live here, with the worker that runs them; the store
// imports them to enqueue a re-plan in the transaction that makes it
// necessary.

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
		Priority: PriorityBooking,
		UniqueOpts: river.UniqueOpts{
			ByArgs: true,
			ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled,
				rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning},
		},
	}
}

// Priorities of planning jobs: a day just changed by a booking is planned before the
// nightly sweep of the week ahead, so a coordinator never waits behind it.
const (
	PriorityBooking = 1
	PriorityNightly = 3
)
