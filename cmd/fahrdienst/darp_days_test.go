package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/planning"
)

// TestDarpDays runs "fahrdienst darp days" on two small synthetic days
// with two seeds: a row per day and seed, and a mean ratio per day.
func TestDarpDays(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	args := []string{"days", "--days", "40x8,30x6", "--time-limit", "50ms", "--reference", "150ms", "--runs", "2",
		"--seed", "3", "--workers", "1"}
	if err := darpMain(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("days: %v %s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 8 || !strings.Contains(lines[0], "at 50ms against 150ms, 1 workers, planner seeds 3-4") {
		t.Fatalf("want a header, a title line, 4 rows and 2 means:\n%s", out.String())
	}
	for k, want := range []string{"40x8         3", "40x8         4", "30x6         3", "30x6         4"} {
		if !strings.HasPrefix(lines[2+k], want) {
			t.Errorf("row %d is %q, want it to start with %q", k, lines[2+k], want)
		}
	}
	for k, want := range []string{"mean ratio 40x8", "mean ratio 30x6"} {
		if !strings.HasPrefix(lines[6+k], want) {
			t.Errorf("summary line %d is %q, want %q", k, lines[6+k], want)
		}
	}
}

// TestDarpDaysRejectsBadFlags checks that bad input names the flag.
func TestDarpDaysRejectsBadFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--days", "300"}, `--days "300"`},
		{[]string{"--days", "300x30,ax2"}, `--days "ax2"`},
		{[]string{"--days", "1x1"}, `--days "1x1"`},
		{[]string{"--runs", "0"}, "--runs must be at least 1"},
		{[]string{"--reference", "0s"}, "--reference must be positive, not 0s"},
		{[]string{"--time-limit", "-1s"}, "--time-limit must not be negative"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		var out, errOut bytes.Buffer
		err := darpMain(context.Background(), append([]string{"days"}, tc.args...), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one with %q", tc.args, err, tc.want)
		}
	}
}

// TestDaysSummaryLeavesOutIncomparableSeeds checks the mean ratio: a seed
// whose runs left different numbers of requests unassigned is left out
// and counted, since the costs without the penalty do not compare then.
func TestDaysSummaryLeavesOutIncomparableSeeds(t *testing.T) {
	t.Parallel()
	d := daySize{requests: 300, drivers: 30}
	rows := []dayRow{
		{day: d, seed: 1, cost: 102, refCost: 100, missed: 1, refMissed: 1},
		{day: d, seed: 2, cost: 104, refCost: 100, missed: 1, refMissed: 1},
		{day: d, seed: 3, cost: 90, refCost: 100, missed: 2, refMissed: 1},
	}
	var out bytes.Buffer
	daysSummary(&out, []daySize{d}, rows)
	want := "mean ratio 300x30    1.0300 ± 0.0100 over 2 seeds (1 left out: the runs left different numbers of requests unassigned)\n"
	if out.String() != want {
		t.Errorf("summary\n%q, want\n%q", out.String(), want)
	}
	if rows[2].ratioText() != "-" {
		t.Errorf("incomparable row's ratio is %q, want -", rows[2].ratioText())
	}
}

// TestPlanDayLeavesOutThePenalty checks that a day's cost in the table is
// the objective without the unassigned penalty: two drivers cannot serve
// 30 requests, and with the penalty (a million per request) in it the
// cost would be far above one.
func TestPlanDayLeavesOutThePenalty(t *testing.T) {
	t.Parallel()
	in := planning.SyntheticDay(5, 30, 2)
	cost, missed, _, err := planDay(context.Background(), in, 1, 50*time.Millisecond, 1)
	if err != nil {
		t.Fatal(err)
	}
	penalty := planning.DefaultWeights().Unassigned
	if missed == 0 || cost <= 0 || cost >= penalty {
		t.Errorf("cost %.0f with %d unassigned, want 0 < cost < %.0f and some unassigned", cost, missed, penalty)
	}
}
