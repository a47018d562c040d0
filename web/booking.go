package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// riderFor returns a rider the account may book for; any other is not
// found, whether it exists or not.
func (s *server) riderFor(r *http.Request, raw string) (dispatch.Rider, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || !accountOf(r).MayAct(id) {
		return dispatch.Rider{}, errNotFound
	}
	rider, err := s.Store.Rider(r.Context(), id)
	if err == nil && !rider.Active {
		err = errNotFound
	}
	return rider, err
}

// bookingData is what the booking form shows besides the typed values.
type bookingData struct {
	Rider    dispatch.Rider
	Places   []dispatch.Place
	Purposes []string
}

// bookingView is the booking form's view for the rider of raw, with the
// list of places.
func (s *server) bookingView(r *http.Request, raw string) (view, dispatch.Rider, []dispatch.Place, error) {
	rider, err := s.riderFor(r, raw)
	if err != nil {
		return view{}, rider, nil, err
	}
	places, err := s.Store.Places(r.Context(), "")
	return s.newView(r, "book_title", bookingData{Rider: rider, Places: places, Purposes: s.purposes()}), rider, places, err
}

// bookingPage shows the booking form for a rider, filled with the usual
// choices (tomorrow, arrive by the appointment, ride back on call, the
// rider's needs), so that a known senior is booked by typing a place and a
// time.
func (s *server) bookingPage(w http.ResponseWriter, r *http.Request) error {
	v, rider, _, err := s.bookingView(r, r.URL.Query().Get("rider"))
	if err != nil {
		return err
	}
	tomorrow := s.Now().In(s.Location).AddDate(0, 0, 1)
	f := v.Form.Values
	f.Set("date", germanDate(tomorrow))
	f.Set("timing", dispatch.TimingArriveBy)
	f.Set("return", dispatch.ReturnOnCall)
	f.Set("passengers", "1")
	prefillAgain(f, r.URL.Query())
	for name, on := range map[string]bool{"walker": rider.Walker, "wheelchair": rider.Wheelchair, "escort": rider.NeedsEscort} {
		if on {
			f.Set(name, "on")
		}
	}
	return s.render(w, http.StatusOK, "book", "", v)
}

// book takes the booking form. On any error the form comes back as typed,
// with each error next to its field.
func (s *server) book(w http.ResponseWriter, r *http.Request) error {
	v, rider, places, err := s.bookingView(r, r.PostFormValue("rider"))
	if err != nil {
		return err
	}
	v.Form.Values = r.PostForm
	b := s.readBooking(v, rider, places)
	if repeats(v) && len(v.Form.Errors) == 0 {
		a := accountOf(r)
		b.BookedBy, b.Via = &a.ID, webVia(a)
		return s.bookSeries(w, r, v, b)
	}
	if len(v.Form.Errors) == 0 {
		s.askServiceHours(v, b)
	}
	if len(v.Form.Errors) == 0 {
		a := accountOf(r)
		b.BookedBy, b.Via = &a.ID, "phone"
		if a.Role == dispatch.RoleRelative {
			b.Via = "online"
		}
		var legs []dispatch.Trip
		if legs, err = b.Legs(rider, s.rules()); err == nil {
			legs, err = s.Store.BookTrip(r.Context(), actorOf(r), legs)
		}
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/trips/%d", legs[0].ID))
		}
		if !fieldErrors(v, err) {
			return err
		}
	}
	return s.render(w, http.StatusUnprocessableEntity, "book", "", v)
}

