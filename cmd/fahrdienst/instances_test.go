package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// child is a `fahrdienst serve` process: the test binary run as main (see
// TestMain), so that no second build is needed.
type child struct {
	cmd  *exec.Cmd
	base string
	log  bytes.Buffer
}

// fakeTwilioEnv is the environment of a child process that sends through
// the fake Twilio at url.
func fakeTwilioEnv(url string) []string {
	return []string{"TWILIO_ACCOUNT_SID=" + twiliotest.AccountSID, "TWILIO_AUTH_TOKEN=" + twiliotest.AuthToken,
		"TWILIO_FROM=" + twiliotest.From, "TWILIO_API_URL=" + url}
}

func startChild(t *testing.T, dbURL, twilioURL string) *child {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &child{base: "http://" + addr}
	c.cmd = exec.Command(os.Args[0])
	c.cmd.Env = append(os.Environ(), "FAHRDIENST_RUN_MAIN=1", "FAHRDIENST_ARGS=serve", "DATABASE_URL="+dbURL,
		"FAHRDIENST_ADDR="+addr, "FAHRDIENST_PUBLIC_URL=http://"+addr, "FAHRDIENST_QUIET_HOURS=off",
		"FAHRDIENST_SECRET=the same secret on every instance, 32+ chars")
	c.cmd.Env = append(c.cmd.Env, fakeTwilioEnv(twilioURL)...)
	c.cmd.Stderr = &c.log
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.cmd.Process.Signal(syscall.SIGTERM)
		c.cmd.Wait()
	})
	waitFor(t, c.base+"/readyz", http.StatusOK)
	return c
}

// Issue 13, "Also": two instances on one database under booking and SMS
// load; one is killed with SIGKILL midway. Every acknowledged booking is
// there, no SMS reaches Twilio twice, and the survivor leads River.
func TestTwoInstancesOneKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two server processes")
	}
	t.Parallel()
	ctx := context.Background()
	dbURL := storetest.URL(t)
	fake := twiliotest.NewTwilio(t)
	pool := testPool(t, dbURL)
	cfg := testConfig(t)
	cfg.DatabaseURL = dbURL
	var out bytes.Buffer
	if err := seedDemo(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), &out); err != nil {
		t.Fatal(err)
	}
	st := store.New(pool, store.Options{})
	acc, err := st.CreateAccount(ctx, dispatch.Actor{Name: "test"},
		dispatch.Account{Email: "last@example.org", Role: dispatch.RoleCoordinator, Name: "L"}, "no-login")
	if err != nil {
		t.Fatal(err)
	}
	const token = "token-of-the-two-instance-test"
	sum := sha256.Sum256([]byte(token))
	if err := st.CreateSession(ctx, acc.ID, sum[:], dispatch.SessionAPI, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var riders []int64
	rows, _ := pool.Query(ctx, `SELECT id FROM riders WHERE active ORDER BY id`)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		riders = append(riders, id)
	}
	var place int64
	if err := pool.QueryRow(ctx, `SELECT id FROM places ORDER BY id LIMIT 1`).Scan(&place); err != nil {
		t.Fatal(err)
	}

	a, b := startChild(t, dbURL, fake.URL()), startChild(t, dbURL, fake.URL())
	var mu sync.Mutex
	acked := map[string]bool{} // Idempotency-Key of every 201
	book := func(base string, i int) {
		day := time.Now().AddDate(0, 0, 2+i%5)
		at := time.Date(day.Year(), day.Month(), day.Day(), 8+(i/len(riders))%9, 0, 0, 0, cfg.Location)
		body := fmt.Sprintf(`{"rider_id": %d, "to": {"place_id": %d}, "timing": "arrive_by", "at": %q, "return": {"type": "none"}}`,
			riders[i%len(riders)], place, at.Format(time.RFC3339))
		key := fmt.Sprintf("k%d", i)
		req, _ := http.NewRequest("POST", base+"/api/v1/trips", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return // the killed instance: not acknowledged
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusCreated {
			mu.Lock()
			acked[key] = true
			mu.Unlock()
		}
	}
	const n = 160
	var killedAt atomic.Value
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				base := a.base
				if i%2 == 1 {
					base = b.base
				}
				if i == n/2 && w == 0 {
					killedAt.Store(time.Now())
					a.cmd.Process.Kill() // SIGKILL, mid-run
				}
				book(base, i)
			}
		})
	}
	wg.Wait()
	a.cmd.Process.Kill()
	a.cmd.Wait()

	var present int
	keys := make([]string, 0, len(acked))
	for k := range acked {
		keys = append(keys, k)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM idempotency_keys WHERE key = ANY($1) AND status = 201`, keys).Scan(&present); err != nil {
		t.Fatal(err)
	}
	var trips int
	pool.QueryRow(ctx, `SELECT count(*) FROM trips WHERE booked_by = $1`, acc.ID).Scan(&trips)
	t.Logf("bookings acknowledged %d, their answers kept %d, trips booked %d", len(acked), present, trips)
	if present != len(acked) || trips < len(acked) {
		t.Errorf("acknowledged %d bookings, %d answers kept and %d trips there", len(acked), present, trips)
	}

	// The survivor becomes River's leader, plans the days and sends the
	// offers. Jobs the killed instance held stay running until River's
	// rescue (minutes; TestKilledInstanceJobIsRescued covers it), so they
	// are not waited for.
	// The leader's periodic jobs (prune, plan_upcoming, shuttle_sweep) are
	// waited for too: with plans of small days done in a second, the queues
	// can be empty before the new leader has enqueued them.
	deadline := time.Now().Add(90 * time.Second)
	for {
		var leaders, waiting, periodic int
		pool.QueryRow(ctx, `SELECT count(*) FROM river_leader WHERE expires_at > now()`).Scan(&leaders)
		pool.QueryRow(ctx, `SELECT count(DISTINCT kind) FROM river_job
			WHERE kind IN ('prune', 'plan_upcoming', 'shuttle_sweep')`).Scan(&periodic)
		pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE queue IN ('sms', 'planning')
			AND (state IN ('available', 'retryable', 'pending')
			  OR (state = 'scheduled' AND scheduled_at < now() + interval '10 seconds')
			  OR (state = 'running' AND attempted_at > $1))`, killedAt.Load()).Scan(&waiting)
		if leaders == 1 && waiting == 0 && periodic == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s: %d leaders, %d jobs waiting, %d of 3 periodic kinds enqueued", leaders, waiting, periodic)
		}
		time.Sleep(200 * time.Millisecond)
	}
	sent := fake.Sent()
	unique := map[string]int{}
	for _, m := range sent {
		unique[m.To+"\x00"+m.Body]++
	}
	t.Logf("SMS sent %d, unique %d", len(sent), len(unique))
	if len(sent) == 0 {
		t.Error("no SMS was sent; the run shows nothing about sending once")
	}
	if len(unique) != len(sent) {
		t.Errorf("%d SMS reached Twilio, only %d different", len(sent), len(unique))
	}
	// Periodic work: the killed leader's successor runs its start-up jobs
	// again, but each is unique per period, so each ran (or runs) once.
	for _, kind := range []string{"prune", "plan_upcoming", "shuttle_sweep"} {
		var runs int
		pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = $1`, kind).Scan(&runs)
		t.Logf("periodic %s: %d", kind, runs)
		if runs != 1 {
			t.Errorf("periodic job %s was enqueued %d times, want once", kind, runs)
		}
	}
}
