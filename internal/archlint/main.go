package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
)

func main() {
	msgs, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "archlint:", err)
		os.Exit(2)
	}
	for _, m := range msgs {
		fmt.Fprintln(os.Stderr, "archlint:", m)
	}
	if len(msgs) > 0 {
		os.Exit(1)
	}
}

// run checks every rule against `go list` and returns the breaches.
func run() ([]string, error) {
	std, err := standard()
	if err != nil {
		return nil, err
	}
	var msgs []string
	for _, r := range rules {
		var patterns []string
		for _, p := range r.Packages {
			patterns = append(patterns, "./"+p)
		}
		roots, err := list(append([]string{"-e"}, patterns...)...)
		if err != nil {
			return nil, err
		}
		for _, root := range roots {
			msgs = append(msgs, check(r, root, func(p string) bool { return std[p] })...)
		}
	}
	return msgs, nil
}

// standard returns the import paths of the standard library.
func standard() (map[string]bool, error) {
	pkgs, err := list("std")
	if err != nil {
		return nil, err
	}
	std := make(map[string]bool, len(pkgs))
	for _, p := range pkgs {
		std[p.ImportPath] = true
	}
	return std, nil
}

// list runs `go list -json` on args and decodes the packages it prints.
func list(args ...string) ([]pkg, error) {
	cmd := exec.Command("go", append([]string{"list", "-json=ImportPath,Standard,Deps"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list %v: %v: %s", args, err, errb.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(&out)
	for {
		var p pkg
		err := dec.Decode(&p)
		if err == io.EOF {
			return pkgs, nil
		}
		if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
}
