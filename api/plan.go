package api

import (
	"context"
	"net/http"
)

// DayPlanner plans a local date now and reports what it did. The report is
// answered as JSON as it is: it belongs to the planner, which the API does
// not import.
type DayPlanner interface {
	PlanDay(ctx context.Context, date string) (any, error)
}

// DayFunc adapts a typed planning function to DayPlanner, so that the API
// need not know the planner's types: api.DayFunc[planning.Summary](p.PlanDay).
type DayFunc[T any] func(ctx context.Context, date string) (T, error)

// PlanDay calls f.
func (f DayFunc[T]) PlanDay(ctx context.Context, date string) (any, error) { return f(ctx, date) }

// dayPlan answers GET /plan?date= with the day's dispatch.Board.
func (s *server) dayPlan(w http.ResponseWriter, r *http.Request) error {
	if s.Plans == nil {
		return errNotWired
	}
	return forDate(w, r, s.Plans.Board)
}

// dispatchDay answers POST /dispatch?date=: plan that day now.
func (s *server) dispatchDay(w http.ResponseWriter, r *http.Request) error {
	if s.Planner == nil {
		return errNotWired
	}
	return forDate(w, r, s.Planner.PlanDay)
}

// forDate reads the required date parameter, calls fn with it and answers
// with its result, the one shape of the plan's two routes.
func forDate[T any](w http.ResponseWriter, r *http.Request, fn func(context.Context, string) (T, error)) error {
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
