package solver

import (
	"math"
	"testing"
)

// TestHopelessOnlyWhenNeverAccepted checks the shortcut of the search's
// step: a repaired plan that serves fewer tasks than the current one goes
// unpolished only where the unassigned weight makes it certain that the
// annealing would reject it. With a weight below the travel of the plan,
// a polished plan serving one task less could be accepted, and must be
// judged.
func TestHopelessOnlyWhenNeverAccepted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		unassigned float64
		want       bool
	}{{1e6, true}, {1, false}} {
		p := randomDay(5, 30, 4)
		p.Weights.Unassigned = tc.unassigned
		c := newCore(p)
		c.classify(newScratch(c))
		sr := newSearch(c, SolveOptions{Seed: 5, Iterations: 100})
		a := sr.startAnneal(sr.construct())
		a.work.copyFrom(a.cur)
		if sr.hopeless(a) {
			t.Fatalf("unassigned weight %v: the current plan itself is hopeless", tc.unassigned)
		}
		task := firstServed(a.work)
		if task < 0 || !c.unplace(a.work, task, sr.w) {
			t.Fatalf("unassigned weight %v: no task to take out", tc.unassigned)
		}
		if got := sr.hopeless(a); got != tc.want {
			t.Errorf("unassigned weight %v: a plan serving one task less is hopeless = %v, want %v", tc.unassigned, got, tc.want)
		}
	}
}

// firstServed is the first task st places on a route, or -1.
func firstServed(st *state) int {
	for i, s := range st.where {
		if s >= 0 {
			return i
		}
	}
	return -1
}

// TestAnnealEndsColdOnlyOnBigDays checks where the annealing ends: a day
// big enough to be split (serviceDay, 60 shifts) ends at endCoolBig with
// one worker as with two, since it is as far from converged either way;
// a small production day and the benchmark's sum objective end at the
// warmer endCool, at which a day of 300 requests was 1% cheaper.
func TestAnnealEndsColdOnlyOnBigDays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		p       *Problem
		workers int
		want    float64
	}{
		{"big day, one worker", serviceDay(1), 1, endCoolBig},
		{"big day, two workers", serviceDay(1), 2, endCoolBig},
		{"small production day", fairProblem(1, 40, 6), 2, endCool},
		{"benchmark", randomDay(1, 30, 4), 1, endCool},
	} {
		c := newCore(tc.p)
		c.classify(newScratch(c))
		sr := newSearch(c, SolveOptions{Seed: 1, Iterations: 100, Workers: tc.workers})
		a := sr.startAnneal(sr.construct())
		sr.iter = 100 // the end of the run
		if got := sr.temperature(a) / a.t0; math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: the annealing ends at %v of its first temperature, want %v", tc.name, got, tc.want)
		}
	}
}
