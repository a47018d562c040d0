package dispatch

import (
	"slices"
	"strings"
)

// DefaultPurposes are the purposes of a ride the funder's report asks
// about, as a German agency names them. The list is configurable
// (FAHRDIENST_TRIP_PURPOSES), because every funder groups differently.
var DefaultPurposes = []string{"Arzt/Facharzt", "Impfung", "Krankenhaus", "Einkauf", "Behörde", "Sonstiges"}

// ParsePurposes reads a comma-separated list of purposes; empty gives the
// defaults. Blank entries are dropped and duplicates refused, so that the
// report never splits one purpose in two.
func ParsePurposes(v string) ([]string, error) {
	if strings.TrimSpace(v) == "" {
		return slices.Clone(DefaultPurposes), nil
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !Storable(p) || len([]rune(p)) > 60 {
			return nil, Errorf(CodeInvalid, "a purpose must be at most 60 characters of valid text")
		}
		if slices.Contains(out, p) {
			return nil, Errorf(CodeInvalid, "the purpose %q is listed twice", p)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, Errorf(CodeInvalid, "the list of purposes is empty")
	}
	return out, nil
}

// validatePurpose checks an optional purpose against the agency's list
// (the defaults when the list is empty).
func validatePurpose(purpose string, list []string, fe *Fields) {
	if purpose == "" {
		return
	}
	if len(list) == 0 {
		list = DefaultPurposes
	}
	if !slices.Contains(list, purpose) {
		fe.Add("purpose", "must be one of: %s", strings.Join(list, ", "))
	}
}
