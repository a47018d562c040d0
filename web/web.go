// Package web serves Fahrdienst's pages: phone intake, the day board,
// shopping rides, people and messages for coordinators; their seniors' rides
// for relatives; and a page and calendar feed per driver behind a signed
// link. Pages are rendered on the server with html/template and work
// without JavaScript; a little script only saves time (search as you type,
// live updates). All texts live in texts_de.go and texts_en.go.
package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

//go:embed templates/*.html static/*
var files embed.FS

// Deps wire the pages to the rest of the service.
type Deps struct {
	Logger *slog.Logger
	Store  Store
	// Secret signs driver links and form tokens; FAHRDIENST_SECRET.
	Secret []byte
	// BaseURL is the public URL, for the links in calendar feeds.
	BaseURL string
	// Now is the clock; nil is the real one.
	Now      func() time.Time
	Location *time.Location
	// Horizon and MaxRide are the booking rules; zero takes dispatch's
	// defaults.
	Horizon time.Duration
	MaxRide time.Duration
	// SecureCookie marks cookies Secure: set it when the public URL is https.
	SecureCookie bool
	// TrustedProxies are the load balancers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (FAHRDIENST_TRUSTED_PROXIES); the
	// zero value believes no one.
	TrustedProxies auth.TrustedProxies
	// JobsURL is where the job dashboard lives, linked from the messages page.
	JobsURL string
	// Geocoder suggests coordinates for typed addresses
	// (FAHRDIENST_GEOCODER_URL, cached); nil leaves the map click alone.
	Geocoder dispatch.Geocoder
	// GeoRegion limits address searches to the agency's area.
	GeoRegion dispatch.GeoRegion
	// GeoLive allows suggestions as one types; off for the public
	// Nominatim, whose policy forbids it (the form searches on request).
	GeoLive bool
	// MapTiles is the maps' tile URL template (FAHRDIENST_MAP_TILES),
	// empty for OpenStreetMap's; MapAttribution is its credit line.
	MapTiles, MapAttribution string
	// MapCenter is where a map without a point starts (lat, lon): the
	// agency's town; zero shows Germany.
	MapCenter [2]float64
	// OIDC is the county's single sign-on for coordinators; nil offers
	// only local accounts.
	OIDC *auth.OIDC
	// AfterRide makes the pages after the ride (close-out, statements,
	// reports, a senior's past rides); nil answers them with 503.
	AfterRide AfterRide
	// Purposes are the agency's ride purposes; nil is dispatch's defaults.
	Purposes []string
	// Rates price the statements; AgencyName heads them. PlainPDF leaves
	// the PDF uncompressed, for tests that read its text.
	Rates      dispatch.Rates
	AgencyName string
	PlainPDF   bool
	// Retention is how long personal data is kept, for the record of
	// processing; zero is dispatch.DefaultRetention.
	Retention dispatch.RetentionPolicy
	// ServiceHours are when the agency drives; a booking outside asks
	// for confirmation. Zero asks never.
	ServiceHours dispatch.ServiceHours
}

// server holds the dependencies of the handlers.
type server struct {
	Deps
	log       *slog.Logger
	pages     map[string]*pageTemplate
	csrfKey   []byte
	linkKey   []byte
	originCSP *http.CrossOriginProtection
}

// Routes returns the mount function of the web pages, for api.Options.Mount.
// It panics when the templates do not parse, which a test catches first.
func Routes(d Deps) func(chi.Router) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	s := &server{Deps: d, log: d.Logger, csrfKey: derive(d.Secret, "csrf"), linkKey: derive(d.Secret, "driver-link"),
		originCSP: http.NewCrossOriginProtection()}
	var err error
	if s.pages, err = parsePages(); err != nil {
		panic(err)
	}
	return s.mount
}

