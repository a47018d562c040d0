package store_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
)

// The model-based test of the assignment lifecycle (issue 12): random
// interleavings of bookings, cancellations, re-plans whose computation
// starts before and whose save lands after other events, driver replies
// (right, wrong and repeated codes), hand assignments with and without
// agreement, reassignments, offer expiry, SMS that do not reach the driver,
// rides back on call that get their time, and both planning passes (quick
// and full), on the real database. After every step it checks the
// invariants of DESIGN.md's "rules the data must keep". One step is aimed
// at the save-time checks: a person decides a trip that a plan computed
// earlier still proposes, and that plan is saved right after.
// LIFECYCLE_SEEDS and LIFECYCLE_STEPS run more.

func TestLifecycleModel(t *testing.T) {
	t.Parallel()
	seeds, steps := envInt("LIFECYCLE_SEEDS", 20), envInt("LIFECYCLE_STEPS", 150)
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			m := newModel(t, uint64(seed))
			for i := range steps {
				m.step(i)
			}
			t.Logf("seed %d: %v", seed, m.ops)
		})
	}
}

// row is an assignment as the checks see it.
type row struct {
	id, trip, driver, tour, offer int64
	state, by                     string
}

func (r row) live() bool {
	return r.state == dispatch.AssignOffered || r.state == dispatch.AssignConfirmed || r.state == dispatch.AssignProposed
}

// held: a driver has it (asked or confirmed), so losing it must be told.
func (r row) held() bool {
	return r.state == dispatch.AssignOffered || r.state == dispatch.AssignConfirmed
}

type model struct {
	*smsHarness
	rng     *rand.Rand
	svc     *planning.Service
	drivers []dispatch.Driver
	trips   []int64
	pending []pendingPlan
	ops     map[string]int
	serial  int
	stepNo  int
}

// pendingPlan is a plan computed and not saved yet, with the trips a
// person had not decided when it was computed (the plan may propose them).
type pendingPlan struct {
	c    planning.Computed
	open []int64
}

func newModel(t *testing.T, seed uint64) *model {
	h := newSMSHarness(t, lifecycleNow, 1)
	m := &model{smsHarness: h, rng: rand.New(rand.NewPCG(seed, 12)), ops: map[string]int{},
		svc: planning.New(h.st, planning.Planner{Iterations: 40, TimeLimit: time.Second, Seed: seed}, nil)}
	for i := range 4 {
		m.drivers = append(m.drivers, h.driver(fmt.Sprint("D", i), fmt.Sprintf("+49151000001%02d", i)))
	}
	return m
}

// step does one random thing and checks the invariants.
func (m *model) step(i int) {
	m.t.Helper()
	m.stepNo = i
	before := m.rows()
	lastMsg := m.count(`SELECT coalesce(max(id), 0) FROM messages`)
	ops := []struct {
		name   string
		weight int
		do     func() (driverOwn int64, planned bool)
	}{
		{"book", 14, m.book},
		{"cancel", 6, m.cancel},
		{"plan", 12, m.planNow},
		{"plan_start", 10, m.planStart},
		{"plan_save", 10, m.planSave},
		{"decide_stale", 8, m.decideStale},
		{"reply", 28, m.reply},
		{"assign", 12, m.handAssign},
		{"expire", 8, m.expire},
		{"sms_fail", 4, m.smsFail},
		{"set_time", 4, m.setTime},
	}
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	n := m.rng.IntN(total)
	for _, o := range ops {
		if n -= o.weight; n >= 0 {
			continue
		}
		m.ops[o.name]++
		own, planned := o.do()
		after := m.rows()
		m.check(fmt.Sprintf("step %d (%s)", i, o.name), before, after, own, lastMsg, planned, o.name)
		return
	}
}

func (m *model) rows() map[int64]row {
	m.t.Helper()
	rs, err := m.pool.Query(m.ctx, `SELECT id, trip_id, driver_id, tour_id, coalesce(offer_id, 0), state, decided_by FROM assignments`)
	if err != nil {
		m.t.Fatal(err)
	}
	defer rs.Close()
	out := map[int64]row{}
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.id, &r.trip, &r.driver, &r.tour, &r.offer, &r.state, &r.by); err != nil {
			m.t.Fatal(err)
		}
		out[r.id] = r
	}
	if err := rs.Err(); err != nil {
		m.t.Fatal(err)
	}
	return out
}

