package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Deps wire the booking API. Shuttles, Plans and Planner may be nil while
// those parts are not built; their routes then answer 503.
type Deps struct {
	Logger   *slog.Logger
	Store    Store
	Shuttles dispatch.ShuttleStore
	Plans    dispatch.BoardReader
	Planner  DayPlanner
	// Series keeps standing bookings; nil answers 503.
	Series SeriesStore
	// Now is the clock; nil is the real one.
	Now      func() time.Time
	Location *time.Location
	// Horizon is how far ahead bookings are taken, MaxRide the longest a
	// senior sits in the car; zero values take dispatch's defaults.
	Horizon time.Duration
	MaxRide time.Duration
	// SecureCookie marks the session cookie Secure: set it when the public
	// URL is https.
	SecureCookie bool
	// TrustedProxies are the load balancers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (FAHRDIENST_TRUSTED_PROXIES); the
	// zero value believes no one.
	TrustedProxies auth.TrustedProxies
	// MaxBody is the largest request body accepted; zero is 64 KiB.
	MaxBody int64
	// AfterRide records outcomes and makes statements and reports; nil
	// answers 503 on those routes. Purposes are the agency's ride
	// purposes (FAHRDIENST_TRIP_PURPOSES); nil is dispatch's defaults.
	AfterRide AfterRide
	Purposes  []string
	// Privacy is subject access and erasure (api/privacy.go); nil
	// answers 503.
	Privacy dispatch.PrivacyStore
}

// server holds the dependencies of the handlers.
type server struct {
	Deps
	log *slog.Logger
	// cop refuses requests from other sites' pages: the session cookie
	// would let them post in the user's name.
	cop *http.CrossOriginProtection
}

// newServer fills in the defaults of d and makes the server of the
// handlers. Routes and CoordinatorOnly both start here, so that a page
// guarded outside /api/v1 gets the same defaults and cross-site protection
// as the API.
func newServer(d Deps) *server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.MaxBody <= 0 {
		d.MaxBody = 64 << 10
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if ss, ok := d.Store.(SeriesStore); ok && d.Series == nil {
		d.Series = ss // the PostgreSQL store keeps series too
	}
	s := &server{Deps: d, log: d.Logger}
	// Browsers say where a request comes from, and requests from other
	// origins are refused. Other programs send no such headers.
	s.cop = http.NewCrossOriginProtection()
	s.cop.SetDenyHandler(s.handle(func(http.ResponseWriter, *http.Request) error {
		return dispatch.Errorf(dispatch.CodeForbidden, "requests from other sites are refused")
	}))
	return s
}

// Routes returns the mount function of the JSON API under /api/v1, for
// Options.Mount. Every route but login needs a session or bearer token.
func Routes(d Deps) func(chi.Router) {
	s := newServer(d)
	return func(r chi.Router) {
		r.Route("/api/v1", func(r chi.Router) {
			r.Use(s.cop.Handler)
			r.Post("/auth/login", s.handle(s.login))
			r.Group(func(r chi.Router) {
				r.Use(s.authenticate)
				s.routes(r)
			})
		})
	}
}

// routes lists every authenticated route, with who may use it: all logged-in
// accounts, or coordinators only. Relatives are limited to their riders in
// the handlers.
func (s *server) routes(r chi.Router) {
	r.Post("/auth/logout", s.handle(s.logout))

	r.Get("/riders", s.handle(s.listRiders))
	r.Get("/riders/{id}", s.handle(s.getRider))
	r.Get("/places", s.handle(s.listPlaces))
	r.Get("/places/{id}", s.handle(s.getPlace))
	r.Post("/trips", s.handle(s.idempotent(s.bookTrip)))
	r.Get("/trips", s.handle(s.listTrips))
	r.Get("/trips/{id}", s.handle(s.getTrip))
	r.Post("/trips/{id}/cancel", s.handle(s.cancelTrip))
	r.Post("/trips/{id}/time", s.handle(s.setTripTime))
	r.Get("/shuttles", s.handle(s.listShuttles))
	r.Get("/shuttles/{id}", s.handle(s.getShuttle))
	r.Post("/shuttles/{id}/subscriptions", s.handle(s.subscribe))
	r.Delete("/shuttles/{id}/subscriptions/{rider_id}", s.handle(s.unsubscribe))
	r.Post("/shuttles/{id}/skips", s.handle(s.skip))
	// Series: relatives reach only their seniors' (seriesFor).
	r.Post("/series", s.handle(s.createSeries))
	r.Get("/series/{id}", s.handle(s.getSeries))
	r.Patch("/series/{id}", s.handle(s.changeSeries))
	r.Post("/series/{id}/skips", s.handle(s.skipSeriesDate))
	r.Post("/series/{id}/end", s.handle(s.endSeries))

	r.Group(func(r chi.Router) {
		r.Use(s.coordinatorsOnly)
		r.Post("/riders", s.handle(s.idempotent(s.createRider)))
		r.Patch("/riders/{id}", s.handle(s.updateRider))
		r.Delete("/riders/{id}", s.handle(s.deactivateRider))
		r.Post("/drivers", s.handle(s.createDriver))
		r.Get("/drivers", s.handle(s.listDrivers))
		r.Get("/drivers/{id}", s.handle(s.getDriver))
		r.Patch("/drivers/{id}", s.handle(s.updateDriver))
		r.Delete("/drivers/{id}", s.handle(s.deactivateDriver))
		r.Put("/drivers/{id}/availability", s.handle(s.setAvailability))
		r.Post("/drivers/{id}/absences", s.handle(s.addAbsence))
		r.Post("/places", s.handle(s.createPlace))
		r.Patch("/places/{id}", s.handle(s.updatePlace))
		r.Delete("/places/{id}", s.handle(s.deactivatePlace))
		r.Post("/shuttles", s.handle(s.createShuttle))
		r.Put("/trips/{id}/assignment", s.handle(s.assignTrip))
		r.Delete("/trips/{id}/assignment", s.handle(s.unassignTrip))
		r.Get("/plan", s.handle(s.dayPlan))
		r.Post("/dispatch", s.handle(s.dispatchDay))
		r.Get("/audit", s.handle(s.audit))
		r.Get("/messages", s.handle(s.messages))
		s.afterRideRoutes(r)
		s.mountPrivacy(r)
	})
}

// afterRideRoutes are the coordinators' routes after the ride: outcomes,
// corrected kilometres, statements and the funder's report.
func (s *server) afterRideRoutes(r chi.Router) {
	r.Post("/trips/{id}/outcome", s.handle(s.recordOutcome))
	r.Get("/trips/{id}/outcome", s.handle(s.getOutcome))
	r.Put("/tours/{id}/km", s.handle(s.correctTourKm))
	r.Get("/statements", s.handle(s.statements))
	r.Get("/reports/summary", s.handle(s.reportSummary))
}

func (s *server) handle(h handlerFunc) http.HandlerFunc { return Handle(s.log, h) }

// rules are the booking rules at this moment.
func (s *server) rules() dispatch.BookingRules {
	r := dispatch.AgencyBookingRules(s.Now(), s.Location, s.Horizon, s.MaxRide)
	r.Purposes = s.Purposes
	return r
}
