package api

import (
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

var errNotWired = dispatch.Errorf(dispatch.CodeUnavailable, "this part of the service is not available")

func (s *server) shuttles() (dispatch.ShuttleStore, error) {
	if s.Shuttles == nil {
		return nil, errNotWired
	}
	return s.Shuttles, nil
}

type shuttleInput struct {
	Name           string `json:"name"`
	Weekday        int    `json:"weekday"`
	StartTime      string `json:"start_time"`
	PlaceID        int64  `json:"place_id"`
	DwellMinutes   int    `json:"dwell_minutes"`
	Capacity       int    `json:"capacity"`
	MaxRideMinutes *int   `json:"max_ride_minutes"`
}

func (s *server) createShuttle(w http.ResponseWriter, r *http.Request) error {
	st, err := s.shuttles()
	if err != nil {
		return err
	}
	var in shuttleInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	sh := dispatch.Shuttle{Name: in.Name, Weekday: in.Weekday, StartTime: in.StartTime, PlaceID: in.PlaceID,
		DwellMinutes: in.DwellMinutes, Capacity: in.Capacity, MaxRideMinutes: 45, Active: true}
	if in.MaxRideMinutes != nil {
		sh.MaxRideMinutes = *in.MaxRideMinutes
	}
	if err := sh.Validate(); err != nil {
		return err
	}
	place := dispatch.Location{PlaceID: &sh.PlaceID}
	if err := s.resolvePlace(r, "place_id", &place); err != nil {
		return err
	}
	out, err := st.CreateShuttle(r.Context(), actor(r), sh)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *server) listShuttles(w http.ResponseWriter, r *http.Request) error {
	st, err := s.shuttles()
	if err != nil {
		return err
	}
	list, err := st.Shuttles(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(list, 0, 0))
	return nil
}

func (s *server) getShuttle(w http.ResponseWriter, r *http.Request) error {
	st, err := s.shuttles()
	if err != nil {
		return err
	}
	return read(w, r, st.Shuttle)
}

type subscriptionInput struct {
	RiderID int64   `json:"rider_id"`
	From    string  `json:"from"`
	Until   *string `json:"until"`
}

// subscribe puts a rider on a weekly ride; relatives only their own.
func (s *server) subscribe(w http.ResponseWriter, r *http.Request) error {
	st, id, err := s.shuttleFor(r)
	if err != nil {
		return err
	}
	var in subscriptionInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	var fe dispatch.Fields
	from, errFrom := time.Parse(time.DateOnly, in.From)
	if errFrom != nil {
		fe.Add("from", "must be a date (YYYY-MM-DD)")
	} else if from.Before(s.today()) {
		fe.Add("from", "lies in the past")
	}
	if in.Until != nil {
		until, err := time.Parse(time.DateOnly, *in.Until)
		if err != nil || (errFrom == nil && until.Before(from)) {
			fe.Add("until", "must be a date (YYYY-MM-DD) not before from")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if _, err := s.riderFor(r, in.RiderID); err != nil {
		return err
	}
	sub := dispatch.Subscription{ShuttleID: id, RiderID: in.RiderID, From: in.From, Until: in.Until}
	if err := st.Subscribe(r.Context(), actor(r), sub); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sub)
	return nil
}

// unsubscribe ends a subscription from a date on (today when not given).
func (s *server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	st, id, err := s.shuttleFor(r)
	if err != nil {
		return err
	}
	riderID, err := pathID(r, "rider_id")
	if err != nil {
		return err
	}
	q := query{r: r}
	from := q.date("from", false)
	if err := q.err(); err != nil {
		return err
	}
	if from == "" {
		from = s.today().Format(time.DateOnly)
	}
	if _, err := s.riderFor(r, riderID); err != nil {
		return err
	}
	if err := st.Unsubscribe(r.Context(), actor(r), id, riderID, from); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type skipInput struct {
	RiderID int64  `json:"rider_id"`
	Date    string `json:"date"`
}

// skip takes a subscriber off one date's run.
func (s *server) skip(w http.ResponseWriter, r *http.Request) error {
	st, id, err := s.shuttleFor(r)
	if err != nil {
		return err
	}
	var in skipInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if d, err := time.Parse(time.DateOnly, in.Date); err != nil {
		return fieldError("date", "must be a date (YYYY-MM-DD)")
	} else if d.Before(s.today()) {
		return fieldError("date", "lies in the past")
	}
	if _, err := s.riderFor(r, in.RiderID); err != nil {
		return err
	}
	if err := st.Skip(r.Context(), actor(r), id, in.RiderID, in.Date); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, in)
	return nil
}

// shuttleFor reads the shuttle of the path, which must exist.
func (s *server) shuttleFor(r *http.Request) (dispatch.ShuttleStore, int64, error) {
	st, err := s.shuttles()
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, 0, err
	}
	if _, err := st.Shuttle(r.Context(), id); err != nil {
		return nil, 0, err
	}
	return st, id, nil
}

// today is the local date at midnight, as a date parsed with
// time.Parse(time.DateOnly) is.
func (s *server) today() time.Time {
	d, _ := time.Parse(time.DateOnly, s.Now().In(s.Location).Format(time.DateOnly))
	return d
}
