package dispatch

import (
	"context"
	"math"
	"math/rand/v2"
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

// TestGreatCircleIsMetric backs the matrix's Metric flag: over random
// places in a county, including near-collinear triples, no detour through
// a third place is shorter than the direct trip (up to rounding).
func TestGreatCircleIsMetric(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var pts []Point
	for range 60 {
		pts = append(pts, Point{Lat: 49.7 + 0.4*rng.Float64(), Lon: 6.4 + 0.5*rng.Float64()})
	}
	pts = append(pts, Point{Lat: 49.8, Lon: 6.5}, Point{Lat: 49.85, Lon: 6.5}, Point{Lat: 49.9, Lon: 6.5})
	m, err := GreatCircle{}.Matrix(context.Background(), pts)
	if err != nil || !m.Metric {
		t.Fatalf("metric %v, error %v", m != nil && m.Metric, err)
	}
	n := m.N
	for _, tab := range [][]float64{m.Seconds, m.Meters} {
		for a := range n {
			for b := range n {
				for c := range n {
					if ab, bc := tab[a*n+b], tab[b*n+c]; tab[a*n+c] > ab+bc+1e-9*(1+ab+bc) {
						t.Fatalf("%d to %d: %v direct, %v through %d", a, c, tab[a*n+c], ab+bc, b)
					}
				}
			}
		}
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
