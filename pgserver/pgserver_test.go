package pgserver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestStartFromScratch initialises a cluster in an empty folder, starts it,
// stores a row, stops it, and starts it again to find the row: what `make run`
// does on a fresh machine and on the second start.
func TestStartFromScratch(t *testing.T) {
	if _, err := FindBinaries(); errors.Is(err, ErrNoBinaries) {
		t.Skip("no PostgreSQL server binaries on this machine")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base, err := os.MkdirTemp("", "pgs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	// The server may run as the postgres user, which must be able to enter the folder.
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "data")

	s := startOrFail(ctx, t, dir)
	execSQL(ctx, t, s.URL, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")

	again, err := Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if again.owned {
		t.Error("a second Start on a running server started another one")
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := pgx.Connect(ctx, s.URL); err == nil {
		t.Fatal("server still answers after Stop")
	}

	s = startOrFail(ctx, t, dir)
	defer s.Stop()
	conn, err := pgx.Connect(ctx, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != 42 {
		t.Fatalf("data did not survive a restart: %v %v", v, err)
	}
}

func startOrFail(ctx context.Context, t *testing.T, dir string) *Server {
	t.Helper()
	s, err := Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !s.owned {
		t.Fatal("Start did not start a server in an empty folder")
	}
	return s
}

func execSQL(ctx context.Context, t *testing.T, url, sql string) {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}
