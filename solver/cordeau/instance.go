package cordeau

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Instance is one Cordeau DARP instance as the file states it, nothing
// derived, so that the checker judges solutions against the original data.
type Instance struct {
	Name        string
	Vehicles    int     // K
	Requests    int     // n
	MaxDuration float64 // T
	Capacity    int     // Q
	MaxRide     float64 // L
	Nodes       []Node  // 2n+2 nodes: depot, pickups, drop-offs, end depot
}

// Node is one line of the node list.
type Node struct {
	X, Y        float64
	Service     float64
	Load        int
	Open, Close float64
}

// ReadFile reads an instance; its name is the file name without extension.
func ReadFile(path string) (*Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	in.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return in, nil
}

// Read parses the text format described in the benchmark's README.
func Read(r io.Reader) (*Instance, error) {
	sc := bufio.NewScanner(r)
	var lines [][]string
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) > 0 {
			lines = append(lines, fields)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(lines) == 0 || len(lines[0]) < 5 {
		return nil, fmt.Errorf("the first line must be K n T Q L")
	}
	head, err := numbers(lines[0][:5])
	if err != nil {
		return nil, fmt.Errorf("line 1: %w", err)
	}
	in := &Instance{Vehicles: int(head[0]), Requests: int(head[1]), MaxDuration: head[2],
		Capacity: int(head[3]), MaxRide: head[4]}
	want := 2*in.Requests + 2
	if in.Vehicles < 1 || in.Requests < 1 || len(lines)-1 < want {
		return nil, fmt.Errorf("want %d node lines for %d requests and at least one vehicle, got %d", want, in.Requests, len(lines)-1)
	}
	for k := 1; k <= want; k++ {
		if len(lines[k]) < 7 {
			return nil, fmt.Errorf("line %d: want 7 fields", k+1)
		}
		v, err := numbers(lines[k][:7])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", k+1, err)
		}
		if int(v[0]) != k-1 {
			return nil, fmt.Errorf("line %d: node %v out of order", k+1, v[0])
		}
		in.Nodes = append(in.Nodes, Node{X: v[1], Y: v[2], Service: v[3], Load: int(v[4]), Open: v[5], Close: v[6]})
	}
	return in, nil
}

func numbers(fields []string) ([]float64, error) {
	out := make([]float64, len(fields))
	for i, s := range fields {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
