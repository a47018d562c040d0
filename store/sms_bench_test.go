package store_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
	"github.com/fahrdienst/fahrdienst/twilio"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// BenchmarkSMSLoad pushes 10,000 SMS jobs through the send worker to a
// local fake Twilio, on the real database, in two runs:
//
//   - burst: 10,000 messages due now; reports messages per second;
//   - scheduled: 10,000 messages due over 20 seconds (500 a second), as
//     reminders are; reports the lateness (sent_at - due_at) at p50 and p99.
//
// Run it with
//
//	go test ./store -run '^$' -bench SMSLoad -benchtime 1x
//
// SMS_BENCH_WORKERS (default 50) sets the sms queue's MaxWorkers and
// SMS_BENCH_CONNS (default 20) the pool size.
func BenchmarkSMSLoad(b *testing.B) {
	workers := envInt("SMS_BENCH_WORKERS", 50)
	conns := envInt("SMS_BENCH_CONNS", 20)
	const n = 10000
	for range b.N {
		pool, client := benchService(b, workers, conns)
		start := time.Now()
		insertLoad(b, pool, client, n, start, 0)
		waitSent(b, pool, n)
		rate := float64(n) / time.Since(start).Seconds()
		first := time.Now().Add(3 * time.Second)
		insertLoad(b, pool, client, n, first, 20*time.Second)
		waitSent(b, pool, 2*n)
		var p50, p99 float64
		if err := pool.QueryRow(context.Background(), `SELECT
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
			percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at))
			FROM messages WHERE kind = 'time_changed'`).Scan(&p50, &p99); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(p50, "p50-lateness-s")
		b.ReportMetric(p99, "p99-lateness-s")
		b.Logf("workers %d, pool %d: burst %.0f msgs/s; reminders lateness p50 %.3fs p99 %.3fs", workers, conns, rate, p50, p99)
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func benchService(b *testing.B, workers, conns int) (*pgxpool.Pool, *river.Client[pgx.Tx]) {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(storetest.URL(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = int32(conns)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	fake := twiliotest.NewTwilio(b)
	fake.KeepRequests(false)
	sender, err := twilio.NewSender(twilio.Config{AccountSID: twiliotest.AccountSID,
		AuthToken: twiliotest.AuthToken, From: twiliotest.From, APIURL: fake.URL()})
	if err != nil {
		b.Fatal(err)
	}
	st := store.New(pool, store.Options{Location: berlin})
	ws := river.NewWorkers()
	river.AddWorker(ws, &store.SendWorker{Outbox: st, Sender: sender})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:  map[string]river.QueueConfig{store.QueueSMS: {MaxWorkers: workers}},
		Workers: ws, FetchPollInterval: 250 * time.Millisecond, FetchCooldown: 20 * time.Millisecond,
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { client.Stop(context.Background()) })
	return pool, client
}

// insertLoad writes n messages due from first over spread (0: all at
// first), each with its send job, as the store does, in batches.
func insertLoad(b *testing.B, pool *pgxpool.Pool, client *river.Client[pgx.Tx], n int, first time.Time, spread time.Duration) {
	ctx := context.Background()
	// Notices, not reminders: a reminder is checked against its ride, and
	// these have none; the send path is the same otherwise.
	kind := notify.KindRideCancelled
	if spread > 0 {
		kind = notify.KindTimeChanged
	}
	const batch = 1000
	for done := 0; done < n; done += batch {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			rows, _ := tx.Query(ctx, `INSERT INTO messages (direction, kind, to_number, body, status, due_at)
				SELECT 'out', $1, '+49170' || lpad(i::text, 7, '0'), 'Fahrdienst: Last ' || i, 'pending',
				       $2::timestamptz + (i * $3::float8) * interval '1 microsecond'
				FROM generate_series($4::int, $5::int) i RETURNING id, due_at`,
				kind, first, float64(spread.Microseconds())/float64(n), done, done+batch-1)
			var params []river.InsertManyParams
			var id int64
			var due time.Time
			if _, err := pgx.ForEachRow(rows, []any{&id, &due}, func() error {
				opts := &river.InsertOpts{}
				if spread > 0 {
					opts.ScheduledAt = due
				}
				params = append(params, river.InsertManyParams{Args: store.SendArgs{MessageID: id}, InsertOpts: opts})
				return nil
			}); err != nil {
				return err
			}
			_, err := client.InsertManyFastTx(ctx, tx, params)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func waitSent(b *testing.B, pool *pgxpool.Pool, want int) {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		var sent, failed int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE status = 'queued'),
			count(*) FILTER (WHERE status NOT IN ('queued', 'pending', 'sending')) FROM messages`).Scan(&sent, &failed); err != nil {
			b.Fatal(err)
		}
		if failed > 0 {
			var why string
			pool.QueryRow(context.Background(), `SELECT status || ': ' || error_message FROM messages WHERE status NOT IN ('queued', 'pending', 'sending') LIMIT 1`).Scan(&why)
			b.Fatalf("%d messages not sent (%s)", failed, why)
		}
		if sent >= want {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d sent", sent, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
