package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/fahrdienst/fahrdienst/solver"
	"github.com/fahrdienst/fahrdienst/solver/cordeau"
)

const darpUsage = `usage:
  fahrdienst darp solve [--time-limit 1s] [--cpu-time] [--workers N] [--iterations N] [--seed N] [--cpuprofile F] FILE
  fahrdienst darp bench [--time-limit 1s] [--cpu-time] [--workers N] [--iterations N] [--seed N] [--runs N] [--bks FILE] [--cpuprofile F] DIR
  fahrdienst darp days [--days 300x30,1000x100] [--time-limit D] [--reference 1m] [--workers N] [--seed N] [--runs N]`

// darpMain runs the dial-a-ride benchmark commands, "fahrdienst darp solve"
// and "fahrdienst darp bench" (make darp-bench), and "darp days", which
// measures the production planner on synthetic days (see daysMain). It
// returns an error for bad usage, unreadable input or an infeasible result,
// after writing what it can.
func darpMain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, darpUsage)
		return errors.New("darp: missing command")
	}
	if args[0] == "days" {
		return daysMain(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("darp "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	limit := fs.Duration("time-limit", time.Second, "search time per instance")
	seed := fs.Uint64("seed", 1, "random seed")
	iters := fs.Int("iterations", 0, "stop after N search iterations per instance; without --time-limit the result then depends on --seed only")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "searches at once per instance, the best wins (default: GOMAXPROCS)")
	cpu := fs.Bool("cpu-time", false, "count --time-limit in CPU time of the process, not wall-clock time (one core: fair A/B runs on a loaded machine)")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	// bench's own flags: solve has none of them, so that the flag parser
	// refuses them there instead of accepting and ignoring them
	bks, runs := "", 1
	if args[0] == "bench" {
		fs.StringVar(&bks, "bks", "", "best known solutions CSV (default DIR/../bks.csv)")
		fs.IntVar(&runs, "runs", 1, "solve every instance this many times, with the seeds --seed, --seed+1, ... (the means get a standard error)")
	}
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, darpUsage)
		return fmt.Errorf("darp %s: want exactly one FILE or DIR", args[0])
	}
	opt := solver.SolveOptions{Seed: *seed, TimeLimit: *limit, Iterations: *iters, Workers: *workers}
	if runs < 1 {
		return fmt.Errorf("darp bench: --runs must be at least 1, not %d", runs)
	}
	if *iters > 0 && !flagSet(fs, "time-limit") {
		opt.TimeLimit = 0 // an iteration budget alone: reproducible on a loaded machine
	}
	if *cpu {
		opt.Clock = cpuClock
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	switch args[0] {
	case "solve":
		return solveCommand(ctx, pos[0], opt, stdout)
	case "bench":
		return benchCommand(ctx, pos[0], bks, runs, opt, stdout)
	}
	fmt.Fprintln(stderr, darpUsage)
	return fmt.Errorf("darp: unknown command %q", args[0])
}

// cpuClock reads the CPU time the process has used, user and system, for
// --cpu-time. With GOMAXPROCS=1 that is the time the search ran, whatever
// else the machine does.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startProfile starts a CPU profile into path and returns what stops it.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseInterleaved accepts flags before and after the positional
// arguments, as people type them either way.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func solveCommand(ctx context.Context, path string, opt solver.SolveOptions, stdout io.Writer) error {
	in, err := cordeau.ReadFile(path)
	if err != nil {
		return err
	}
	res, err := cordeau.Solve(ctx, in, opt)
	if err != nil {
		return err
	}
	if _, err := cordeau.Check(in, res.Routes); err != nil {
		return fmt.Errorf("%s: the solution fails the check: %w", in.Name, err)
	}
	enc := json.NewEncoder(stdout)
	return enc.Encode(res)
}
