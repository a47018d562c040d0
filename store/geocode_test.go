package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// countingGeocoder is a geocoder that counts how often it is asked.
type countingGeocoder struct {
	calls atomic.Int32
	err   error
}

func (g *countingGeocoder) Search(_ context.Context, q string, _ dispatch.GeoRegion) ([]dispatch.GeoCandidate, error) {
	g.calls.Add(1)
	if g.err != nil {
		return nil, g.err
	}
	return []dispatch.GeoCandidate{{Label: q, Street: "Hauptstraße 7", City: "Bitburg", Lat: 49.9677, Lon: 6.5274}}, nil
}

// The same address typed again, however spaced, is answered from the
// database; an expired entry is asked again and pruned later; an error is
// never cached.
func TestGeocodeCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := store.New(storetest.Pool(t), store.Options{Now: clock})
	g := &countingGeocoder{}
	c := dispatch.CachedGeocoder{Geocoder: g, Cache: s, Now: clock}
	region := dispatch.GeoRegion{CountryCodes: "de"}
	for _, q := range []string{"Hauptstraße 7, Bitburg", "  hauptstraße 7 ,Bitburg "} {
		got, err := c.Search(ctx, q, region)
		if err != nil || len(got) != 1 || got[0].Lat != 49.9677 {
			t.Fatalf("%q: %+v %v", q, got, err)
		}
	}
	if n := g.calls.Load(); n != 1 {
		t.Fatalf("geocoder asked %d times, want 1", n)
	}
	if _, err := c.Search(ctx, "Hauptstraße 7, Bitburg", dispatch.GeoRegion{CountryCodes: "lu"}); err != nil || g.calls.Load() != 2 {
		t.Fatalf("another region must ask again: %v, %d calls", err, g.calls.Load())
	}
	now = now.Add(31 * 24 * time.Hour)
	if _, err := c.Search(ctx, "Hauptstraße 7, Bitburg", region); err != nil || g.calls.Load() != 3 {
		t.Fatalf("an expired entry must ask again: %v, %d calls", err, g.calls.Load())
	}
	now = now.Add(31 * 24 * time.Hour)
	if _, err := s.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.CachedGeocode(ctx, dispatch.GeoCacheKey("Hauptstraße 7, Bitburg", region), time.Time{}); err != nil || found {
		t.Fatalf("pruned entry still there: %v %v", found, err)
	}
	down := &countingGeocoder{err: dispatch.Errorf(dispatch.CodeUnavailable, "down")}
	c.Geocoder = down
	for range 2 {
		if _, err := c.Search(ctx, "Am Markt 3, Bitburg", region); dispatch.ErrorCode(err) != dispatch.CodeUnavailable {
			t.Fatalf("error %v", err)
		}
	}
	if down.calls.Load() != 2 {
		t.Fatalf("an error was cached: %d calls", down.calls.Load())
	}
}
