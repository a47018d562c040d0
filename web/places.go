package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// placesData is the list of places, with what was searched.
type placesData struct {
	Query  string
	Places []dispatch.Place
}

// places lists the destinations one can book, to change them or add one.
func (s *server) places(w http.ResponseWriter, r *http.Request) error {
	d := placesData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if len(d.Query) > 100 {
		d.Query = d.Query[:100]
	}
	var err error
	if d.Places, err = s.Store.Places(r.Context(), d.Query); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "places", "", s.newView(r, "places_title", d))
}

func readPlace(v view, p dispatch.Place) dispatch.Place {
	f := v.Form.Values
	p.Name, p.Kind, p.Notes = text(f, "name"), f.Get("kind"), text(f, "notes")
	p.Street, p.City, p.Lat, p.Lon = address(v)
	return p
}

func placeValues(p dispatch.Place) url.Values {
	return url.Values{"name": {p.Name}, "kind": {p.Kind}, "street": {p.Street}, "city": {p.City},
		"coords": {coordsValue(p.Lat, p.Lon)}, "notes": {p.Notes}}
}

func validatePlace(p *dispatch.Place) error { return p.Validate() }

func placesNext(dispatch.Place) string { return "/places" }

// newPlacePage is the empty place form; most places are practices.
func (s *server) newPlacePage(w http.ResponseWriter, r *http.Request) error {
	v := s.newView(r, "place_new_title", dispatch.Place{})
	v.Form.Values = placeValues(dispatch.Place{Kind: dispatch.PlacePractice})
	return s.render(w, http.StatusOK, "place", "", v)
}

func (s *server) createPlace(w http.ResponseWriter, r *http.Request) error {
	return submit(s, w, r, recordForm[dispatch.Place]{page: "place", title: "place_new_title", read: readPlace,
		validate: validatePlace, save: s.Store.CreatePlace, next: placesNext}, dispatch.Place{Active: true}, dispatch.Place{})
}

// placeEdit is the form that changes a place; trips already booked keep
// the address they were booked with.
func (s *server) placeEdit() recordForm[dispatch.Place] {
	return recordForm[dispatch.Place]{page: "place", title: "place_edit_title", read: readPlace,
		validate: validatePlace, next: placesNext,
		save: updating(s.Store.UpdatePlace, "name", "kind", "street", "city", "lat", "lon", "notes")}
}
