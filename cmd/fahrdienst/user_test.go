package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestUserAdd(t *testing.T) {
	t.Parallel()
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = storetest.URL(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	st := store.New(pool, store.Options{})
	rider, err := st.CreateRider(ctx, dispatch.Actor{}, dispatch.Rider{FirstName: "Erna", LastName: "Schmidt",
		Street: "Hauptstr. 1", City: "Bitburg", Lat: 49.97, Lon: 6.52, ContactPreference: "call", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	add := func(password string, args ...string) error {
		var out bytes.Buffer
		return userAdd(ctx, cfg, log, append([]string{"add"}, args...), strings.NewReader(password), &out)
	}
	if err := add("a long enough secret\n", "--email", "k@example.org", "--role", "coordinator"); err != nil {
		t.Fatal(err)
	}
	if err := add("another long secret", "--email", "t@example.org", "--role", "relative", "--rider", "1"); err != nil {
		t.Fatal(err)
	}
	a, hash, err := st.AccountForLogin(ctx, "T@example.org")
	if err != nil || a.Role != dispatch.RoleRelative || len(a.RiderIDs) != 1 || a.RiderIDs[0] != rider.ID ||
		!strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("relative: %+v %v", a, err)
	}
	for _, bad := range [][]string{
		{"short\n", "--email", "x@example.org", "--role", "coordinator"},
		{"a long enough secret", "--email", "x@example.org", "--role", "driver"},
		{"a long enough secret", "--email", "x@example.org", "--role", "relative"},
		{"a long enough secret", "--email", "k@example.org", "--role", "coordinator"},
		{"a long enough secret", "--email", "y@example.org", "--role", "relative", "--rider", "999"},
	} {
		if err := add(bad[0], bad[1:]...); err == nil {
			t.Errorf("user add %v was accepted", bad[1:])
		}
	}
}

// The load benchmark runs end to end, briefly.
func TestLoadtest(t *testing.T) {
	t.Parallel()
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = storetest.URL(t)
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := loadtest(context.Background(), cfg, log, []string{"--clients", "2", "--duration", "200ms", "--conns", "2"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ratio") || strings.Contains(out.String(), "first error") {
		t.Fatalf("output:\n%s", out.String())
	}
}
