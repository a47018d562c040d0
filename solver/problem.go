package solver

import (
	"math"
	"slices"
)

// Problem is the planner's core input in plain numbers: times are float
// seconds (or any unit, as long as travel times use the same one) relative to
// a base, places are indexes into a travel matrix. planning.Planner
// converts timestamps and coordinates into a Problem; the DARP benchmark
// builds one from Euclidean coordinates. Both then call Solve.
type Problem struct {
	Locations int       // number of distinct places
	Time      []float64 // Locations×Locations travel times, row-major
	Dist      []float64 // Locations×Locations distances, row-major
	Tasks     []Task
	Shifts    []Shift
	Drivers   []DriverLoad
	Pins      []Pin
	Weights   Weights
	// Metric is the caller's word that Time and Dist keep the triangle
	// inequality (up to rounding), as a great-circle estimate does by its
	// geometry. The solver checks that itself only up to metricCheckLimit
	// places, since the check is cubic; on bigger days this flag is what
	// lets it skip the insertion tests that only a metric can rule out
	// (a quarter of a day of 1,000 requests' time). A wrong true never
	// makes a plan infeasible: every schedule is still checked exactly;
	// it only loses some insertions the search would otherwise have seen.
	Metric bool
}

// Visit is one stop of a task or one end of a shift: where, when service may
// start, and how long it takes (boarding, alighting).
type Visit struct {
	Location    int
	Open, Close float64
	Service     float64
}

// Task is one door-to-door ride: a pickup and a drop-off that the same
// vehicle serves, pickup first.
type Task struct {
	Pickup, Dropoff Visit
	Load            int     // seats taken
	Wheelchair      bool    // needs a wheelchair-capable vehicle
	MaxRide         float64 // longest time from the end of pickup service to drop-off; 0 means no limit
	Preferred       []int   // drivers the rider knows, rewarded by Weights.Preferred
	Allowed         []int   // if set, only these drivers may serve it
}

// Shift is one availability window of one driver: the vehicle leaves Start
// no earlier than Start.Open and is back at End by End.Close. A driver with
// two windows on one day has two shifts, so that no plan can use the gap.
type Shift struct {
	Driver      int
	Start, End  Visit
	Capacity    int
	Wheelchair  bool
	MaxDuration float64 // longest time from leaving Start to reaching End; 0 means no limit
}

// DriverLoad carries what the planner must know about a driver across the
// week: rides (requests) already driven or promised, which fairness charges
// per new tour, and the weekly limit in requests (a hard limit; 0 means
// none).
type DriverLoad struct {
	Rides    int
	MaxRides int
}

// Pin fixes a confirmed task to a driver: automatic planning keeps it on one
// of that driver's shifts and never removes it.
type Pin struct {
	Task   int
	Driver int
}

// Weights is the objective. Production uses all terms, the DARP benchmark
// only Distance. Costs add up linearly, so that the planner can evaluate
// the change of an insertion in constant time.
type Weights struct {
	Unassigned float64 // per task left unassigned; make it dominate everything else
	Time       float64 // per unit of driving time
	Distance   float64 // per unit of distance
	Fairness   float64 // per tour (outing) times the rides and tours the driver already has this week
	Preferred  float64 // bonus per task served by a driver the rider knows
}

// core is the preprocessed Problem in flat arrays indexed by node: pickups
// are 0..n-1, drop-offs n..2n-1, and shift s has start 2n+2s and end 2n+2s+1.
type core struct {
	p                 *Problem
	n, ns, nl         int
	loc               []int32
	open, close, svc  []float64
	dem               []int32
	maxRide           []float64
	tm, cm            []float64 // travel time and weighted cost per location pair
	compat            []bool    // task×shift: could this shift serve the task alone
	pinned            []int32   // per task: driver or -1
	driverShifts      [][]int32
	reason            []Reason // per task: why no shift can serve it, or ""
	pickTmp           []int32  // per task: pickup position, scratch of refresh
	metric            bool     // travel times keep the triangle inequality
	costMetric        bool     // so do the weighted costs (checked for a sum objective only)
	timeScale, distSc float64  // for Shaw relatedness
}

func newCore(p *Problem) *core {
	n, ns := len(p.Tasks), len(p.Shifts)
	nn := 2*n + 2*ns
	c := &core{p: p, n: n, ns: ns, nl: p.Locations,
		loc: make([]int32, nn), open: make([]float64, nn), close: make([]float64, nn),
		svc: make([]float64, nn), dem: make([]int32, nn), maxRide: make([]float64, n),
		tm: p.Time, pinned: make([]int32, n), reason: make([]Reason, n), pickTmp: make([]int32, n)}
	set := func(node int, v Visit) {
		c.loc[node], c.open[node], c.close[node], c.svc[node] = int32(v.Location), v.Open, v.Close, v.Service
	}
	for i, t := range p.Tasks {
		set(i, t.Pickup)
		set(n+i, t.Dropoff)
		c.dem[i], c.dem[n+i] = int32(t.Load), -int32(t.Load)
		c.maxRide[i] = t.MaxRide
		if t.MaxRide <= 0 {
			c.maxRide[i] = math.Inf(1)
		}
		c.pinned[i] = -1
	}
	c.driverShifts = make([][]int32, len(p.Drivers))
	for s, sh := range p.Shifts {
		set(2*n+2*s, sh.Start)
		set(2*n+2*s+1, sh.End)
		c.driverShifts[sh.Driver] = append(c.driverShifts[sh.Driver], int32(s))
	}
	for _, pin := range p.Pins {
		c.pinned[pin.Task] = int32(pin.Driver)
	}
	c.costs()
	c.tighten()
	c.scales()
	return c
}

