package main

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http/httptest"
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
	if os.Getenv(rescueChildEnv) == "1" {
		os.Exit(runRescueChild())
	}
	storetest.Main(m)
}

// twilioCreds are well-formed Twilio credentials, for settings that are
// wrong only in their other variables; a test's env has one variable a line.
const twilioCreds = "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef\nTWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef"

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
		{"Twilio without a sender", twilioCreds, "TWILIO_FROM"},
		{"Twilio API url not http", twilioCreds + "\nTWILIO_FROM=+15005550006\nTWILIO_API_URL=ftp://x", "TWILIO_API_URL"},
		{"malformed messaging service", twilioCreds + "\nTWILIO_MESSAGING_SERVICE_SID=MG1", "TWILIO_MESSAGING_SERVICE_SID"},
		{"trip retention below the year's reports", "FAHRDIENST_RETENTION_MONTHS=6", "FAHRDIENST_RETENTION_MONTHS"},
		{"message retention below a conversation", "FAHRDIENST_MESSAGE_RETENTION_DAYS=1", "FAHRDIENST_MESSAGE_RETENTION_DAYS"},
		{"audit retention not a number", "FAHRDIENST_AUDIT_RETENTION_MONTHS=ever", "FAHRDIENST_AUDIT_RETENTION_MONTHS"},
		{"service hours backwards", "FAHRDIENST_SERVICE_HOURS=21:00-06:00", "FAHRDIENST_SERVICE_HOURS"},
		{"trusted proxy not an address", "FAHRDIENST_TRUSTED_PROXIES=10.0.0.0/8,lb.local", "FAHRDIENST_TRUSTED_PROXIES"},
		{"geocoder url not http", "FAHRDIENST_GEOCODER_URL=nominatim.local", "FAHRDIENST_GEOCODER_URL"},
		{"view box of three numbers", "FAHRDIENST_GEOCODER_VIEWBOX=6.3,50.2,6.8", "FAHRDIENST_GEOCODER_VIEWBOX"},
		{"tiles without {z}", "FAHRDIENST_MAP_TILES=https://tiles.example/a.png", "FAHRDIENST_MAP_TILES"},
		{"metrics address without port", "FAHRDIENST_METRICS_ADDR=metrics", "FAHRDIENST_METRICS_ADDR"},
		{"OTLP endpoint not a URL", "OTEL_EXPORTER_OTLP_ENDPOINT=collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT"},
		{"OTLP over gRPC", "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317\nOTEL_EXPORTER_OTLP_PROTOCOL=grpc", "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{"OIDC issuer not a URL", "FAHRDIENST_OIDC_ISSUER=kreis-login\nFAHRDIENST_OIDC_CLIENT_ID=fahrdienst", "FAHRDIENST_OIDC_ISSUER"},
		{"OIDC issuer over plain http", "FAHRDIENST_OIDC_ISSUER=http://login.kreis.example\nFAHRDIENST_OIDC_CLIENT_ID=fahrdienst", "FAHRDIENST_OIDC_ISSUER"},
		{"OIDC without a client", "FAHRDIENST_OIDC_ISSUER=https://login.kreis.example", "FAHRDIENST_OIDC_CLIENT_ID"},
		{"unknown log format", "FAHRDIENST_LOG_FORMAT=xml", "FAHRDIENST_LOG_FORMAT"},
		{"metrics token too short", "FAHRDIENST_METRICS_TOKEN=short", "FAHRDIENST_METRICS_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(append(os.Environ(), "FAHRDIENST_RUN_MAIN=1", "FAHRDIENST_ARGS=serve"), strings.Split(tt.env, "\n")...)
			expectConfigError(t, cmd, tt.want)
		})
	}
}

// expectConfigError runs cmd (the real main in a child) and wants it to
// stop with status 2 and one line naming the variable want.
func expectConfigError(t *testing.T, cmd *exec.Cmd, want string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit = %v, want status 2; stderr: %s", err, stderr.String())
	}
	out := strings.TrimSpace(stderr.String())
	if strings.Count(out, "\n") != 0 || !strings.Contains(out, want) || strings.Contains(out, "goroutine") {
		t.Fatalf("want one line naming %s, got:\n%s", want, out)
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

// FAHRDIENST_TRUSTED_PROXIES is a list of addresses and networks whose
// forwarding headers are believed.
func TestTrustedProxiesConfig(t *testing.T) {
	t.Setenv("FAHRDIENST_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7")
	c, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/login", nil)
	r.RemoteAddr = "192.0.2.7:4711"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := c.TrustedProxies.ClientAddr(r); got != "203.0.113.9" {
		t.Fatalf("client address through a configured proxy: %q", got)
	}
}

// A malformed entry of FAHRDIENST_TRUSTED_PROXIES stops the program with
// the variable and the entry named.
func TestTrustedProxiesConfigRejectsMalformed(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "lb.internal", "10.0.0.1 10.0.0.2"} {
		t.Setenv("FAHRDIENST_TRUSTED_PROXIES", "10.0.0.0/8,"+bad)
		_, err := loadConfig()
		var ce configError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "FAHRDIENST_TRUSTED_PROXIES") ||
			!strings.Contains(err.Error(), bad) {
			t.Errorf("%q: err = %v, want a configError naming the variable and the entry", bad, err)
		}
	}
}

// Each configuration gets the secret of its own data directory, kept there
// for the next start; FAHRDIENST_SECRET wins over the file.
func TestWebSecretPerDataDir(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	a, b := config{DataDir: t.TempDir()}, config{DataDir: t.TempDir()}
	sa, sb := a.webSecret(log), b.webSecret(log)
	if len(sa) < 32 || len(sb) < 32 || bytes.Equal(sa, sb) {
		t.Fatalf("secrets %q and %q: want two different ones of 32+ bytes", sa, sb)
	}
	if again := a.webSecret(log); !bytes.Equal(again, sa) {
		t.Fatalf("second call = %q, want the kept %q", again, sa)
	}
	a.SecretValue = strings.Repeat("s", 32)
	if got := a.webSecret(log); string(got) != a.SecretValue {
		t.Fatalf("with FAHRDIENST_SECRET: %q", got)
	}
}

// FAHRDIENST_PLANNER_WORKERS sets how many searches plan a day at once;
// unset it is 0, which the planner reads as one per core; a negative or
// malformed value stops the program with the variable named.
func TestPlannerWorkersConfig(t *testing.T) {
	t.Setenv("FAHRDIENST_PLANNER_WORKERS", "")
	if c, err := loadConfig(); err != nil || c.PlannerWorkers != 0 {
		t.Fatalf("unset: workers %d, err %v; want 0 (one per core)", c.PlannerWorkers, err)
	}
	t.Setenv("FAHRDIENST_PLANNER_WORKERS", "3")
	if c, err := loadConfig(); err != nil || c.PlannerWorkers != 3 {
		t.Fatalf("3: workers %d, err %v", c.PlannerWorkers, err)
	}
	for _, bad := range []string{"-1", "two"} {
		t.Setenv("FAHRDIENST_PLANNER_WORKERS", bad)
		if _, err := loadConfig(); err == nil || !strings.Contains(err.Error(), "FAHRDIENST_PLANNER_WORKERS") {
			t.Errorf("%q: err = %v, want one naming FAHRDIENST_PLANNER_WORKERS", bad, err)
		}
	}
}
