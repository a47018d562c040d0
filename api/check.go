package api

import "fmt"

// indexed names a field of a list element as the field errors do:
// windows[2].start. Short texts that are no record of their own (reasons,
// addresses of trips) are checked with dispatch's Fields.Text and
// dispatch.Storable directly.
func indexed(list string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, field)
}
