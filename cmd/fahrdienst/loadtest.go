package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// loadtest drives concurrent bookings through the HTTP API and then books
// the same way without HTTP (the store's booking transaction, with the
// same inserts and job), against the same database in this process, and
// prints both rates, the latency percentiles and their ratio. It writes
// riders, a place and trips into the database: use a scratch database. With
// --url it loads a running server that uses the same DATABASE_URL;
// otherwise it serves the API itself on a random local port. Without
// DATABASE_URL it starts a private embedded PostgreSQL.
func loadtest(ctx context.Context, cfg config, log *slog.Logger, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(out)
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 10*time.Second, "how long each of the two runs lasts")
	conns := fs.Int("conns", 0, "database connections of this process (default: pool_max_conns of DATABASE_URL, else pgx's default)")
	url := fs.String("url", "", "a running server to load (default: serve in this process)")
	if err := fs.Parse(args); err != nil || *clients < 1 || *conns < 0 {
		return errors.Join(errUsage, err)
	}
	if cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "fahrdienst-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	pool, stop, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer stop()
	if *conns > 0 {
		pool.Close()
		pcfg := pool.Config()
		pcfg.MaxConns = int32(*conns)
		if pool, err = pgxpool.NewWithConfig(ctx, pcfg); err != nil {
			return err
		}
		defer pool.Close()
	}
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{}) // insert-only, as bookings enqueue planning
	if err != nil {
		return err
	}
	st := store.New(pool, store.Options{Location: cfg.Location, Jobs: jobs})
	lt, err := newLoad(ctx, st, cfg, *clients)
	if err != nil {
		return err
	}
	target := *url
	if target == "" {
		if target, err = lt.serve(ctx, log); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%d clients, %d database connections, %s per run, on %s\n", *clients, pool.Config().MaxConns, *duration, target)
	viaHTTP := lt.run(ctx, *duration, lt.httpBooking(target))
	viaHTTP.print(out, "http ")
	plain := lt.run(ctx, *duration, lt.plainBooking)
	plain.print(out, "plain")
	if plain.rate() > 0 {
		fmt.Fprintf(out, "ratio  http/plain bookings per second: %.0f%%\n", 100*viaHTTP.rate()/plain.rate())
	}
	return nil
}

// load is the fixture: a coordinator's token, a practice, and riders enough
// that no client's booking ever overlaps another booking of its rider.
type load struct {
	st     *store.Store
	cfg    config
	token  string
	place  dispatch.Place
	riders []dispatch.Rider
	mu     sync.Mutex
	next   int // the next free slot
}

// ridersPerClient times the slots of a rider (4 a day up to the horizon) is
// how many bookings one client makes at most, over both runs.
const ridersPerClient = 8

func newLoad(ctx context.Context, st *store.Store, cfg config, clients int) (*load, error) {
	l := &load{st: st, cfg: cfg}
	sys := dispatch.Actor{Name: "loadtest"}
	suffix := make([]byte, 6)
	rand.Read(suffix)
	tag := base64.RawURLEncoding.EncodeToString(suffix)
	a, err := st.CreateAccount(ctx, sys, dispatch.Account{Email: "loadtest-" + tag + "@example.org",
		Role: dispatch.RoleCoordinator}, "no-login")
	if err != nil {
		return nil, err
	}
	l.token = "loadtest-" + tag
	sum := sha256.Sum256([]byte(l.token))
	if err := st.CreateSession(ctx, a.ID, sum[:], dispatch.SessionAPI, st.Now().Add(24*time.Hour)); err != nil {
		return nil, err
	}
	if l.place, err = st.CreatePlace(ctx, sys, dispatch.Place{Name: "Loadtest Praxis " + tag, Kind: dispatch.PlacePractice,
		Street: "Am Markt 2", City: "Bitburg", Lat: 49.974, Lon: 6.525}); err != nil {
		return nil, err
	}
	for i := range clients * ridersPerClient {
		r, err := st.CreateRider(ctx, sys, dispatch.Rider{FirstName: "Last", LastName: fmt.Sprintf("Test %d", i),
			Street: "Hauptstraße 1", City: "Bitburg", Lat: 49.97, Lon: 6.52, ContactPreference: "call", Language: "de"})
		if err != nil {
			return nil, err
		}
		l.riders = append(l.riders, r)
	}
	return l, nil
}

