package solver

import (
	"fmt"
	"strings"
)

// FieldError names one field of a Problem the solver cannot read and says
// why, so that a caller can point at its own input that produced it.
type FieldError struct {
	Field  string // such as "tasks[3].pickup.location"
	Reason string
}

// ValidationError is Solve's only error: the Problem is malformed. It lists
// every broken field at once, so that a caller fixes its conversion in one
// round; callers with their own error conventions (the service's planning)
// translate the fields instead of matching the message.
type ValidationError struct {
	Fields []FieldError
}

// Error lists the broken fields, for logs and the benchmark command.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("solver: the problem is not valid")
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Reason)
	}
	return b.String()
}

// fields collects field errors while validating a Problem.
type fields []FieldError

// Add records one broken field.
func (f *fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Err returns a *ValidationError listing the fields, or nil when there are
// none.
func (f fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}
