package planning

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// quickLimit bounds the cheap first pass that slots a new booking into the
// current plan, so that a coordinator sees a proposed driver within seconds.
const quickLimit = 300 * time.Millisecond

// quickSearch is the time limit of the quick pass's Planner: quickLimit
// less what follows the limit (the iteration under way and the output),
// about 10 ms at 300 requests on a loaded machine; the limit itself covers
// the travel times, the preprocessing and the construction.
const quickSearch = quickLimit - 40*time.Millisecond

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

// Store is what planning needs of the database: a consistent snapshot of a
// day, the day's plan version to notice changes made during a run, and one
// transaction to save the result. Defined here, implemented by *store.Store,
// so that planning depends on four methods rather than on the store.
type Store interface {
	LoadPlanningDay(ctx context.Context, date string) (dispatch.PlanningDay, error)
	PlanVersion(ctx context.Context, date string) (int64, error)
	SavePlan(ctx context.Context, date string, res dispatch.PlanResult) error
	// Location is the service's local time zone, in which dates and
	// drivers' weekly windows are meant.
	Location() *time.Location
}

// Service plans days.
type Service struct {
	Store   Store
	Planner Planner
	metrics *metrics
}

// New returns a planning service whose metrics go to reg.
func New(st Store, planner Planner, reg prometheus.Registerer) *Service {
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
func (s *Service) run(ctx context.Context, day dispatch.PlanningDay, quick bool, load time.Duration) (Summary, error) {
	c, err := s.solve(ctx, day, quick, time.Now().Add(-load))
	if err != nil {
		return Summary{}, err
	}
	return s.Save(ctx, c)
}

// Computed is a plan solved from one snapshot of a day and not saved yet.
// Planning is split into load+solve and save so that whatever happens in
// between (a decline, a hand assignment, a cancellation) can be seen to win:
// SavePlan checks the plan against the state it meets, not the state it was
// computed from (docs/decisions/0010-assignment-lifecycle.md).
type Computed struct {
	res   dispatch.PlanResult
	sum   Summary
	quick bool
	start time.Time
}

// Compute loads the day and solves it (the full pass, or the quick
// insertion), without saving.
func (s *Service) Compute(ctx context.Context, date string, quick bool) (Computed, error) {
	start := time.Now()
	day, err := s.Store.LoadPlanningDay(ctx, date)
	if err != nil {
		return Computed{}, err
	}
	return s.solve(ctx, day, quick, start)
}

func (s *Service) solve(ctx context.Context, day dispatch.PlanningDay, quick bool, start time.Time) (Computed, error) {
	in, skipped, err := input(day, s.Store.Location(), quick)
	if err != nil {
		return Computed{}, dispatch.Errorf(dispatch.CodeInvalid, "date must be YYYY-MM-DD")
	}
	planner := s.Planner
	if quick {
		planner.TimeLimit = quickSearch
	}
	plan, err := planner.Plan(ctx, in)
	if err != nil {
		return Computed{}, err
	}
	res := result(plan)
	for tripID, reason := range skipped {
		res.Unassigned[tripID] = reason
	}
	// Only the full pass offers rides to drivers; see dispatch.PlanResult.
	res.Offer = !quick
	res.Version = day.Version
	sum := Summary{Date: day.Date, Requests: len(in.Requests), Assigned: len(res.Proposals),
		Unassigned: res.Unassigned, Cost: plan.Cost, version: day.Version}
	return Computed{res: res, sum: sum, quick: quick, start: start}, nil
}

// Save writes a computed plan. The store keeps every decision a person
// made since the plan's snapshot (see store.SavePlan).
func (s *Service) Save(ctx context.Context, c Computed) (Summary, error) {
	if err := s.Store.SavePlan(ctx, c.sum.Date, c.res); err != nil {
		return Summary{}, err
	}
	sum := c.sum
	sum.Seconds = time.Since(c.start).Seconds()
	if !c.quick {
		s.metrics.observe(sum)
	}
	return sum, nil
}
