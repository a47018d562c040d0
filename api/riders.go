package api

import (
	"context"
	"io"
	"net/http"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/phone"
)

// riderInput is the body of creating (all required fields) and of updating
// a rider (only the fields given change).
type riderInput struct {
	FirstName         *string  `json:"first_name"`
	LastName          *string  `json:"last_name"`
	Phone             *string  `json:"phone"`
	Street            *string  `json:"street"`
	PostalCode        *string  `json:"postal_code"`
	City              *string  `json:"city"`
	Lat               *float64 `json:"lat"`
	Lon               *float64 `json:"lon"`
	Walker            *bool    `json:"walker"`
	Wheelchair        *bool    `json:"wheelchair"`
	NeedsEscort       *bool    `json:"needs_escort"`
	ContactPreference *string  `json:"contact_preference"`
	Language          *string  `json:"language"`
	SMSOptOut         *bool    `json:"sms_opt_out"`
	Notes             *string  `json:"notes"`
	Active            *bool    `json:"active"`
}

// apply merges the given fields into r and returns their names.
func (in riderInput) apply(r *dispatch.Rider) []string {
	var c []string
	set(&r.FirstName, in.FirstName, "first_name", &c)
	set(&r.LastName, in.LastName, "last_name", &c)
	set(&r.Phone, in.Phone, "phone", &c)
	set(&r.Street, in.Street, "street", &c)
	set(&r.PostalCode, in.PostalCode, "postal_code", &c)
	set(&r.City, in.City, "city", &c)
	set(&r.Lat, in.Lat, "lat", &c)
	set(&r.Lon, in.Lon, "lon", &c)
	set(&r.Walker, in.Walker, "walker", &c)
	set(&r.Wheelchair, in.Wheelchair, "wheelchair", &c)
	set(&r.NeedsEscort, in.NeedsEscort, "needs_escort", &c)
	set(&r.ContactPreference, in.ContactPreference, "contact_preference", &c)
	set(&r.Language, in.Language, "language", &c)
	set(&r.SMSOptOut, in.SMSOptOut, "sms_opt_out", &c)
	set(&r.Notes, in.Notes, "notes", &c)
	set(&r.Active, in.Active, "active", &c)
	return c
}

// riderFromBody reads and checks a rider body over base (a new rider, or the
// current one for an update); it is the decoder the fuzz test drives.
func riderFromBody(body io.Reader, base dispatch.Rider) (dispatch.Rider, []string, error) {
	var in riderInput
	if err := decodeJSON(body, &in); err != nil {
		return base, nil, err
	}
	changed := in.apply(&base)
	return base, changed, checkRider(&base)
}

// checkRider validates a rider by dispatch's rules, which normalise the
// phone number to E.164.
func checkRider(r *dispatch.Rider) error { return r.Validate(phone.NormalizeDefault) }

func (s *server) createRider(w http.ResponseWriter, r *http.Request) error {
	return create(s, w, r, dispatch.Rider{Language: "de", Active: true}, riderFromBody, s.Store.CreateRider)
}

// riderFor returns a rider the account may see; for a relative any other
// rider is not found.
func (s *server) riderFor(r *http.Request, id int64) (dispatch.Rider, error) {
	if !account(r).MayAct(id) {
		return dispatch.Rider{}, dispatch.Errorf(dispatch.CodeNotFound, "rider not found")
	}
	return s.Store.Rider(r.Context(), id)
}

func (s *server) getRider(w http.ResponseWriter, r *http.Request) error {
	return read(w, r, func(_ context.Context, id int64) (dispatch.Rider, error) { return s.riderFor(r, id) })
}

func (s *server) updateRider(w http.ResponseWriter, r *http.Request) error {
	return update(s, w, r, s.Store.Rider, riderFromBody, s.Store.UpdateRider)
}

func (s *server) deactivateRider(w http.ResponseWriter, r *http.Request) error {
	return deactivate(w, r, s.Store.DeactivateRider)
}

// listRiders searches by name parts and phone digits; relatives see only
// their own seniors.
func (s *server) listRiders(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	limit := q.int("limit", 50, 1, 200)
	offset := q.int("offset", 0, 0, 1<<31)
	inactive := q.oneOf("inactive", "true", "false") == "true"
	text := q.text("q")
	if err := q.err(); err != nil {
		return err
	}
	riders, err := s.Store.SearchRiders(r.Context(), dispatch.RiderFilter{Query: text, Only: auth.RiderScope(account(r)),
		Inactive: inactive, Limit: int(limit), Offset: int(offset)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(riders, offset, limit))
	return nil
}
