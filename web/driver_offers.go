package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// DriverSelfStore is what the driver's page needs for open rides and
// offers (issue 15). AnswerOffer is JA or NEIN with the offer's code, the
// same conversation as the SMS, and returns the kind of the answer the
// driver got ("confirmation", "decline_ack", "offer_expired" ...).
// Without it the page shows neither.
type DriverSelfStore interface {
	OpenRides(ctx context.Context, driverID int64, limit int) ([]dispatch.OpenRide, error)
	TakeOpenRide(ctx context.Context, actor dispatch.Actor, driverID, tripID int64) error
	DriverOffers(ctx context.Context, driverID int64) ([]dispatch.DriverOffer, error)
	AnswerOffer(ctx context.Context, driverID, offerID int64, accept bool) (string, error)
}

// openRidesShown is how many open rides the page lists.
const openRidesShown = 20

// openRideView is an open ride as the page shows it: no name, no address.
type openRideView struct {
	TripID            int64
	Day, From, Until  string
	ArriveBy          string
	Town, DropoffTown string
	Needs             []string
	Km                string
}

// offerView is an offer waiting for the driver's answer.
type offerView struct {
	ID              int64
	Day, Time, Till string
	Rides           int
}

// selfServiceView adds the driver's open offers and the open rides to
// their page, and the notice of what they just did (?done=).
func (s *server) selfServiceView(r *http.Request, v view, driverID int64) error {
	st, ok := s.Store.(DriverSelfStore)
	if !ok {
		return nil
	}
	data := v.Data.(map[string]any)
	offers, err := st.DriverOffers(r.Context(), driverID)
	if err != nil {
		return err
	}
	open, err := st.OpenRides(r.Context(), driverID, openRidesShown)
	if err != nil {
		return err
	}
	loc := func(t time.Time) time.Time { return t.In(s.Location) }
	ov := make([]offerView, 0, len(offers))
	for _, o := range offers {
		ov = append(ov, offerView{ID: o.ID, Day: germanDate(loc(o.PickupAt)), Time: loc(o.PickupAt).Format("15:04"),
			Till: loc(o.ExpiresAt).Format("02.01. 15:04"), Rides: o.Rides})
	}
	rv := make([]openRideView, 0, len(open))
	for _, o := range open {
		x := openRideView{TripID: o.TripID, Day: germanDate(loc(o.PickupFrom)), From: loc(o.PickupFrom).Format("15:04"),
			Until: loc(o.PickupUntil).Format("15:04"), Town: o.PickupTown, DropoffTown: o.DropoffTown, Needs: o.Needs(),
			Km: strconv.FormatFloat(o.Km, 'f', 0, 64)}
		if !o.ArriveBy.IsZero() {
			x.ArriveBy = loc(o.ArriveBy).Format("15:04")
		}
		rv = append(rv, x)
	}
	data["SelfService"], data["Offers"], data["OpenRides"] = true, ov, rv
	data["Token"] = chi.URLParam(r, "token")
	if done := r.URL.Query().Get("done"); v.T["driver_done_"+done] != "" {
		data["Done"] = v.T["driver_done_"+done]
	}
	return nil
}

// selfDriver is the driver of a signed link and the store of open rides
// and offers; a forged or expired link shows nothing.
func (s *server) selfDriver(r *http.Request) (dispatch.Driver, DriverSelfStore, error) {
	return linkedDriver[DriverSelfStore](s, r)
}

// linkedDriver is the active driver of a signed link and the part T of the
// store their page changes: the self-service pages differ only in T. A
// forged or expired link, an inactive driver or a store without T is not
// found.
func linkedDriver[T any](s *server, r *http.Request) (dispatch.Driver, T, error) {
	var none T
	st, ok := s.Store.(T)
	if !ok {
		return dispatch.Driver{}, none, errNotFound
	}
	d, err := s.activeLinkDriver(r)
	if err != nil {
		return d, none, err
	}
	return d, st, nil
}

// answerOffer is "Zusagen" (accept) or "Ablehnen" on an offer of the
// driver's page: JA or NEIN with its code.
func (s *server) answerOffer(accept bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, st, err := s.selfDriver(r)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
		if err != nil {
			return errNotFound
		}
		kind, err := st.AnswerOffer(r.Context(), d.ID, id, accept)
		if err != nil {
			return err
		}
		return redirect(w, r, s.driverHome(r)+"?done="+kind)
	}
}

// takeOpenRide is "Fahrt übernehmen": the ride becomes the driver's, or
// the page says that someone else was quicker or that it clashes.
func (s *server) takeOpenRide(w http.ResponseWriter, r *http.Request) error {
	d, st, err := s.selfDriver(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "trip"), 10, 64)
	if err != nil {
		return errNotFound
	}
	done := "taken"
	var de *dispatch.Error
	switch err := st.TakeOpenRide(r.Context(), ownActor(d), d.ID, id); {
	case errors.As(err, &de) && de.Rule == dispatch.RuleRideTaken:
		done = "taken_other"
	case errors.As(err, &de) && de.Rule == dispatch.RuleRideClash:
		done = "clash"
	case err != nil:
		return err
	}
	return redirect(w, r, s.driverHome(r)+"?done="+done)
}

// driverHome is the driver's page of the link in r.
func (s *server) driverHome(r *http.Request) string {
	p := r.URL.Path
	if i := strings.Index(p[len("/d/"):], "/"); i >= 0 {
		return p[:len("/d/")+i]
	}
	return p
}
