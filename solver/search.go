package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

// search is the adaptive large neighbourhood search (Ropke and Pisinger
// 2006) over states of one core.
type search struct {
	c       *core
	rng     *rand.Rand
	w       *scratch
	rp      *repairer
	routes  *routePool // nil when the objective does not split by route
	opt     SolveOptions
	clock   func() time.Duration // opt.Clock, or the wall clock
	started time.Duration        // clock when Solve began
	coolEnd float64              // endCool, or endCoolBig on a big day

	tasks, removed, pool []int32
	order                []int32
	single               [1]int32
	keys                 []keyed
	times                []float64   // per node: service start (Shaw) or history key
	pre                  [][]float64 // per route: prefix costs (exchangeTails)

	weights [numRemovals + numRepairs]float64
	scores  [numRemovals + numRepairs]float64
	uses    [numRemovals + numRepairs]float64
	iter    int
	tmp     route
	// per route: don't-look marks of the polish and what a pass changed
	dirty, changed []bool
	bestPolished   bool      // the production path's best state is polished (see polishNew)
	arcBest        []float64 // per arc: the best objective of a plan that used it, or nil
	// On a split day (see split), the tasks this search may place, nil
	// for all; the shifts it may change are its repairer's focus.
	mine []bool
}

// The insertion operators: greedy and regret-2, -3 and -4, the greedy one
// also with noise on its costs to diversify.
const (
	repairGreedy = iota
	repairNoisy
	repairRegret2
	repairRegret3
	repairRegret4
	numRepairs
)

var regretOf = [numRepairs]int{1, 1, 2, 3, 4}

// Scores of the adaptive weights: a new best, an improvement of the current
// state, an accepted worse state; and how fast weights follow the scores.
const (
	scoreBest     = 33
	scoreBetter   = 9
	scoreAccepted = 13
	reaction      = 0.1
	segment       = 100
)

// The set partitioning step runs on the best plan every partitionEvery
// iterations (every 0.6-1 s on the benchmark's biggest instances, where
// every iteration is polished). Measured on the pr instances, one core,
// seeds 1-16 at 1 s: every 125, 250, 500 and 1,000 iterations gave 2.29%,
// 2.40%, 2.11% and 2.22%; 500 against 250 over seeds 1-32: 2.17% against
// 2.41% at 1 s, and 1.850% against 1.861% on pr05, 06, 09 and 10 at 10 s;
// Cordeau a and b at 1 s (seeds 1-4) 0.084% and 0.066% against 0.065% and
// 0.055%. It looks at up to partitionWork pooled routes in its branch and
// bound; once the search has gone half a restart period without a new
// best, up to partitionWorkStalled, since then the pool is the likelier
// source of one (see partitionStop for its time).
// startWorse sets the first temperature of the annealing: a plan that much
// worse than the start is accepted half the time. 1% rather than Ropke and
// Pisinger's 5%: the plans are within a few per cent of the optimum, and a
// hotter start spent the first seconds far from it. Where the route pool
// is kept (and with it the history removal), startWorsePool: measured on
// the pr instances, one core, mean gap of all ten at 1 s (seeds 1-16) and
// of pr05, pr06, pr09 and pr10 at 10 s (seeds 1-16), a start of 0.3% gave
// 3.07% at 1 s, 1% 2.56% (seeds 1-32) and 2.07%, 2% 2.34% and 2.54% (two
// runs) and 1.97%, 3% 2.39% and 2.04%, 5% 2.41% at 1 s; the Cordeau a
// family at 1 s 0.070% with 2% against 0.085% with 1%, b 0.081% against
// 0.073% (seeds 1-4). A small gain, near the noise of a run of 16 seeds
// (about 0.1 points), and no loss anywhere beyond it. The production path
// keeps 1%, which was measured on its days; 2% was not.
//
// The temperature falls to endCool of the first one, or to endCoolBig on
// a day big enough to be split between workers (core.bigDay). Measured
// with the pool, one core, pr05, 06, 09 and 10 at 10 s and all ten pr at
// 1 s, seeds 1-32: a five-hundredth (as before) 1.824% and 2.098%, a
// hundredth 1.744% and 2.043%, 3% 1.648% and 1.996%, a tenth 1.806%
// (seeds 1-16) and 2.078%; Cordeau a and b at 1 s (seeds 1-4) 0.071% and
// 0.054% with 3%. A colder end spends the last seconds taking only
// improvements of a state the restarts already bring back to the best.
// The production days, both cores at the default limit (cost without the
// unassigned penalty, seeds 1-22, leaving out the two where the two ends
// left different numbers of requests unassigned, one each way): on the day
// of 300 requests (37 shifts, searched side by side) 3% gave 325,900
// against 329,400 with a five-hundredth (-1.04% ± 0.28 paired, cheaper on
// 17 of the 20 seeds), where a five-hundredth froze the plan for the last
// 3 of its 8 s; on the day of 150 requests at its 4 s (seeds 1-8 less one
// that differed so) 194,300 against 192,900 (+0.7%, within the spread
// between seeds). The day of 1,000 requests (125 shifts, split) is far
// from converged at 8 s, and the cold end is where it descends: there 3%
// gave 917,500 against 900,400 (seeds 1-4), and one worker 0.6% more
// (an earlier session, seeds 1-6), so a big day keeps a five-hundredth.
const (
	partitionEvery       = 500
	partitionWork        = 2_000_000
	partitionWorkStalled = 30_000_000
	startWorse           = 0.01
	startWorsePool       = 0.02
	endCool              = 0.03
	endCoolBig           = 0.002
)

