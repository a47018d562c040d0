package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// tripFor returns a trip the account may see; another rider's is not found.
func (s *server) tripFor(r *http.Request) (dispatch.Trip, error) {
	id, err := pathID(r)
	if err != nil {
		return dispatch.Trip{}, err
	}
	t, err := s.Store.Trip(r.Context(), id)
	if err == nil && !accountOf(r).MayAct(t.RiderID) {
		err = errNotFound
	}
	return t, err
}

// tripData is a booking as its page shows it: both legs and the rider.
type tripData struct {
	Rider dispatch.Rider
	Legs  []tripLeg
	ID    int64
	Live  bool
}

// tripLeg is one leg with its times in local time and the names of the
// places it goes from and to, where they are places of the list.
type tripLeg struct {
	dispatch.Trip
	Pickup, Dropoff string
	Day             string
	From, To        string
}

// placeNames names the places of the list by id, so that a relative reads
// "Hausarztpraxis Dr. Weber" rather than a street.
func (s *server) placeNames(ctx context.Context) (map[int64]string, error) {
	ps, err := s.Store.Places(ctx, "")
	names := map[int64]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	return names, err
}

func (s *server) loadTrip(r *http.Request) (tripData, error) {
	t, err := s.tripFor(r)
	if err != nil {
		return tripData{}, err
	}
	legs := []dispatch.Trip{t}
	other := t.ReturnID
	if t.OutboundID != nil {
		other = t.OutboundID
	}
	if other != nil {
		o, err := s.Store.Trip(r.Context(), *other)
		if err != nil {
			return tripData{}, err
		}
		if o.Leg == "outbound" {
			legs = []dispatch.Trip{o, t}
		} else {
			legs = append(legs, o)
		}
	}
	rider, err := s.Store.Rider(r.Context(), t.RiderID)
	if err != nil {
		return tripData{}, err
	}
	places, err := s.placeNames(r.Context())
	if err != nil {
		return tripData{}, err
	}
	d := tripData{Rider: rider, ID: legs[0].ID}
	for _, l := range legs {
		d.Legs = append(d.Legs, s.leg(l, places))
		d.Live = d.Live || l.Status != dispatch.TripCancelled
	}
	return d, nil
}

// leg shows a trip's times: the planned ones once a driver is proposed,
// else the wished ones.
func (s *server) leg(t dispatch.Trip, places map[int64]string) tripLeg {
	l := tripLeg{Trip: t, From: t.Pickup.Street + ", " + t.Pickup.City, To: t.Dropoff.Street + ", " + t.Dropoff.City}
	if t.Pickup.PlaceID != nil && places[*t.Pickup.PlaceID] != "" {
		l.From = places[*t.Pickup.PlaceID]
	}
	if t.Dropoff.PlaceID != nil && places[*t.Dropoff.PlaceID] != "" {
		l.To = places[*t.Dropoff.PlaceID]
	}
	at := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.In(s.Location).Format("15:04")
	}
	if a := t.Assignment; a != nil {
		pu, do := a.PlannedPickup, a.PlannedDropoff
		l.Pickup, l.Dropoff, l.Day = at(&pu), at(&do), germanDate(pu.In(s.Location))
		return l
	}
	if t.PickupEarliest != nil {
		l.Day = germanDate(t.PickupEarliest.In(s.Location))
		if t.Timing == dispatch.TimingArriveBy {
			l.Dropoff = at(t.DropoffLatest)
		} else {
			l.Pickup = at(t.PickupEarliest)
		}
	}
	return l
}

// cancel cancels a booking: the leg, and with "both" also its other leg.
func (s *server) cancel(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tripFor(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	var fe dispatch.Fields
	fe.Text("reason", reason, false)
	if err := fe.Err(); err != nil {
		return err
	}
	if _, err := s.Store.CancelTrip(r.Context(), actorOf(r), t.ID, reason, r.PostFormValue("both") != ""); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/trips/%d", t.ID))
}
