// Package storetest gives every test its own migrated PostgreSQL database, so
// that tests run in parallel and never see each other's rows. The server is
// TEST_DATABASE_URL, else the one on 127.0.0.1:5432 when it answers, else a
// private server started from the machine's PostgreSQL binaries for the
// duration of the test binary. Databases are cloned from a template that is
// migrated once per set of migrations.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/pgserver"
	"github.com/fahrdienst/fahrdienst/store"
)

const localURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var (
	once     sync.Once
	adminURL string
	template string
	embedded *pgserver.Server
	setupErr error
)

// Main runs the tests of a package and stops the private server, if one was
// started. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if embedded != nil {
		embedded.Stop()
		os.RemoveAll(filepath.Dir(embedded.Dir))
	}
	os.Exit(code)
}

// URL returns the connection string of a fresh, migrated database for this
// test; the database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { setupErr = setup() })
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	ctx := context.Background()
	name := "fdt_" + randomHex(8)
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), adminURL)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(context.Background(), fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	})
	return withDatabase(adminURL, name)
}

// Pool returns a pool on a fresh, migrated database for this test.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func setup() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var err error
	if adminURL, err = server(ctx); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(store.MigrationsFingerprint()))
	template = "fdtpl_" + hex.EncodeToString(sum[:6])
	return ensureTemplate(ctx)
}

func server(ctx context.Context) (string, error) {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u, nil
	}
	probe, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(probe, localURL); err == nil {
		conn.Close(ctx)
		return localURL, nil
	}
	dir, err := os.MkdirTemp("", "fahrdienst-test-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", err
	}
	if embedded, err = pgserver.Start(ctx, dir); err != nil {
		return "", err
	}
	return withDatabase(embedded.URL, "postgres"), nil
}

// ensureTemplate builds the template database once per migration set. Test
// binaries of several packages run at once, so the build is serialised by an
// advisory lock, and done under a temporary name so that a crash halfway
// leaves no half-migrated template behind.
func ensureTemplate(ctx context.Context) error {
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(4242)"); err != nil {
		return err
	}
	defer admin.Exec(ctx, "SELECT pg_advisory_unlock(4242)")
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", template).Scan(&exists); err != nil || exists {
		return err
	}
	building := template + "_building"
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)"); err != nil {
		return err
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+building); err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, withDatabase(adminURL, building))
	if err != nil {
		return err
	}
	_, err = store.Migrate(ctx, pool)
	pool.Close()
	if err != nil {
		return err
	}
	_, err = admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, template))
	return err
}

// withDatabase points a postgres:// URL at another database on the same server.
func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
