package api

import (
	"io"
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// bookingInput is the body of POST /trips.
type bookingInput struct {
	RiderID    int64              `json:"rider_id"`
	From       *dispatch.Location `json:"from"`
	To         dispatch.Location  `json:"to"`
	Timing     string             `json:"timing"`
	At         time.Time          `json:"at"`
	Return     returnInput        `json:"return"`
	Passengers *int               `json:"passengers"`
	Needs      *dispatch.Needs    `json:"needs"`
	Notes      string             `json:"notes"`
	Purpose    string             `json:"purpose"`
}

type returnInput struct {
	Type string     `json:"type"`
	At   *time.Time `json:"at"`
}

// bookingFromBody reads a booking; the rules are checked by
// dispatch.Booking.Legs once the rider and places are known. It is the
// decoder the fuzz test drives.
func bookingFromBody(body io.Reader) (dispatch.Booking, error) {
	var in bookingInput
	if err := decodeJSON(body, &in); err != nil {
		return dispatch.Booking{}, err
	}
	var fe dispatch.Fields
	if in.RiderID <= 0 {
		fe.Add("rider_id", "is required")
	}
	if err := fe.Err(); err != nil {
		return dispatch.Booking{}, err
	}
	b := dispatch.Booking{RiderID: in.RiderID, From: in.From, To: in.To, Timing: in.Timing, At: in.At,
		Return: in.Return.Type, ReturnAt: in.Return.At, Passengers: 1, Needs: in.Needs, Notes: in.Notes,
		Purpose: in.Purpose}
	if in.Passengers != nil {
		b.Passengers = *in.Passengers
	}
	return b, nil
}

// legsAnswer is the answer of booking and cancelling: the legs concerned.
type legsAnswer struct {
	Legs []dispatch.Trip `json:"legs"`
}

// bookTrip books an appointment trip with its ride back.
func (s *server) bookTrip(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	b, err := bookingFromBody(r.Body)
	if err != nil {
		return err
	}
	rider, err := s.riderFor(r, b.RiderID)
	if dispatch.ErrorCode(err) == dispatch.CodeNotFound {
		return fieldError("rider_id", "no such rider")
	}
	if err != nil {
		return err
	}
	if !rider.Active {
		return fieldError("rider_id", "the rider is deactivated")
	}
	if err := s.resolvePlace(r, "to.place_id", &b.To); err != nil {
		return err
	}
	if b.From != nil {
		if err := s.resolvePlace(r, "from.place_id", b.From); err != nil {
			return err
		}
	}
	a := account(r)
	b.Via, b.BookedBy = bookedVia(r), &a.ID
	legs, err := b.Legs(rider, s.rules())
	if err != nil {
		return err
	}
	keepAnswer(r, http.StatusCreated, func(l []dispatch.Trip) any { return legsAnswer{Legs: l} })
	out, err := s.Store.BookTrip(r.Context(), actor(r), legs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, legsAnswer{Legs: out})
	return nil
}

// resolvePlace fills a location given by place_id from the place, which
// must exist and be active; field names the place_id in errors.
func (s *server) resolvePlace(r *http.Request, field string, l *dispatch.Location) error {
	if l.PlaceID == nil {
		return nil
	}
	p, err := s.Store.Place(r.Context(), *l.PlaceID)
	if dispatch.ErrorCode(err) == dispatch.CodeNotFound || (err == nil && !p.Active) {
		return fieldError(field, "no such place")
	}
	if err != nil {
		return err
	}
	*l = p.Location()
	return nil
}

func fieldError(field, message string) error {
	return &dispatch.Error{Code: dispatch.CodeInvalid, Message: "the input is not valid",
		Fields: []dispatch.FieldError{{Field: field, Message: message}}}
}

// tripFor returns a trip the account may see; for a relative a trip of
// another rider is not found.
func (s *server) tripFor(r *http.Request) (dispatch.Trip, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return dispatch.Trip{}, err
	}
	t, err := s.Store.Trip(r.Context(), id)
	if err == nil && !account(r).MayAct(t.RiderID) {
		err = dispatch.Errorf(dispatch.CodeNotFound, "trip not found")
	}
	return t, err
}

func (s *server) getTrip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tripFor(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// listTrips filters by date, status, rider and driver, a page at a time;
// relatives see only their riders' trips.
func (s *server) listTrips(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	f := dispatch.TripFilter{
		Date: q.date("date", false),
		Status: q.oneOf("status", dispatch.TripBooked, dispatch.TripOnCall, dispatch.TripCancelled,
			dispatch.TripCompleted, dispatch.AssignProposed, dispatch.AssignOffered, dispatch.AssignConfirmed, "unassigned"),
		RiderID:  q.int("rider_id", 0, 1, 1<<62),
		DriverID: q.int("driver_id", 0, 1, 1<<62),
		Only:     auth.RiderScope(account(r)),
	}
	limit, offset := q.int("limit", 100, 1, 500), q.int("offset", 0, 0, 1<<31)
	if err := q.err(); err != nil {
		return err
	}
	f.Limit, f.Offset = int(limit), int(offset)
	ts, err := s.Store.Trips(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(ts, offset, limit))
	return nil
}

type cancelInput struct {
	Reason string `json:"reason"`
	// Scope is "both" (the default: the ride there and back) or "leg".
	Scope string `json:"scope"`
}

// cancelTrip cancels a leg or both; cancelling again is no error.
func (s *server) cancelTrip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tripFor(r)
	if err != nil {
		return err
	}
	var in cancelInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	var fe dispatch.Fields
	fe.Text("reason", in.Reason, true)
	if in.Scope != "" && in.Scope != "both" && in.Scope != "leg" {
		fe.Add("scope", "must be both or leg")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	legs, err := s.Store.CancelTrip(r.Context(), actor(r), t.ID, in.Reason, in.Scope != "leg")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, legsAnswer{Legs: legs})
	return nil
}

type timeInput struct {
	At time.Time `json:"at"`
}

// setTripTime gives a ride back on call its pickup time: the senior has
// phoned that they are done. The windows come from the booking rules.
func (s *server) setTripTime(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tripFor(r)
	if err != nil {
		return err
	}
	var in timeInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if t.Status != dispatch.TripOnCall || t.OutboundID == nil {
		return dispatch.Errorf(dispatch.CodeConflict, "only a ride back on call gets its time this way")
	}
	out, err := s.Store.Trip(r.Context(), *t.OutboundID)
	if err != nil {
		return err
	}
	if out.PickupEarliest != nil && !in.At.IsZero() && !in.At.After(*out.PickupEarliest) {
		return fieldError("at", "must be after the outbound ride")
	}
	rider, err := s.Store.Rider(r.Context(), t.RiderID)
	if err != nil {
		return err
	}
	b := dispatch.Booking{RiderID: t.RiderID, From: &t.Pickup, To: t.Dropoff, Timing: dispatch.TimingPickupAt,
		At: in.At, Return: dispatch.ReturnNone, Passengers: t.Passengers, Needs: &t.Needs}
	legs, err := b.Legs(rider, s.rules())
	if err != nil {
		return err
	}
	trip, err := s.Store.SetTripTime(r.Context(), actor(r), t.ID, legs[0])
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, trip)
	return nil
}