func newSearch(c *core, opt SolveOptions) *search {
	sr := &search{c: c, rng: rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15)), w: newScratch(c), opt: opt,
		clock: opt.Clock, started: opt.started, times: make([]float64, c.nodeCount())}
	if sr.clock == nil {
		t0 := time.Now()
		sr.clock = func() time.Duration { return time.Since(t0) }
		sr.started = 0
	}
	sr.coolEnd = endCool
	if c.bigDay() {
		sr.coolEnd = endCoolBig
	}
	sr.rp = &repairer{c: c, w: sr.w, rnd: sr.rng.Float64}
	sr.rp.setFocus(nil)
	sr.routes = newRoutePool(c, opt.Seed)
	for i := range sr.weights {
		sr.weights[i] = 1
	}
	sr.startHistory()
	return sr
}

// construct builds the first state: pinned tasks first, on their drivers'
// shifts, then everything else by regret-3 insertion.
func (sr *search) construct() *state {
	c := sr.c
	var pinned, free []int32
	for i := 0; i < c.n; i++ {
		if c.reason[i] != "" {
			continue
		}
		if c.pinned[i] >= 0 {
			pinned = append(pinned, int32(i))
		} else {
			free = append(free, int32(i))
		}
	}
	st := newState(c)
	sr.placePinned(st, pinned)
	sr.rp.run(st, free, 3)
	return st
}

// done reports whether the search must stop.
func (sr *search) done(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	if sr.opt.Iterations > 0 && sr.iter >= sr.opt.Iterations {
		return true
	}
	return sr.opt.TimeLimit > 0 && sr.elapsed() >= sr.opt.TimeLimit
}

// elapsed is the time the search has run, by its clock.
func (sr *search) elapsed() time.Duration { return sr.clock() - sr.started }

// partitionStop is when a partitioning step must give up: after a tenth of
// the time limit, so that one step never starves the search, and never
// past the limit, as a reading of the search's clock; zero without a
// time limit.
func (sr *search) partitionStop() time.Duration {
	if sr.opt.TimeLimit <= 0 {
		return 0
	}
	return sr.started + min(sr.elapsed()+sr.opt.TimeLimit/10, sr.opt.TimeLimit)
}

// progress is the share of the search budget used, in [0, 1]; with an
// iteration budget it depends on iterations only, which keeps a seeded run
// deterministic.
func (sr *search) progress() float64 {
	if sr.opt.Iterations > 0 {
		return float64(sr.iter) / float64(sr.opt.Iterations)
	}
	return min(1, float64(sr.elapsed())/float64(sr.opt.TimeLimit))
}

// improve runs the ALNS from st and returns the best state found. Each
// iteration removes q tasks with a removal operator, reinserts them with an
// insertion operator (both drawn by adaptive weights) and accepts the result
// by simulated annealing, cooling from a temperature at which a state 1%
// (with the pool 2%) worse than the start is accepted half the time down to
// 3% of it (a five-hundredth on a big day, see endCool). After
// long stretches without a new best, the search restarts from the best
// state. Where the objective splits by
// route, the routes met go into a pool and every partitionEvery iterations
// a set partitioning over it may replace the best state (see partitioner).
//
// Where the pool is kept, every repaired state is polished before it is
// judged, not only a new best: a repair leaves its state some 0.3-0.5%
// above what relocations and tail exchanges make of it, so an unpolished
// state rarely beats a polished best, and the pool then gets the polished
// routes. On the benchmark's hardest instances that costs 8 of 9
// iterations and cut their gaps to between a quarter and two fifths.
// Since the current state is polished too (the start is polished first),
// the relocations start from the routes the repair changed (polishChanged):
// between the others the current state's polish found no move. That made
// 2,000 iterations of pr05, 06, 09 and 10 12% faster; one core, seeds
// 1-32, big4 at 10 s 1.861% against 1.985%, all pr at 1 s 2.409% against
// 2.327% (within the noise there).
// A repaired state that serves fewer tasks than the current one is
// dropped unpolished (see hopeless).
// Without the pool (the production objective, with fairness) it left more
// requests unassigned on synthetic days of 100 to 1,000 requests, so there
// only new bests are polished, and only where they differ from the best;
// instead, a request that the repair could not put back gets one ejection
// (ejectRemoved).
func (sr *search) improve(ctx context.Context, st *state) *state {
	if sr.c.n == 0 || (sr.opt.Iterations <= 0 && sr.opt.TimeLimit <= 0) {
		return st
	}
	a := sr.startAnneal(st)
	sr.iterate(ctx, a, nil)
	return a.best
}

