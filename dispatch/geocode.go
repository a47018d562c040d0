package dispatch

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Addresses come in by phone: the coordinator types street, house number
// and town, and a geocoder turns them into the coordinates the planner
// needs. A geocoder only suggests; a person chooses one of its candidates
// or clicks the house on a map, so that an address is never guessed.

// GeoCandidate is one address a geocoder found for a query, with the
// parts a form fills in when the coordinator chooses it.
type GeoCandidate struct {
	Label      string  `json:"label"` // the whole address as the geocoder writes it
	Street     string  `json:"street"`
	PostalCode string  `json:"postal_code"`
	City       string  `json:"city"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
}

// GeoRegion limits a search to the agency's area, so that "Hauptstraße 7,
// Bitburg" never finds a namesake far away. Zero values limit nothing.
type GeoRegion struct {
	// CountryCodes are ISO 3166-1 alpha-2 codes, comma-separated ("de,lu").
	CountryCodes string
	// ViewBox is "lon1,lat1,lon2,lat2"; with Bounded only addresses in it
	// are found, else it only ranks them.
	ViewBox string
	Bounded bool
}

// Geocoder finds addresses. An unreachable or slow geocoder answers an
// error with CodeUnavailable, so that a form says so and offers the map
// instead of failing; no candidates is an empty slice and no error.
type Geocoder interface {
	Search(ctx context.Context, query string, region GeoRegion) ([]GeoCandidate, error)
}

// GeocodeCache keeps geocoder answers in the database, so that the same
// address typed again (by the next coordinator, or letter by letter) costs
// no request: the public Nominatim instance allows one a second.
type GeocodeCache interface {
	// CachedGeocode is the answer stored for key no earlier than since;
	// found is false when there is none.
	CachedGeocode(ctx context.Context, key string, since time.Time) (c []GeoCandidate, found bool, err error)
	// CacheGeocode stores an answer, replacing an older one.
	CacheGeocode(ctx context.Context, key string, c []GeoCandidate, at time.Time) error
}

// CachedGeocoder asks its cache first and the geocoder only on a miss. A
// cache that fails is passed over: geocoding is a help, and the database
// being slow must not take it away.
type CachedGeocoder struct {
	Geocoder Geocoder
	Cache    GeocodeCache
	// TTL is how long an answer is kept; 0 means 30 days. Addresses change
	// rarely, but streets are renamed and new houses built.
	TTL time.Duration
	Now func() time.Time
}

// Search answers from the cache or the geocoder; only answers the
// geocoder gave are stored, never its errors.
func (c CachedGeocoder) Search(ctx context.Context, query string, region GeoRegion) ([]GeoCandidate, error) {
	query = NormalizeGeoQuery(query)
	if query == "" {
		return nil, nil
	}
	now, ttl := time.Now, c.TTL
	if c.Now != nil {
		now = c.Now
	}
	if ttl <= 0 {
		ttl = 30 * 24 * time.Hour
	}
	key := GeoCacheKey(query, region)
	if c.Cache != nil {
		if got, ok, err := c.Cache.CachedGeocode(ctx, key, now().Add(-ttl)); err == nil && ok {
			return got, nil
		}
	}
	got, err := c.Geocoder.Search(ctx, query, region)
	if err != nil {
		return nil, err
	}
	if got == nil {
		got = []GeoCandidate{}
	}
	if c.Cache != nil {
		_ = c.Cache.CacheGeocode(ctx, key, got, now()) // a lost entry costs one request later
	}
	return got, nil
}

// NormalizeGeoQuery folds the spaces and commas people type, so that
// "Hauptstr. 7 ,Bitburg" and "Hauptstr. 7, Bitburg" are one cache entry.
// Case is kept for the geocoder; the cache key folds it.
func NormalizeGeoQuery(q string) string {
	q = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	parts := strings.Split(q, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	q = strings.Join(out, ", ")
	if len(q) > 200 {
		q = strings.ToValidUTF8(q[:200], "")
	}
	return q
}

// GeoCacheKey is the cache key of a query in a region: the same words in
// another region may well be another house.
func GeoCacheKey(query string, region GeoRegion) string {
	return strings.ToLower(NormalizeGeoQuery(query)) + "|" + strings.ToLower(region.CountryCodes) + "|" +
		region.ViewBox + "|" + map[bool]string{true: "b", false: ""}[region.Bounded]
}

// AddressQuery is the query of an address as the forms have it: street
// with house number, postal code and town.
func AddressQuery(street, postalCode, city string) string {
	town := strings.TrimSpace(strings.TrimSpace(postalCode) + " " + strings.TrimSpace(city))
	return NormalizeGeoQuery(strings.TrimSpace(street) + ", " + town)
}
