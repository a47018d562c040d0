package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
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
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/osrm"
	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/web"
)

// serve runs the service on DATABASE_URL.
func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	pool, stop, err := openPool(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer stop()
	return serveOn(ctx, cfg, log, pool)
}

// serveOn runs the HTTP server and the River workers in this process until ctx
// ends, then shuts down in order: stop accepting, finish in-flight requests,
// stop the workers (letting running jobs finish), and let the caller close
// the pool.
func serveOn(ctx context.Context, cfg config, log *slog.Logger, pool *pgxpool.Pool) error {
	handler, jobs, err := newService(ctx, cfg, log, pool)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return configError{fmt.Sprintf("invalid FAHRDIENST_ADDR=%q: cannot listen: %v", cfg.Addr, err)}
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	if err := jobs.Start(ctx); err != nil {
		return fmt.Errorf("start River: %w", err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL.String())
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
	if rerr := jobs.Stop(shutdownCtx); rerr != nil {
		log.Error("river shutdown", "err", rerr)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// newService wires the store, the planner, SMS, River and the HTTP routes
// (health and metrics, the JSON API, the Twilio webhooks, the job dashboard
// and the web pages) on one pool and one metrics registry.
func newService(ctx context.Context, cfg config, log *slog.Logger, pool *pgxpool.Pool) (http.Handler, *river.Client[pgx.Tx], error) {
	// One secret for the links in SMS texts and the pages that check them.
	secret := cfg.webSecret(log)
	st := store.New(pool, store.Options{Location: cfg.Location, SMS: smsOptions(cfg, secret, log)})
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newPoolCollector(pool), newTxRetryCollector(st))
	planner := planning.New(st, planning.Planner{Travel: travelTimes(cfg), Workers: cfg.PlannerWorkers}, reg)
	sms, err := newSMS(cfg, st, reg, log)
	if err != nil {
		return nil, nil, err
	}
	jobs, err := newRiver(pool, st, planner, sms, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	st.SetJobs(jobs)
	apiDeps := api.Deps{Logger: log, Store: st, Shuttles: st,
		Plans: st, Planner: api.DayFunc[planning.Summary](planner.PlanDay),
		Location: cfg.Location, Horizon: cfg.BookingHorizon, MaxRide: cfg.MaxRide,
		SecureCookie: cfg.PublicURL.Scheme == "https"}
	admin, err := adminJobs(ctx, jobs, apiDeps, log)
	if err != nil {
		return nil, nil, err
	}
	pages := web.Routes(web.Deps{Logger: log, Store: st, Secret: secret, BaseURL: cfg.PublicURL.String(),
		Location: cfg.Location, Horizon: cfg.BookingHorizon, MaxRide: cfg.MaxRide, SecureCookie: apiDeps.SecureCookie})
	handler := api.NewRouter(api.Options{
		Logger: log, Registry: reg, Gatherer: reg,
		Ready: func(ctx context.Context) error { return ready(ctx, pool) },
		Mount: []func(chi.Router){api.Routes(apiDeps), sms.webhooks.Mount, admin, pages},
	})
	return handler, jobs, nil
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

// newRiver builds the River client with the service's queues, workers and
// periodic jobs. Periodic jobs run only on the elected leader, so several
// instances never run them twice.
func newRiver(pool *pgxpool.Pool, st *store.Store, planner *planning.Service, sms *smsParts, cfg config, log *slog.Logger) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	sms.addWorkers(workers, st, log)
	river.AddWorker(workers, &store.PruneWorker{Store: st})
	river.AddWorker(workers, &planning.Worker{Service: planner})
	river.AddWorker(workers, &planning.UpcomingWorker{Store: st})
	river.AddWorker(workers, &store.MaterializeWorker{Store: st})
	river.AddWorker(workers, &store.ShuttleSweepWorker{Store: st})
	return river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger: log.With("component", "river"),
		Queues: map[string]river.QueueConfig{
			river.QueueDefault:     {MaxWorkers: 2},
			store.QueueSMS:         {MaxWorkers: smsQueueWorkers},
			planning.QueuePlanning: {MaxWorkers: 1},
			store.QueueMaintenance: {MaxWorkers: 2},
		},
		Workers: workers,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return store.PruneArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(planning.DailyAt{Hour: 2, Location: cfg.Location},
				func() (river.JobArgs, *river.InsertOpts) { return planning.UpcomingArgs{Days: planAhead}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(planning.DailyAt{Hour: 1, Location: cfg.Location},
				func() (river.JobArgs, *river.InsertOpts) { return store.ShuttleSweepArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
		},
	})
}
