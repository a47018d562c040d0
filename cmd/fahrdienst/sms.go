package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"riverqueue.com/riverui"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/phone"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/twilio"
	"github.com/fahrdienst/fahrdienst/web"
)

// smsQueueWorkers is how many SMS jobs one instance works at once. Sending
// is waiting on Twilio and on the database, not computing; with the pool
// sized to match (see smsPoolConns) one instance sends well over 500
// messages a second to a fast API (the load benchmark in store).
const smsQueueWorkers = 50

// smsParts are the SMS pieces of the service, built once from the
// configuration.
type smsParts struct {
	sender   notify.Sender
	metrics  *twilio.Metrics
	webhooks *twilio.Webhooks
	callback string
	// voice places reminder calls; voiceHooks are their webhooks (call.go).
	voice      notify.Sender
	voiceHooks *twilio.VoiceWebhooks
}

// twilioConfig is the Twilio part of the configuration.
func (c config) twilioConfig() twilio.Config {
	return twilio.Config{AccountSID: c.TwilioSID, AuthToken: c.TwilioToken, From: c.TwilioFrom,
		MessagingServiceSID: c.TwilioService, APIURL: c.TwilioAPIURL}
}

// smsOptions are the store's SMS settings: the agency named in every text,
// the default quiet hours and reminder times, and the driver links, signed
// with secret (the web pages' key, so that the pages accept them).
func smsOptions(cfg config, secret []byte, log *slog.Logger) store.SMSOptions {
	base := cfg.PublicURL.String()
	return store.SMSOptions{Logger: log.With("component", "sms"), Agency: notify.Agency{
		Name: cfg.AgencyName, Phone: cfg.AgencyPhone}, Quiet: &cfg.QuietHours, SendingLease: cfg.Jobs.sendingLease,
		Calls:      cfg.Calls.storeOptions(),
		DriverLink: func(driverID int64) string { return web.DriverLink(base, secret, driverID, time.Now()) }}
}

// newSMS builds the sender (Twilio when configured, else the console),
// the metrics and the webhooks. Without Twilio the webhooks answer 503: no
// request could be verified.
func newSMS(cfg config, st *store.Store, reg prometheus.Registerer, log *slog.Logger) (*smsParts, error) {
	tw := cfg.twilioConfig()
	sender, err := twilio.SenderFor(tw, os.Stderr)
	if err != nil {
		return nil, configError{err.Error()}
	}
	p := &smsParts{sender: sender, metrics: twilio.NewMetrics(reg, st.OpenOffers)}
	p.webhooks = &twilio.Webhooks{Inbox: st, Metrics: p.metrics, Log: log.With("component", "twilio")}
	if tw.Configured() {
		p.webhooks.Validator, err = twilio.NewWebhookValidator(tw.AuthToken, cfg.PublicURL.String())
		if err != nil {
			return nil, configError{err.Error()}
		}
		p.callback = strings.TrimRight(cfg.PublicURL.String(), "/") + "/twilio/status"
	}
	return p, p.addVoice(cfg, st, log)
}

// addWorkers registers the SMS workers on River.
func (p *smsParts) addWorkers(workers *river.Workers, st *store.Store, jt jobTimings, log *slog.Logger) {
	w := &store.SendWorker{Outbox: st, Sender: p.sender, Voice: p.voice, StatusCallback: p.callback,
		Metrics: p.metrics, Log: log.With("component", "sms"), Now: st.Now, AttemptTimeout: jt.sendTimeout}
	if jt.retryDelay > 0 {
		w.RetryDelay = func(int) time.Duration { return jt.retryDelay }
	}
	river.AddWorker(workers, w)
	river.AddWorker(workers, &store.OfferExpiryWorker{Offers: st})
}

// adminJobs mounts the River UI at /admin/jobs, for coordinators only: it
// shows every job with its arguments and errors, and lets them retry or
// cancel one.
func adminJobs(ctx context.Context, client *river.Client[pgx.Tx], deps api.Deps, log *slog.Logger) (func(chi.Router), error) {
	ui, err := riverui.NewHandler(&riverui.HandlerOpts{Endpoints: riverui.NewEndpoints(client, nil),
		Logger: log.With("component", "riverui"), Prefix: "/admin/jobs"})
	if err != nil {
		return nil, fmt.Errorf("river UI: %w", err)
	}
	if err := ui.Start(ctx); err != nil {
		return nil, fmt.Errorf("river UI: %w", err)
	}
	h := api.CoordinatorOnly(deps, withBackLink(ui))
	return func(r chi.Router) {
		r.Handle("/admin/jobs", h)
		r.Handle("/admin/jobs/*", h)
	}, nil
}

// smsCommand is `fahrdienst sms test --to NUMBER`: one SMS through the
// configured sender, so that an agency can check its Twilio setup. It
// prints the SID, or the error with Twilio's code.
func smsCommand(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	var body *string
	number, err := parseTestCommand("sms", "fahrdienst sms test --to NUMBER [--body TEXT]", args, stderr,
		func(fs *flag.FlagSet) { body = fs.String("body", "", "text; default a short test message") })
	if err != nil {
		return err
	}
	if *body == "" {
		*body = cfg.AgencyName + ": Test-SMS. Wenn Sie dies lesen, funktioniert der SMS-Versand."
	}
	sender, err := twilio.SenderFor(cfg.twilioConfig(), stdout)
	if err != nil {
		return configError{err.Error()}
	}
	res, err := sender.Send(ctx, notify.OutgoingSMS{To: number, Body: *body})
	if err != nil {
		return twilioRefusal(stdout, "not sent", "sms test failed", err)
	}
	fmt.Fprintf(stdout, "sent to %s: SID %s, status %s\n", phone.Mask(number), res.SID, res.Status)
	return nil
}

// twilioRefusal prints Twilio's answer to a test command that it refused
// (its error code, the HTTP status, whether it is permanent), which is
// what the person setting Twilio up needs, and fails the command; any other
// error is returned as it is.
func twilioRefusal(stdout io.Writer, what, failed string, err error) error {
	var se *notify.SendError
	if !errors.As(err, &se) {
		return err
	}
	fmt.Fprintf(stdout, "%s: Twilio error %d (HTTP %d, permanent: %v): %s\n", what, se.Code, se.HTTPStatus, se.Permanent, se.Message)
	return errors.New(failed)
}

// parseTestCommand parses `NAME test --to NUMBER ...`, the form of the sms
// and call test commands; extra adds the command's own flags. It returns
// the number in E.164.
func parseTestCommand(name, usage string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (string, error) {
	if len(args) == 0 || args[0] != "test" {
		fmt.Fprintln(stderr, "usage: "+usage)
		return "", errUsage
	}
	fs := flag.NewFlagSet(name+" test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "phone number (E.164 or German national form)")
	extra(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return "", errUsage
	}
	number, _, err := phone.NormalizeDefault(*to)
	if err != nil {
		return "", configError{fmt.Sprintf("invalid --to %q: %v", *to, err)}
	}
	return number, nil
}
