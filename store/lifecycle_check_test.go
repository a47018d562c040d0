package store_test

import (
	"fmt"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// check tests the invariants after one step of the lifecycle model.
// before and after are every assignment row around the step; own is the
// driver whose SMS the step was (their own answer tells them); lastMsg the
// last message id before it; covered says the step was a plan computed
// and saved with nothing in between, after which every trip must be
// covered.
func (m *model) check(label string, before, after map[int64]row, own int64, lastMsg int, covered bool, op string) {
	m.t.Helper()
	m.checkNoOverlap(label)
	m.checkRefusedNotAsked(label, before, after)
	if op == "plan" || op == "plan_save" {
		m.checkPersonDecisionsKept(label, before, after)
	}
	m.checkToldOnce(label, before, after, own, lastMsg)
	if covered {
		m.checkCovered(label)
	}
}

// No driver holds two overlapping confirmed rides (of different tours:
// riders of one tour share the car).
func (m *model) checkNoOverlap(label string) {
	if n := m.count(`SELECT count(*) FROM assignments a JOIN assignments b ON a.driver_id = b.driver_id
		AND a.id < b.id AND a.tour_id <> b.tour_id AND a.block && b.block
		WHERE a.state = 'confirmed' AND b.state = 'confirmed'`); n > 0 {
		m.t.Fatalf("%s: %d overlapping confirmed rides", label, n)
	}
}

// No driver is offered (or proposed) by the planner a ride they declined,
// let expire, gave back or had taken away by a coordinator.
func (m *model) checkRefusedNotAsked(label string, before, after map[int64]row) {
	refused := map[[2]int64]bool{}
	for _, r := range after {
		if r.state == dispatch.AssignDeclined || r.state == dispatch.AssignExpired ||
			(r.state == dispatch.AssignWithdrawn && r.by == "coordinator") {
			refused[[2]int64{r.trip, r.driver}] = true
		}
	}
	for id, r := range after {
		if !r.live() || !refused[[2]int64{r.trip, r.driver}] {
			continue
		}
		_, old := before[id]
		if r.by == "planner" || (!old && r.by != "coordinator") {
			m.t.Fatalf("%s: driver %d has trip %d %s by the planner after refusing it", label, r.driver, r.trip, r.state)
		}
	}
}

// A plan never changes a person's decision: a coordinator's proposal, an
// offer, a confirmation stay as they were (a coordinator's proposal may
// become the offer it was waiting for).
func (m *model) checkPersonDecisionsKept(label string, before, after map[int64]row) {
	for id, b := range before {
		if !b.live() || !dispatch.PersonDecided(dispatch.StageOf(b.state, b.by)) {
			continue
		}
		a := after[id]
		if a.state == b.state && a.driver == b.driver {
			continue
		}
		if dispatch.StageOf(b.state, b.by) == dispatch.StageProposedCoordinator && a.state == dispatch.AssignOffered {
			continue
		}
		m.t.Fatalf("%s: the planner changed assignment %d of trip %d from %s/%s to %s/%s", label, id, b.trip,
			b.state, b.by, a.state, a.by)
	}
}

// Every driver who loses an offer or a confirmed ride is told exactly once
// (once per offer, once per tour), unless they gave it up themselves (their
// answer tells them); nobody else gets such a notice.
func (m *model) checkToldOnce(label string, before, after map[int64]row, own int64, lastMsg int) {
	kept := map[[2]int64]bool{} // a confirmed ride that stays the driver's (a new time)
	for _, a := range after {
		if a.state == dispatch.AssignConfirmed {
			kept[[2]int64{a.trip, a.driver}] = true
		}
	}
	lost := map[int64]map[string]bool{}
	for id, b := range before {
		a := after[id]
		if !b.held() || a.live() || b.driver == own ||
			(b.state == dispatch.AssignConfirmed && kept[[2]int64{b.trip, b.driver}]) {
			continue
		}
		key := fmt.Sprint("tour", b.tour)
		if b.state == dispatch.AssignOffered {
			key = fmt.Sprint("offer", b.offer)
		}
		if lost[b.driver] == nil {
			lost[b.driver] = map[string]bool{}
		}
		lost[b.driver][key] = true
	}
	for _, d := range m.drivers {
		told := m.count(`SELECT count(*) FROM messages WHERE id > $1 AND direction = 'out' AND driver_id = $2
			AND kind IN ('offer_withdrawn', 'ride_cancelled', 'offer_expired') AND reply_to IS NULL`, lastMsg, d.ID)
		if told != len(lost[d.ID]) {
			m.t.Fatalf("%s: driver %d lost %v and was told %d times", label, d.ID, lost[d.ID], told)
		}
	}
}

// After a plan with nothing in between, every booked trip has a driver
// (proposed, offered or confirmed) or a flag for the coordinators (trips on
// call are not booked).
func (m *model) checkCovered(label string) {
	if n := m.count(`SELECT count(*) FROM trips t WHERE t.status = 'booked' AND t.flagged = ''
		AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.trip_id = t.id
		  AND a.state IN ('proposed', 'offered', 'confirmed'))`); n > 0 {
		m.t.Fatalf("%s: %d booked trips neither assigned nor flagged", label, n)
	}
}
