package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// TestMain lets a test run the real main in a child process, to see its exit
// status and output as an operator would.
func TestMain(m *testing.M) {
	if os.Getenv("FAHRDIENST_RUN_MAIN") == "1" {
		os.Args = append([]string{"fahrdienst"}, strings.Fields(os.Getenv("FAHRDIENST_ARGS"))...)
		main()
		os.Exit(0)
	}
	storetest.Main(m)
}

func TestBadConfigurationStopsWithOneLineAndStatus2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, env, want string
	}{
		{"malformed database url", "DATABASE_URL=postgres://a b:5432/x:y?sslmode=bogus", "DATABASE_URL"},
		{"address without port", "FAHRDIENST_ADDR=notaport", "FAHRDIENST_ADDR"},
		{"port out of range", "FAHRDIENST_ADDR=:99999", "FAHRDIENST_ADDR"},
		{"unknown time zone", "FAHRDIENST_TIMEZONE=Mars/Olympus", "FAHRDIENST_TIMEZONE"},
		{"public url not absolute", "FAHRDIENST_PUBLIC_URL=localhost", "FAHRDIENST_PUBLIC_URL"},
		{"horizon not a number", "FAHRDIENST_BOOKING_HORIZON_DAYS=many", "FAHRDIENST_BOOKING_HORIZON_DAYS"},
		{"quiet hours unreadable", "FAHRDIENST_QUIET_HOURS=evenings", "FAHRDIENST_QUIET_HOURS"},
		{"half a Twilio setup", "TWILIO_ACCOUNT_SID=AC123", "TWILIO_AUTH_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), "FAHRDIENST_RUN_MAIN=1", "FAHRDIENST_ARGS=serve", tt.env)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Fatalf("exit = %v, want status 2; stderr: %s", err, stderr.String())
			}
			out := strings.TrimSpace(stderr.String())
			if strings.Count(out, "\n") != 0 || !strings.Contains(out, tt.want) || strings.Contains(out, "goroutine") {
				t.Fatalf("want one line naming %s, got:\n%s", tt.want, out)
			}
		})
	}
}

func TestDefaultConfigIsValid(t *testing.T) {
	for _, v := range []string{"DATABASE_URL", "FAHRDIENST_ADDR", "FAHRDIENST_TIMEZONE", "FAHRDIENST_PUBLIC_URL",
		"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "FAHRDIENST_BOOKING_HORIZON_DAYS"} {
		t.Setenv(v, "")
	}
	c, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.Location.String() != "Europe/Berlin" || c.BookingHorizon.Hours() != 90*24 {
		t.Fatalf("defaults: %+v", c)
	}
}
