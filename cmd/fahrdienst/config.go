package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/internal/obs"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/twilio"
)

// webSecret is the key that signs driver links and form tokens:
// FAHRDIENST_SECRET, else a random one made once and kept in the data
// directory, so that links in SMS already sent survive a restart. Without
// a data directory to write to, it warns and returns a secret for this
// call only: newService calls it once and hands the result to everything
// that signs or checks (web pages, SMS texts), so that they agree.
func (c config) webSecret(log *slog.Logger) []byte {
	if c.SecretValue != "" {
		return []byte(c.SecretValue)
	}
	path := filepath.Join(c.DataDir, "secret")
	if b, err := os.ReadFile(path); err == nil && len(b) >= 32 {
		return b
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	secret := []byte(hex.EncodeToString(raw))
	// Only an existing data directory (the embedded database's) keeps
	// it; a server on DATABASE_URL should set FAHRDIENST_SECRET.
	_, err := os.Stat(c.DataDir)
	if err == nil {
		var f *os.File
		if f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
			_, err = f.Write(secret)
			err = errors.Join(err, f.Close())
		} else if b, rerr := os.ReadFile(path); rerr == nil && len(b) >= 32 {
			secret, err = b, nil // another instance made it first
		}
	}
	if err != nil {
		log.Warn("cannot keep the generated secret; driver links stop working at restart (set FAHRDIENST_SECRET)", "err", err)
	}
	return secret
}

// config is the service's configuration, read from the environment.
type config struct {
	DatabaseURL    string
	Addr           string
	DataDir        string
	Location       *time.Location
	PublicURL      *url.URL
	TwilioSID      string
	TwilioToken    string
	TwilioFrom     string
	TwilioService  string
	TwilioAPIURL   string
	BookingHorizon time.Duration
	MaxRide        time.Duration
	// PlannerWorkers is how many searches plan a day at once
	// (FAHRDIENST_PLANNER_WORKERS); 0, the default, means one per core.
	PlannerWorkers int
	OSRMURL        string
	// AgencyName and AgencyPhone sign every SMS, so that a senior knows who
	// writes and whom to call.
	AgencyName  string
	AgencyPhone string
	// QuietHours is when no SMS goes to seniors and relatives.
	QuietHours notify.QuietHours
	// Calls configure reminder calls (call.go).
	Calls callConfig
	// SecretValue is FAHRDIENST_SECRET; webSecret falls back to a generated
	// one kept in DataDir.
	SecretValue string
	// TrustedProxies are the load balancers whose forwarding headers are
	// believed: FAHRDIENST_TRUSTED_PROXIES, empty for none.
	TrustedProxies auth.TrustedProxies
	// privacyConfig: retention periods and service hours (config_privacy.go).
	privacyConfig
	// Jobs are River's rescue of stuck jobs and the timeouts below it;
	// not configurable from the environment, only by tests of a crash.
	Jobs jobTimings
	// SeriesWeeksAhead is how many weeks ahead a series' dates become
	// trips: FAHRDIENST_SERIES_WEEKS_AHEAD.
	SeriesWeeksAhead int
	// OpenRideKm is how far from their home drivers see open rides:
	// FAHRDIENST_OPEN_RIDE_KM.
	OpenRideKm int
	// Geo is the address search and the maps (geocode.go).
	Geo geoConfig
	// MetricsAddr (FAHRDIENST_METRICS_ADDR) serves /metrics on a listener
	// of its own; MetricsToken (FAHRDIENST_METRICS_TOKEN) requires it as a
	// bearer token. With neither, /metrics is not served.
	MetricsAddr  string
	MetricsToken string
	// LogFormat is FAHRDIENST_LOG_FORMAT: json, text, or empty for text on
	// a terminal and JSON otherwise.
	LogFormat string

	// OIDC is the coordinators' single sign-on (FAHRDIENST_OIDC_*); nil
	// when FAHRDIENST_OIDC_ISSUER is unset.
	OIDC *auth.OIDCConfig

	// Tracer makes the spans of HTTP requests, queries and jobs; nil
	// (tracing off) unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
	Tracer trace.TracerProvider

	// After the ride: the purposes a booking may name and the
	// reimbursement of volunteers (see afterride.go).
	Purposes []string
	Rates    dispatch.Rates

	// bound holds the listeners once bind has opened them.
	bound *listeners
}

// bind opens the listeners once, so that serve can stop on an address
// that cannot be bound before it opens the database.
func (c *config) bind() error {
	if c.bound != nil {
		return nil
	}
	ls, err := listen(*c)
	c.bound = ls
	return err
}

// metricsMode says in the start-up line where /metrics is.
func (c config) metricsMode() string {
	switch {
	case c.MetricsAddr != "":
		return "own listener"
	case c.MetricsToken != "":
		return "bearer token"
	}
	return "off (set FAHRDIENST_METRICS_ADDR or FAHRDIENST_METRICS_TOKEN)"
}

// configError is a bad configuration value: main prints it as one line and
// exits with status 2.
type configError struct{ msg string }

