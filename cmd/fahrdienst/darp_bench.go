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
	seed     uint64
	cost     float64
	best     float64 // NaN when unknown
	seconds  float64
	iters    int
	feasible bool
}

// benchCommand solves every instance file in dir runs times, with the seeds
// opt.Seed, opt.Seed+1, ..., and prints the table with the gap to the best
// known solutions and the mean gap per family (see summary).
func benchCommand(ctx context.Context, dir, bksPath string, runs int, opt solver.SolveOptions, stdout io.Writer) error {
	if bksPath == "" {
		bksPath = filepath.Join(dir, "..", "bks.csv")
	}
	best, err := readBKS(bksPath)
	if err != nil {
		return err
	}
	paths, err := instanceFiles(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# %s (CPU time: %v), seeds %d-%d, %d iterations (0: none), %d workers, GOMAXPROCS %d\n",
		opt.TimeLimit, opt.Clock != nil, opt.Seed, opt.Seed+uint64(runs)-1, opt.Iterations, opt.Workers, runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "%-8s %4s %10s %10s %7s %8s %8s %s\n", "instance", "seed", "cost", "best", "gap%", "seconds", "iters", "feasible")
	var rows []benchRow
	first := opt.Seed
	for r := range runs {
		opt.Seed = first + uint64(r)
		for _, path := range paths {
			if err := ctx.Err(); err != nil {
				return err
			}
			row := benchOne(ctx, path, opt, best)
			rows = append(rows, row)
			fmt.Fprintf(stdout, "%-8s %4d %10.2f %10.2f %7.2f %8.2f %8d %v\n", row.name, row.seed, row.cost, row.best,
				gap(row), row.seconds, row.iters, row.feasible)
		}
	}
	summary(stdout, rows)
	for _, r := range rows {
		if !r.feasible {
			return fmt.Errorf("darp bench: %s has no feasible solution", r.name)
		}
	}
	return nil
}

// instanceFiles lists the instance files (*.txt) in dir, in name order.
func instanceFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".txt") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths, nil
}

// benchOne solves and checks one instance; any failure shows as infeasible.
func benchOne(ctx context.Context, path string, opt solver.SolveOptions, best map[string]float64) benchRow {
	row := benchRow{name: strings.TrimSuffix(filepath.Base(path), ".txt"), seed: opt.Seed, best: math.NaN(), cost: math.NaN()}
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
// instances, over the rows with a known best and a feasible solution. With
// several seeds it adds the standard error of that mean: the spread of the
// seeds' own means over the square root of their number. A run of the
// search is a random sample (pr10 at 10 s ended between 0.06% and 3.5%
// above the best known, one core, seeds 1-8), so two variants are told apart only by a
// difference well beyond both errors.
func summary(w io.Writer, rows []benchRow) {
	var fams []string
	for _, r := range rows {
		if f := family(r.name); !slices.Contains(fams, f) {
			fams = append(fams, f)
		}
	}
	for _, fam := range append(fams, "") {
		label := fam
		if fam == "" {
			label = "all"
		}
		st := familyStats(rows, fam)
		switch {
		case st.instances == 0:
		case st.seeds == 1:
			fmt.Fprintf(w, "mean gap %-3s %6.3f%% over %d instances\n", label, st.mean, st.instances)
		default:
			fmt.Fprintf(w, "mean gap %-3s %6.3f%% ± %.3f over %d instances × %d seeds\n",
				label, st.mean, st.stdErr, st.instances, st.seeds)
		}
	}
}

// gapStats is the mean gap of a family over its runs, the standard error
// of that mean over the seeds, and how many instances and seeds it has.
type gapStats struct {
	mean, stdErr     float64
	instances, seeds int
}

// familyStats is the gapStats of the rows of family fam ("" for all)
// with a known best and a feasible solution.
func familyStats(rows []benchRow, fam string) gapStats {
	type acc struct {
		sum float64
		n   int
	}
	bySeed := map[uint64]*acc{}
	names := map[string]bool{}
	for _, r := range rows {
		if fam != "" && family(r.name) != fam || !r.feasible || math.IsNaN(r.best) {
			continue
		}
		if bySeed[r.seed] == nil {
			bySeed[r.seed] = &acc{}
		}
		bySeed[r.seed].sum += gap(r)
		bySeed[r.seed].n++
		names[r.name] = true
	}
	st := gapStats{instances: len(names), seeds: len(bySeed)}
	if st.seeds == 0 {
		return st
	}
	var total float64
	count := 0
	means := make([]float64, 0, len(bySeed))
	for _, a := range bySeed {
		total += a.sum
		count += a.n
		means = append(means, a.sum/float64(a.n))
	}
	st.mean, st.stdErr = total/float64(count), stdErr(means)
	return st
}

// stdErr is the standard error of the mean of xs: their sample standard
// deviation over √len(xs); 0 for fewer than two.
func stdErr(xs []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	m := mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

// mean is the mean of xs, NaN for none.
func mean(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
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
