package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

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
	OSRMURL        string
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
		TwilioAPIURL:  env("TWILIO_API_URL", "https://api.twilio.com"),
		OSRMURL:       env("FAHRDIENST_OSRM_URL", ""),
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
	if c.PublicURL, err = checkURL("FAHRDIENST_PUBLIC_URL", env("FAHRDIENST_PUBLIC_URL", "http://localhost:8080")); err != nil {
		errs = append(errs, err)
	}
	if _, err := checkURL("TWILIO_API_URL", c.TwilioAPIURL); err != nil {
		errs = append(errs, err)
	}
	if c.OSRMURL != "" {
		if _, err := checkURL("FAHRDIENST_OSRM_URL", c.OSRMURL); err != nil {
			errs = append(errs, err)
		}
	}
	if (c.TwilioSID == "") != (c.TwilioToken == "") {
		errs = append(errs, configError{"TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together"})
	}
	if c.TwilioSID != "" && c.TwilioToken != "" && c.TwilioFrom == "" && c.TwilioService == "" {
		errs = append(errs, configError{"TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is needed with Twilio credentials"})
	}
	days, err := checkInt("FAHRDIENST_BOOKING_HORIZON_DAYS", "90", 1, 730)
	errs = append(errs, err)
	c.BookingHorizon = time.Duration(days) * 24 * time.Hour
	mins, err := checkInt("FAHRDIENST_MAX_RIDE_MINUTES", "45", 5, 240)
	errs = append(errs, err)
	c.MaxRide = time.Duration(mins) * time.Minute
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
