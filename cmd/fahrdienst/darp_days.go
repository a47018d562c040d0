package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/planning"
)

// daySize is one synthetic day: how many requests for how many drivers.
type daySize struct {
	requests, drivers int
}

func (d daySize) String() string { return fmt.Sprintf("%dx%d", d.requests, d.drivers) }

// dayRow is one line of the days table: one day planned with one seed at
// the limit under test and at the reference limit.
type dayRow struct {
	day                 daySize
	seed                uint64
	cost, refCost       float64 // the objective without the unassigned penalty
	missed, refMissed   int     // unassigned requests
	seconds, refSeconds float64
}

// comparable reports whether the two runs left as many requests
// unassigned: only then does the ratio of their costs, which leave the
// unassigned penalty out, say which plan is better.
func (r dayRow) comparable() bool { return r.missed == r.refMissed }

// ratioText is the ratio of the costs, or "-" where the runs are not
// comparable.
func (r dayRow) ratioText() string {
	if !r.comparable() {
		return "-"
	}
	return fmt.Sprintf("%.4f", r.cost/r.refCost)
}

// daysMain runs "fahrdienst darp days": issue 17 judges the production
// planner by its cost on days of 300 and 1,000 requests at the service's
// time limit against a run of a minute on the same day (target: within
// 1%). A run of the search is a random sample (the 8 s cost of the day of
// 300 requests varied by 2% over seeds), so the command plans each day
// with several seeds and gives the mean ratio with its standard error, as
// darp bench does for the gaps.
func daysMain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("darp days", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("days", "300x30,1000x100", "synthetic days to plan, REQUESTSxDRIVERS, comma-separated")
	limit := fs.Duration("time-limit", 0, "search time of the run under test (0: the service's default for the day)")
	ref := fs.Duration("reference", time.Minute, "search time of the reference run")
	seed := fs.Uint64("seed", 1, "planner seed of the first run")
	runs := fs.Int("runs", 1, "plan every day this many times, with the seeds --seed, --seed+1, ...")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "searches at once, as the service runs them (default: GOMAXPROCS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("darp days: unexpected argument %q", fs.Arg(0))
	}
	days, err := parseDaySizes(*sizes)
	if err != nil {
		return err
	}
	if *runs < 1 {
		return fmt.Errorf("darp days: --runs must be at least 1, not %d", *runs)
	}
	if *ref <= 0 {
		return fmt.Errorf("darp days: --reference must be positive, not %s", *ref)
	}
	if *limit < 0 {
		return fmt.Errorf("darp days: --time-limit must not be negative (0: the service's default), not %s", *limit)
	}
	under := "the service's default limit"
	if *limit > 0 {
		under = limit.String()
	}
	fmt.Fprintf(stdout, "# synthetic days (seed %d) at %s against %s, %d workers, planner seeds %d-%d\n",
		planning.BenchDaySeed, under, *ref, *workers, *seed, *seed+uint64(*runs)-1)
	fmt.Fprintf(stdout, "%-9s %4s %11s %6s %6s %11s %6s %6s %7s\n", "day", "seed", "cost", "unasg", "secs",
		"reference", "unasg", "secs", "ratio")
	var rows []dayRow
	for _, day := range days {
		in := planning.SyntheticDay(planning.BenchDaySeed, day.requests, day.drivers) // --seed varies the planner's seed only
		for r := range *runs {
			row, err := planDayTwice(ctx, in, day, *seed+uint64(r), *limit, *ref, *workers)
			if err != nil {
				return err
			}
			rows = append(rows, row)
			fmt.Fprintf(stdout, "%-9s %4d %11.0f %6d %6.2f %11.0f %6d %6.2f %7s\n", day, row.seed, row.cost, row.missed,
				row.seconds, row.refCost, row.refMissed, row.refSeconds, row.ratioText())
		}
	}
	daysSummary(stdout, days, rows)
	return nil
}

// parseDaySizes reads --days.
func parseDaySizes(s string) ([]daySize, error) {
	var out []daySize
	for _, part := range strings.Split(s, ",") {
		req, drv, ok := strings.Cut(strings.TrimSpace(part), "x")
		r, err1 := strconv.Atoi(req)
		d, err2 := strconv.Atoi(drv)
		if !ok || err1 != nil || err2 != nil || r < 2 || d < 1 {
			return nil, fmt.Errorf("darp days: --days %q: want REQUESTSxDRIVERS such as 300x30, at least 2 requests and 1 driver", part)
		}
		out = append(out, daySize{requests: r, drivers: d})
	}
	return out, nil
}

// planDayTwice plans in, the synthetic day of size day, with seed at
// limit (0 for the service's default) and at ref.
func planDayTwice(ctx context.Context, in planning.PlanInput, day daySize, seed uint64, limit, ref time.Duration,
	workers int) (dayRow, error) {
	row := dayRow{day: day, seed: seed}
	var err error
	if row.cost, row.missed, row.seconds, err = planDay(ctx, in, seed, limit, workers); err != nil {
		return row, err
	}
	row.refCost, row.refMissed, row.refSeconds, err = planDay(ctx, in, seed, ref, workers)
	return row, err
}

// planDay plans in once and returns its cost without the unassigned
// penalty, the requests left unassigned and the seconds it took.
func planDay(ctx context.Context, in planning.PlanInput, seed uint64, limit time.Duration, workers int) (float64, int, float64, error) {
	start := time.Now()
	pl := &planning.Planner{TimeLimit: limit, Seed: seed, Workers: workers}
	out, err := pl.Plan(ctx, in)
	if err != nil {
		return 0, 0, 0, err
	}
	missed := len(out.Unassigned)
	return out.Cost - float64(missed)*planning.DefaultWeights().Unassigned, missed, time.Since(start).Seconds(), nil
}

// daysSummary prints each day's mean ratio over its seeds, with the
// standard error of that mean where there are several, and how many seeds
// it leaves out because their runs left different numbers of requests
// unassigned.
func daysSummary(w io.Writer, days []daySize, rows []dayRow) {
	for _, day := range days {
		var ratios []float64
		left := 0
		for _, r := range rows {
			switch {
			case r.day != day:
			case r.comparable():
				ratios = append(ratios, r.cost/r.refCost)
			default:
				left++
			}
		}
		fmt.Fprintf(w, "mean ratio %-9s ", day)
		if len(ratios) == 0 {
			fmt.Fprint(w, "-")
		} else {
			fmt.Fprintf(w, "%.4f ± %.4f over %d seeds", mean(ratios), stdErr(ratios), len(ratios))
		}
		if left > 0 {
			fmt.Fprintf(w, " (%d left out: the runs left different numbers of requests unassigned)", left)
		}
		fmt.Fprintln(w)
	}
}
