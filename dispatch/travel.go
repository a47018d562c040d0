package dispatch

import (
	"context"
	"math"
)

// Point is a place on the earth in WGS 84 degrees, as geocoders and routing
// services use them.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Matrix holds travel times and road distances between every ordered pair of
// a list of points. It is row-major and flat (entry from i to j at i*N+j) so
// that the planner can read it in its hot loops without indirection.
type Matrix struct {
	N       int
	Seconds []float64 // travel time in seconds
	Meters  []float64 // road distance in metres
	// Metric is the source's guarantee that Seconds and Meters keep the
	// triangle inequality (no detour through a third point is shorter),
	// which the great-circle estimate has by geometry and a road router's
	// matrix need not (snapped points, one-way streets). The planner then
	// rules out insertions faster (see solver.Problem.Metric).
	Metric bool
}

// TravelTimes is a source of travel times, such as the great-circle estimate
// or a routing server. The planner asks once per planning run for the whole
// matrix of the points it needs, so that a remote source costs one call.
type TravelTimes interface {
	Matrix(ctx context.Context, points []Point) (*Matrix, error)
}

// NewMatrix allocates an n×n matrix with zero entries.
func NewMatrix(n int) *Matrix {
	return &Matrix{N: n, Seconds: make([]float64, n*n), Meters: make([]float64, n*n)}
}

// The constants of the great-circle estimate. A detour factor of 1.3 is the
// usual ratio of road distance to straight-line distance in rural Germany,
// and 40 km/h is a careful average speed for a volunteer driving seniors
// through a small town and its villages, stops at junctions included.
const (
	DefaultDetourFactor = 1.3
	DefaultSpeedKmh     = 40.0
	earthRadiusMeters   = 6371008.8
)

// GreatCircle estimates travel without an outside service: the great-circle
// distance times a detour factor, driven at a constant speed. It is the
// default so that planning works offline, in tests and in demos.
type GreatCircle struct {
	DetourFactor float64 // road distance per straight-line distance; 0 means DefaultDetourFactor
	SpeedKmh     float64 // average speed; 0 means DefaultSpeedKmh
}

// Matrix computes the estimate for every pair of points; it never fails
// except when ctx is already done.
func (g GreatCircle) Matrix(ctx context.Context, points []Point) (*Matrix, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	detour, speed := g.DetourFactor, g.SpeedKmh
	if detour <= 0 {
		detour = DefaultDetourFactor
	}
	if speed <= 0 {
		speed = DefaultSpeedKmh
	}
	metersPerSecond := speed * 1000 / 3600
	n := len(points)
	m := NewMatrix(n)
	m.Metric = true // a great-circle distance is a metric, and so are its multiples
	for i, a := range points {
		for j := i + 1; j < n; j++ {
			d := detour * Haversine(a, points[j])
			m.Meters[i*n+j], m.Meters[j*n+i] = d, d
			m.Seconds[i*n+j], m.Seconds[j*n+i] = d/metersPerSecond, d/metersPerSecond
		}
	}
	return m, nil
}

// Haversine returns the great-circle distance in metres; it is exported for
// callers that want a quick distance without building a matrix.
func Haversine(a, b Point) float64 {
	const rad = math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusMeters * math.Asin(math.Min(1, math.Sqrt(s)))
}