// startAnneal sets up the annealing from st, which it does not change.
func (sr *search) startAnneal(st *state) *anneal {
	c := sr.c
	a := &anneal{cur: newState(c), work: newState(c), best: newState(c), restartAfter: max(400, 20*c.n)}
	a.cur.copyFrom(st)
	if sr.routes != nil {
		sr.polish(a.cur)
	}
	a.best.copyFrom(a.cur)
	a.curObj = c.objective(a.cur)
	a.bestObj = a.curObj
	sr.recordArcs(a.cur, a.curObj)
	a.t0 = sr.startTemperature(a.cur)
	sr.iter = 0
	return a
}

// iterate runs iterations of the search on a until it is done or pause
// (if not nil) says to stop for now.
func (sr *search) iterate(ctx context.Context, a *anneal, pause func() bool) {
	for ; !sr.done(ctx) && (pause == nil || !pause()); sr.iter++ {
		sr.step(a)
		if sr.routes != nil && a.lastBest == sr.iter {
			sr.recombine(a)
		}
		if sr.routes != nil && (sr.iter+1)%partitionEvery == 0 {
			sr.partitionStep(a)
		}
		if sr.iter-a.lastBest > a.restartAfter {
			a.cur.copyFrom(a.best)
			a.curObj, a.lastBest = a.bestObj, sr.iter
		}
	}
}

// startTemperature is the annealing's first temperature from the start
// state st: a state startWorse (with the pool startWorsePool) worse than
// st is accepted half the time.
func (sr *search) startTemperature(st *state) float64 {
	worse := startWorse
	if sr.routes != nil {
		worse = startWorsePool
	}
	return worse * math.Max(st.travelCost(), 1e-9) / math.Ln2
}

// temperature is the annealing's temperature now: it falls from a.t0
// geometrically with the progress of the search to sr.coolEnd of it.
func (sr *search) temperature(a *anneal) float64 {
	return a.t0 * math.Pow(sr.coolEnd, sr.progress())
}

// anneal is where one run of the search stands: the current state, the
// scratch state of the iteration, the best state, their objectives, the
// first temperature and when the best last improved.
type anneal struct {
	cur, work, best *state
	curObj, bestObj float64
	t0              float64
	lastBest        int
	restartAfter    int
}

// step is one iteration: remove, reinsert, then polish where the pool is
// kept, or give a request the repair could not put back one ejection where
// it is not, and judge.
func (sr *search) step(a *anneal) {
	c := sr.c
	if sr.iter == historyFrom && sr.arcBest != nil {
		sr.weights[removeHistory] = 1
	}
	del, rep := sr.draw(0, numRemovals), sr.draw(numRemovals, numRemovals+numRepairs)
	a.work.copyFrom(a.cur)
	sr.destroy(a.work, del, sr.removalSize())
	sr.pool = sr.unassigned(a.work)
	sr.rp.noise = 0
	if rep == numRemovals+repairNoisy {
		sr.rp.noise = 0.025 * c.distSc * math.Max(c.p.Weights.Time, c.p.Weights.Distance)
	}
	sr.rp.run(a.work, sr.pool, regretOf[rep-numRemovals])
	switch {
	case sr.routes == nil:
		sr.ejectRemoved(a.work)
	case sr.hopeless(a):
		sr.adapt(del, rep, 0)
		return
	default:
		sr.routes.improveAll(c, a.work, sr.w, &sr.tmp)
		sr.polishChanged(a.work, a.cur)
	}
	sr.adapt(del, rep, sr.judge(a))
}

// hopelessTemps is how many temperatures a plan must be worse than the
// current one to count as hopeless: the annealing accepts it with a
// probability below e^-40.
const hopelessTemps = 40

// hopeless reports whether a.work, as the repair left it, serves fewer
// tasks than the current state by so much that judge would reject it
// whatever the polish made of it: the polish moves tasks but serves none,
// so at best it would save all the travel the current state has. Such a
// plan is thrown away unpolished and unpooled. On pr09 and pr10, whose
// few vehicles are nearly full, 11% of the repairs lose a request;
// skipping their polish gave pr09 28% more iterations at 1 s (one core,
// seeds 1-32: pr09 3.91% against 4.59%, all ten 1.911% against 1.996%).
func (sr *search) hopeless(a *anneal) bool {
	lost := unassignedCount(a.work) - unassignedCount(a.cur)
	if lost <= 0 {
		return false
	}
	worse := float64(lost)*sr.c.p.Weights.Unassigned - a.cur.travelCost()
	return worse > hopelessTemps*sr.temperature(a)
}

