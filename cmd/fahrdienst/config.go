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
	// SecretValue is FAHRDIENST_SECRET; webSecret falls back to a generated
	// one kept in DataDir.
	SecretValue string
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
	}
	var errs []error
	if c.DatabaseURL != "" {
		if _, err := pgxpool.ParseConfig(c.DatabaseURL); err != nil {
			errs = append(errs, badVar("DATABASE_URL", "…", "not a PostgreSQL connection string"))
		}
	}
	if err := checkAddr(c.Addr); err != nil {
		errs = append(errs, err)
	}
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
	if c.PublicURL, err = checkURL("FAHRDIENST_PUBLIC_URL", env("FAHRDIENST_PUBLIC_URL", "http://localhost:8080")); err != nil {
		errs = append(errs, err)
	}
	if c.OSRMURL != "" {
		if _, err := checkURL("FAHRDIENST_OSRM_URL", c.OSRMURL); err != nil {
			errs = append(errs, err)
		}
	}
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
	days, err := checkInt("FAHRDIENST_BOOKING_HORIZON_DAYS", "90", 1, 730)
	errs = append(errs, err)
	c.BookingHorizon = time.Duration(days) * 24 * time.Hour
	mins, err := checkInt("FAHRDIENST_MAX_RIDE_MINUTES", "45", 5, 240)
	errs = append(errs, err)
	c.MaxRide = time.Duration(mins) * time.Minute
	c.PlannerWorkers, err = checkInt("FAHRDIENST_PLANNER_WORKERS", "0", 0, 256)
	errs = append(errs, err)
	return c, errors.Join(errs...)
}

func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return badVar("FAHRDIENST_ADDR", addr, "want host:port or :port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return badVar("FAHRDIENST_ADDR", addr, "the port must be a number from 0 to 65535")
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
		return badVar("FAHRDIENST_ADDR", addr, "not a host name or IP address")
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
