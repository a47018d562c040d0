package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// boardData is the day board: the day's routes per driver, and on top what
// needs a person: trips without a driver, flagged trips, rides back on call.
type boardData struct {
	Date       string
	Prev, Next string
	Routes     []boardRoute
	Unassigned []boardTrip
	Flagged    []boardTrip
	OnCall     []boardTrip
	Drivers    []dispatch.Driver
}

type boardRoute struct {
	dispatch.BoardRoute
	Stops []boardStop
}

type boardStop struct {
	dispatch.BoardStop
	Clock string
}

// boardTrip is a trip with its rider's name and wished times.
type boardTrip struct {
	tripLeg
	RiderName string
}

// loadBoard reads the day of the query's date, today without one.
func (s *server) loadBoard(r *http.Request) (boardData, error) {
	ctx, raw := r.Context(), r.URL.Query().Get("date")
	today := s.Now().In(s.Location)
	day, ok := parseDate(raw, today)
	if raw == "" || !ok {
		day = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, s.Location)
	}
	d := boardData{Date: day.Format(time.DateOnly),
		Prev: day.AddDate(0, 0, -1).Format(time.DateOnly), Next: day.AddDate(0, 0, 1).Format(time.DateOnly)}
	b, err := s.Store.Board(ctx, d.Date)
	if err != nil {
		return d, err
	}
	// The board names its places itself: the page polls it every few
	// seconds, and reading every place each time would be waste.
	bt := func(t dispatch.Trip) boardTrip {
		return boardTrip{tripLeg: s.leg(t, b.PlaceNames), RiderName: b.RiderNames[t.RiderID]}
	}
	for _, t := range b.Unassigned {
		d.Unassigned = append(d.Unassigned, bt(t))
	}
	for _, t := range b.OnCall {
		d.OnCall = append(d.OnCall, bt(t))
	}
	for _, t := range b.Flagged {
		d.Flagged = append(d.Flagged, bt(t))
	}
	for _, r := range b.Routes {
		br := boardRoute{BoardRoute: r}
		for _, st := range r.Stops {
			br.Stops = append(br.Stops, boardStop{BoardStop: st, Clock: st.Time.In(s.Location).Format("15:04")})
		}
		d.Routes = append(d.Routes, br)
	}
	d.Drivers, err = s.Store.Drivers(ctx, false)
	return d, err
}

// assign puts a trip on a driver by hand: ask them by SMS, or record that
// it is agreed with them already. Without an assignment the
// planned times come from the trip's windows and a great-circle estimate
// of the ride; a reassignment keeps the planned times.
func (s *server) assign(w http.ResponseWriter, r *http.Request) error {
	tripID, err1 := strconv.ParseInt(r.PostFormValue("trip"), 10, 64)
	driverID, err2 := strconv.ParseInt(r.PostFormValue("driver"), 10, 64)
	if err1 != nil || err2 != nil {
		return dispatch.Errorf(dispatch.CodeInvalid, "choose a driver")
	}
	t, err := s.Store.Trip(r.Context(), tripID)
	if err != nil {
		return err
	}
	// Asking the driver is the default; "agreed" must be chosen on purpose
	// (issue 12: a pre-ticked box confirmed drivers who were never asked).
	state := dispatch.AssignOffered
	if r.PostFormValue("mode") == "agreed" {
		state = dispatch.AssignConfirmed
	}
	a := dispatch.Assignment{TripID: t.ID, DriverID: driverID, State: state}
	if t.Assignment != nil {
		a.PlannedPickup, a.PlannedDropoff = t.Assignment.PlannedPickup, t.Assignment.PlannedDropoff
	} else if a.PlannedPickup, a.PlannedDropoff, err = dispatch.PlannedTimes(r.Context(), t); err != nil {
		return err
	}
	if _, err := s.Store.AssignTrip(r.Context(), actorOf(r), a); err != nil {
		return err
	}
	return redirect(w, r, "/board?date="+t.ServiceDate+"#trip-"+strconv.FormatInt(t.ID, 10))
}
