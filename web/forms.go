package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The forms that create and change riders, drivers, places and weekly
// rides share one course: read what was typed over the record, let
// dispatch check it by the rules the API keeps too, save, and go on; on any
// problem show the form again as typed, each error next to its field in
// words a person understands.

// recordForm is how one kind of record goes from a form into the store.
type recordForm[T any] struct {
	page, title string
	// read fills the record from the form over base, noting what cannot
	// even be read (a number, coordinates) in the view's form errors.
	read     func(v view, base T) T
	validate func(*T) error
	save     func(context.Context, dispatch.Actor, T) (T, error)
	// next is where the browser goes after saving.
	next func(T) string
}

// submit runs a form: on success a redirect, else the page again (422)
// with the typed values and the errors.
func submit[T any](s *server, w http.ResponseWriter, r *http.Request, f recordForm[T], base T, data any) error {
	v := s.newView(r, f.title, data)
	v.Form.Values = r.PostForm
	rec := f.read(v, base)
	err := f.validate(&rec)
	if err == nil && len(v.Form.Errors) == 0 {
		var out T
		if out, err = f.save(r.Context(), actorOf(r), rec); err == nil {
			return redirect(w, r, f.next(out))
		}
	}
	if err != nil && !ruleErrors(v, err) {
		return err
	}
	return s.render(w, http.StatusUnprocessableEntity, f.page, "", v)
}

// editPage shows a stored record in its form; load reads it by the path.
func editPage[T any](s *server, f recordForm[T], load func(*http.Request) (T, error), values func(T) url.Values) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rec, err := load(r)
		if err != nil {
			return err
		}
		v := s.newView(r, f.title, rec)
		v.Form.Values = values(rec)
		return s.render(w, http.StatusOK, f.page, "", v)
	}
}

// editSubmit saves the form over the stored record.
func editSubmit[T any](s *server, f recordForm[T], load func(*http.Request) (T, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rec, err := load(r)
		if err != nil {
			return err
		}
		return submit(s, w, r, f, rec, rec)
	}
}

// updating saves a changed record, naming for the audit log the fields the
// form writes: all of them, so that a box unticked is a need taken away.
func updating[T any](update func(context.Context, dispatch.Actor, T, []string) (T, error), fields ...string) func(context.Context, dispatch.Actor, T) (T, error) {
	return func(ctx context.Context, a dispatch.Actor, rec T) (T, error) { return update(ctx, a, rec, fields) }
}

// inputName is the form's name of a field dispatch names otherwise.
var inputName = map[string]string{"lat": "coords", "lon": "coords", "contact_preference": "contact",
	"needs_escort": "escort", "place_id": "place"}

// ruleTexts says what a field's rule asks for, where that is more than
// "please check".
var ruleTexts = map[string]string{"lat": "err_coords", "lon": "err_coords", "phone": "err_phone",
	"vehicle_seats": "err_seats", "max_rides_per_week": "err_max_rides", "max_duty_minutes": "err_duty",
	"dwell_minutes": "err_dwell", "capacity": "err_capacity", "max_ride_minutes": "err_max_ride",
	"start_time": "err_time", "weekday": "err_choose", "kind": "err_choose", "language": "err_choose",
	"contact_preference": "err_choose", "notes": "err_notes", "place_id": "err_choose"}

// ruleErrors puts dispatch's field errors next to the form's fields, in
// the reader's language, without hiding an error the form reading found
// first; a conflict goes to the first field. It reports whether err was
// such an error.
func ruleErrors(v view, err error) bool {
	var de *dispatch.Error
	if !errors.As(err, &de) || (de.Code != dispatch.CodeInvalid && de.Code != dispatch.CodeConflict) {
		return false
	}
	if de.Code == dispatch.CodeConflict || len(de.Fields) == 0 {
		v.Form.Errors["form"] = explain(v.T, err, "error_conflict")
		return true
	}
	for _, fe := range de.Fields {
		name := fe.Field
		if n, ok := inputName[name]; ok {
			name = n
		}
		if _, seen := v.Form.Errors[name]; !seen {
			v.Form.Errors[name] = ruleText(v.T, fe)
		}
	}
	return true
}

// ruleText is the plain words for one broken rule.
func ruleText(t texts, fe dispatch.FieldError) string {
	switch fe.Rule {
	case dispatch.RuleRequired:
		return t["err_required"]
	case dispatch.RuleTooLong:
		return t["err_too_long_short"]
	case dispatch.RuleSMSMobile:
		return t["err_sms_mobile"]
	case dispatch.RuleMobile:
		return t["err_mobile"]
	}
	if k, ok := ruleTexts[fe.Field]; ok {
		return t[k]
	}
	return t["err_check"]
}

// text is a trimmed text field.
func text(f url.Values, name string) string { return strings.TrimSpace(f.Get(name)) }

// number reads a whole number; a missing or bad one is noted with the text
// that says which numbers fit.
func number(v view, name, errKey string) int {
	n, err := strconv.Atoi(text(v.Form.Values, name))
	if err != nil {
		v.Form.Errors[name] = v.T[errKey]
	}
	return n
}

// address reads the street, town and coordinates that riders, drivers and
// places share; coordinates that cannot be read are noted.
func address(v view) (street, city string, lat, lon float64) {
	lat, lon, ok := parseCoordinates(v.Form.Get("coords"))
	switch {
	case ok:
	case text(v.Form.Values, "coords") == "":
		// Nothing chosen yet: the address block shows what the search
		// found, or the map to click.
		v.Form.Errors["coords"] = v.T["err_coords_pick"]
	default:
		v.Form.Errors["coords"] = v.T["err_coords"]
	}
	return text(v.Form.Values, "street"), text(v.Form.Values, "city"), lat, lon
}

// coordsValue shows coordinates as they are typed back.
func coordsValue(lat, lon float64) string {
	if lat == 0 && lon == 0 {
		return ""
	}
	return strconv.FormatFloat(lat, 'f', -1, 64) + ", " + strconv.FormatFloat(lon, 'f', -1, 64)
}

// checkbox is the form value of a checkbox that is on.
func checkbox(on bool) string {
	if on {
		return "on"
	}
	return ""
}

// language is the chosen language of a person's messages, else base.
func language(f url.Values, base string) string {
	if l := text(f, "language"); l != "" {
		return l
	}
	return base
}

// pathID is the record id of the path; a bad one is not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// byPath loads the record of the path's id, active or not, so that a
// coordinator can still read one taken out of use.
func byPath[T any](get func(context.Context, int64) (T, error)) func(*http.Request) (T, error) {
	return func(r *http.Request) (T, error) {
		id, err := pathID(r)
		if err != nil {
			var none T
			return none, err
		}
		return get(r.Context(), id)
	}
}

// deactivate takes a record out of use and goes back to its list; its
// history stays.
func (s *server) deactivate(fn func(context.Context, dispatch.Actor, int64) error, back string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := fn(r.Context(), actorOf(r), id); err != nil {
			return err
		}
		return redirect(w, r, back)
	}
}