// nodeCount is the number of nodes: a pickup and a drop-off per task, a
// start and an end per shift (see loc).
func (c *core) nodeCount() int { return len(c.loc) }

// costs computes the weighted cost matrix and what is known of the
// triangle inequality. Where the costs equal the travel times (the
// service's default weights count time only; the benchmark's distances
// are its times), both share one matrix: on a day of 1,000 requests each
// is 35 MB, and reading one instead of two made the search 15% faster.
func (c *core) costs() {
	p := c.p
	c.cm = make([]float64, len(p.Time))
	for i := range c.cm {
		c.cm[i] = p.Weights.Time*p.Time[i] + p.Weights.Distance*p.Dist[i]
	}
	shared := slices.Equal(c.cm, c.tm)
	if shared {
		c.cm = c.tm
	}
	c.metric = p.Metric || triangle(p.Time, p.Locations)
	// Non-negative weights of metric times and distances give metric
	// costs; without the caller's word, only the polish under a sum
	// objective checks them (the production days exceed the check's
	// limit), and shared costs are the times, whose check already
	// answered (the cubic check takes some 30 ms at 289 places).
	switch {
	case p.Metric:
		c.costMetric = true
	case p.Weights.Fairness != 0:
		c.costMetric = false
	case shared:
		c.costMetric = c.metric
	default:
		c.costMetric = triangle(c.cm, p.Locations)
	}
}

// metricCheckLimit bounds the cubic triangle-inequality test; larger
// matrices are treated as not metric, which only costs speed.
const metricCheckLimit = 400

// triangle reports whether the nl×nl travel times tm keep the triangle
// inequality (up to rounding), for matrices of at most metricCheckLimit
// places. Then inserting a stop never makes any other stop earlier.
func triangle(tm []float64, nl int) bool {
	if nl > metricCheckLimit {
		return false
	}
	for a := 0; a < nl; a++ {
		for b := 0; b < nl; b++ {
			ab := tm[a*nl+b]
			row := tm[b*nl : b*nl+nl]
			for k, bc := range row {
				if tm[a*nl+k] > ab+bc+1e-9*(1+ab+bc) {
					return false
				}
			}
		}
	}
	return true
}

func (c *core) t(a, b int32) float64 { return c.tm[int(c.loc[a])*c.nl+int(c.loc[b])] }
func (c *core) cost(a, b int32) float64 {
	return c.cm[int(c.loc[a])*c.nl+int(c.loc[b])]
}

// tighten narrows the time windows of every task with what its own
// constraints and the shifts imply (Cordeau 2006): a drop-off due at 10:00
// bounds its pickup from both sides through the direct travel time and the
// maximum ride time. Narrow windows cut most insertion positions early.
func (c *core) tighten() {
	n := c.n
	for i := 0; i < n; i++ {
		p, d := int32(i), int32(n+i)
		first, last := math.Inf(1), math.Inf(-1)
		for s := 0; s < c.ns; s++ {
			st, en := int32(2*n+2*s), int32(2*n+2*s+1)
			first = math.Min(first, c.open[st]+c.svc[st]+c.t(st, p))
			last = math.Max(last, c.close[en]-c.t(d, en)-c.svc[d])
		}
		c.open[p] = math.Max(c.open[p], first)
		c.close[d] = math.Min(c.close[d], last)
		direct := c.svc[p] + c.t(p, d)
		for round := 0; round < 2; round++ {
			c.close[p] = math.Min(c.close[p], c.close[d]-direct)
			c.open[d] = math.Max(c.open[d], c.open[p]+direct)
			c.open[p] = math.Max(c.open[p], c.open[d]-c.svc[p]-c.maxRide[i])
			c.close[d] = math.Min(c.close[d], c.close[p]+c.svc[p]+c.maxRide[i])
		}
	}
}

// scales sets the normalisers of Shaw relatedness so that distance and time
// weigh alike whatever the units.
func (c *core) scales() {
	c.distSc, c.timeScale = 1, 1
	for _, v := range c.tm {
		c.distSc = math.Max(c.distSc, v)
	}
	for i := 0; i < 2*c.n; i++ {
		if !math.IsInf(c.close[i], 0) {
			c.timeScale = math.Max(c.timeScale, c.close[i])
		}
	}
}

// openCost is the fairness cost of opening one more tour (outing) for
// driver d: the rides they already have this week plus their tours in st,
// times Weights.Fairness. Rides added to a tour that is already open cost
// nothing here, so that a shared ride is not split over drivers to spread
// the count (see Weights.Fairness).
func (c *core) openCost(st *state, d int) float64 {
	if c.p.Weights.Fairness == 0 {
		return 0 // without counting the tours
	}
	return c.tourCost(d, c.tours(st, d)+1)
}

// tours counts the shifts of driver d with tasks in st.
func (c *core) tours(st *state, d int) int {
	k := 0
	for _, s := range c.driverShifts[d] {
		if st.routes[s].tasks > 0 {
			k++
		}
	}
	return k
}

// bonus is the continuity reward of task i served by driver d.
func (c *core) bonus(i, d int) float64 {
	for _, k := range c.p.Tasks[i].Preferred {
		if k == d {
			return c.p.Weights.Preferred
		}
	}
	return 0
}

// hasPreferred reports whether task i names preferred drivers, for whom
// it earns Weights.Preferred (see bonus).
func (c *core) hasPreferred(i int) bool { return len(c.p.Tasks[i].Preferred) > 0 }

// atLimit reports whether driver d may take no more rides this week.
func (c *core) atLimit(d int, extra int32) bool {
	if len(c.p.Drivers) == 0 {
		return false
	}
	dl := c.p.Drivers[d]
	return dl.MaxRides > 0 && dl.Rides+int(extra) >= dl.MaxRides
}
