package api

import (
	"context"
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// AssignmentStore is a coordinator's hand assignment (issue 12): put a
// trip on a driver, asking them by SMS or recording an agreement, or take
// the driver away. The store applies the assignment lifecycle
// (dispatch/lifecycle.go): the driver who loses the ride is told.
type AssignmentStore interface {
	AssignTrip(ctx context.Context, actor dispatch.Actor, a dispatch.Assignment) (dispatch.Assignment, error)
	UnassignTrip(ctx context.Context, actor dispatch.Actor, tripID int64) (dispatch.Trip, error)
}

// assignmentInput is PUT /trips/{id}/assignment: agreed false (the
// default) asks the driver by SMS, true records that it is agreed with them.
type assignmentInput struct {
	DriverID int64 `json:"driver_id"`
	Agreed   bool  `json:"agreed"`
}

// assignTrip puts a trip on a driver by hand (coordinators).
func (s *server) assignTrip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tripFor(r)
	if err != nil {
		return err
	}
	var in assignmentInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if in.DriverID <= 0 {
		var fe dispatch.Fields
		fe.AddRule("driver_id", dispatch.RuleRequired, "is required")
		return fe.Err()
	}
	if _, err := s.Store.Driver(r.Context(), in.DriverID); err != nil {
		if dispatch.ErrorCode(err) == dispatch.CodeNotFound {
			var fe dispatch.Fields
			fe.Add("driver_id", "no such driver")
			return fe.Err()
		}
		return err
	}
	a := dispatch.Assignment{TripID: t.ID, DriverID: in.DriverID, State: dispatch.AssignOffered}
	if in.Agreed {
		a.State = dispatch.AssignConfirmed
	}
	if t.Assignment != nil {
		a.PlannedPickup, a.PlannedDropoff = t.Assignment.PlannedPickup, t.Assignment.PlannedDropoff
	} else if a.PlannedPickup, a.PlannedDropoff, err = dispatch.PlannedTimes(r.Context(), t); err != nil {
		return err
	}
	out, err := s.Store.AssignTrip(r.Context(), actor(r), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// unassignTrip takes the driver away (coordinators); the trip is planned
// again without them.
func (s *server) unassignTrip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tripFor(r)
	if err != nil {
		return err
	}
	out, err := s.Store.UnassignTrip(r.Context(), actor(r), t.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
