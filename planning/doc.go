// Package planning plans days of rides: it turns a day of trips and drivers
// into a solver.Problem and the solver's Solution back into proposed
// assignments. Service runs it inside the service: it loads a day through
// the small Store interface, plans it, and writes the result back as
// proposed assignments. River runs it as a job, unique per date, nightly for
// the days ahead and whenever a change touches a day.
//
// # The planner
//
// Planning a day is a dial-a-ride problem (DARP): every request has a pickup
// and a drop-off with time windows, a number of seats, perhaps a wheelchair,
// and a maximum ride time; every driver has a start and an end (usually
// home), availability windows, seats, a wheelchair-capable car or not, and a
// maximum duty time. Planner.Plan takes real timestamps and coordinates,
// asks a dispatch.TravelTimes source once for the matrix of all distinct places
// (GreatCircle by default, the OSRM adapter in package osrm in production,
// both behind dispatch.TravelCache if wanted), converts everything into a solver.Problem of
// float seconds relative to the day's first time, and calls solver.Solve. The DARP
// benchmark (fahrdienst darp, with package solver/cordeau) builds a Problem from Euclidean
// coordinates and calls the same Solve, so that the benchmark measures the
// production code.
//
// Each availability window of a driver becomes a shift: a separate tour
// from start to end inside the window. A driver is therefore never planned
// in a gap between windows (an absence), and the maximum duty time applies
// per window. The weekly ride limit is counted in requests per driver over
// all shifts and is hard; fairness (counted in tours, see Objective) and
// continuity are soft costs.
//
// Confirmed requests (PlanRequest.Driver) are pinned to their driver: they
// are inserted first, in time order, and only ever into their driver's
// shifts (if cheapest insertion in time order cannot rebuild a driver's
// tour, a bounded backtracking search over all places does). Other stops
// may be planned around them where every window and
// ride time still holds, and the search may re-order the driver's stops to
// make room, but a confirmed request never goes to another driver; its
// planned times may move within its windows. Losing a confirmed request
// costs ten times an unassigned free one, so the search clears room for it
// first; one that its driver cannot serve is reported unassigned, never
// moved.
//
// Invalid input is rejected before the solver runs, as a dispatch error
// with code invalid and one field error per broken field, so that the API
// answers it like any other bad input; the solver's own ValidationError is
// translated the same way.
package planning
