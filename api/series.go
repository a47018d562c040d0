package api

import (
	"context"
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// SeriesStore keeps standing bookings: a series, its dates, and changes
// from a date on. Relatives reach only their own seniors' series; the
// handlers check that.
type SeriesStore interface {
	CreateSeries(ctx context.Context, actor dispatch.Actor, sr dispatch.Series) (dispatch.Series, error)
	Series(ctx context.Context, id int64) (dispatch.Series, error)
	SkipSeriesDate(ctx context.Context, actor dispatch.Actor, id int64, date string) (dispatch.Series, error)
	ChangeSeries(ctx context.Context, actor dispatch.Actor, id int64, c dispatch.SeriesChange) (dispatch.Series, error)
	EndSeries(ctx context.Context, actor dispatch.Actor, id int64, from string) (dispatch.Series, error)
}

// seriesInput is the body of POST /series. interval_weeks defaults to 1
// (every week) when left out; 0 is an error.
type seriesInput struct {
	RiderID       int64                 `json:"rider_id"`
	Weekdays      []int                 `json:"weekdays"`
	IntervalWeeks *int                  `json:"interval_weeks"`
	Start         string                `json:"start"`
	Until         *string               `json:"until"`
	Count         *int                  `json:"count"`
	Timing        string                `json:"timing"`
	Time          string                `json:"time"`
	Return        dispatch.SeriesReturn `json:"return"`
	From          *dispatch.Location    `json:"from"`
	To            dispatch.Location     `json:"to"`
	Passengers    *int                  `json:"passengers"`
	Needs         *dispatch.Needs       `json:"needs"`
	Notes         string                `json:"notes"`
	Purpose       string                `json:"purpose"`
}

func (in seriesInput) series() dispatch.Series {
	sr := dispatch.Series{RiderID: in.RiderID, Weekdays: in.Weekdays, IntervalWeeks: 1, Start: in.Start,
		Until: in.Until, Count: in.Count, Timing: in.Timing, Time: in.Time, Return: in.Return, From: in.From,
		To: in.To, Passengers: 1, Needs: in.Needs, Notes: in.Notes, Purpose: in.Purpose}
	setPtr(&sr.IntervalWeeks, in.IntervalWeeks)
	setPtr(&sr.Passengers, in.Passengers)
	return sr
}

func setPtr[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// createSeries books a series for a rider: the answer lists the dates
// booked within the horizon, a clash with another trip for its date only.
func (s *server) createSeries(w http.ResponseWriter, r *http.Request) error {
	if s.Series == nil {
		return errNotWired
	}
	var in seriesInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if in.RiderID <= 0 {
		return fieldError("rider_id", "is required")
	}
	rider, err := s.riderFor(r, in.RiderID)
	if dispatch.ErrorCode(err) == dispatch.CodeNotFound || (err == nil && !rider.Active) {
		return fieldError("rider_id", "no such rider")
	}
	if err != nil {
		return err
	}
	sr := in.series()
	if err := s.resolvePlaces(r, &sr.To, sr.From); err != nil {
		return err
	}
	if err := sr.Validate(s.Now().In(s.Location)); err != nil {
		return err
	}
	a := account(r)
	sr.BookedBy, sr.BookedVia = &a.ID, bookedVia(r)
	sr.MaxRideMinutes = int(s.rules().MaxRide.Minutes())
	out, err := s.Series.CreateSeries(r.Context(), actor(r), sr)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// resolvePlaces fills the destination and, when given, the pickup from
// their places.
func (s *server) resolvePlaces(r *http.Request, to, from *dispatch.Location) error {
	if to != nil {
		if err := s.resolvePlace(r, "to.place_id", to); err != nil {
			return err
		}
	}
	if from != nil {
		return s.resolvePlace(r, "from.place_id", from)
	}
	return nil
}

// seriesFor returns the series of the path when the account may see it;
// a relative gets "not found" for other seniors' series.
func (s *server) seriesFor(r *http.Request) (dispatch.Series, error) {
	if s.Series == nil {
		return dispatch.Series{}, errNotWired
	}
	id, err := pathID(r, "id")
	if err != nil {
		return dispatch.Series{}, err
	}
	sr, err := s.Series.Series(r.Context(), id)
	if err == nil && !account(r).MayAct(sr.RiderID) {
		err = dispatch.Errorf(dispatch.CodeNotFound, "series not found")
	}
	return sr, err
}

func (s *server) getSeries(w http.ResponseWriter, r *http.Request) error {
	sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sr)
	return nil
}

type seriesDateInput struct {
	Date string `json:"date"`
}

// skipSeriesDate takes one date out of a series.
func (s *server) skipSeriesDate(w http.ResponseWriter, r *http.Request) error {
	sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	var in seriesDateInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.Series.SkipSeriesDate(r.Context(), actor(r), sr.ID, in.Date)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type seriesEndInput struct {
	From string `json:"from"`
}

// endSeries ends a series from a date on, today when none is given.
func (s *server) endSeries(w http.ResponseWriter, r *http.Request) error {
	sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	var in seriesEndInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if in.From == "" {
		in.From = s.Now().In(s.Location).Format("2006-01-02")
	}
	out, err := s.Series.EndSeries(r.Context(), actor(r), sr.ID, in.From)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// seriesChangeInput is the body of PATCH /series/{id}: from (required) and
// the fields that change from then on.
type seriesChangeInput struct {
	From          string                 `json:"from"`
	Weekdays      []int                  `json:"weekdays"`
	IntervalWeeks *int                   `json:"interval_weeks"`
	Until         *string                `json:"until"`
	Count         *int                   `json:"count"`
	Timing        *string                `json:"timing"`
	Time          *string                `json:"time"`
	Return        *dispatch.SeriesReturn `json:"return"`
	To            *dispatch.Location     `json:"to"`
	Passengers    *int                   `json:"passengers"`
	Needs         *dispatch.Needs        `json:"needs"`
	Notes         *string                `json:"notes"`
	Purpose       *string                `json:"purpose"`
}

// changeSeries changes a series from a date on; the answer is the series
// as it runs from then on (a successor with its own id).
func (s *server) changeSeries(w http.ResponseWriter, r *http.Request) error {
	sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	var in seriesChangeInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if in.From == "" {
		return fieldError("from", "is required: the date from which the change applies")
	}
	if err := s.resolvePlaces(r, in.To, nil); err != nil {
		return err
	}
	c := dispatch.SeriesChange{From: in.From, Weekdays: in.Weekdays, IntervalWeeks: in.IntervalWeeks,
		Until: in.Until, Count: in.Count, Timing: in.Timing, Time: in.Time, Return: in.Return, To: in.To,
		Passengers: in.Passengers, Needs: in.Needs, Notes: in.Notes, Purpose: in.Purpose}
	out, err := s.Series.ChangeSeries(r.Context(), actor(r), sr.ID, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
