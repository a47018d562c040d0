package geocode

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// place is one hit of Nominatim's jsonv2 format, as far as it is read.
// Coordinates come as strings there.
type place struct {
	Lat         string            `json:"lat"`
	Lon         string            `json:"lon"`
	DisplayName string            `json:"display_name"`
	Address     map[string]string `json:"address"`
}

// townKeys are where Nominatim puts the town, from the most to the least
// specific; a village has no "city".
var townKeys = []string{"city", "town", "village", "hamlet", "municipality", "suburb"}

// streetKeys are where it puts the street, or the square or path.
var streetKeys = []string{"road", "pedestrian", "square", "footway", "path", "place"}

// Parse reads a Nominatim jsonv2 answer. It is outside input: hits
// without valid coordinates are dropped, texts are cut to what a form
// field takes and must be valid UTF-8.
func Parse(body []byte) ([]dispatch.GeoCandidate, error) {
	var places []place
	if err := json.Unmarshal(body, &places); err != nil {
		return nil, fmt.Errorf("geocoder answer: %w", err)
	}
	out := make([]dispatch.GeoCandidate, 0, len(places))
	for _, p := range places {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(p.Lat), 64)
		lon, err2 := strconv.ParseFloat(strings.TrimSpace(p.Lon), 64)
		if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			continue
		}
		street := first(p.Address, streetKeys)
		if n := clean(p.Address["house_number"]); n != "" && street != "" {
			street += " " + n
		}
		out = append(out, dispatch.GeoCandidate{Label: clean(p.DisplayName), Street: clean(street),
			PostalCode: clean(p.Address["postcode"]), City: clean(first(p.Address, townKeys)), Lat: lat, Lon: lon})
	}
	return out, nil
}

func first(m map[string]string, keys []string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(m[k]); v != "" {
			return v
		}
	}
	return ""
}

// clean makes a text fit a form field: valid UTF-8 without control
// characters, at most 200 bytes.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for len(s) > 200 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