func (e configError) Error() string { return e.msg }

func badVar(name, value, why string) error {
	return configError{fmt.Sprintf("invalid %s=%q: %s", name, value, why)}
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// loadConfig reads and checks every variable, so that a typo stops the
// program at once with the name of the variable instead of failing later.
func loadConfig() (config, error) {
	c := config{
		DatabaseURL:   env("DATABASE_URL", ""),
		Addr:          env("FAHRDIENST_ADDR", ":8080"),
		DataDir:       env("FAHRDIENST_DATA_DIR", "./.fahrdienst"),
		TwilioSID:     env("TWILIO_ACCOUNT_SID", ""),
		TwilioToken:   env("TWILIO_AUTH_TOKEN", ""),
		TwilioFrom:    env("TWILIO_FROM", ""),
		TwilioService: env("TWILIO_MESSAGING_SERVICE_SID", ""),
		TwilioAPIURL:  env("TWILIO_API_URL", twilio.DefaultAPIURL),
		OSRMURL:       env("FAHRDIENST_OSRM_URL", ""),
		AgencyName:    env("FAHRDIENST_AGENCY_NAME", "Fahrdienst"),
		AgencyPhone:   env("FAHRDIENST_AGENCY_PHONE", ""),
		SecretValue:   env("FAHRDIENST_SECRET", ""),
		Jobs:          defaultJobTimings(),
		MetricsAddr:   env("FAHRDIENST_METRICS_ADDR", ""),
		MetricsToken:  env("FAHRDIENST_METRICS_TOKEN", ""),
		LogFormat:     env("FAHRDIENST_LOG_FORMAT", ""),
	}
	errs := c.checkOps()
	errs = append(errs, c.loadZone()...)
	errs = append(errs, c.loadEndpoints()...)
	errs = append(errs, c.loadLimits()...)
	return c, errors.Join(errs...)
}

// loadEndpoints reads and checks what the service connects to or is
// reached at: the database, its public URL and sign-in, the routing
// server, the geocoder and map tiles, the secret and Twilio.
func (c *config) loadEndpoints() []error {
	var errs []error
	if c.DatabaseURL != "" {
		if _, err := pgxpool.ParseConfig(c.DatabaseURL); err != nil {
			errs = append(errs, badVar("DATABASE_URL", "…", "not a PostgreSQL connection string"))
		}
	}
	var err error
	publicURL := env("FAHRDIENST_PUBLIC_URL", "http://localhost:8080")
	if c.PublicURL, err = checkURL("FAHRDIENST_PUBLIC_URL", publicURL); err != nil {
		errs = append(errs, err)
	}
	if c.OIDC, err = oidcConfig(c.PublicURL); err != nil {
		errs = append(errs, err)
	}
	if c.OSRMURL != "" {
		if _, err := checkURL("FAHRDIENST_OSRM_URL", c.OSRMURL); err != nil {
			errs = append(errs, err)
		}
	}
	// the geocoder's user agent names the public URL as given, valid or not
	var geoErrs []error
	c.Geo, geoErrs = loadGeoConfig(publicURL)
	errs = append(errs, geoErrs...)
	if c.SecretValue != "" && len(c.SecretValue) < 32 {
		errs = append(errs, badVar("FAHRDIENST_SECRET", "…", "want at least 32 characters"))
	}
	// The sender's own check, so that a Twilio setup it would refuse stops
	// the service here, with the variables named; without credentials the
	// console sender is used and the Twilio variables are not read.
	if tw := c.twilioConfig(); tw.Configured() {
		if err := tw.Validate(); err != nil {
			errs = append(errs, configError{err.Error()})
		}
	}
	return errs
}

// loadLimits reads the agency's rules and the features' settings: the
// booking horizon, ride and series limits, proxies, calls, the work after
// the ride, retention and the planner's cores. It needs the
// time zone (loadZone) first.
func (c *config) loadLimits() []error {
	var errs []error
	days, err := checkInt("FAHRDIENST_BOOKING_HORIZON_DAYS", "90", 1, 730)
	errs = append(errs, err)
	c.BookingHorizon = time.Duration(days) * 24 * time.Hour
	mins, err := checkInt("FAHRDIENST_MAX_RIDE_MINUTES", "45", 5, 240)
	errs = append(errs, err)
	c.MaxRide = time.Duration(mins) * time.Minute
	c.TrustedProxies, err = checkProxies()
	errs = append(errs, err)
	c.SeriesWeeksAhead, err = checkInt("FAHRDIENST_SERIES_WEEKS_AHEAD", "8", 1, 52)
	errs = append(errs, err)
	c.OpenRideKm, err = checkInt("FAHRDIENST_OPEN_RIDE_KM", "25", 1, 500)
	errs = append(errs, err)
	c.Calls, err = loadCallConfig(c.Location)
	errs = append(errs, err)
	errs = append(errs, c.loadAfterRide())
	c.privacyConfig, err = loadPrivacy()
	errs = append(errs, err)
	c.PlannerWorkers, err = checkInt("FAHRDIENST_PLANNER_WORKERS", "0", 0, 256)
	return append(errs, err)
}

// checkOps checks the operations settings: listen addresses, tracing, the
// log format and the metrics token.
func (c *config) checkOps() []error {
	errs := []error{checkAddr("FAHRDIENST_ADDR", c.Addr)}
	if c.MetricsAddr != "" {
		errs = append(errs, checkAddr("FAHRDIENST_METRICS_ADDR", c.MetricsAddr))
	}
	if name, why := obs.CheckTracingEnv(); name != "" {
		errs = append(errs, badVar(name, os.Getenv(name), why))
	}
	if c.LogFormat != "" && c.LogFormat != obs.FormatJSON && c.LogFormat != obs.FormatText {
		errs = append(errs, badVar("FAHRDIENST_LOG_FORMAT", c.LogFormat, "want json or text"))
	}
	if c.MetricsToken != "" && (len(c.MetricsToken) < minMetricsToken || strings.ContainsAny(c.MetricsToken, " \t\r\n")) {
		errs = append(errs, badVar("FAHRDIENST_METRICS_TOKEN", "…", fmt.Sprintf("want at least %d characters without spaces", minMetricsToken)))
	}
	return errs
}

// loadZone reads the service's time zone and, in it, the quiet hours; a
// bad zone leaves c.Location nil, and the quiet hours are then not read.
func (c *config) loadZone() []error {
	var errs []error
	tz := env("FAHRDIENST_TIMEZONE", "Europe/Berlin")
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		errs = append(errs, badVar("FAHRDIENST_TIMEZONE", tz, "unknown time zone (use an IANA name like Europe/Berlin)"))
	}
	c.Location = loc
	quiet := env("FAHRDIENST_QUIET_HOURS", "20:00-08:00")
	if loc != nil {
		if c.QuietHours, err = notify.ParseQuietHours(quiet, loc); err != nil {
			errs = append(errs, badVar("FAHRDIENST_QUIET_HOURS", quiet, `want "HH:MM-HH:MM" or "off"`))
		}
	}
	return errs
}

