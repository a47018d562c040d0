package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// readRider reads the rider fields of the intake and edit forms over base.
func readRider(v view, base dispatch.Rider) dispatch.Rider {
	f := v.Form.Values
	rd := base
	rd.FirstName, rd.LastName, rd.Phone = text(f, "first_name"), text(f, "last_name"), text(f, "phone")
	rd.Street, rd.PostalCode, rd.City = text(f, "street"), text(f, "postal_code"), text(f, "city")
	rd.Lat, rd.Lon = coordinates(v)
	rd.Needs = dispatch.Needs{Walker: f.Get("walker") != "", Wheelchair: f.Get("wheelchair") != "", NeedsEscort: f.Get("escort") != ""}
	rd.ContactPreference, rd.Language, rd.Notes = f.Get("contact"), language(f, base.Language), text(f, "notes")
	if rd.ContactPreference == "" {
		v.Form.Errors["contact"] = v.T["err_choose"]
	}
	return rd
}

// riderValues fills the edit form with a rider as stored.
func riderValues(rd dispatch.Rider) url.Values {
	return url.Values{"first_name": {rd.FirstName}, "last_name": {rd.LastName}, "phone": {rd.Phone},
		"street": {rd.Street}, "postal_code": {rd.PostalCode}, "city": {rd.City}, "coords": {coordsValue(rd.Lat, rd.Lon)},
		"walker": {checkbox(rd.Walker)}, "wheelchair": {checkbox(rd.Wheelchair)}, "escort": {checkbox(rd.NeedsEscort)},
		"contact": {rd.ContactPreference}, "language": {rd.Language}, "notes": {rd.Notes}}
}

func validateRider(rd *dispatch.Rider) error { return rd.Validate(normalizePhone) }

// createRider adds a senior from the intake page and goes on to book for
// them.
func (s *server) createRider(w http.ResponseWriter, r *http.Request) error {
	return submit(s, w, r, recordForm[dispatch.Rider]{page: "intake", title: "intake_title", read: readRider,
		validate: validateRider, save: s.Store.CreateRider,
		next: func(rd dispatch.Rider) string { return fmt.Sprintf("/book?rider=%d", rd.ID) }},
		dispatch.Rider{Language: "de", Active: true}, intakeData{})
}

// riderOf is the rider of the path, active or not, so that a coordinator
// can still read one who was taken out of use.
func (s *server) riderOf(r *http.Request) (dispatch.Rider, error) {
	id, err := pathID(r)
	if err != nil {
		return dispatch.Rider{}, err
	}
	return s.Store.Rider(r.Context(), id)
}

// riderPage shows a rider's data to change, with their needs, how they want
// to be reminded and in which language, and a way to take them out of use.
func (s *server) riderPage(w http.ResponseWriter, r *http.Request) error {
	rd, err := s.riderOf(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "rider_title", rd)
	v.Form.Values = riderValues(rd)
	return s.render(w, http.StatusOK, "rider", "", v)
}

// updateRider saves the edit form; every field of the form is written, so
// that a box unticked is a need taken away.
func (s *server) updateRider(w http.ResponseWriter, r *http.Request) error {
	rd, err := s.riderOf(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, recordForm[dispatch.Rider]{page: "rider", title: "rider_title", read: readRider,
		validate: validateRider, next: func(dispatch.Rider) string { return "/people#riders" },
		save: func(ctx context.Context, a dispatch.Actor, rd dispatch.Rider) (dispatch.Rider, error) {
			return s.Store.UpdateRider(ctx, a, rd, riderFields)
		}}, rd, rd)
}

// riderFields are the fields the edit form writes, for the audit log.
var riderFields = []string{"first_name", "last_name", "phone", "street", "postal_code", "city", "lat", "lon",
	"walker", "wheelchair", "needs_escort", "contact_preference", "language", "notes"}
