package api

import (
	"io"
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// placeInput is the body of creating and of updating a place.
type placeInput struct {
	Name   *string  `json:"name"`
	Kind   *string  `json:"kind"`
	Street *string  `json:"street"`
	City   *string  `json:"city"`
	Lat    *float64 `json:"lat"`
	Lon    *float64 `json:"lon"`
	Notes  *string  `json:"notes"`
	Active *bool    `json:"active"`
}

func placeFromBody(body io.Reader, base dispatch.Place) (dispatch.Place, []string, error) {
	var in placeInput
	if err := decodeJSON(body, &in); err != nil {
		return base, nil, err
	}
	var c []string
	set(&base.Name, in.Name, "name", &c)
	set(&base.Kind, in.Kind, "kind", &c)
	set(&base.Street, in.Street, "street", &c)
	set(&base.City, in.City, "city", &c)
	set(&base.Lat, in.Lat, "lat", &c)
	set(&base.Lon, in.Lon, "lon", &c)
	set(&base.Notes, in.Notes, "notes", &c)
	set(&base.Active, in.Active, "active", &c)
	return base, c, base.Validate()
}

func (s *server) createPlace(w http.ResponseWriter, r *http.Request) error {
	return create(s, w, r, dispatch.Place{Active: true}, placeFromBody, s.Store.CreatePlace)
}

// listPlaces is for everyone who books: relatives pick the practice too.
func (s *server) listPlaces(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	text := q.text("q")
	if err := q.err(); err != nil {
		return err
	}
	ps, err := s.Store.Places(r.Context(), text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(ps, 0, 0))
	return nil
}

func (s *server) getPlace(w http.ResponseWriter, r *http.Request) error {
	return read(w, r, s.Store.Place)
}

func (s *server) updatePlace(w http.ResponseWriter, r *http.Request) error {
	return update(s, w, r, s.Store.Place, placeFromBody, s.Store.UpdatePlace)
}

func (s *server) deactivatePlace(w http.ResponseWriter, r *http.Request) error {
	return deactivate(w, r, s.Store.DeactivatePlace)
}