// derive makes a key for one purpose from the server secret, so that a
// token made for one use is never valid for another.
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// mount lists every page with who may see it. Coordinator pages answer 404
// to relatives, so that typing a URL tells them nothing.
func (s *server) mount(r chi.Router) {
	// The stylesheet and script need no session: looking one up would cost
	// a database query per asset.
	r.With(s.headers).Handle("/static/*", staticHandler())
	r.With(s.headers).Get("/favicon.ico", favicon)
	r.Group(func(r chi.Router) {
		r.Use(s.headers, s.originCSP.Handler, cleanQuery, s.session)
		r.Get("/login", s.handle(s.loginPage))
		r.Post("/login", s.handle(s.login))
		r.Get("/login/oidc", s.handle(s.oidcStart))
		r.Get("/login/oidc/callback", s.handle(s.oidcCallback))
		r.Get("/invite/{token}", s.handle(s.invitePage))
		r.Post("/invite/{token}", s.handle(s.acceptInvite))
		r.Post("/lang", s.handle(s.setLanguage))
		r.Get("/d/{token}", s.handle(s.driverPage))
		r.Get("/d/{token}/rides.ics", s.handle(s.driverCalendar))
		// The driver keeps their own times; the signed link is the key.
		r.Post("/d/{token}/availability", s.handle(s.ownAvailability))
		r.Post("/d/{token}/absences", s.handle(s.ownAbsence))
		s.driverAfterRoutes(r)
		// Offers answered and open rides taken on the page (issue 15).
		r.Post("/d/{token}/offers/{id}/accept", s.handle(s.answerOffer(true)))
		r.Post("/d/{token}/offers/{id}/decline", s.handle(s.answerOffer(false)))
		r.Post("/d/{token}/open/{trip}/take", s.handle(s.takeOpenRide))

		r.Group(func(r chi.Router) {
			r.Use(s.loggedIn, s.checkCSRF)
			r.Get("/", s.handle(s.home))
			r.Post("/logout", s.handle(s.logout))
			r.Post("/logout/everywhere", s.handle(s.logoutEverywhere))
			r.Get("/family", s.handle(s.family))
			r.Get("/book", s.handle(s.bookingPage))
			r.Post("/book", s.handle(s.book))
			// A booking's legs and their state; the script reloads the legs
			// while the planner works.
			r.Get("/trips/{id}", s.handle(page(s, "trip", "", "trip_title", s.loadTrip)))
			r.Get("/trips/{id}/legs", s.handle(page(s, "trip", "legs", "trip_title", s.loadTrip)))
			r.Post("/trips/{id}/cancel", s.handle(s.cancel))
			// A series of rides: relatives see only their seniors' (seriesFor).
			r.Get("/series/{id}", s.handle(s.seriesPage))
			r.Post("/series/{id}/skip", s.handle(s.skipSeries))
			r.Post("/series/{id}/end", s.handle(s.endSeries))
			r.Get("/riders/{id}/history", s.handle(s.riderHistory))

			r.Group(func(r chi.Router) {
				r.Use(s.coordinatorsOnly, s.geocodeForms)
				r.Get("/geocode", s.handle(s.suggest))
				r.Get("/intake", s.handle(s.intake))
				r.Get("/intake/riders", s.handle(page(s, "intake", "results", "intake_title", s.findRiders)))
				r.Post("/riders", s.handle(s.createRider))
				// The day board; the script reloads its body every few seconds
				// so that drivers' answers show without a click.
				r.Get("/board", s.handle(page(s, "board", "", "board_title", s.loadBoard)))
				r.Get("/board/live", s.handle(page(s, "board", "board_body", "board_title", s.loadBoard)))
				r.Post("/board/assign", s.handle(s.assign))
				r.Get("/shuttles", s.handle(s.shuttles))
				r.Get("/shuttles/new", s.handle(s.newShuttlePage))
				r.Post("/shuttles", s.handle(s.createShuttle))
				r.Post("/shuttles/{id}/subscribe", s.handle(s.subscribe))
				r.Post("/shuttles/{id}/unsubscribe", s.handle(s.unsubscribe))
				r.Get("/shuttles/{id}/unsubscribe", s.handle(s.unsubscribePage))
				r.Post("/shuttles/{id}/skip", s.handle(s.skip))
				r.Get("/people", s.handle(page(s, "people", "", "people_title", s.loadPeople)))
				r.Post("/people/relatives", s.handle(s.inviteRelative))
				r.Get("/people/riders/{id}", s.handle(s.riderPage))
				r.Post("/people/riders/{id}", s.handle(editSubmit(s, s.riderEdit(), byPath(s.Store.Rider))))
				r.Post("/people/riders/{id}/deactivate", s.handle(s.deactivate(s.Store.DeactivateRider, "/people#riders")))
				r.Get("/people/drivers/new", s.handle(s.newDriverPage))
				r.Post("/people/drivers", s.handle(s.createDriver))
				r.Get("/people/drivers/{id}", s.handle(s.driverDetail))
				r.Get("/people/drivers/{id}/edit", s.handle(editPage(s, s.driverEdit(), byPath(s.Store.Driver), driverValues)))
				r.Post("/people/drivers/{id}/edit", s.handle(editSubmit(s, s.driverEdit(), byPath(s.Store.Driver))))
				r.Post("/people/drivers/{id}/deactivate", s.handle(s.deactivate(s.Store.DeactivateDriver, "/people#drivers")))
				r.Get("/places", s.handle(s.places))
				r.Get("/places/new", s.handle(s.newPlacePage))
				r.Post("/places", s.handle(s.createPlace))
				r.Get("/places/{id}", s.handle(editPage(s, s.placeEdit(), byPath(s.Store.Place), placeValues)))
				r.Post("/places/{id}", s.handle(editSubmit(s, s.placeEdit(), byPath(s.Store.Place))))
				r.Post("/places/{id}/deactivate", s.handle(s.deactivate(s.Store.DeactivatePlace, "/places")))
				r.Post("/people/drivers/{id}/availability", s.handle(s.setAvailability))
				r.Post("/people/drivers/{id}/absences", s.handle(s.addAbsence))
				// Pairs not to plan together and volunteers' documents (issue 15).
				r.Post("/people/drivers/{id}/incompat", s.handle(s.changeIncompat("drivers", false)))
				r.Post("/people/drivers/{id}/incompat/remove", s.handle(s.changeIncompat("drivers", true)))
				r.Post("/people/riders/{id}/incompat", s.handle(s.changeIncompat("riders", false)))
				r.Post("/people/riders/{id}/incompat/remove", s.handle(s.changeIncompat("riders", true)))
				r.Post("/people/drivers/{id}/documents", s.handle(s.setDocument))
				r.Get("/messages", s.handle(s.messages))
				s.afterRideRoutes(r)
				s.mountPrivacy(r)
			})
		})
	})
}

// rules are the booking rules at this moment.
func (s *server) rules() dispatch.BookingRules {
	r := dispatch.AgencyBookingRules(s.Now(), s.Location, s.Horizon, s.MaxRide)
	r.Purposes = s.purposes()
	return r
}

// purposes are the agency's ride purposes, the defaults when none are set.
func (s *server) purposes() []string {
	if len(s.Purposes) == 0 {
		return dispatch.DefaultPurposes
	}
	return s.Purposes
}
