// Command fahrdienst is the Fahrdienst service: the HTTP API and pages, the
// background jobs, and the tools to run them (migrations, demo data, the
// dial-a-ride benchmark).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/fahrdienst/fahrdienst/internal/obs"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `usage: fahrdienst <command> [arguments]

commands:
  serve              run the HTTP server and the background jobs (needs DATABASE_URL)
  dev                what "make run" does: embedded PostgreSQL when DATABASE_URL is empty,
                     migrate, demo data on the first start, serve
  migrate up|status  apply or list the database migrations
  seed-demo          load the demo data (a small town around Bitburg); safe to repeat
  sms test --to N    send one test SMS through the configured sender (Twilio or console)
  call test --to N   place one test call through the configured Twilio account
  user add --email E --role coordinator|relative [--rider ID]...
                     create an account; the password is read from stdin
  loadtest           concurrent bookings against the service, compared with the plain transaction
  darp solve|bench   the dial-a-ride benchmark (see "fahrdienst darp")
  version            print the version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var ce configError
	switch {
	case err == nil:
	case errors.As(err, &ce) || errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "fahrdienst:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "fahrdienst:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("unknown command; run `fahrdienst help`")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "version":
		fmt.Fprintln(stdout, "fahrdienst", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "darp":
		return darpMain(ctx, args[1:], stdout, stderr)
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log, err := obs.NewLogger(stderr, cfg.LogFormat)
	if err != nil {
		return err
	}
	switch args[0] {
	case "serve":
		return serve(ctx, cfg, log)
	case "dev":
		return dev(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log, args[1:], stdout)
	case "seed-demo":
		return seedDemo(ctx, cfg, log, stdout)
	case "sms":
		return smsCommand(ctx, cfg, args[1:], stdout, stderr)
	case "call":
		return callCommand(ctx, cfg, args[1:], stdout, stderr)
	case "user":
		return userAdd(ctx, cfg, log, args[1:], os.Stdin, stdout)
	case "loadtest":
		return loadtest(ctx, cfg, log, args[1:], stdout)
	}
	fmt.Fprint(stderr, usage)
	return errUsage
}
