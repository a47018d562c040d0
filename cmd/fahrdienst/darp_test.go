package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/solver/cordeau"
)

// cordeauTestdata holds the few Cordeau instances the tests solve, kept with
// the reader and checker they were copied for.
const cordeauTestdata = "../../solver/cordeau/testdata"

// TestDarpSolveAndBench runs "fahrdienst darp solve" and "darp bench" on two
// small instances, so that the commands behind "make darp-bench" keep
// working.
func TestDarpSolveAndBench(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	inst := filepath.Join(dir, "cordeau")
	if err := os.Mkdir(inst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a2-16", "b2-16"} {
		data, err := os.ReadFile(filepath.Join(cordeauTestdata, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inst, name+".txt"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bks := "instance,vehicles,requests,bks,source\na2-16,2,16,294.25,x\nb2-16,2,16,309.41,x\n"
	if err := os.WriteFile(filepath.Join(dir, "bks.csv"), []byte(bks), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := darpMain(context.Background(), []string{"solve", filepath.Join(inst, "a2-16.txt"), "--time-limit", "100ms"}, &out, &errOut)
	if err != nil {
		t.Fatalf("solve: %v %s", err, errOut.String())
	}
	var res cordeau.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Instance != "a2-16" || len(res.Routes) != 2 || res.Routes[0].Stops[0].Node != 0 ||
		res.Routes[0].Stops[len(res.Routes[0].Stops)-1].Node != 33 {
		t.Errorf("unexpected result %s", out.String())
	}
	out.Reset()
	if err := darpMain(context.Background(), []string{"bench", "--time-limit", "100ms", inst}, &out, &errOut); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	for _, want := range []string{"a2-16", "b2-16", "mean gap a", "mean gap b", "mean gap all"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bench output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := darpMain(context.Background(), []string{"bench", "--iterations", "20", "--seed", "3", "--runs", "2", inst}, &out, &errOut); err != nil {
		t.Fatalf("bench --runs 2: %v\n%s", err, out.String())
	}
	for _, want := range []string{"seeds 3-4", "a2-16       3 ", "a2-16       4 ", "b2-16       4 ", "over 1 instances × 2 seeds", "over 2 instances × 2 seeds"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bench --runs 2 output lacks %q:\n%s", want, out.String())
		}
	}
	if err := darpMain(context.Background(), []string{"bench", "--runs", "0", inst}, &out, &errOut); err == nil {
		t.Error("bench --runs 0 succeeded")
	}
	for _, flag := range [][]string{{"--runs", "2"}, {"--bks", "x.csv"}} {
		args := append([]string{"solve", filepath.Join(inst, "a2-16.txt"), "--iterations", "5"}, flag...)
		err := darpMain(context.Background(), args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(flag[0], "-")) {
			t.Errorf("solve %s: %v, want an error naming the flag, which only bench reads", flag[0], err)
		}
	}
	if err := darpMain(context.Background(), []string{"nonsense", "x"}, &out, &errOut); err == nil {
		t.Error("an unknown command succeeded")
	}
}

// TestDarpSolveIterationsIsReproducible: with --iterations and no time
// limit the result depends on the seed alone, which is what lets A/B runs
// on a loaded machine compare methods rather than machine load.
func TestDarpSolveIterationsIsReproducible(t *testing.T) {
	t.Parallel()
	path := filepath.Join(cordeauTestdata, "b2-16.txt")
	solve := func() cordeau.Result {
		var out, errOut bytes.Buffer
		err := darpMain(context.Background(), []string{"solve", "--iterations", "60", "--seed", "5", "--workers", "1", path}, &out, &errOut)
		if err != nil {
			t.Fatalf("solve: %v %s", err, errOut.String())
		}
		var res cordeau.Result
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		res.Seconds = 0
		return res
	}
	first, second := solve(), solve()
	if first.Iterations != 60 {
		t.Errorf("%d iterations, want 60", first.Iterations)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("two runs with the same seed and iterations differ: %v vs %v", first.Cost, second.Cost)
	}
}
