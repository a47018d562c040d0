package api

import (
	"fmt"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The checks of inputs that are no record of their own; riders, drivers,
// places and shuttles validate themselves in dispatch (validate.go).

// storable reports whether PostgreSQL can store a text; the rule lives in
// dispatch beside the other input rules.
func storable(v string) bool { return dispatch.Storable(v) }

// checkText is dispatch's rule for short texts, for the API's inputs that
// are no record of their own (reasons, trip addresses).
func checkText(fe *dispatch.Fields, field, v string, required bool) { fe.Text(field, v, required) }

// indexed names a field of a list element as the field errors do:
// windows[2].start.
func indexed(list string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, field)
}
