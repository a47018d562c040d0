package planning

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// quickLimit bounds the cheap first pass that slots a new booking into the
// current plan, so that a coordinator sees a proposed driver within seconds.
const quickLimit = 300 * time.Millisecond

// Summary is what a planning run reports, to the API and the metrics.
type Summary struct {
	Date       string           `json:"date"`
	Requests   int              `json:"requests"`
	Assigned   int              `json:"assigned"`
	Unassigned map[int64]string `json:"unassigned"`
	Cost       float64          `json:"cost"`
	Seconds    float64          `json:"seconds"`
	version    int64
}

// Service plans days.
type Service struct {
	Store   *store.Store
	Planner Planner
	metrics *metrics
}

// New returns a planning service whose metrics go to reg.
func New(st *store.Store, planner Planner, reg prometheus.Registerer) *Service {
	return &Service{Store: st, Planner: planner, metrics: newMetrics(reg)}
}

// maxRounds bounds how often one job plans again because of changes that
// arrived while it ran; a later change enqueues a job of its own.
const maxRounds = 3

// PlanDay plans one local date now: first a cheap insertion of new trips
// into the current plan (proposals stay with their drivers), saved at once,
// then the full re-plan in which only offered and confirmed rides are fixed.
// When the date changed meanwhile, it plans again.
//
// Both passes of a round plan from one snapshot of the day: the quick pass
// writes only proposals, and the full pass does not read them (proposals
// are not pinned; weekly counts, known and refused drivers come from other
// states), so loading again would read the same input. A change that
// arrives meanwhile moves the plan version and brings another round.
func (s *Service) PlanDay(ctx context.Context, date string) (Summary, error) {
	var sum Summary
	for round := 0; round < maxRounds; round++ {
		start := time.Now()
		day, err := s.Store.LoadPlanningDay(ctx, date)
		if err != nil {
			return Summary{}, err
		}
		load := time.Since(start)
		if _, err := s.run(ctx, day, true, load); err != nil {
			return Summary{}, err
		}
		if sum, err = s.run(ctx, day, false, load); err != nil {
			return Summary{}, err
		}
		v, err := s.Store.PlanVersion(ctx, date)
		if err != nil || v == sum.version {
			return sum, err
		}
	}
	return sum, nil
}

// run plans day in one pass and saves the result. load is the time the
// day took to load, counted in the pass's duration as when each pass
// loaded its own.
func (s *Service) run(ctx context.Context, day store.PlanningDay, quick bool, load time.Duration) (Summary, error) {
	start := time.Now().Add(-load)
	date := day.Date
	in, skipped, err := input(day, s.Store.Location(), quick)
	if err != nil {
		return Summary{}, dispatch.Errorf(dispatch.CodeInvalid, "date must be YYYY-MM-DD")
	}
	planner := s.Planner
	if quick {
		planner.TimeLimit = quickLimit
	}
	plan, err := planner.Plan(ctx, in)
	if err != nil {
		return Summary{}, err
	}
	res := result(plan)
	for tripID, reason := range skipped {
		res.Unassigned[tripID] = reason
	}
	// Only the full pass offers rides to drivers; see store.PlanResult.
	res.Offer = !quick
	if err := s.Store.SavePlan(ctx, date, res); err != nil {
		return Summary{}, err
	}
	sum := Summary{Date: date, Requests: len(in.Requests), Assigned: len(res.Proposals),
		Unassigned: res.Unassigned, Cost: plan.Cost, Seconds: time.Since(start).Seconds(), version: day.Version}
	if !quick {
		s.metrics.observe(sum)
	}
	return sum, nil
}

// Worker runs planning jobs. The planning queue has one worker per instance,
// the job is unique per date while waiting, and SavePlan serialises writes
// per date, so two runs of one date never interleave their writes.
type Worker struct {
	river.WorkerDefaults[store.PlanDayArgs]
	Service *Service
}

// Work plans the job's date.
func (w *Worker) Work(ctx context.Context, job *river.Job[store.PlanDayArgs]) error {
	_, err := w.Service.PlanDay(ctx, job.Args.Date)
	if dispatch.ErrorCode(err) == dispatch.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

// Timeout gives a run time for both passes and the database writes.
func (w *Worker) Timeout(*river.Job[store.PlanDayArgs]) time.Duration {
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
	return river.InsertOpts{Queue: store.QueuePlanning}
}

// UpcomingWorker enqueues a planning run for each of the next days.
type UpcomingWorker struct {
	river.WorkerDefaults[UpcomingArgs]
	Store *store.Store
}

// Work enqueues the runs; uniqueness per date drops those already waiting.
func (w *UpcomingWorker) Work(ctx context.Context, job *river.Job[UpcomingArgs]) error {
	return w.Store.EnqueuePlanning(ctx, job.Args.Days)
}
