package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// rescueChildEnv makes the test binary run the service (runRescueChild)
// instead of the tests, so that a test can kill it with SIGKILL.
const rescueChildEnv = "FAHRDIENST_RESCUE_CHILD"

// crashTimings are the service's job timings shortened for the crash test,
// in the same order: timeouts < lease < rescue.
var crashTimings = jobTimings{rescueAfter: 2 * time.Second, jobTimeout: time.Second,
	sendTimeout: 1500 * time.Millisecond, sendingLease: 1800 * time.Millisecond, retryDelay: 100 * time.Millisecond}

// crashSecret keeps the services of the test from writing a secret file.
const crashSecret = "0123456789abcdef0123456789abcdef-crash"

// runRescueChild is the service as `fahrdienst serve` runs it, with the
// crash test's timings, until it is killed.
func runRescueChild() int {
	cfg, err := loadConfig()
	if err != nil {
		return 2
	}
	cfg.Jobs = crashTimings
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, nil))); err != nil {
		return 1
	}
	return 0
}

// Issue 13, finding 2: a process killed with SIGKILL while sending an SMS
// (Twilio hangs) leaves the job 'running' and the message 'sending'. A
// second instance rescues the job after RescueStuckJobsAfter (shortened
// here), looks the message up at Twilio and delivers it, once.
func TestKilledInstanceJobIsRescued(t *testing.T) {
	ctx := context.Background()
	url := storetest.URL(t)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	fake := twiliotest.NewTwilio(t)
	fake.SetHang(true)
	const to = "+491511234567"
	msgID := enqueueSMS(t, pool, to)

	child := exec.Command(os.Args[0], "-test.run=^$")
	var out bytes.Buffer
	child.Stdout, child.Stderr = &out, &out
	child.Env = append(os.Environ(), rescueChildEnv+"=1", "DATABASE_URL="+url, "FAHRDIENST_ADDR=127.0.0.1:0",
		"FAHRDIENST_DATA_DIR="+t.TempDir(), "FAHRDIENST_SECRET="+crashSecret)
	child.Env = append(child.Env, fakeTwilioEnv(fake.URL())...)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 15*time.Second, "the child's send reaching Twilio", func() bool { return len(fake.Captured()) > 0 })
	if err := child.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	child.Wait()
	var job, msg string
	if err := pool.QueryRow(ctx, `SELECT j.state, m.status FROM river_job j, messages m
		WHERE j.kind = 'sms_send' AND m.id = $1`, msgID).Scan(&job, &msg); err != nil {
		t.Fatal(err)
	}
	if job != "running" || msg != "sending" {
		t.Fatalf("after kill -9: job %s, message %s; want running, sending (child log:\n%s)", job, msg, out.String())
	}
	fake.SetHang(false)

	// The dead leader's term would run out by itself 15 s after its last
	// renewal (River's elect interval plus padding); end it now to keep
	// the test short. The rescue is what is tested, not the election.
	time.Sleep(crashTimings.rescueAfter)
	if _, err := pool.Exec(ctx, `DELETE FROM river_leader`); err != nil {
		t.Fatal(err)
	}
	stopSecond := startSecondInstance(t, pool, fake.URL())
	defer stopSecond()
	start := time.Now()
	waitUntil(t, 20*time.Second, "the rescued job to complete", func() bool {
		var done bool
		pool.QueryRow(ctx, `SELECT state = 'completed' FROM river_job WHERE kind = 'sms_send'`).Scan(&done)
		return done
	})
	t.Logf("rescued and completed %.1f s after the second instance started", time.Since(start).Seconds())
	if got := fake.SentTo(to); len(got) != 1 {
		t.Fatalf("the SMS reached Twilio %d times, want once", len(got))
	}
	var stuckMsgs, stuckJobs int
	pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE status IN ('pending', 'sending')`).Scan(&stuckMsgs)
	pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE state = 'running' AND attempted_at < now() - $1::interval`,
		crashTimings.rescueAfter.String()).Scan(&stuckJobs)
	t.Logf("after the rescue: %d messages pending or sending, %d jobs running past the rescue interval", stuckMsgs, stuckJobs)
	if stuckMsgs != 0 || stuckJobs != 0 {
		t.Fatalf("%d messages and %d jobs still stuck", stuckMsgs, stuckJobs)
	}
}

// enqueueSMS records a message and its send job, as the store does in the
// transaction that causes a message.
func enqueueSMS(t *testing.T, pool *pgxpool.Pool, to string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := pool.QueryRow(ctx, `INSERT INTO messages (direction, kind, to_number, body, status)
		VALUES ('out', 'confirmation', $1, 'Fahrdienst: Ihre Fahrt morgen 09:00 ist bestätigt.', 'pending')
		RETURNING id`, to).Scan(&id); err != nil {
		t.Fatal(err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Insert(ctx, store.SendArgs{MessageID: id}, nil); err != nil {
		t.Fatal(err)
	}
	return id
}

// startSecondInstance runs the service in this process with the crash
// test's timings and returns how to stop it.
func startSecondInstance(t *testing.T, pool *pgxpool.Pool, twilioURL string) func() {
	t.Helper()
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr, cfg.DataDir, cfg.SecretValue, cfg.Jobs = "127.0.0.1:0", t.TempDir(), crashSecret, crashTimings
	cfg.TwilioSID, cfg.TwilioToken, cfg.TwilioFrom = twiliotest.AccountSID, twiliotest.AuthToken, twiliotest.From
	cfg.TwilioService, cfg.TwilioAPIURL = "", twilioURL
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), pool) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("second instance: %v", err)
		}
	}
}

// waitUntil polls ok until it holds, failing the test after limit.
func waitUntil(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
