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
)

// The model-based test of the assignment lifecycle (issue 12): random
// interleavings of bookings, cancellations, re-plans whose computation
// starts before and whose save lands after other events, driver replies
// (right, wrong and repeated codes), hand assignments with and without
// agreement, reassignments and offer expiry, on the real database. After
// every step it checks the invariants of DESIGN.md's "rules the data must
// keep". LIFECYCLE_SEEDS and LIFECYCLE_STEPS run more.

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
	pending []planning.Computed
	ops     map[string]int
	serial  int
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
		{"reply", 28, m.reply},
		{"assign", 12, m.handAssign},
		{"expire", 8, m.expire},
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
	tr := m.ride(fmt.Sprint("R", m.serial), "", at)
	m.trips = append(m.trips, tr.ID)
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

func (m *model) planNow() (int64, bool) {
	c, err := m.svc.Compute(m.ctx, lifecycleDate, false)
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
	c, err := m.svc.Compute(m.ctx, lifecycleDate, false)
	if err != nil {
		m.t.Fatal(err)
	}
	m.pending = append(m.pending, c)
	return 0, false
}

func (m *model) planSave() (int64, bool) {
	if len(m.pending) == 0 {
		return m.planStart()
	}
	k := m.rng.IntN(len(m.pending))
	c := m.pending[k]
	m.pending = append(m.pending[:k], m.pending[k+1:]...)
	if _, err := m.svc.Save(m.ctx, c); err != nil {
		m.t.Fatal(err)
	}
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
	id := m.anyTrip()
	if id == 0 {
		return 0, false
	}
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
	return 0, false
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
