package dispatch

import (
	"context"
	"encoding/binary"
	"math"
	"sync"
)

// TravelCache remembers the matrices of the last few point lists, so that
// planning the same day again (a coordinator pressing "plan" twice, or a
// re-plan after one cancellation that leaves the places unchanged) does not
// call a routing server again. It is safe for concurrent use.
type TravelCache struct {
	Source TravelTimes
	Size   int // matrices kept; 0 means 4

	mu      sync.Mutex
	entries []cacheEntry // most recently used last
}

type cacheEntry struct {
	key    string
	matrix *Matrix
}

// NewTravelCache wraps source with a cache of size matrices.
func NewTravelCache(source TravelTimes, size int) *TravelCache {
	return &TravelCache{Source: source, Size: size}
}

// Matrix returns the cached matrix for exactly these points in this order, or
// asks the source and remembers its answer. Callers must not modify the
// returned matrix, because later callers share it.
func (c *TravelCache) Matrix(ctx context.Context, points []Point) (*Matrix, error) {
	key := pointsKey(points)
	c.mu.Lock()
	for i, e := range c.entries {
		if e.key == key {
			c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
			c.mu.Unlock()
			return e.matrix, nil
		}
	}
	c.mu.Unlock()
	m, err := c.Source.Matrix(ctx, points)
	if err != nil {
		return nil, err
	}
	size := c.Size
	if size <= 0 {
		size = 4
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = append(c.entries, cacheEntry{key: key, matrix: m})
	if len(c.entries) > size {
		c.entries = c.entries[len(c.entries)-size:]
	}
	return m, nil
}

// pointsKey encodes the exact bits of every coordinate, so that two lists
// share a key only when they are identical.
func pointsKey(points []Point) string {
	b := make([]byte, 0, 16*len(points))
	for _, p := range points {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Lat))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Lon))
	}
	return string(b)
}
