package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Addresses are typed, never looked up elsewhere: the coordinator types
// street, house number and town, the geocoder suggests candidates, and
// choosing one fills the coordinates; where it finds nothing, is down, or
// none is configured, a click on the map does. An address is kept as
// typed and never guessed: without a choice or a click the form asks for
// one. Every form with a "coords" field (riders, places, drivers) gets
// this from one middleware, geocodeForms, so the form handlers stay as
// they are.

// geoState is what the address search found for a form: the candidates to
// choose from, or why there are none. It travels from geocodeForms to the
// page in the request's context.
type geoState struct {
	Candidates []dispatch.GeoCandidate
	// Message is the text key of what happened: geo_choose, geo_none,
	// geo_down or geo_map (no geocoder configured).
	Message string
}

type geoKey struct{}

// geoView is what the address block and the maps of a page need: whether
// to offer the search, the map's tiles, and the search's result.
type geoView struct {
	geoState
	Enabled bool // a geocoder is configured
	Live    bool // suggestions as one types are allowed (see geocode.Client.Live)
	Map     mapConfig
}

// geoView is the view's address search and map settings for r.
func (s *server) geoView(r *http.Request) geoView {
	g := geoView{Enabled: s.Geocoder != nil, Live: s.Geocoder != nil && s.GeoLive, Map: s.mapConfig()}
	if st, ok := r.Context().Value(geoKey{}).(geoState); ok {
		g.geoState = st
	}
	return g
}

// geocodeForms runs the address search for a form post that has a coords
// field: a chosen candidate becomes the coordinates; without coordinates
// (or with the "find address" button) the typed address is searched and
// the candidates, or the reason there are none, go to the page that the
// form handler shows again, since coordinates are still missing.
func (s *server) geocodeForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.ParseForm() == nil && r.PostForm.Has("coords") {
			r = s.geocodeForm(r)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *server) geocodeForm(r *http.Request) *http.Request {
	f := r.PostForm
	search := f.Get("geo_search") != ""
	if pick := f.Get("geo_pick"); pick != "" && !search {
		if _, _, ok := parseCoordinates(pick); ok {
			f.Set("coords", pick)
		}
	}
	if search {
		f.Set("coords", "") // a search is not a save: the form comes back with the candidates
	}
	if strings.TrimSpace(f.Get("coords")) != "" {
		return r
	}
	st, ok := s.searchAddress(r.Context(), text(f, "street"), text(f, "postal_code"), text(f, "city"))
	if !ok {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), geoKey{}, st))
}

// searchAddress asks the geocoder for an address; ok is false when too
// little was typed to search. A geocoder that fails is logged without the
// address (personal data) and turns into the map.
func (s *server) searchAddress(ctx context.Context, street, postal, city string) (geoState, bool) {
	if street == "" || city == "" {
		return geoState{}, false
	}
	if s.Geocoder == nil {
		return geoState{Message: "geo_map"}, true
	}
	got, err := s.Geocoder.Search(ctx, dispatch.AddressQuery(street, postal, city), s.GeoRegion)
	switch {
	case err != nil:
		s.log.WarnContext(ctx, "address search failed; the form offers the map", "code", dispatch.ErrorCode(err), "err", err)
		return geoState{Message: "geo_down"}, true
	case len(got) == 0:
		return geoState{Message: "geo_none"}, true
	}
	return geoState{Candidates: got, Message: "geo_choose"}, true
}

// suggest answers the address block's script with the candidates for what
// is typed so far, as the fragment the form shows without a script too.
func (s *server) suggest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	clip := func(name string) string {
		v := strings.TrimSpace(q.Get(name))
		if len(v) > 200 {
			v = strings.ToValidUTF8(v[:200], "")
		}
		return v
	}
	v := s.newView(r, "intake_title", nil)
	if st, ok := s.searchAddress(r.Context(), clip("street"), clip("postal_code"), clip("city")); ok {
		v.Geo.geoState = st
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "place", "geo_results", v)
}

// coordsOf is a candidate's coordinates as the coords field takes them.
func coordsOf(c dispatch.GeoCandidate) string {
	return strconv.FormatFloat(c.Lat, 'f', 6, 64) + ", " + strconv.FormatFloat(c.Lon, 'f', 6, 64)
}

func init() {
	funcs["coordsOf"] = coordsOf
}