// checkProxies reads FAHRDIENST_TRUSTED_PROXIES; one bad entry stops the
// program, since a list read in part would trust or distrust the wrong
// hosts without a word.
func checkProxies() (auth.TrustedProxies, error) {
	v := env("FAHRDIENST_TRUSTED_PROXIES", "")
	t, err := auth.ParseTrustedProxies(v)
	if err != nil {
		return t, badVar("FAHRDIENST_TRUSTED_PROXIES", v, err.Error()+" (want comma-separated IPs or CIDRs)")
	}
	return t, nil
}

func checkAddr(name, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return badVar(name, addr, "want host:port or :port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return badVar(name, addr, "the port must be a number from 0 to 65535")
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
		return badVar(name, addr, "not a host name or IP address")
	}
	return nil
}

func checkURL(name, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, badVar(name, raw, "want an absolute http(s) URL")
	}
	return u, nil
}

func checkInt(name, def string, min, max int) (int, error) {
	v := env(name, def)
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, badVar(name, v, fmt.Sprintf("want a whole number from %d to %d", min, max))
	}
	return n, nil
}

// oidcConfig reads the single sign-on variables: none set is no single
// sign-on; an issuer needs a client id, and each value is checked here so
// that a typo stops the start, not the first coordinator's sign-in.
func oidcConfig(public *url.URL) (*auth.OIDCConfig, error) {
	c := auth.OIDCConfig{Issuer: env("FAHRDIENST_OIDC_ISSUER", ""), ClientID: env("FAHRDIENST_OIDC_CLIENT_ID", ""),
		ClientSecret: env("FAHRDIENST_OIDC_CLIENT_SECRET", ""),
		RoleClaim:    env("FAHRDIENST_OIDC_ROLE_CLAIM", "groups"),
		RoleValue:    env("FAHRDIENST_OIDC_COORDINATOR_VALUE", "fahrdienst-coordinators")}
	if c.Issuer == "" {
		if c.ClientID != "" || c.ClientSecret != "" {
			return nil, badVar("FAHRDIENST_OIDC_ISSUER", "", "set it too, or unset FAHRDIENST_OIDC_CLIENT_ID and _SECRET")
		}
		return nil, nil
	}
	u, err := url.Parse(c.Issuer)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return nil, badVar("FAHRDIENST_OIDC_ISSUER", c.Issuer, "want the https URL of an OpenID provider (http only on localhost)")
	}
	if c.ClientID == "" {
		return nil, badVar("FAHRDIENST_OIDC_CLIENT_ID", "", "required with FAHRDIENST_OIDC_ISSUER")
	}
	if public != nil {
		c.RedirectURL = strings.TrimSuffix(public.String(), "/") + "/login/oidc/callback"
	}
	return &c, nil
}

// isLoopback allows plain http for a provider on this machine (tests, a
// local Keycloak), never across a network.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
