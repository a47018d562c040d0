package planning

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Worker runs planning jobs. The planning queue has one worker per instance,
// the job is unique per date while waiting, and SavePlan serialises writes
// per date, so two runs of one date never interleave their writes.
type Worker struct {
	river.WorkerDefaults[PlanDayArgs]
	Service *Service
}

// Work plans the job's date.
func (w *Worker) Work(ctx context.Context, job *river.Job[PlanDayArgs]) error {
	_, err := w.Service.PlanDay(ctx, job.Args.Date)
	if dispatch.ErrorCode(err) == dispatch.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

// Timeout gives a run time for both passes and the database writes.
func (w *Worker) Timeout(*river.Job[PlanDayArgs]) time.Duration {
	limit := w.Service.Planner.TimeLimit
	if limit == 0 {
		limit = DefaultTimeLimit
	}
	return 2*limit + time.Minute
}

// UpcomingArgs asks for the next days to be planned; it runs nightly.
type UpcomingArgs struct {
	Days int `json:"days"`
}

// Kind names the job for River.
func (UpcomingArgs) Kind() string { return "plan_upcoming" }

// InsertOpts puts the job on the planning queue.
func (UpcomingArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueuePlanning}
}

// Enqueuer asks for days to be planned; *store.Store implements it, in
// one transaction with River's insert.
type Enqueuer interface {
	EnqueuePlanning(ctx context.Context, days int) error
}

// UpcomingWorker enqueues a planning run for each of the next days.
type UpcomingWorker struct {
	river.WorkerDefaults[UpcomingArgs]
	Store Enqueuer
}

// Work enqueues the runs; uniqueness per date drops those already waiting.
func (w *UpcomingWorker) Work(ctx context.Context, job *river.Job[UpcomingArgs]) error {
	return w.Store.EnqueuePlanning(ctx, job.Args.Days)
}
