package store

import (
	"context"
	"hash/fnv"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/planning"
)

// LoadPlanningDay reads the booked trips of a date with their live
// assignments, the active drivers and their load that week, in one snapshot.
func (s *Store) LoadPlanningDay(ctx context.Context, date string) (dispatch.PlanningDay, error) {
	day := dispatch.PlanningDay{Date: date}
	d, err := time.ParseInLocation(time.DateOnly, date, s.loc)
	if err != nil {
		return day, dispatch.Errorf(dispatch.CodeInvalid, "date must be YYYY-MM-DD")
	}
	err = s.inTx(ctx, "plan", func(tx pgx.Tx) error {
		// A retried run starts again: the maps are appended to.
		day = dispatch.PlanningDay{Date: date, Known: map[int64][]int64{}, Refused: map[int64][]int64{}}
		if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT `+tripColumns+tripFrom+`
			WHERE t.service_date = $1::date AND t.status = 'booked' ORDER BY t.pickup_earliest, t.id`, date)
		if day.Trips, err = pgx.CollectRows(rows, scanTrip); err != nil {
			return err
		}
		if day.Drivers, err = planningDrivers(ctx, tx, d); err != nil {
			return err
		}
		if day.Version, err = planVersion(ctx, tx, date); err != nil {
			return err
		}
		if err := refusedDrivers(ctx, tx, date, day.Refused); err != nil {
			return err
		}
		if err := loadPeopleRules(ctx, tx, &day); err != nil {
			return err
		}
		return knownDrivers(ctx, tx, date, day.Known)
	})
	return day, err
}

// PlanVersion is a counter bumped by every change that needs the date planned
// again; a planning run that sees it moved plans again.
func (s *Store) PlanVersion(ctx context.Context, date string) (int64, error) {
	v, err := planVersion(ctx, s.pool, date)
	return v, mapError(err, "plan")
}

func planVersion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, date string) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, `SELECT coalesce((SELECT version FROM plan_versions WHERE service_date = $1::date), 0)`, date).Scan(&v)
	return v, err
}

func planningDrivers(ctx context.Context, tx pgx.Tx, d time.Time) ([]dispatch.PlanningDriver, error) {
	weekday := int(d.Weekday())
	if weekday == 0 {
		weekday = 7
	}
	monday := d.AddDate(0, 0, 1-weekday).Format(time.DateOnly)
	rows, _ := tx.Query(ctx, `SELECT `+driverColumns+`,
		EXISTS (SELECT 1 FROM driver_absences x WHERE x.driver_id = drivers.id AND $1::date BETWEEN x.starts_on AND x.ends_on),
		(SELECT count(*) FROM assignments a JOIN trips t ON t.id = a.trip_id
		  WHERE a.driver_id = drivers.id AND a.state IN ('offered', 'confirmed')
		    AND t.service_date >= $2::date AND t.service_date < $2::date + 7 AND t.service_date <> $1::date)
		FROM drivers WHERE active AND NOT sms_opt_out ORDER BY id`, d.Format(time.DateOnly), monday)
	drivers, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dispatch.PlanningDriver, error) {
		var p dispatch.PlanningDriver
		err := r.Scan(append(driverFields(&p.Driver), &p.Absent, &p.RidesThisWeek)...)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	windows, err := weekdayWindows(ctx, tx, weekday)
	if err != nil {
		return nil, err
	}
	for i := range drivers {
		drivers[i].Windows = windows[drivers[i].ID]
		if drivers[i].Windows == nil {
			drivers[i].Windows = []dispatch.Window{} // as before: none, but not nil
		}
	}
	return drivers, nil
}

// weekdayWindows reads the availability windows of every driver on a weekday
// in one query (not one per driver), by driver and start.
func weekdayWindows(ctx context.Context, tx pgx.Tx, weekday int) (map[int64][]dispatch.Window, error) {
	rows, _ := tx.Query(ctx, `SELECT driver_id, weekday, to_char(starts, 'HH24:MI'), to_char(ends, 'HH24:MI')
		FROM driver_availability WHERE weekday = $1 ORDER BY driver_id, starts`, weekday)
	windows := map[int64][]dispatch.Window{}
	var driver int64
	var w dispatch.Window
	_, err := pgx.ForEachRow(rows, []any{&driver, &w.Weekday, &w.Start, &w.End}, func() error {
		windows[driver] = append(windows[driver], w)
		return nil
	})
	return windows, err
}

func scanWindow(r pgx.CollectableRow) (dispatch.Window, error) {
	var w dispatch.Window
	err := r.Scan(&w.Weekday, &w.Start, &w.End)
	return w, err
}

// knownDrivers fills, for the riders of the date, the drivers who drove them
// on a confirmed ride in the last year.
func knownDrivers(ctx context.Context, tx pgx.Tx, date string, known map[int64][]int64) error {
	rows, _ := tx.Query(ctx, `SELECT DISTINCT t.rider_id, a.driver_id FROM assignments a
		JOIN trips t ON t.id = a.trip_id
		WHERE a.state = 'confirmed' AND t.service_date BETWEEN $1::date - 365 AND $1::date
		  AND t.rider_id IN (SELECT rider_id FROM trips WHERE service_date = $1::date AND status = 'booked')`, date)
	var rider, driver int64
	_, err := pgx.ForEachRow(rows, []any{&rider, &driver}, func() error {
		known[rider] = append(known[rider], driver)
		return nil
	})
	return err
}

// refusedDrivers fills, for the booked trips of the date, the drivers whose
// assignment of the trip was declined or expired, or taken away by a
// coordinator: the planner does not propose them for it again.
func refusedDrivers(ctx context.Context, tx pgx.Tx, date string, refused map[int64][]int64) error {
	rows, _ := tx.Query(ctx, `SELECT DISTINCT a.trip_id, a.driver_id FROM assignments a
		JOIN trips t ON t.id = a.trip_id
		WHERE t.service_date = $1::date AND t.status = 'booked' AND (a.state IN ('declined', 'expired')
		  OR (a.state = 'withdrawn' AND a.decided_by = 'coordinator'))
		ORDER BY a.trip_id, a.driver_id`, date)
	var trip, driver int64
	_, err := pgx.ForEachRow(rows, []any{&trip, &driver}, func() error {
		refused[trip] = append(refused[trip], driver)
		return nil
	})
	return err
}

// SavePlan writes a planning run as proposed assignments in one transaction,
// against the state it meets rather than the one it was computed from: the
// planner never undoes a person's decision (dispatch.Step refuses the
// planner's events on a coordinator's proposal, an offer or a
// confirmation), never proposes a driver who refused the trip meanwhile, and
// never writes a cancelled trip. What it had to leave is planned again: a
// job for the date is enqueued. Proposals the new plan drops are withdrawn;
// trips left unassigned are flagged with the rule that kept them. Runs for
// the same date are serialised by an advisory lock.
func (s *Store) SavePlan(ctx context.Context, date string, res dispatch.PlanResult) error {
	return s.inTx(ctx, "plan", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", dateLock(date)); err != nil {
			return err
		}
		version, err := planVersion(ctx, tx, date)
		if err != nil {
			return err
		}
		stale := version != res.Version
		refused := map[int64][]int64{}
		if err := refusedDrivers(ctx, tx, date, refused); err != nil {
			return err
		}
		proposals, skipped := withoutRefused(res.Proposals, refused)
		keep := make([]int64, 0, len(proposals))
		for _, p := range proposals {
			keep = append(keep, p.TripID)
		}
		if _, err := tx.Exec(ctx, `UPDATE assignments a SET state = 'withdrawn', updated_at = $3
			FROM trips t WHERE t.id = a.trip_id AND t.service_date = $1::date AND a.state = 'proposed'
			  AND a.decided_by = 'planner' AND NOT (a.trip_id = ANY($2))`, date, keep, s.now()); err != nil {
			return err
		}
		saved, n, err := s.saveProposals(ctx, tx, proposals)
		if err != nil {
			return err
		}
		skipped += n
		if err := s.savePlanFlags(ctx, tx, date, saved, res.Unassigned, stale); err != nil {
			return err
		}
		if skipped > 0 {
			// A decision made while the plan was computed won: plan again
			// around it.
			if err := s.enqueue(ctx, tx, planning.PlanDayArgs{Date: date}, nil); err != nil {
				return err
			}
		}
		if res.Offer {
			return s.offerProposals(ctx, tx, date)
		}
		return nil
	})
}

// withoutRefused drops the proposals of drivers who declined the trip, let
// its offer expire or gave it back, and counts them.
func withoutRefused(ps []dispatch.Proposal, refused map[int64][]int64) ([]dispatch.Proposal, int) {
	out := make([]dispatch.Proposal, 0, len(ps))
	for _, p := range ps {
		if slices.Contains(refused[p.TripID], p.DriverID) {
			continue
		}
		out = append(out, p)
	}
	return out, len(ps) - len(out)
}

// saveProposals writes the proposals the lifecycle allows and returns the
// trips that got one, and how many it had to leave.
func (s *Store) saveProposals(ctx context.Context, tx pgx.Tx, ps []dispatch.Proposal) ([]int64, int, error) {
	tours, stages, err := pinnedTours(ctx, tx, ps)
	if err != nil {
		return nil, 0, err
	}
	saved := make([]int64, 0, len(ps))
	skipped := 0
	for _, p := range ps {
		ok, err := s.saveProposal(ctx, tx, p, tours, stages)
		if err != nil {
			return nil, 0, err
		}
		if ok {
			saved = append(saved, p.TripID)
		} else if !dispatch.PersonDecided(stages[p.TripID]) {
			skipped++ // cancelled meanwhile, or refused: plan again
		}
	}
	return saved, skipped, nil
}

// savePlanFlags clears the flags of the trips that got a proposal and flags
// the unassigned ones with their rule. A stale plan does not flag a trip
// that a person has decided meanwhile.
func (s *Store) savePlanFlags(ctx context.Context, tx pgx.Tx, date string, saved []int64, unassigned map[int64]string, stale bool) error {
	if _, err := tx.Exec(ctx, `UPDATE trips SET flagged = '' WHERE service_date = $1::date AND flagged <> ''
		AND id = ANY($2)`, date, saved); err != nil {
		return err
	}
	for id, reason := range unassigned {
		if _, err := tx.Exec(ctx, `UPDATE trips t SET flagged = $2 WHERE id = $1 AND status = 'booked'
			AND NOT ($3 AND EXISTS (SELECT 1 FROM assignments a WHERE a.trip_id = t.id
			  AND a.state IN ('offered', 'confirmed', 'proposed') AND (a.state <> 'proposed' OR a.decided_by <> 'planner')))`,
			id, reason, stale); err != nil {
			return err
		}
	}
	return nil
}

// pinnedTours finds the tours of the offered and confirmed assignments in
// the plan, so that proposals planned into the same tour share it: riding
// together with a confirmed senior is no overlap. It also returns the
// lifecycle stage of each planned trip's live assignment (none: absent),
// read in the same query so that saveProposal need not ask once per
// proposal.
func pinnedTours(ctx context.Context, tx pgx.Tx, ps []dispatch.Proposal) (map[[2]int64]int64, map[int64]dispatch.Stage, error) {
	tourOf := map[[2]int64]int{} // (trip, driver) → the plan's tour number
	trips := make([]int64, 0, len(ps))
	for _, p := range ps {
		tourOf[[2]int64{p.TripID, p.DriverID}] = p.Tour
		trips = append(trips, p.TripID)
	}
	rows, _ := tx.Query(ctx, `SELECT trip_id, driver_id, tour_id, state, decided_by FROM assignments
		WHERE trip_id = ANY($1) AND state IN ('proposed', 'offered', 'confirmed') FOR UPDATE`, trips)
	tours := map[[2]int64]int64{}
	stages := map[int64]dispatch.Stage{}
	var trip, driver, tour int64
	var state, by string
	_, err := pgx.ForEachRow(rows, []any{&trip, &driver, &tour, &state, &by}, func() error {
		stages[trip] = dispatch.StageOf(state, by)
		if stages[trip] == dispatch.StageProposedPlanner {
			return nil // a proposal's tour is the planner's to choose again
		}
		if n, ok := tourOf[[2]int64{trip, driver}]; ok {
			tours[[2]int64{driver, int64(n)}] = tour
		}
		return nil
	})
	return tours, stages, err
}

// saveProposal writes the trip's proposal when the lifecycle lets the
// planner propose (no live assignment, or the planner's own proposal) and
// the trip is still booked; it reports whether it did. stages holds the
// live stage per trip from pinnedTours; a new proposal is recorded there.
func (s *Store) saveProposal(ctx context.Context, tx pgx.Tx, p dispatch.Proposal, tours map[[2]int64]int64, stages map[int64]dispatch.Stage) (bool, error) {
	stage := stages[p.TripID]
	if !dispatch.Allowed(stage, dispatch.EvPlannerPropose) {
		return false, nil // a person decided: it stays as it is
	}
	key := [2]int64{p.DriverID, int64(p.Tour)}
	tour, ok := tours[key]
	if !ok {
		if err := tx.QueryRow(ctx, `INSERT INTO tours (driver_id) VALUES ($1) RETURNING id`, p.DriverID).Scan(&tour); err != nil {
			return false, err
		}
		tours[key] = tour
	}
	if stage == dispatch.StageProposedPlanner {
		_, err := tx.Exec(ctx, `UPDATE assignments SET driver_id = $2, tour_id = $3, planned_pickup = $4,
			planned_dropoff = $5, stop_order = $6, updated_at = $7 WHERE trip_id = $1 AND state = 'proposed'
			AND decided_by = 'planner'`,
			p.TripID, p.DriverID, tour, p.PlannedPickup, p.PlannedDropoff, p.StopOrder, s.now())
		return err == nil, err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO assignments (trip_id, driver_id, tour_id, state, planned_pickup,
		planned_dropoff, stop_order, decided_by, created_at, updated_at)
		SELECT $1, $2, $3, 'proposed', $4, $5, $6, 'planner', $7, $7
		FROM trips WHERE id = $1 AND status = 'booked'`,
		p.TripID, p.DriverID, tour, p.PlannedPickup, p.PlannedDropoff, p.StopOrder, s.now())
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	stages[p.TripID] = dispatch.StageProposedPlanner
	return true, nil
}

// dateLock is the advisory lock key of a planning date.
func dateLock(date string) int64 {
	h := fnv.New64a()
	h.Write([]byte("plan:" + date))
	return int64(h.Sum64() >> 1)
}
