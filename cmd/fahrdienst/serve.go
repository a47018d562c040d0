package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/internal/obs"
	"github.com/fahrdienst/fahrdienst/osrm"
	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/web"
)

// serve runs the service on DATABASE_URL.
func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	if err := cfg.bind(); err != nil {
		return err
	}
	defer cfg.startTracing(ctx, log)()
	pool, stop, err := openPool(ctx, cfg, log, false)
	if err != nil {
		cfg.bound.close()
		return err
	}
	defer stop()
	return serveOn(ctx, cfg, log, pool)
}

// httpReadHeaderTimeout bounds how long a client may take to send its
// headers, against slow-loris connections.
const httpReadHeaderTimeout = 10 * time.Second

// serveOn runs the HTTP server and the River workers in this process until ctx
// ends, then shuts down in order: stop accepting, finish in-flight requests,
// stop the workers (letting running jobs finish), and let the caller close
// the pool.
func serveOn(ctx context.Context, cfg config, log *slog.Logger, pool *pgxpool.Pool) error {
	if err := cfg.bind(); err != nil {
		return err
	}
	svc, err := newService(ctx, cfg, log, pool)
	if err != nil {
		cfg.bound.close()
		return err
	}
	srv := &http.Server{Handler: svc.handler, ReadHeaderTimeout: httpReadHeaderTimeout, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	if err := svc.jobs.Start(ctx); err != nil {
		cfg.bound.close()
		return fmt.Errorf("start River: %w", err)
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(cfg.bound.main) }()
	if svc.metrics != nil {
		go func() { errc <- svc.metrics.Serve(cfg.bound.metrics) }()
		log.Info("serving metrics", "addr", cfg.bound.metrics.Addr().String())
	}
	log.Info("serving", "addr", cfg.bound.main.Addr().String(), "public_url", cfg.PublicURL.String(), "metrics", cfg.metricsMode())
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shutdownCtx); serr != nil {
		log.Error("http shutdown", "err", serr)
	}
	if svc.metrics != nil {
		svc.metrics.Shutdown(shutdownCtx)
	}
	if rerr := svc.jobs.Stop(shutdownCtx); rerr != nil {
		log.Error("river shutdown", "err", rerr)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// oncePer makes a periodic job unique per period (aligned to UTC), in
// every state including completed. Only River's leader enqueues periodic
// jobs, but a new leader (after a crash or a deploy) runs the RunOnStart
// jobs again; with this the work is still done once per period.
func oncePer(period time.Duration) *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: period}}
}

// service is what newService wires: the main handler, the job client, and
// the metrics server when metrics have a listener of their own.
type service struct {
	handler http.Handler
	jobs    *river.Client[pgx.Tx]
	metrics *http.Server
}

// newService wires the store, the planner, SMS, River and the HTTP routes
// (health and metrics, the JSON API, the Twilio webhooks, the job dashboard
// and the web pages) on one pool and one metrics registry.
func newService(ctx context.Context, cfg config, log *slog.Logger, pool *pgxpool.Pool) (*service, error) {
	// One secret for the links in SMS texts and the pages that check them.
	secret := cfg.webSecret(log)
	st := store.New(pool, store.Options{Location: cfg.Location, SMS: smsOptions(cfg, secret, log),
		SeriesWeeksAhead: cfg.SeriesWeeksAhead, OpenRideKm: float64(cfg.OpenRideKm)})
	// One travel-time source (and so one OSRM cache) for the planner, the
	// after-ride service and retention. Retention and erasure keep the
	// volunteer log's kilometres and hours of the trips they anonymise
	// (docs/decisions/0020-retention-keeps-km.md), set before any job runs.
	travel := travelTimes(cfg)
	st.SetKmFreezer(st.TourKmFreezer(travel))
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newPoolCollector(pool), newTxRetryCollector(st))
	planner := planning.New(st, planning.Planner{Travel: travel, Workers: cfg.PlannerWorkers}, reg)
	sms, err := newSMS(cfg, st, reg, log)
	if err != nil {
		return nil, err
	}
	jobs, err := newRiver(pool, st, planner, sms, cfg, log)
	if err != nil {
		return nil, err
	}
	st.SetJobs(jobs)
	afterRide := st.AfterRide(travel, cfg.Rates, cfg.Purposes)
	apiDeps := api.Deps{Logger: log, Store: st, Shuttles: st, Privacy: st,
		Plans: st, Planner: api.DayFunc[planning.Summary](planner.PlanDay),
		Location: cfg.Location, Horizon: cfg.BookingHorizon, MaxRide: cfg.MaxRide,
		SecureCookie: cfg.PublicURL.Scheme == "https", TrustedProxies: cfg.TrustedProxies,
		AfterRide: afterRide, Purposes: cfg.Purposes}
	admin, err := adminJobs(ctx, jobs, apiDeps, log)
	if err != nil {
		return nil, err
	}
	var sso *auth.OIDC
	if cfg.OIDC != nil {
		sso = auth.NewOIDC(*cfg.OIDC)
	}
	webDeps := web.Deps{Logger: log, Store: st, Secret: secret, BaseURL: cfg.PublicURL.String(),
		Location: cfg.Location, Horizon: cfg.BookingHorizon, MaxRide: cfg.MaxRide, SecureCookie: apiDeps.SecureCookie,
		TrustedProxies: cfg.TrustedProxies, OIDC: sso, AfterRide: afterRide, Purposes: cfg.Purposes,
		Rates: cfg.Rates, AgencyName: cfg.AgencyName,
		Retention: cfg.retention(), ServiceHours: cfg.ServiceHours}
	cfg.Geo.webGeo(&webDeps, st)
	pages := web.Routes(webDeps)
	handler := api.NewRouter(api.Options{
		Logger: log, Registry: reg,
		Ready: func(ctx context.Context) error { return ready(ctx, pool) },
		Mount: []func(chi.Router){mountMetrics(cfg, reg), api.Routes(apiDeps), sms.webhooks.Mount, sms.voiceHooks.Mount, admin, pages},
	})
	return &service{handler: obs.RequestIDs(cfg.traced(handler)), jobs: jobs, metrics: metricsServer(cfg, reg)}, nil
}

