package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/fahrdienst/fahrdienst/solver"
	"github.com/fahrdienst/fahrdienst/solver/cordeau"
)

// benchRow is one line of the bench table.
type benchRow struct {
	name     string
	cost     float64
	best     float64 // NaN when unknown
	seconds  float64
	iters    int
	feasible bool
}

// benchCommand solves every instance file in dir and prints the table with
// the gap to the best known solutions and the mean gap per family.
func benchCommand(ctx context.Context, dir, bksPath string, opt solver.SolveOptions, stdout io.Writer) error {
	if bksPath == "" {
		bksPath = filepath.Join(dir, "..", "bks.csv")
	}
	best, err := readBKS(bksPath)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# %s (CPU time: %v), seed %d, %d iterations (0: none), %d workers, GOMAXPROCS %d\n",
		opt.TimeLimit, opt.Clock != nil, opt.Seed, opt.Iterations, opt.Workers, runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "%-8s %10s %10s %7s %8s %8s %s\n", "instance", "cost", "best", "gap%", "seconds", "iters", "feasible")
	var rows []benchRow
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		row := benchOne(ctx, filepath.Join(dir, e.Name()), opt, best)
		rows = append(rows, row)
		fmt.Fprintf(stdout, "%-8s %10.2f %10.2f %7.2f %8.2f %8d %v\n", row.name, row.cost, row.best,
			gap(row), row.seconds, row.iters, row.feasible)
	}
	summary(stdout, rows)
	for _, r := range rows {
		if !r.feasible {
			return fmt.Errorf("darp bench: %s has no feasible solution", r.name)
		}
	}
	return nil
}

// benchOne solves and checks one instance; any failure shows as infeasible.
func benchOne(ctx context.Context, path string, opt solver.SolveOptions, best map[string]float64) benchRow {
	row := benchRow{name: strings.TrimSuffix(filepath.Base(path), ".txt"), best: math.NaN(), cost: math.NaN()}
	if b, ok := best[row.name]; ok {
		row.best = b
	}
	in, err := cordeau.ReadFile(path)
	if err != nil {
		return row
	}
	res, err := cordeau.Solve(ctx, in, opt)
	if res != nil {
		row.seconds, row.iters = res.Seconds, res.Iterations
	}
	if err != nil {
		return row
	}
	cost, err := cordeau.Check(in, res.Routes)
	row.cost = cost
	row.feasible = err == nil && math.Abs(cost-res.Cost) < 1e-6
	return row
}

func gap(r benchRow) float64 {
	return 100 * (r.cost - r.best) / r.best
}

// family is the letters an instance name starts with: "a" for a8-96, "pr"
// for pr05.
func family(name string) string {
	k := 0
	for k < len(name) && name[k] >= 'a' && name[k] <= 'z' {
		k++
	}
	return name[:k]
}

// summary prints the mean gap of each family (a, b, pr) and of all
// instances with a known best and a feasible solution.
func summary(w io.Writer, rows []benchRow) {
	var fams []string
	for _, r := range rows {
		if f := family(r.name); !slices.Contains(fams, f) {
			fams = append(fams, f)
		}
	}
	for _, fam := range append(fams, "") {
		var sum float64
		var k int
		for _, r := range rows {
			if (fam == "" || family(r.name) == fam) && r.feasible && !math.IsNaN(r.best) {
				sum += gap(r)
				k++
			}
		}
		label := fam
		if fam == "" {
			label = "all"
		}
		if k > 0 {
			fmt.Fprintf(w, "mean gap %-3s %6.3f%% over %d instances\n", label, sum/float64(k), k)
		}
	}
}

// readBKS reads instance,vehicles,requests,bks,... with a header line.
func readBKS(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make(map[string]float64)
	for i, rec := range recs {
		if i == 0 || len(rec) < 4 {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[3]), 64)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, i+1, err)
		}
		out[strings.TrimSpace(rec[0])] = v
	}
	return out, nil
}
