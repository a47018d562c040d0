package web

import (
	"encoding/json"
	"html/template"
	"strings"
)

// The maps (picking a house, the day's routes) use Leaflet, served from
// web/static/leaflet by this binary, and tiles from one configurable
// server. They only help: every page works without them.

// DefaultMapTiles is OpenStreetMap's standard tile server; its usage
// policy asks for the attribution below and modest use, which a handful of
// coordinators are.
const DefaultMapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

const osmAttribution = `© OpenStreetMap contributors`

// mapConfig is what a map on a page needs: the tile URL template, its
// attribution, and where an empty map starts.
type mapConfig struct {
	Tiles, Attribution string
	Lat, Lon           float64
	Zoom               int
}

// mapConfig is the server's map settings with their defaults: Germany as
// a whole when no centre is configured.
func (s *server) mapConfig() mapConfig {
	m := mapConfig{Tiles: s.MapTiles, Attribution: s.MapAttribution, Lat: s.MapCenter[0], Lon: s.MapCenter[1], Zoom: 13}
	if m.Tiles == "" {
		m.Tiles = DefaultMapTiles
	}
	if m.Attribution == "" && m.Tiles == DefaultMapTiles {
		m.Attribution = osmAttribution
	}
	if m.Lat == 0 && m.Lon == 0 {
		m.Lat, m.Lon, m.Zoom = 51.16, 10.45, 6
	}
	return m
}

// tileOrigin is the origin the map's images come from, for the content
// security policy; a template with "{s}" (subdomains) allows them all.
func tileOrigin(tiles string) string {
	scheme, rest, ok := strings.Cut(tiles, "://")
	if !ok || (scheme != "https" && scheme != "http") {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host = strings.ReplaceAll(host, "{s}", "*")
	if host == "" || strings.ContainsAny(host, "{}; '\"") {
		return ""
	}
	return scheme + "://" + host
}

// contentPolicy is the pages' Content-Security-Policy: scripts and styles
// from this server only; images also from the map's tile server.
func (s *server) contentPolicy() string {
	img := "'self' data:"
	if o := tileOrigin(s.mapConfig().Tiles); o != "" {
		img += " " + o
	}
	return "default-src 'self'; img-src " + img + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}

// routeColors tell drivers apart on the map and the timeline; they keep
// a contrast of at least 3:1 against the light map.
var routeColors = []string{"#1f5fa8", "#b3261e", "#2e7d32", "#6a1b9a", "#a15c00", "#00695c", "#ad1457", "#37474f"}

// mapStop and mapRoute are the day's routes as the board's map script
// reads them from the page.
type mapStop struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Label string  `json:"label"`
}

type mapRoute struct {
	Name  string    `json:"name"`
	Color string    `json:"color"`
	Stops []mapStop `json:"stops"`
}

// boardMap is the board's map of every driver's route: a Leaflet map
// that the script draws from the routes in a data attribute. Without a
// script the element says that the list above has everything.
func boardMap(v view) template.HTML {
	d, ok := v.Data.(boardData)
	if !ok || len(d.Routes) == 0 {
		return ""
	}
	routes := make([]mapRoute, 0, len(d.Routes))
	for i, r := range d.Routes {
		mr := mapRoute{Name: r.FirstName + " " + r.LastName, Color: routeColors[i%len(routeColors)]}
		for _, st := range r.Stops {
			if st.Address.Lat == 0 && st.Address.Lon == 0 {
				continue
			}
			mr.Stops = append(mr.Stops, mapStop{Lat: st.Address.Lat, Lon: st.Address.Lon,
				Label: st.Clock + " " + v.T[st.Kind] + ": " + st.RiderName + ", " + st.Address.Street})
		}
		routes = append(routes, mr)
	}
	raw, err := json.Marshal(routes)
	if err != nil {
		return ""
	}
	var b strings.Builder
	err = mapTemplate.Execute(&b, map[string]any{"V": v, "Routes": string(raw), "Map": v.Geo.Map})
	if err != nil {
		return ""
	}
	return template.HTML(b.String()) // rendered by html/template, escaped there
}

// mapTemplate is the route map; the map itself is the one region named
// for it (a section labelled by the heading too made two landmarks of one
// name, which axe-core reports).
var mapTemplate = template.Must(template.New("map").Parse(`<div class="board-map">
<h2 id="h-map">{{.V.T.map_routes}}</h2>
<div class="map map-routes" data-map="routes" data-routes="{{.Routes}}" data-tiles="{{.Map.Tiles}}" data-attribution="{{.Map.Attribution}}" data-center="{{.Map.Lat}},{{.Map.Lon}}" data-zoom="{{.Map.Zoom}}" role="region" aria-label="{{.V.T.map_routes}}"><p class="hint">{{.V.T.map_needs_js}}</p></div>
</div>`))

func init() {
	funcs["boardMap"] = boardMap
}
