package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// serviceDay is a day under the production objective, big enough to be
// split: 40 drivers, 20 of them with a morning and an afternoon shift (60
// shifts), rides already driven this week, weekly limits, preferred
// drivers and fairness, and 120 tasks between random places: few enough
// that tours open and close, and limits bind, as the search moves them.
func serviceDay(seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 3))
	const minute = 60.0
	const tasks, drivers = 120, 40
	p := randomPlaces(rng, 2*tasks+drivers, 30*minute)
	p.Weights = Weights{Unassigned: 1e6, Time: 1, Fairness: 300, Preferred: 120}
	day := 10 * 60 * minute
	for d := range drivers {
		rides := rng.IntN(8)
		p.Drivers = append(p.Drivers, DriverLoad{Rides: rides, MaxRides: (rides + 3) * (d % 3)})
		home := Visit{Location: 2*tasks + d, Open: 0, Close: day}
		if d%2 == 0 {
			am, pm := home, home
			am.Close, pm.Open = day/2, day/2+60*minute
			p.Shifts = append(p.Shifts, Shift{Driver: d, Capacity: 3, Start: am, End: am},
				Shift{Driver: d, Capacity: 3, Start: pm, End: pm})
			continue
		}
		p.Shifts = append(p.Shifts, Shift{Driver: d, Capacity: 3, Start: home, End: home})
	}
	for k := range tasks {
		due := 60*minute + rng.Float64()*(day-120*minute)
		t := Task{Pickup: Visit{Location: 2 * k, Open: 0, Close: day, Service: 2 * minute},
			Dropoff: Visit{Location: 2*k + 1, Open: due - 20*minute, Close: due, Service: 2 * minute},
			Load:    1, MaxRide: 45 * minute}
		if k%5 == 0 {
			t.Preferred = []int{rng.IntN(drivers)}
		}
		p.Tasks = append(p.Tasks, t)
	}
	return p
}

// TestSplitPartsAddUp runs epochs of a split search and checks what the
// split rests on: the plan put together from the workers' parts costs the
// start plus each part's change, for the current and the best states, and
// is a consistent plan. It fails when a term of the objective crosses the
// parts, as the fairness term does when shifts rather than drivers are
// divided.
func TestSplitPartsAddUp(t *testing.T) {
	t.Parallel()
	c := newCore(serviceDay(1))
	if !c.splits(2) {
		t.Fatalf("a day of %d shifts under the production objective is not split", c.ns)
	}
	c.classify(newScratch(c))
	opt := SolveOptions{Seed: 1, Iterations: 1_000}
	srs := []*search{newSearch(c, opt), newSearch(c.clone(), SolveOptions{Seed: 2, Iterations: 1_000})}
	sp := newSplit(c, srs, srs[0].construct())
	for e := range 10 {
		cur0, best0 := c.objective(sp.cur), c.objective(sp.best)
		sp.epoch(context.Background(), e)
		wantCur, wantEpoch := cur0, cur0
		for _, a := range sp.anneals {
			wantCur += c.objective(a.cur) - cur0
			wantEpoch += c.objective(a.best) - cur0
		}
		if got := c.objective(sp.cur); math.Abs(got-wantCur) > 1e-6*math.Abs(wantCur) {
			t.Errorf("epoch %d: current plan costs %.3f, its parts add up to %.3f", e, got, wantCur)
		}
		if got := c.objective(sp.epochBest); math.Abs(got-wantEpoch) > 1e-6*math.Abs(wantEpoch) {
			t.Errorf("epoch %d: the epoch's best costs %.3f, its parts add up to %.3f", e, got, wantEpoch)
		}
		if got := c.objective(sp.best); got != min(best0, c.objective(sp.epochBest)) {
			t.Errorf("epoch %d: best plan costs %.3f, the last best %.3f", e, got, best0)
		}
		for _, st := range []*state{sp.cur, sp.epochBest, sp.best} {
			checkState(t, c, st)
		}
	}
}

// checkState checks that every task is on at most one route, where and
// extra match the routes, no driver exceeds the weekly limit, and every
// route has a schedule.
func checkState(t *testing.T, c *core, st *state) {
	t.Helper()
	seen := make([]int, c.n)
	extra := make([]int32, len(st.extra))
	b := make([]float64, 2*c.n+2)
	for s := range st.routes {
		r := &st.routes[s]
		for _, v := range r.nodes {
			if int(v) < c.n {
				seen[v]++
				if st.where[v] != int32(s) {
					t.Errorf("task %d on shift %d, where says %d", v, s, st.where[v])
				}
			}
		}
		extra[c.p.Shifts[s].Driver] += r.tasks
		if !c.schedule(r.nodes, s, b[:len(r.nodes)], make([]int32, c.n)) {
			t.Errorf("route of shift %d has no schedule", s)
		}
	}
	for i, k := range seen {
		if k > 1 || k == 0 && st.where[i] >= 0 {
			t.Errorf("task %d on %d routes, where says %d", i, k, st.where[i])
		}
	}
	for d := range extra {
		if extra[d] != st.extra[d] {
			t.Errorf("driver %d: %d rides on the routes, extra says %d", d, extra[d], st.extra[d])
		}
		if dl := c.p.Drivers[d]; dl.MaxRides > 0 && dl.Rides+int(extra[d]) > dl.MaxRides {
			t.Errorf("driver %d: %d rides this week, more than %d", d, dl.Rides+int(extra[d]), dl.MaxRides)
		}
	}
}
