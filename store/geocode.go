package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// geocodeKeep is how long a geocoder's answer is kept; it matches
// dispatch.CachedGeocoder's default time to live, and bounds how long a
// typed address stays in the database.
const geocodeKeep = 30 * 24 * time.Hour

// CachedGeocode is the geocoder's answer stored for key no earlier than
// since, for dispatch.CachedGeocoder.
func (s *Store) CachedGeocode(ctx context.Context, key string, since time.Time) ([]dispatch.GeoCandidate, bool, error) {
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT candidates FROM geocode_cache WHERE query_key = $1 AND fetched_at >= $2`,
		key, since).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, mapError(err, "read geocode cache")
	}
	var c []dispatch.GeoCandidate
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, false, nil // an entry of an older shape: ask again
	}
	return c, true, nil
}

// CacheGeocode stores a geocoder's answer, replacing an older one for the
// same key; two coordinators storing the same answer at once both win.
func (s *Store) CacheGeocode(ctx context.Context, key string, c []dispatch.GeoCandidate, at time.Time) error {
	if c == nil {
		c = []dispatch.GeoCandidate{}
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO geocode_cache (query_key, candidates, fetched_at) VALUES ($1, $2, $3)
		ON CONFLICT (query_key) DO UPDATE SET candidates = excluded.candidates, fetched_at = excluded.fetched_at`,
		key, raw, at)
	return mapError(err, "write geocode cache")
}
