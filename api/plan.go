package api

import (
	"context"
	"net/http"
)

// DayPlans reads the plan of a local date: every driver's route and what is
// unassigned. The result is answered as JSON as it is.
type DayPlans interface {
	DayPlan(ctx context.Context, date string) (any, error)
}

// DayPlanner plans a local date now and reports what it did.
type DayPlanner interface {
	PlanDay(ctx context.Context, date string) (any, error)
}

// DayFunc adapts a typed function to DayPlans and DayPlanner, so that the
// API need not know the planner's types:
// api.DayFunc[store.Board](st.Board).
type DayFunc[T any] func(ctx context.Context, date string) (T, error)

// DayPlan calls f.
func (f DayFunc[T]) DayPlan(ctx context.Context, date string) (any, error) { return f(ctx, date) }

// PlanDay calls f.
func (f DayFunc[T]) PlanDay(ctx context.Context, date string) (any, error) { return f(ctx, date) }

// dayPlan answers GET /plan?date=.
func (s *server) dayPlan(w http.ResponseWriter, r *http.Request) error {
	if s.Plans == nil {
		return errNotWired
	}
	return s.forDate(w, r, s.Plans.DayPlan)
}

// dispatchDay answers POST /dispatch?date=: plan that day now.
func (s *server) dispatchDay(w http.ResponseWriter, r *http.Request) error {
	if s.Planner == nil {
		return errNotWired
	}
	return s.forDate(w, r, s.Planner.PlanDay)
}

func (s *server) forDate(w http.ResponseWriter, r *http.Request, fn func(context.Context, string) (any, error)) error {
	q := query{r: r}
	date := q.date("date", true)
	if err := q.err(); err != nil {
		return err
	}
	v, err := fn(r.Context(), date)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
