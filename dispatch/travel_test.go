package dispatch

import (
	"context"
	"math"
	"testing"
)

type countingTravel struct{ calls int }

func (c *countingTravel) Matrix(ctx context.Context, points []Point) (*Matrix, error) {
	c.calls++
	return GreatCircle{}.Matrix(ctx, points)
}

func TestGreatCircle(t *testing.T) {
	t.Parallel()
	// Bitburg to Trier is about 26 km as the crow flies.
	bitburg, trier := Point{Lat: 49.9747, Lon: 6.5233}, Point{Lat: 49.7499, Lon: 6.6371}
	if d := Haversine(bitburg, trier); math.Abs(d-26500) > 1000 {
		t.Errorf("Bitburg-Trier %v m", d)
	}
	m, err := GreatCircle{}.Matrix(context.Background(), []Point{bitburg, trier})
	if err != nil {
		t.Fatal(err)
	}
	road := DefaultDetourFactor * Haversine(bitburg, trier)
	if m.Meters[1] != road || math.Abs(m.Seconds[1]-road/(DefaultSpeedKmh/3.6)) > 1e-9 || m.Seconds[0] != 0 {
		t.Errorf("matrix %v %v", m.Meters, m.Seconds)
	}
	fast, _ := GreatCircle{SpeedKmh: 80, DetourFactor: 1}.Matrix(context.Background(), []Point{bitburg, trier})
	if fast.Seconds[1] >= m.Seconds[1]/2 {
		t.Errorf("configured speed ignored: %v", fast.Seconds[1])
	}
}

func TestTravelCache(t *testing.T) {
	t.Parallel()
	src := &countingTravel{}
	c := NewTravelCache(src, 2)
	a, b, x := []Point{{1, 2}, {3, 4}}, []Point{{3, 4}, {1, 2}}, []Point{{5, 6}}
	for _, pts := range [][]Point{a, a, b, a, x, a, b} {
		if _, err := c.Matrix(context.Background(), pts); err != nil {
			t.Fatal(err)
		}
	}
	// a, b and x miss once each; x pushes out b, the least recently used,
	// so a still hits and b misses again.
	if src.calls != 4 {
		t.Errorf("%d calls to the source, want 4", src.calls)
	}
}
