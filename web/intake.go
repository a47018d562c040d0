package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// intakeData is the phone intake page: what was searched and who was found.
type intakeData struct {
	Query  string
	Riders []dispatch.Rider
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
	d.Riders, err = s.Store.SearchRiders(r.Context(), store.RiderFilter{Query: q, Limit: 15})
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
	v.Form.Values.Set("contact", "sms")
	return s.render(w, http.StatusOK, "intake", "", v)
}

// createRider adds a senior from the intake page and goes on to book for
// them.
func (s *server) createRider(w http.ResponseWriter, r *http.Request) error {
	v := s.newView(r, "intake_title", intakeData{})
	v.Form.Values = r.PostForm
	f, errs := v.Form.Values, v.Form.Errors
	rd := dispatch.Rider{FirstName: strings.TrimSpace(f.Get("first_name")), LastName: strings.TrimSpace(f.Get("last_name")),
		Phone: strings.TrimSpace(f.Get("phone")), Street: strings.TrimSpace(f.Get("street")),
		PostalCode: strings.TrimSpace(f.Get("postal_code")), City: strings.TrimSpace(f.Get("city")),
		Needs:             dispatch.Needs{Walker: f.Get("walker") != "", Wheelchair: f.Get("wheelchair") != "", NeedsEscort: f.Get("escort") != ""},
		ContactPreference: f.Get("contact"), Language: "de", Notes: strings.TrimSpace(f.Get("notes")), Active: true}
	for field, val := range map[string]string{"first_name": rd.FirstName, "last_name": rd.LastName, "street": rd.Street, "city": rd.City} {
		if val == "" || len(val) > 200 {
			errs[field] = v.T["err_required"]
		}
	}
	var ok bool
	if rd.Lat, rd.Lon, ok = parseCoordinates(f.Get("coords")); !ok {
		errs["coords"] = v.T["err_coords"]
	}
	if rd.ContactPreference != "sms" && rd.ContactPreference != "call" && rd.ContactPreference != "relative" {
		errs["contact"] = v.T["err_choose"]
	}
	if len(errs) == 0 {
		created, err := s.Store.CreateRider(r.Context(), actorOf(r), rd)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/book?rider=%d", created.ID))
		}
		if dispatch.ErrorCode(err) != dispatch.CodeInvalid && dispatch.ErrorCode(err) != dispatch.CodeConflict {
			return err
		}
		errs["first_name"] = explain(v.T, err, "err_check")
	}
	return s.render(w, http.StatusUnprocessableEntity, "intake", "", v)
}