// slot hands out a rider and an appointment no other booking has. Dates
// come in turn, as bookings taken by phone are spread over the coming
// weeks: bookings for one date wait for each other on the date's planning
// job, which each of them enqueues.
func (l *load) slot() (dispatch.Rider, time.Time, bool) {
	l.mu.Lock()
	n := l.next
	l.next++
	l.mu.Unlock()
	days := int(l.cfg.BookingHorizon.Hours()/24) - 1
	day, n := 1+n%days, n/days
	rider, n := l.riders[n%len(l.riders)], n/len(l.riders)
	if n >= 4 {
		return rider, time.Time{}, false
	}
	d := l.st.Now().In(l.cfg.Location).AddDate(0, 0, day)
	return rider, time.Date(d.Year(), d.Month(), d.Day(), 8+4*n, 0, 0, 0, l.cfg.Location), true
}

// serve runs the API on a random local port, wired as in serve.
func (l *load) serve(ctx context.Context, log *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	reg := prometheus.NewRegistry()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := api.NewRouter(api.Options{Logger: quiet, Registry: reg, Gatherer: reg,
		Ready: func(context.Context) error { return nil },
		Mount: []func(chi.Router){api.Routes(api.Deps{Logger: log, Store: l.st, Location: l.cfg.Location,
			Horizon: l.cfg.BookingHorizon, MaxRide: l.cfg.MaxRide})}})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	context.AfterFunc(ctx, func() { srv.Close() })
	return "http://" + ln.Addr().String(), nil
}

// httpBooking books one appointment with its ride back through the API.
func (l *load) httpBooking(base string) func(context.Context, *http.Client) error {
	return func(ctx context.Context, c *http.Client) error {
		rider, at, ok := l.slot()
		if !ok {
			return errFull
		}
		body, _ := json.Marshal(map[string]any{"rider_id": rider.ID, "to": map[string]any{"place_id": l.place.ID},
			"timing": "arrive_by", "at": at, "return": map[string]any{"type": "at", "at": at.Add(90 * time.Minute)}})
		req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/trips", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+l.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		msg, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("status %d: %s", resp.StatusCode, msg)
		}
		return nil
	}
}

// plainBooking books the same way in the store's transaction, no HTTP.
func (l *load) plainBooking(ctx context.Context, _ *http.Client) error {
	rider, at, ok := l.slot()
	if !ok {
		return errFull
	}
	back := at.Add(90 * time.Minute)
	b := dispatch.Booking{RiderID: rider.ID, To: l.place.Location(), Timing: dispatch.TimingArriveBy, At: at,
		Return: dispatch.ReturnAt, ReturnAt: &back, Passengers: 1, Via: "api"}
	rules := dispatch.DefaultBookingRules(l.st.Now(), l.cfg.Location)
	rules.Horizon, rules.MaxRide = l.cfg.BookingHorizon, l.cfg.MaxRide
	legs, err := b.Legs(rider, rules)
	if err != nil {
		return err
	}
	_, err = l.st.BookTrip(ctx, dispatch.Actor{Name: "loadtest"}, legs)
	return err
}

var errFull = errors.New("no free booking slot left: run shorter")

// result is what one run measured.
type result struct {
	took      time.Duration
	latencies []time.Duration
	errors    int
	firstErr  error
}

func (r result) rate() float64 { return float64(len(r.latencies)) / r.took.Seconds() }

func (r result) print(w io.Writer, name string) {
	ls := r.latencies
	slices.Sort(ls)
	pct := func(p float64) time.Duration {
		if len(ls) == 0 {
			return 0
		}
		return ls[min(len(ls)-1, int(p*float64(len(ls))))]
	}
	fmt.Fprintf(w, "%s  %6d bookings  %7.1f/s  p50 %6.1fms  p90 %6.1fms  p99 %6.1fms  max %6.1fms  errors %d\n",
		name, len(ls), r.rate(), ms(pct(.5)), ms(pct(.9)), ms(pct(.99)), ms(pct(1)), r.errors)
	if r.firstErr != nil {
		fmt.Fprintf(w, "       first error: %v\n", r.firstErr)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// run lets every client book as fast as it can for d.
func (l *load) run(ctx context.Context, d time.Duration, book func(context.Context, *http.Client) error) result {
	clients := len(l.riders) / ridersPerClient
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var res result
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				err := book(ctx, c)
				if err != nil {
					mu.Lock()
					res.errors++
					if res.firstErr == nil {
						res.firstErr = err
					}
					mu.Unlock()
				}
				if errors.Is(err, errFull) {
					return
				}
				if err == nil {
					mine = append(mine, time.Since(t))
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}
