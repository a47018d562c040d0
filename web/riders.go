package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/phone"
)

// readRider reads the rider fields of the intake and edit forms over rd,
// a new rider or the stored one.
func readRider(v view, rd dispatch.Rider) dispatch.Rider {
	f := v.Form.Values
	rd.FirstName, rd.LastName, rd.Phone = text(f, "first_name"), text(f, "last_name"), text(f, "phone")
	rd.Street, rd.City, rd.Lat, rd.Lon = address(v)
	rd.PostalCode = text(f, "postal_code")
	rd.Needs = dispatch.Needs{Walker: f.Get("walker") != "", Wheelchair: f.Get("wheelchair") != "", NeedsEscort: f.Get("escort") != ""}
	// An empty choice is "by number": Validate makes it SMS for a mobile
	// number and a call for a landline, which SMS cannot reach.
	rd.ContactPreference, rd.Language, rd.Notes = f.Get("contact"), language(f, rd.Language), text(f, "notes")
	return rd
}

// riderValues fills the edit form with a rider as stored.
func riderValues(rd dispatch.Rider) url.Values {
	return url.Values{"first_name": {rd.FirstName}, "last_name": {rd.LastName}, "phone": {rd.Phone},
		"street": {rd.Street}, "postal_code": {rd.PostalCode}, "city": {rd.City}, "coords": {coordsValue(rd.Lat, rd.Lon)},
		"walker": {checkbox(rd.Walker)}, "wheelchair": {checkbox(rd.Wheelchair)}, "escort": {checkbox(rd.NeedsEscort)},
		"contact": {rd.ContactPreference}, "language": {rd.Language}, "notes": {rd.Notes}}
}

func validateRider(rd *dispatch.Rider) error { return rd.Validate(phone.NormalizeDefault) }

// createRider adds a senior from the intake page and goes on to book for
// them.
func (s *server) createRider(w http.ResponseWriter, r *http.Request) error {
	return submit(s, w, r, recordForm[dispatch.Rider]{page: "intake", title: "intake_title", read: readRider,
		validate: validateRider, save: s.Store.CreateRider,
		next: func(rd dispatch.Rider) string { return fmt.Sprintf("/book?rider=%d", rd.ID) }},
		dispatch.Rider{Language: "de", Active: true}, intakeData{})
}

// riderEdit is the form that changes a rider: their needs, how they want
// to be reminded and in which language; the page also takes them out of
// use.
func (s *server) riderEdit() recordForm[dispatch.Rider] {
	return recordForm[dispatch.Rider]{page: "rider", title: "rider_title", read: readRider, validate: validateRider,
		next: func(dispatch.Rider) string { return "/people#riders" },
		save: updating(s.Store.UpdateRider, "first_name", "last_name", "phone", "street", "postal_code", "city", "lat", "lon",
			"walker", "wheelchair", "needs_escort", "contact_preference", "language", "notes")}
}