// ready is the readiness check: the database answers and every migration is
// applied.
func ready(ctx context.Context, pool *pgxpool.Pool) error {
	if err := pool.Ping(ctx); err != nil {
		return errors.New("database unreachable")
	}
	ok, err := store.Current(ctx, pool)
	if err != nil {
		return errors.New("cannot read migration state")
	}
	if !ok {
		return errors.New("migrations pending")
	}
	return nil
}

// planAhead is how many days ahead the nightly run plans.
const planAhead = 7

// travelTimes is the OSRM server when one is configured, else the offline
// great-circle estimate; either way cached per set of points.
func travelTimes(cfg config) dispatch.TravelTimes {
	if cfg.OSRMURL != "" {
		return dispatch.NewTravelCache(&osrm.Client{BaseURL: cfg.OSRMURL}, 16)
	}
	return dispatch.GreatCircle{}
}

// rescueStuckJobsAfter is how long a job may stay 'running' before River
// takes it for the job of a dead process (kill -9, a lost machine) and runs
// it again. River's default is an hour: a plan job, unique per date while
// running, then blocked re-planning that date for an hour, and SMS waited
// as long. Minutes are enough: every worker's timeout is below it
// (jobTimeout, store.DefaultSendTimeout, planning.Worker.Timeout; River
// also never rescues a job before its worker's own timeout), and every
// worker is safe to run again (the SMS worker looks an unsure send up at
// Twilio first; planning, pruning and the sweeps are idempotent).
const rescueStuckJobsAfter = 5 * time.Minute

// jobTimeout bounds a job whose worker sets no timeout of its own (prune,
// the sweeps, offer expiry): minutes of database work at most, and below
// rescueStuckJobsAfter so that a slow job is cancelled before it is rescued.
const jobTimeout = 2 * time.Minute

// jobTimings are River's rescue and the timeouts that must stay below it,
// in one place so that a test of a crash can shorten them together.
type jobTimings struct {
	rescueAfter  time.Duration // River's RescueStuckJobsAfter
	jobTimeout   time.Duration // River's JobTimeout: workers without their own
	sendTimeout  time.Duration // one SMS attempt (store.SendWorker.Timeout)
	sendingLease time.Duration // store.SMSOptions.SendingLease, above sendTimeout
	retryDelay   time.Duration // a failed send's retry; zero is the store's backoff
}

// defaultJobTimings are the service's.
func defaultJobTimings() jobTimings {
	return jobTimings{rescueAfter: rescueStuckJobsAfter, jobTimeout: jobTimeout,
		sendTimeout: store.DefaultSendTimeout, sendingLease: store.DefaultSendingLease}
}

// newRiver builds the River client with the service's queues, workers and
// periodic jobs. Periodic jobs run only on the elected leader, so several
// instances never run them twice.
func newRiver(pool *pgxpool.Pool, st *store.Store, planner *planning.Service, sms *smsParts, cfg config, log *slog.Logger) (*river.Client[pgx.Tx], error) {
	if cfg.Jobs == (jobTimings{}) {
		cfg.Jobs = defaultJobTimings() // a config not from loadConfig
	}
	workers := river.NewWorkers()
	sms.addWorkers(workers, st, cfg.Jobs, log)
	river.AddWorker(workers, &store.PruneWorker{Store: st})
	river.AddWorker(workers, &planning.Worker{Service: planner})
	river.AddWorker(workers, &planning.UpcomingWorker{Store: st})
	river.AddWorker(workers, &store.MaterializeWorker{Store: st})
	river.AddWorker(workers, &store.ShuttleSweepWorker{Store: st})
	addPeopleWorkers(workers, st)
	river.AddWorker(workers, &store.RetentionWorker{Store: st, Policy: cfg.retention()})
	return river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:     log.With("component", "river"),
		Middleware: cfg.riverMiddleware(),
		Queues: map[string]river.QueueConfig{
			river.QueueDefault:     {MaxWorkers: 2},
			store.QueueSMS:         {MaxWorkers: smsQueueWorkers},
			planning.QueuePlanning: {MaxWorkers: 1},
			store.QueueMaintenance: {MaxWorkers: 2},
		},
		Workers:              workers,
		RescueStuckJobsAfter: cfg.Jobs.rescueAfter,
		JobTimeout:           cfg.Jobs.jobTimeout,
		PeriodicJobs: append([]*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return store.PruneArgs{}, oncePer(time.Hour) },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(planning.DailyAt{Hour: 2, Location: cfg.Location},
				func() (river.JobArgs, *river.InsertOpts) {
					return planning.UpcomingArgs{Days: planAhead}, oncePer(24 * time.Hour)
				},
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(planning.DailyAt{Hour: 1, Location: cfg.Location},
				func() (river.JobArgs, *river.InsertOpts) { return store.ShuttleSweepArgs{}, oncePer(24 * time.Hour) },
				&river.PeriodicJobOpts{RunOnStart: true}),
			// Retention at 03:00, when nobody books (store/retention.go).
			river.NewPeriodicJob(planning.DailyAt{Hour: 3, Location: cfg.Location},
				func() (river.JobArgs, *river.InsertOpts) { return store.RetentionArgs{}, oncePer(24 * time.Hour) }, nil),
		}, peoplePeriodicJobs(cfg)...),
	})
}
