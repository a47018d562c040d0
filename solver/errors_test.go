package solver

import (
	"context"
	"errors"
	"testing"
)

// A malformed Problem is refused with a *ValidationError that names every
// broken field, so that callers can translate it field by field.
func TestSolveRefusesMalformedProblems(t *testing.T) {
	p := lineProblem(0, 1, 2)
	p.Tasks[0].Load = -1
	p.Shifts[0].Driver = 5
	_, err := Solve(context.Background(), p, SolveOptions{})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 2 {
		t.Fatalf("got %v, want a ValidationError with two fields", err)
	}
	if ve.Fields[0].Field != "tasks[0].load" || ve.Fields[1].Field != "shifts[0].driver" {
		t.Errorf("fields %+v", ve.Fields)
	}
}