func (m *model) book() (int64, bool) {
	m.serial++
	at := time.Date(2026, 11, 25, 8+m.rng.IntN(9), 15*m.rng.IntN(4), 0, 0, berlin)
	if m.rng.IntN(3) > 0 {
		m.trips = append(m.trips, m.ride(fmt.Sprint("R", m.serial), "", at).ID)
		return 0, false
	}
	// A ride with the way back on call: the senior phones when done.
	r, err := m.st.CreateRider(m.ctx, system, dispatch.Rider{FirstName: fmt.Sprint("R", m.serial), LastName: "Senior",
		Street: "Weg 1", City: "Bitburg", Lat: 49.98, Lon: 6.55, ContactPreference: "relative", Language: "de"})
	if err != nil {
		m.t.Fatal(err)
	}
	legs, err := dispatch.Booking{RiderID: r.ID, To: modelPlace, Timing: dispatch.TimingArriveBy, At: at,
		Return: dispatch.ReturnOnCall, Passengers: 1, Via: "phone"}.Legs(r, dispatch.DefaultBookingRules(m.clock.Now(), berlin))
	if err != nil {
		m.t.Fatal(err)
	}
	trips, err := m.st.BookTrip(m.ctx, system, legs)
	if err != nil {
		m.t.Fatal(err)
	}
	for _, tr := range trips {
		m.trips = append(m.trips, tr.ID)
	}
	return 0, false
}

var modelPlace = dispatch.Location{Street: "Am Markt 1", City: "Bitburg", Lat: 49.967, Lon: 6.527}

// setTime gives a ride back on call its time (the senior has phoned), as
// the API does: one to three hours after the outbound ride arrives.
func (m *model) setTime() (int64, bool) {
	var back dispatch.Trip
	for _, id := range m.trips {
		if tr := m.trip(id); tr.Status == dispatch.TripOnCall && tr.OutboundID != nil {
			back = tr
			break
		}
	}
	if back.ID == 0 {
		return m.book()
	}
	out := m.trip(*back.OutboundID)
	if out.Status != dispatch.TripBooked {
		return 0, false
	}
	r, err := m.st.Rider(m.ctx, back.RiderID)
	if err != nil {
		m.t.Fatal(err)
	}
	at := out.DropoffLatest.Add(time.Duration(60+15*m.rng.IntN(9)) * time.Minute)
	legs, err := dispatch.Booking{RiderID: back.RiderID, From: &back.Pickup, To: back.Dropoff, Timing: dispatch.TimingPickupAt,
		At: at, Return: dispatch.ReturnNone, Passengers: back.Passengers, Needs: &back.Needs}.
		Legs(r, dispatch.DefaultBookingRules(m.clock.Now(), berlin))
	if err != nil {
		m.t.Fatal(err)
	}
	if _, err := m.st.SetTripTime(m.ctx, system, back.ID, legs[0]); err != nil {
		m.t.Fatalf("set time: %v", err)
	}
	return 0, false
}

// anyTrip picks a booked trip, or 0.
func (m *model) anyTrip() int64 {
	var live []int64
	for _, id := range m.trips {
		if m.trip(id).Status == dispatch.TripBooked {
			live = append(live, id)
		}
	}
	if len(live) == 0 {
		return 0
	}
	return live[m.rng.IntN(len(live))]
}

func (m *model) cancel() (int64, bool) {
	if id := m.anyTrip(); id != 0 {
		if _, err := m.st.CancelTrip(m.ctx, system, id, "", false); err != nil {
			m.t.Fatal(err)
		}
	}
	return 0, false
}

// quick: one plan in four is the quick insertion pass (proposals only, no
// offers), as PlanDay runs it before the full pass.
func (m *model) quick() bool { return m.rng.IntN(4) == 0 }

func (m *model) planNow() (int64, bool) {
	c, err := m.svc.Compute(m.ctx, lifecycleDate, m.quick())
	if err == nil {
		_, err = m.svc.Save(m.ctx, c)
	}
	if err != nil {
		m.t.Fatal(err)
	}
	return 0, true
}

func (m *model) planStart() (int64, bool) {
	if len(m.pending) >= 2 {
		return m.planSave()
	}
	m.compute()
	return 0, false
}

// compute computes a plan and holds it, with the trips nobody had decided.
func (m *model) compute() {
	m.t.Helper()
	decided := map[int64]bool{}
	for _, r := range m.rows() {
		if r.live() && dispatch.PersonDecided(dispatch.StageOf(r.state, r.by)) {
			decided[r.trip] = true
		}
	}
	c, err := m.svc.Compute(m.ctx, lifecycleDate, m.quick())
	if err != nil {
		m.t.Fatal(err)
	}
	p := pendingPlan{c: c}
	for _, id := range m.trips {
		if !decided[id] && m.trip(id).Status == dispatch.TripBooked {
			p.open = append(p.open, id)
		}
	}
	m.pending = append(m.pending, p)
}

func (m *model) planSave() (int64, bool) {
	if len(m.pending) == 0 {
		return m.planStart()
	}
	k := m.rng.IntN(len(m.pending))
	m.save(k)
	return 0, false
}

func (m *model) save(k int) {
	m.t.Helper()
	c := m.pending[k].c
	m.pending = append(m.pending[:k], m.pending[k+1:]...)
	if _, err := m.svc.Save(m.ctx, c); err != nil {
		m.t.Fatalf("step %d: save: %v", m.stepNo, err)
	}
}

