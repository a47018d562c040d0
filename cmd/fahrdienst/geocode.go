package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/geocode"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/web"
)

// geoConfig is the address search and the maps: FAHRDIENST_GEOCODER_URL
// (empty: no search, the map only), the agency's region, and the tiles.
type geoConfig struct {
	URL       string
	Region    dispatch.GeoRegion
	UserAgent string
	Interval  time.Duration
	Tiles     string
	Credit    string
	Center    [2]float64
}

// loadGeoConfig reads the geocoder's and the maps' variables; a bad one
// stops the program with its name.
func loadGeoConfig(publicURL string) (geoConfig, []error) {
	g := geoConfig{URL: env("FAHRDIENST_GEOCODER_URL", ""), Tiles: env("FAHRDIENST_MAP_TILES", web.DefaultMapTiles),
		Credit: env("FAHRDIENST_MAP_ATTRIBUTION", ""),
		Region: dispatch.GeoRegion{CountryCodes: env("FAHRDIENST_GEOCODER_COUNTRYCODES", "de"),
			ViewBox: env("FAHRDIENST_GEOCODER_VIEWBOX", "")},
		UserAgent: env("FAHRDIENST_GEOCODER_USER_AGENT", "Fahrdienst/"+version+" (+"+publicURL+")")}
	var errs []error
	if g.URL != "" {
		if _, err := geocode.New(g.URL, geocode.Options{}); err != nil {
			errs = append(errs, badVar("FAHRDIENST_GEOCODER_URL", g.URL, "want an http or https URL of a Nominatim-compatible server"))
		}
	}
	ms, err := checkInt("FAHRDIENST_GEOCODER_INTERVAL_MS", "1000", 0, 60000)
	errs = append(errs, err)
	g.Interval = time.Duration(ms) * time.Millisecond
	if g.Region.ViewBox != "" {
		box, ok := parseBox(g.Region.ViewBox)
		if !ok {
			errs = append(errs, badVar("FAHRDIENST_GEOCODER_VIEWBOX", g.Region.ViewBox, `want "lon1,lat1,lon2,lat2" like "6.3,50.2,6.8,49.8"`))
		}
		// Only addresses inside the box: the agency drives there.
		g.Region.Bounded = true
		g.Center = [2]float64{(box[1] + box[3]) / 2, (box[0] + box[2]) / 2}
	}
	if g.Region.CountryCodes == "-" {
		g.Region.CountryCodes = "" // any country
	}
	if !strings.Contains(g.Tiles, "{z}") || (!strings.HasPrefix(g.Tiles, "https://") && !strings.HasPrefix(g.Tiles, "http://")) {
		errs = append(errs, badVar("FAHRDIENST_MAP_TILES", g.Tiles, "want a tile URL template like https://tile.openstreetmap.org/{z}/{x}/{y}.png"))
	}
	return g, errs
}

// parseBox reads a view box "lon1,lat1,lon2,lat2".
func parseBox(s string) ([4]float64, bool) {
	var box [4]float64
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return box, false
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		lim := 180.0
		if i%2 == 1 {
			lim = 90
		}
		if err != nil || v < -lim || v > lim {
			return box, false
		}
		box[i] = v
	}
	return box, true
}

// geocoder is the configured address search with its database cache, or
// nil without FAHRDIENST_GEOCODER_URL; live tells whether it may suggest
// as one types.
func (g geoConfig) geocoder(st *store.Store) (dispatch.Geocoder, bool) {
	if g.URL == "" {
		return nil, false
	}
	c, err := geocode.New(g.URL, geocode.Options{UserAgent: g.UserAgent, Interval: g.Interval})
	if err != nil {
		return nil, false // loadGeoConfig has refused it already
	}
	return dispatch.CachedGeocoder{Geocoder: c, Cache: st}, c.Live()
}

// webGeo fills the pages' address search and map settings.
func (g geoConfig) webGeo(d *web.Deps, st *store.Store) {
	d.Geocoder, d.GeoLive = g.geocoder(st)
	d.GeoRegion, d.MapTiles, d.MapAttribution, d.MapCenter = g.Region, g.Tiles, g.Credit, g.Center
}
