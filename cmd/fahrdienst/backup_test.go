package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// TestBackupAndRestore is the documented backup: pg_dump in the custom
// format of a database with the demo data, SMS sent by a planning run and
// River's jobs, pg_restore into a new database, and the service's store on
// it finds the same riders, trips, messages and job states.
func TestBackupAndRestore(t *testing.T) {
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install postgresql-client; .ci/run does)", tool)
		}
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	source := storetest.URL(t)
	pool, err := pgxpool.New(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := seed(ctx, cfg, pool); err != nil {
		t.Fatal(err)
	}
	// A planning run on start offers rides by SMS: messages and jobs to keep.
	svc, err := newService(ctx, cfg, slog.New(slog.DiscardHandler), pool)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(90 * time.Second); count(ctx, t, pool, "SELECT count(*) FROM messages") == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no SMS within 90 s")
		}
	}
	if err := svc.jobs.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	dump := filepath.Join(t.TempDir(), "fahrdienst.dump")
	runTool(t, exec.Command("pg_dump", "--format=custom", "--file="+dump, source))
	target := emptyDatabase(ctx, t, source)
	runTool(t, exec.Command("pg_restore", "--no-owner", "--exit-on-error", "--dbname="+target, dump))

	restored, err := pgxpool.New(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if err := ready(ctx, restored); err != nil {
		t.Fatalf("the restored database is not ready: %v", err)
	}
	for _, q := range []string{
		"SELECT count(*) FROM riders", "SELECT count(*) FROM trips", "SELECT count(*) FROM messages",
		"SELECT count(*) FROM accounts", "SELECT count(*) FROM river_job WHERE state = 'completed'",
		"SELECT count(*) FROM river_job WHERE state <> 'completed'",
		"SELECT coalesce(sum(hashtext(body)), 0) FROM messages",
	} {
		if a, b := count(ctx, t, pool, q), count(ctx, t, restored, q); a != b || a == 0 && q != "SELECT count(*) FROM river_job WHERE state <> 'completed'" {
			t.Errorf("%s: %d before, %d restored", q, a, b)
		}
	}
	before, after := store.New(pool, store.Options{}), store.New(restored, store.Options{})
	r1, err1 := before.SearchRiders(ctx, dispatch.RiderFilter{Query: "schmitz"})
	r2, err2 := after.SearchRiders(ctx, dispatch.RiderFilter{Query: "schmitz"})
	m1, err3 := before.Messages(ctx, dispatch.MessageFilter{Limit: 100})
	m2, err4 := after.Messages(ctx, dispatch.MessageFilter{Limit: 100})
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || len(r1) == 0 || len(r1) != len(r2) || len(m1) != len(m2) {
		t.Fatalf("store on the restored database: riders %d/%d, messages %d/%d, %v %v %v %v",
			len(r1), len(r2), len(m1), len(m2), err1, err2, err3, err4)
	}
}

// emptyDatabase creates a new database on the server of source, dropped
// when the test ends, and returns its URL.
func emptyDatabase(ctx context.Context, t *testing.T, source string) string {
	t.Helper()
	u, err := url.Parse(source)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("fdrestore_%d", time.Now().UnixNano())
	admin := *u
	admin.Path = "/postgres"
	conn, err := pgx.Connect(ctx, admin.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin.String())
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	u.Path = "/" + name
	return u.String()
}

func count(ctx context.Context, t *testing.T, pool *pgxpool.Pool, q string) int64 {
	t.Helper()
	var n int64
	if err := pool.QueryRow(ctx, q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func runTool(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
}