// decideStale aims at the save-time checks: a coordinator decides (asks a
// driver, or records an agreed ride) a trip that was open when a pending
// plan was computed, so the plan likely proposes it otherwise, and that
// plan is saved at once. The save must leave the decision as it is.
func (m *model) decideStale() (int64, bool) {
	if len(m.pending) == 0 {
		m.compute()
	}
	k := m.rng.IntN(len(m.pending))
	var open []int64
	live := m.rows()
	decided := map[int64]bool{}
	for _, r := range live {
		if r.live() && dispatch.PersonDecided(dispatch.StageOf(r.state, r.by)) {
			decided[r.trip] = true
		}
	}
	for _, id := range m.pending[k].open {
		if !decided[id] && m.trip(id).Status == dispatch.TripBooked {
			open = append(open, id)
		}
	}
	if len(open) > 0 {
		m.assignTrip(open[m.rng.IntN(len(open))])
	}
	mid := m.rows()
	m.save(k)
	m.checkPersonDecisionsKept(fmt.Sprintf("step %d (decide_stale: the save)", m.stepNo), mid, m.rows())
	return 0, false
}

// reply has a driver answer with a code of theirs (open, closed,
// confirmed) or a wrong one, JA, NEIN or ABSAGE.
func (m *model) reply() (int64, bool) {
	d := m.drivers[m.rng.IntN(len(m.drivers))]
	rs, err := m.pool.Query(m.ctx, `SELECT code FROM offers WHERE driver_id = $1
		UNION ALL SELECT offer_code FROM assignments WHERE driver_id = $1 AND offer_code IS NOT NULL`, d.ID)
	if err != nil {
		m.t.Fatal(err)
	}
	codes := []string{"ZZ9"}
	for rs.Next() {
		var c string
		if err := rs.Scan(&c); err != nil {
			m.t.Fatal(err)
		}
		codes = append(codes, c)
	}
	rs.Close()
	code := codes[m.rng.IntN(len(codes))]
	word := []string{"JA", "JA", "NEIN", "ABSAGE"}[m.rng.IntN(4)]
	m.serial++
	if _, err := m.st.ReceiveSMS(m.ctx, notify.IncomingSMS{MessageSID: fmt.Sprintf("SMmodel%d", m.serial),
		From: d.Phone, To: "+4930000000", Body: word + " " + code}); err != nil {
		m.t.Fatal(err)
	}
	return d.ID, false
}

func (m *model) handAssign() (int64, bool) {
	if id := m.anyTrip(); id != 0 {
		m.assignTrip(id)
	}
	return 0, false
}

// assignTrip has a coordinator put the trip on a random driver, asking by
// SMS or agreed.
func (m *model) assignTrip(id int64) {
	m.t.Helper()
	tr := m.trip(id)
	d := m.drivers[m.rng.IntN(len(m.drivers))]
	state := dispatch.AssignOffered
	if m.rng.IntN(2) == 0 {
		state = dispatch.AssignConfirmed
	}
	pickup := tr.PickupEarliest.Add(10 * time.Minute)
	_, err := m.st.AssignTrip(m.ctx, system, dispatch.Assignment{TripID: id, DriverID: d.ID, State: state,
		PlannedPickup: pickup, PlannedDropoff: pickup.Add(20 * time.Minute)})
	var de *dispatch.Error
	if err != nil && (!errors.As(err, &de) || de.Code != dispatch.CodeConflict) {
		m.t.Fatalf("hand assignment: %v", err)
	}
}

// smsFail has the SMS of an open offer fail for good (the number is not
// reachable): the next driver is asked, and the one whose number failed
// cannot be told (the step counts as theirs).
func (m *model) smsFail() (int64, bool) {
	n := m.count(`SELECT count(*) FROM messages m JOIN offers o ON o.id = m.offer_id
		WHERE m.kind = 'offer' AND o.state = 'open'`)
	if n == 0 {
		return 0, false
	}
	var msg, driver int64
	if err := m.pool.QueryRow(m.ctx, `SELECT m.id, o.driver_id FROM messages m JOIN offers o ON o.id = m.offer_id
		WHERE m.kind = 'offer' AND o.state = 'open' ORDER BY m.id OFFSET $1 LIMIT 1`, m.rng.IntN(n)).Scan(&msg, &driver); err != nil {
		m.t.Fatal(err)
	}
	if err := m.st.MessageFailed(m.ctx, msg, store.Failure{Code: 30008, Message: "unknown error", Final: true}); err != nil {
		m.t.Fatal(err)
	}
	return driver, false
}

// expire lets one open offer run out: its time is up, and the expiry job
// runs.
func (m *model) expire() (int64, bool) {
	var ids []int64
	rs, err := m.pool.Query(m.ctx, `SELECT id FROM offers WHERE state = 'open' ORDER BY id`)
	if err != nil {
		m.t.Fatal(err)
	}
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			m.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rs.Close()
	if len(ids) == 0 {
		return 0, false
	}
	id := ids[m.rng.IntN(len(ids))]
	if _, err := m.pool.Exec(m.ctx, `UPDATE offers SET expires_at = $2 WHERE id = $1`, id, m.clock.Now()); err != nil {
		m.t.Fatal(err)
	}
	if _, err := m.st.ExpireOffer(m.ctx, id); err != nil {
		m.t.Fatal(err)
	}
	return 0, false
}
