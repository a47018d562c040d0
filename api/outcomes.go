package api

import (
	"context"
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// AfterRide is what the API does after the ride: record and correct
// outcomes, correct a tour's kilometres, and compute the statements and
// the funder's report. cmd wires the store and dispatch.AfterRide into it.
type AfterRide interface {
	RecordOutcome(ctx context.Context, actor dispatch.Actor, o dispatch.Outcome) (dispatch.Outcome, error)
	TripOutcome(ctx context.Context, tripID int64) (dispatch.Outcome, error)
	CorrectTourKm(ctx context.Context, actor dispatch.Actor, tourID, meters int64, driverID *int64) error
	Statements(ctx context.Context, month string, driverID int64) ([]dispatch.Statement, error)
	Report(ctx context.Context, p dispatch.Period) (dispatch.Report, error)
}

// afterRide returns the dependency, or unavailable while it is not wired.
func (s *server) afterRide() (AfterRide, error) {
	if s.AfterRide == nil {
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "reports are not available")
	}
	return s.AfterRide, nil
}

// outcomeTrip is what both outcome routes need first: the wired
// dependency (unavailable without it) and the trip of the path.
func (s *server) outcomeTrip(r *http.Request) (AfterRide, dispatch.Trip, error) {
	ar, err := s.afterRide()
	if err != nil {
		return nil, dispatch.Trip{}, err
	}
	t, err := s.tripFor(r)
	return ar, t, err
}

type outcomeInput struct {
	Outcome     string `json:"outcome"`
	CancelledBy string `json:"cancelled_by"`
	Reason      string `json:"reason"`
	Notes       string `json:"notes"`
}

// recordOutcome sets or corrects what became of a trip. A ride that has not
// started or was cancelled is a conflict naming the field outcome.
func (s *server) recordOutcome(w http.ResponseWriter, r *http.Request) error {
	ar, t, err := s.outcomeTrip(r)
	if err != nil {
		return err
	}
	var in outcomeInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	o, err := ar.RecordOutcome(r.Context(), actor(r), dispatch.Outcome{TripID: t.ID, Outcome: in.Outcome,
		CancelledBy: in.CancelledBy, Reason: in.Reason, Notes: in.Notes, Source: dispatch.SourceAPI})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

// getOutcome reads a trip's outcome; none recorded is not found.
func (s *server) getOutcome(w http.ResponseWriter, r *http.Request) error {
	ar, t, err := s.outcomeTrip(r)
	if err != nil {
		return err
	}
	o, err := ar.TripOutcome(r.Context(), t.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

type kmInput struct {
	Km *float64 `json:"km"`
}

// correctTourKm sets a tour's actual kilometres, as a coordinator; the
// planned route's stay in the log for comparison.
func (s *server) correctTourKm(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in kmInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if in.Km == nil {
		return fieldError("km", "is required")
	}
	meters, err := dispatch.ValidateKm(*in.Km)
	if err != nil {
		return err
	}
	if err := ar.CorrectTourKm(r.Context(), actor(r), id, meters, nil); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