// unassignedCount is the number of tasks st leaves without a route.
func unassignedCount(st *state) int {
	n := 0
	for _, s := range st.where {
		if s < 0 {
			n++
		}
	}
	return n
}

// judge accepts a.work as the current state by simulated annealing, keeps
// it as the best if it is, and returns the operators' score.
func (sr *search) judge(a *anneal) float64 {
	c := sr.c
	obj := c.objective(a.work)
	sr.recordArcs(a.work, obj)
	temp := sr.temperature(a)
	score := 0.0
	switch {
	case obj < a.bestObj-1e-9:
		if sr.routes == nil {
			sr.polishNew(a.work, a.best)
			obj = c.objective(a.work)
		}
		a.best.copyFrom(a.work)
		a.bestObj, a.lastBest, score = obj, sr.iter, scoreBest
	case obj < a.curObj-1e-9:
		score = scoreBetter
	case obj <= a.curObj+1e-9:
	case sr.rng.Float64() < math.Exp((a.curObj-obj)/temp):
		score = scoreAccepted
	default:
		return 0
	}
	a.cur, a.work = a.work, a.cur
	a.curObj = obj
	return score
}

// partitionStep runs the set partitioning over the pool on the best state
// and the pricing that grows the pool; a cheaper plan found becomes the
// best and the current state.
func (sr *search) partitionStep(a *anneal) {
	c := sr.c
	budget := partitionWork
	if sr.iter-a.lastBest > a.restartAfter/2 {
		budget = partitionWorkStalled
	}
	chosen := sr.routes.partition(c, a.best, budget, sr.clock, sr.partitionStop())
	sr.priceRoutes(a.best)
	if chosen != nil {
		sr.routes.apply(c, a.work, chosen)
		sr.polish(a.work)
		sr.takeIfBest(a)
	}
	sr.recombine(a)
	sr.recombineGroups(a)
}

// takeIfBest makes a.work the best and the current state if it is
// cheaper than the best: the partitioning and the recombination replace
// the best plan with what they found, outside the annealing's judgement.
func (sr *search) takeIfBest(a *anneal) {
	if obj := sr.c.objective(a.work); obj < a.bestObj-1e-9 {
		a.best.copyFrom(a.work)
		a.cur.copyFrom(a.work)
		a.bestObj, a.curObj, a.lastBest = obj, obj, sr.iter
	}
}

// removalSize draws how many tasks one iteration removes: between 10% and
// 40% of the tasks, within bounds that keep an iteration cheap on big days.
func (sr *search) removalSize() int {
	n := sr.c.n
	lo := max(2, min(n/10, 20))
	hi := max(lo+1, min(4*n/10, 50))
	return lo + sr.rng.IntN(hi-lo+1)
}

// unassigned lists the tasks without a route that some shift could serve:
// those just removed and those no earlier repair could place.
func (sr *search) unassigned(st *state) []int32 {
	out := sr.pool[:0]
	for i, s := range st.where {
		if s < 0 && sr.c.reason[i] == "" && sr.owns(i) {
			out = append(out, int32(i))
		}
	}
	return out
}

// draw picks an operator index in [lo, hi) with probability proportional to
// its weight.
func (sr *search) draw(lo, hi int) int {
	var sum float64
	for _, w := range sr.weights[lo:hi] {
		sum += w
	}
	return lo + pick(sr.weights[lo:hi], sr.rng.Float64()*sum)
}

// pick is the index where x, a point in [0, sum of weights), falls; one of
// weight zero (the history removal where it is not kept) never, not even
// when rounding leaves x at or past the end of the range.
func pick(weights []float64, x float64) int {
	last := 0
	for i, w := range weights {
		if w > 0 {
			last = i
		}
	}
	for i, w := range weights[:last] {
		x -= w
		if x < 0 && w > 0 {
			return i
		}
	}
	return last
}

// adapt records the score of the operators used and, at the end of each
// segment, moves their weights towards their average scores.
func (sr *search) adapt(del, rep int, score float64) {
	for _, op := range [2]int{del, rep} {
		sr.scores[op] += score
		sr.uses[op]++
	}
	if (sr.iter+1)%segment != 0 {
		return
	}
	for i := range sr.weights {
		if sr.uses[i] > 0 {
			sr.weights[i] = (1-reaction)*sr.weights[i] + reaction*sr.scores[i]/sr.uses[i]
			sr.weights[i] = math.Max(sr.weights[i], 0.05)
		}
		sr.scores[i], sr.uses[i] = 0, 0
	}
}
