package planning

import (
	"errors"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/solver"
)

// The solver's validation error reaches the API as dispatch's invalid-input
// error with the same fields, as it did when the solver lived in dispatch;
// other errors pass unchanged.
func TestSolverErrorKeepsTheFields(t *testing.T) {
	ve := &solver.ValidationError{Fields: []solver.FieldError{
		{Field: "tasks[0].load", Reason: "must not be negative"},
		{Field: "pins[1].driver", Reason: "names no 100% driver"},
	}}
	err := solverError(ve)
	var e *dispatch.Error
	if !errors.As(err, &e) || e.Code != dispatch.CodeInvalid || len(e.Fields) != 2 {
		t.Fatalf("got %v, want an invalid-input error with two fields", err)
	}
	if f := e.Fields[1]; f.Field != "pins[1].driver" || f.Message != "names no 100% driver" {
		t.Errorf("field %+v", f)
	}
	other := errors.New("boom")
	if got := solverError(other); got != other {
		t.Errorf("got %v for a plain error", got)
	}
}
