package web

import (
	"net/http"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// intakeData is the phone intake page: what was searched and who was found.
type intakeData struct {
	Query  string
	Riders []dispatch.Rider
	// New opens the new-person form at once, filled from the search.
	New bool
}

func (s *server) findRiders(r *http.Request) (intakeData, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := intakeData{Query: q}
	if q == "" {
		return d, nil
	}
	if len(q) > 100 {
		q = q[:100]
	}
	var err error
	d.Riders, err = s.Store.SearchRiders(r.Context(), dispatch.RiderFilter{Query: q, Limit: 15})
	return d, err
}

// intake is the coordinator's start page: find the caller, or add them.
// The search works as a plain form; the script replaces the results as
// one types.
func (s *server) intake(w http.ResponseWriter, r *http.Request) error {
	d, err := s.findRiders(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "intake_title", d)
	v.Form.Values.Set("language", "de")
	carryOver(v.Form.Values, d.Query)
	if d.New = r.URL.Query().Get("new") != ""; d.New {
		v.Data = d
	} else {
		v.Form.Values.Del(focusField) // the search box keeps the focus
	}
	return s.render(w, http.StatusOK, "intake", "", v)
}
