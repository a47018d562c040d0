// Package solver solves the dial-a-ride problem (DARP): a Problem in plain
// numbers in, a Solution out. Every task has a pickup and a drop-off with
// time windows, a number of seats, perhaps a wheelchair, and a maximum ride
// time; every shift (one availability window of one driver) has a start and
// an end, seats, a wheelchair-capable car or not, and a maximum duration.
// Times are float seconds (or any unit the travel matrix uses), places are
// indexes into a travel matrix.
//
// It knows nothing of trips, riders or timestamps and imports only the
// standard library, so that the same code serves the service (package
// planning builds a Problem from a day of trips) and the Cordeau benchmark
// (package solver/cordeau builds one from Euclidean coordinates): the
// benchmark measures the production code. Malformed input is the only
// error, a *ValidationError naming every broken field.
//
// # Method
//
// Preprocessing. Time windows are tightened (Cordeau 2006): a drop-off due
// by 10:00 bounds its pickup from both sides through the direct travel time
// and the maximum ride time, and the earliest departure and latest return of
// the shifts bound both. Then every request is tried alone on every shift;
// shifts that cannot serve it alone (no wheelchair, too few seats, not
// available, another driver than the confirmed one, a driver who declined
// it) are never tried for it again, and a request that no shift can
// serve gets its reason at once.
//
// Route evaluation. The timing of a route with a fixed order is a simple
// temporal network: travel and time windows are forward constraints, each
// maximum ride time and the maximum duty time are backward edges (a drop-off
// at x forces its pickup to at least x - L - service). core.schedule
// relaxes these edges in route order until nothing changes, which computes
// the earliest feasible schedule or proves that none exists (a window
// overrun or a positive cycle). This check is exact, unlike the eight-step
// heuristic of Cordeau and Laporte, and runs in O(stops) for nearly every
// route, with no allocation. For output, core.delay then moves every stop as
// late as the rest of the route allows, walking backwards, which removes
// waiting with seniors on board and lets the driver leave home late; the
// end time stays, so ride times and duty time only shrink.
//
// Insertion. Every route keeps the earliest and latest start at each stop
// from the time windows alone and the load after each stop. For a request,
// all pickup and drop-off position pairs are enumerated with constant-time
// necessary conditions (seats, windows, the ride time along the path), which
// removes infeasible arcs and almost all candidates; the survivors are
// checked exactly, cheapest first, and the first that holds is the route's
// best insertion. The exact check starts from the route's cached earliest
// schedule and recomputes only the stops the insertion moves, until their
// times join the old ones; with travel times that keep the triangle
// inequality those are lower bounds, so a closed window there is a proof,
// and a ride or duty time overrun goes on relaxing from those times. The
// cost of an insertion is schedule-independent (driving time and distance,
// plus fairness and continuity per driver), so it is computed in constant
// time. No plan that breaks a limit is ever kept, not even for a while:
// searching with the ride times raised and tightened again found nothing
// better (docs/decisions/0027).
//
// Construction and search. Regret-3 insertion builds the first plan
// (confirmed requests first). An adaptive large neighbourhood search (Ropke
// and Pisinger 2006) improves it: each iteration removes 10-40% of the free
// requests with one of five operators (random, worst, Shaw-related by place
// and time, a whole route, and where the route pool is kept the history
// removal, which takes out the requests whose arcs were never part of a
// good plan the search judged) and reinserts them with greedy, noisy greedy,
// regret-2, regret-3 or regret-4 insertion. Operators are drawn by weights
// that adapt to their success every 100 iterations. The best slot of every
// request in every route is cached during a repair, so that after an
// insertion only the changed route is re-evaluated, and so are each
// request's k cheapest costs, which change only for the requests whose
// cheapest shifts include one of that driver's. New states are accepted
// by simulated annealing, cooling from a temperature at which a plan 1%
// worse than the start (2% where the route pool below is kept) is accepted
// half the time to 3% of it (a five-hundredth on a day big enough to be
// split between the cores, which is far from converged at its limit), in one
// anneal over the whole time limit: a cap on how far the current plan may
// stray, cycles of reheating and a hot start without the polish all gave
// worse plans (docs/decisions/0026).
// Every new best plan is polished by relocating single requests and
// exchanging route tails until no move improves it, and after a long
// stretch without a new best the search restarts from the best plan. With
// the route pool below, every repaired plan is polished before it is
// judged: a repair leaves a plan some 0.3-0.5% above its polished self, so
// unpolished plans rarely beat a polished best. That costs eight of nine
// iterations on the benchmark's biggest instances and cut their gaps to
// between a quarter and two fifths; with the production objective it
// placed fewer requests, so there only new bests are polished. A repair
// that left a request out, where the current plan serves it, makes a plan
// the annealing would never accept; it is dropped unpolished (11% of the
// repairs on the tightly fleeted pr09 and pr10).
//
// The polish is made cheap in two ways. Routes carry don't-look marks:
// after the first relocation pass, a request on a route that did not
// change is tried only on routes that did, since against the others the
// last pass already said no. And under a sum objective a move improves
// exactly when the insertion costs less than the removal saves, so only
// insertion positions below that gain are enumerated and checked (with
// costs that keep the triangle inequality no detour is negative, so a
// pickup position whose detour alone reaches the gain is skipped whole),
// and a request leaves its route only for a move that improves. On the
// larger pr instances (up to 144 requests) that gives about twice the
// iterations per second. A request tried elsewhere in its own route (and
// a route tried without one of its requests, as the ejection below does)
// gets the exact schedule of the shortened route only when a candidate
// passes the constant-time tests: most tries have none.
//
// Under the production objective (fairness, continuity, weekly limits) a
// relocation's change is computed from the terms of the two drivers it
// involves, a new best is polished only on the routes where it differs
// from the best, and a request that an iteration removed and could not
// put back, or that a new best leaves unassigned, gets one ejection:
// another request leaves a route for another shift and it takes the place.
// On synthetic days of 1,000 requests that gave two to three times the
// iterations of a 5 s run and 2-6% lower costs without the unassigned
// penalty.
//
// Set partitioning. When the objective is a plain sum of route costs (no
// fairness, weekly limits, confirmed, restricted or preferred drivers: the
// benchmark), every route the search builds goes into a pool, once per set
// of tasks and class of interchangeable shifts, in the cheapest order met.
// Every 500 iterations the planner picks from the pool the cheapest
// routes that serve the best plan's tasks exactly once with the vehicles
// there are: Lagrangian prices of the tasks (subgradient steps, carried over
// from call to call) give each route a reduced cost and a lower bound, routes
// that cannot help are dropped, and a bounded depth-first search with
// limited discrepancy looks for a cheaper plan. A plan found so becomes the
// best and the current one. Good routes met in different plans are thus
// combined, which single removals and reinsertions rarely find; the same
// idea, with a MIP solver, is part of the strongest published DARP
// heuristics. Once the search has gone a while without a new best, the
// branch and bound gets fifteen times the work, since the pool is then the
// likelier source of one; one step never takes more than a tenth of the
// time limit, so that it cannot starve the search on short runs.
//
// On the benchmark's biggest instances that whole-plan partitioning rarely
// decides anything: its bound stays a few per cent below the plan. So the
// same partitioning also runs on the tasks of every two routes of the best
// plan (recombine), after each new best and each partitioning step, and on
// 30 random groups of four routes at each partitioning step
// (recombineGroups): those small problems are solved exactly in about a
// millisecond or less, and cheaper pooled routes for the part become part
// of the best plan.
//
// The pool and the search feed each other. A route new to the pool whose
// reduced cost says it might matter is first re-ordered by moving single
// requests within it (the repairs build routes in the order requests come,
// which is often not the best order for that set), and a route of the
// search whose set the pool holds in a cheaper order takes that order.
// After each partitioning, a pricing step generates columns as column
// generation would: from the best plan's routes and the 64 pooled routes
// of least reduced cost, it adds the request whose price most exceeds its
// cheapest insertion or drops the one that saves more than its price,
// while that lowers the reduced cost (Parragh and Schmid 2013 pair column
// generation with large neighbourhood search for the DARP in this way).
//
// The search stops at the time limit, an iteration limit or the end of the
// context; with an iteration limit the result depends only on the seed.
// With SolveOptions.Workers above one, that many searches run at once on
// copies of the preprocessed problem, with seeds Seed, Seed+1, ..., and
// the cheapest plan wins (the first on a tie, so that seeded runs stay
// deterministic). They share nothing while they run: the previous note
// found that two searches interleaved on one core and sharing the pool did
// worse than one, and a shared pool would need a lock on every iteration.
// A big day under the production objective (60 shifts or more) is split
// instead: each worker owns a part of the drivers for an epoch of 0.1 s,
// and the parts are put together and divided anew between epochs; the
// objective is a sum over routes, tasks and drivers, so the parts' changes
// add up exactly (see split).
//
// Objective. Weights make it explicit: unassigned requests cost the most,
// then driving time (production) or distance (benchmark); fairness adds,
// for each tour (outing) a driver starts, the rides they already have this
// week plus their other tours of the day, times Weights.Fairness, so that
// work spreads over the volunteers across the week; a driver the senior
// knows earns Weights.Preferred.
//
// Fairness counts tours, not requests, because volunteers think in outings:
// a shopping run with six seniors is one morning's work, not twelve rides.
// Counting requests made every further senior on a car dearer, which split
// shared runs over many cars and gave the outbound and the return of one
// run to different drivers; counted in tours, a senior added to a tour that
// runs anyway costs only the detour. The weekly ride limit stays counted in
// requests: it is a hard promise to the volunteer, a tour over a whole
// availability window can hold any number of rides, and the service counts
// the week's rides in requests too.
package solver
