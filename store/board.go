package store

import (
	"context"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Board reads the plan of a local date.
func (s *Store) Board(ctx context.Context, date string) (dispatch.Board, error) {
	empty := func() dispatch.Board {
		return dispatch.Board{Date: date, Routes: []dispatch.BoardRoute{}, Unassigned: []dispatch.Trip{}, OnCall: []dispatch.Trip{},
			Flagged: []dispatch.Trip{}}
	}
	b := empty()
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return b, &dispatch.Error{Code: dispatch.CodeInvalid, Message: "the date is not valid",
			Fields: []dispatch.FieldError{{Field: "date", Message: "must be YYYY-MM-DD"}}}
	}
	err := s.inTx(ctx, "plan", func(tx pgx.Tx) error {
		b = empty() // a retried run starts again
		if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"); err != nil {
			return err
		}
		// The day's legs, on-call returns whose outbound leg is that day, and
		// cancelled rides whose senior could not be told (calls.go).
		rows, _ := tx.Query(ctx, `SELECT `+tripColumns+tripFrom+`
			WHERE (t.service_date = $1::date AND t.status IN ('booked', 'completed'))
			   OR (t.status = 'on_call' AND t.outbound_id IN (SELECT id FROM trips WHERE service_date = $1::date))
			   OR (t.service_date = $1::date AND t.status = 'cancelled' AND t.flagged = ANY($2))
			ORDER BY t.pickup_earliest NULLS LAST, t.id`, date, noticeFlags)
		trips, err := pgx.CollectRows(rows, scanTrip)
		if err != nil {
			return err
		}
		if b.RiderNames, err = riderNames(ctx, tx, trips); err != nil {
			return err
		}
		if b.PlaceNames, err = placeNames(ctx, tx, trips); err != nil {
			return err
		}
		routes := map[int64]*dispatch.BoardRoute{}
		for _, t := range trips {
			if t.Flagged != "" && (t.Status == dispatch.TripBooked || t.Status == dispatch.TripCancelled) {
				b.Flagged = append(b.Flagged, t)
			}
			switch {
			case t.Status == dispatch.TripCancelled:
			case t.Status == dispatch.TripOnCall:
				b.OnCall = append(b.OnCall, t)
			case t.Assignment == nil:
				b.Unassigned = append(b.Unassigned, t)
			default:
				addStops(routes, t, b.RiderNames[t.RiderID])
			}
		}
		return fillRoutes(ctx, tx, &b, routes)
	})
	return b, err
}

func riderNames(ctx context.Context, tx pgx.Tx, trips []dispatch.Trip) (map[int64]string, error) {
	ids := make([]int64, 0, len(trips))
	for _, t := range trips {
		ids = append(ids, t.RiderID)
	}
	return namesByID(ctx, tx, `SELECT id, first_name || ' ' || last_name FROM riders WHERE id = ANY($1)`, ids)
}

// placeNames names the places the trips start or end at.
func placeNames(ctx context.Context, tx pgx.Tx, trips []dispatch.Trip) (map[int64]string, error) {
	ids := make([]int64, 0, len(trips))
	for _, t := range trips {
		for _, id := range []*int64{t.Pickup.PlaceID, t.Dropoff.PlaceID} {
			if id != nil {
				ids = append(ids, *id)
			}
		}
	}
	return namesByID(ctx, tx, `SELECT id, name FROM places WHERE id = ANY($1)`, ids)
}

// namesByID runs query, which selects (id, name) for the ids in $1, into a
// map.
func namesByID(ctx context.Context, tx pgx.Tx, query string, ids []int64) (map[int64]string, error) {
	names := map[int64]string{}
	rows, _ := tx.Query(ctx, query, ids)
	var id int64
	var name string
	_, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		names[id] = name
		return nil
	})
	return names, err
}

func addStops(routes map[int64]*dispatch.BoardRoute, t dispatch.Trip, rider string) {
	a := t.Assignment
	r := routes[a.DriverID]
	if r == nil {
		r = &dispatch.BoardRoute{DriverID: a.DriverID}
		routes[a.DriverID] = r
	}
	stop := dispatch.BoardStop{TripID: t.ID, RiderID: t.RiderID, RiderName: rider, State: a.State, TourID: a.TourID, Needs: t.Needs,
		DecidedBy: a.DecidedBy}
	pickup, dropoff := stop, stop
	pickup.Time, pickup.Kind, pickup.Address = a.PlannedPickup, dispatch.BoardPickup, t.Pickup
	dropoff.Time, dropoff.Kind, dropoff.Address = a.PlannedDropoff, dispatch.BoardDropoff, t.Dropoff
	r.Stops = append(r.Stops, pickup, dropoff)
}

// fillRoutes names the drivers and orders routes by name and stops by time.
func fillRoutes(ctx context.Context, tx pgx.Tx, b *dispatch.Board, routes map[int64]*dispatch.BoardRoute) error {
	ids := make([]int64, 0, len(routes))
	for id := range routes {
		ids = append(ids, id)
	}
	rows, _ := tx.Query(ctx, `SELECT id, first_name, last_name FROM drivers WHERE id = ANY($1) ORDER BY last_name, first_name, id`, ids)
	var id int64
	var first, last string
	_, err := pgx.ForEachRow(rows, []any{&id, &first, &last}, func() error {
		r := routes[id]
		r.FirstName, r.LastName = first, last
		sort.SliceStable(r.Stops, func(i, j int) bool { return r.Stops[i].Time.Before(r.Stops[j].Time) })
		b.Routes = append(b.Routes, *r)
		return nil
	})
	return err
}
