package store

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The store's half of the assignment lifecycle (dispatch/lifecycle.go):
// every change of an assignment's state loads the rows, asks dispatch.Step
// what the event does to each, and writes exactly that in the caller's
// transaction. The store picks the rows and carries out the effects; it
// decides nothing about which state may become which.

// moved is one assignment the lifecycle moved, with its transition.
type moved struct {
	id, tripID, driverID, tourID int64
	date                         string
	from                         dispatch.Stage
	dispatch.Transition
}

// moves is what one event did to a set of assignments.
type moves []moved

// has reports whether any move carries effect e.
func (ms moves) has(e dispatch.Effect) bool {
	return slices.ContainsFunc(ms, func(m moved) bool { return m.Has(e) })
}

// ids are the moved assignments' ids.
func (ms moves) ids() []int64 {
	out := make([]int64, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.id)
	}
	return out
}

// first is the move of the first assignment, for the transition one SMS
// about them follows (the rows of one offer or tour move alike).
func (ms moves) first() dispatch.Transition {
	if len(ms) == 0 {
		return dispatch.Transition{}
	}
	return ms[0].Transition
}

// step moves the live assignments that where selects (a condition on
// assignments a, with args) by event ev. It locks them, asks dispatch.Step
// for each, writes the new state and who decided it, and carries out the
// effects that concern the trip: flag it with the transition's rule, clear
// its flag, plan its date again. An assignment the lifecycle refuses the
// event is left as it is and is not among the moves: for the planner that
// means a person decided meanwhile, for a person that they came too late.
// The messages to the driver are the caller's (it knows which rides one
// SMS is about); they follow the moves' effects.
func (s *Store) step(ctx context.Context, tx pgx.Tx, ev dispatch.Event, where string, args ...any) (moves, error) {
	rows, _ := tx.Query(ctx, `SELECT a.id, a.trip_id, a.driver_id, a.tour_id, a.state, a.decided_by,
		coalesce(to_char(t.service_date, 'YYYY-MM-DD'), '') FROM assignments a JOIN trips t ON t.id = a.trip_id
		WHERE a.state IN ('proposed', 'offered', 'confirmed') AND (`+where+`) ORDER BY a.id FOR UPDATE OF a`, args...)
	var ms moves
	var m moved
	var state, by string
	_, err := pgx.ForEachRow(rows, []any{&m.id, &m.tripID, &m.driverID, &m.tourID, &state, &by, &m.date}, func() error {
		m.from = dispatch.StageOf(state, by)
		t, err := dispatch.Step(m.from, ev)
		if err != nil {
			return nil // refused: it stays as it is
		}
		m.Transition = t
		ms = append(ms, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ms, s.applyMoves(ctx, tx, ev, ms)
}

// answered: the event is the driver's answer or its absence, recorded as
// the assignment's answered_at.
func answered(ev dispatch.Event) bool {
	switch ev {
	case dispatch.EvDriverAccept, dispatch.EvDriverDecline, dispatch.EvDriverCancel, dispatch.EvDriverClash,
		dispatch.EvExpire, dispatch.EvSendFailed:
		return true
	}
	return false
}

// applyMoves writes the moves' states and their effects on the trips.
func (s *Store) applyMoves(ctx context.Context, tx pgx.Tx, ev dispatch.Event, ms moves) error {
	now := s.now()
	var clear []int64
	var replan []dispatch.Trip
	flags := map[dispatch.Rule][]int64{}
	// One UPDATE per new state and decider: the rows of an offer or a tour
	// move alike. They are locked already (step), in id order.
	type write struct{ state, by string }
	writes := map[write][]int64{}
	for _, m := range ms {
		if m.To != m.from || m.DecidedBy != "" {
			w := write{m.To.State(), m.DecidedBy}
			writes[w] = append(writes[w], m.id)
		}
		if m.Has(dispatch.EffFlag) {
			flags[m.Flag] = append(flags[m.Flag], m.tripID)
		}
		if m.Has(dispatch.EffClearFlag) {
			clear = append(clear, m.tripID)
		}
		if m.Has(dispatch.EffReplan) {
			replan = append(replan, dispatch.Trip{ID: m.tripID, ServiceDate: m.date})
		}
	}
	for w, ids := range writes {
		if _, err := tx.Exec(ctx, `UPDATE assignments SET state = $2,
			decided_by = CASE WHEN $3 = '' THEN decided_by ELSE $3 END,
			answered_at = CASE WHEN $4 THEN $5::timestamptz ELSE answered_at END, updated_at = $5
			WHERE id = ANY($1)`, ids, w.state, w.by, answered(ev), now); err != nil {
			return err
		}
	}
	if len(clear) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE trips SET flagged = '' WHERE id = ANY($1) AND flagged <> ''`, clear); err != nil {
			return err
		}
	}
	for rule, trips := range flags {
		if _, err := tx.Exec(ctx, `UPDATE trips SET flagged = $2 WHERE id = ANY($1)`, trips, string(rule)); err != nil {
			return err
		}
	}
	return s.planDates(ctx, tx, replan...)
}
