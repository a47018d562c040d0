package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestBenchSummaryStandardError: the mean gap of a family over several
// seeds comes with the standard error of the seeds' means, and rows that
// are infeasible or have no best known value count nowhere.
func TestBenchSummaryStandardError(t *testing.T) {
	t.Parallel()
	row := func(name string, seed uint64, gapPct float64) benchRow {
		return benchRow{name: name, seed: seed, cost: 100 + gapPct, best: 100, feasible: true}
	}
	rows := []benchRow{
		// per seed, the pr mean is 2, 3 and 4: mean 3, standard deviation
		// 1, standard error 1/√3
		row("pr01", 1, 1), row("pr02", 1, 3),
		row("pr01", 2, 2), row("pr02", 2, 4),
		row("pr01", 3, 3), row("pr02", 3, 5),
		{name: "pr03", seed: 1, cost: 90, best: 100, feasible: false},
		{name: "pr04", seed: 1, cost: 90, best: math.NaN(), feasible: true},
		row("a2-16", 1, 0.5),
	}
	st := familyStats(rows, "pr")
	if st.instances != 2 || st.seeds != 3 || math.Abs(st.mean-3) > 1e-9 || math.Abs(st.stdErr-1/math.Sqrt(3)) > 1e-9 {
		t.Errorf("pr: %+v, want mean 3, standard error 0.577 over 2 instances × 3 seeds", st)
	}
	var out bytes.Buffer
	summary(&out, rows)
	for _, want := range []string{
		"mean gap pr   3.000% ± 0.577 over 2 instances × 3 seeds",
		"mean gap a    0.500% over 1 instances",
		// all: seed 1 has 1, 3 and 0.5 (mean 1.5), seeds 2 and 3 as pr;
		// the error is the spread of 1.5, 3 and 4 around their mean
		"mean gap all  2.643% ± 0.726 over 3 instances × 3 seeds",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}