// readBooking turns the form into a booking, noting every problem in the
// view's form errors.
func (s *server) readBooking(v view, rider dispatch.Rider, places []dispatch.Place) dispatch.Booking {
	f, errs, t := v.Form.Values, v.Form.Errors, v.T
	b := dispatch.Booking{RiderID: rider.ID, Timing: f.Get("timing"), Return: f.Get("return"), Passengers: 1,
		Needs: &dispatch.Needs{Walker: f.Get("walker") != "", Wheelchair: f.Get("wheelchair") != "", NeedsEscort: f.Get("escort") != ""},
		Notes: strings.TrimSpace(f.Get("notes")), Purpose: f.Get("purpose")}
	b.To = readDestination(f, errs, t, places)
	today := s.Now().In(s.Location)
	day, ok := parseDate(f.Get("date"), today)
	if !ok {
		errs["date"] = t["err_date"]
	}
	b.At = readClock(f, "time", day, ok, errs, t)
	if b.Return == dispatch.ReturnAt {
		at := readClock(f, "return_time", day, ok, errs, t)
		b.ReturnAt = &at
	}
	if b.Timing != dispatch.TimingArriveBy && b.Timing != dispatch.TimingPickupAt {
		errs["timing"] = t["err_choose"]
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("passengers"))); err == nil {
		b.Passengers = n
	} else {
		errs["passengers"] = t["err_number"]
	}
	if len([]rune(b.Notes)) > 1000 {
		errs["notes"] = t["err_too_long"]
	}
	return b
}

// readClock reads a time field on a day; a missing or bad time is noted.
func readClock(f url.Values, field string, day time.Time, dayOK bool, errs map[string]string, t texts) time.Time {
	h, m, ok := parseClock(f.Get(field))
	if !ok {
		errs[field] = t["err_time"]
		return time.Time{}
	}
	if !dayOK {
		return time.Time{}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, day.Location())
}

// readDestination is a place from the list, found by what was typed of its
// name, or else an address with coordinates.
func readDestination(f url.Values, errs map[string]string, t texts, places []dispatch.Place) dispatch.Location {
	typed := strings.TrimSpace(f.Get("place"))
	if typed != "" {
		p, matches := findPlace(places, typed)
		switch {
		case matches == 1:
			f.Set("place", p.Name)
			return p.Location()
		case matches == 0:
			errs["place"] = t["err_place_unknown"]
		default:
			errs["place"] = t["err_place_ambiguous"]
		}
		return dispatch.Location{}
	}
	l := dispatch.Location{Street: strings.TrimSpace(f.Get("street")), City: strings.TrimSpace(f.Get("city"))}
	if l.Street == "" {
		errs["place"] = t["err_place_required"]
		return l
	}
	if l.City == "" {
		errs["city"] = t["err_required"]
	}
	var ok bool
	if l.Lat, l.Lon, ok = parseCoordinates(f.Get("coords")); !ok {
		errs["coords"] = t["err_coords"]
	}
	return l
}

// findPlace matches a typed name: the place of that exact name, else the
// one place whose name contains it. matches tells how many fit.
func findPlace(places []dispatch.Place, typed string) (dispatch.Place, int) {
	q := strings.ToLower(typed)
	var found dispatch.Place
	n := 0
	for _, p := range places {
		name := strings.ToLower(p.Name)
		if name == q {
			return p, 1
		}
		if strings.Contains(name, q) {
			found, n = p, n+1
		}
	}
	return found, n
}

// fieldErrors puts the rule errors of dispatch next to the form's fields;
// it reports whether err was such an error.
func fieldErrors(v view, err error) bool {
	code := dispatch.ErrorCode(err)
	if code == dispatch.CodeConflict {
		v.Form.Errors["time"] = explain(v.T, err, "error_conflict")
		return true
	}
	de, ok := err.(*dispatch.Error)
	if !ok || code != dispatch.CodeInvalid {
		return false
	}
	for _, fe := range de.Fields {
		field := map[string]string{"at": "time", "return.at": "return_time", "return.type": "return",
			"timing": "timing", "passengers": "passengers", "purpose": "purpose"}[fe.Field]
		if field == "" {
			field = "place"
		}
		key, ok := bookingRuleTexts[fe.Rule]
		if !ok {
			key = "err_check"
		}
		v.Form.Errors[field] = v.T[key]
	}
	return true
}

// bookingRuleTexts are the texts of the booking rules that the form does
// not check itself; any other is "please check this".
var bookingRuleTexts = map[dispatch.Rule]string{dispatch.RulePast: "err_past", dispatch.RuleHorizon: "err_horizon",
	dispatch.RuleReturnAfter: "err_return_after", dispatch.RuleRange: "err_number"}
