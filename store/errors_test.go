package store_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// TestConflictsNameTheirRule breaks the rules of the data that the web
// pages translate: each error carries its rule, so that no caller has to
// read the English message.
func TestConflictsNameTheirRule(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	shop := mustPlace(t, s, "Globus")
	r := mustRider(t, s, "Erna", "Einkauf", "")
	sh := mustShuttle(t, s, shop, 8)
	sub := dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: "2026-11-01"}
	if err := s.Subscribe(ctx, system, sub); err != nil {
		t.Fatal(err)
	}
	account := dispatch.Account{Email: "k@example.org", Role: dispatch.RoleCoordinator}
	if _, err := s.CreateAccount(ctx, system, account, "x"); err != nil {
		t.Fatal(err)
	}
	other := mustRider(t, s, "Karl", "Nie", "")
	for _, tc := range []struct {
		name string
		err  error
		code dispatch.Code
		rule dispatch.Rule
	}{
		{"subscribed twice", s.Subscribe(ctx, system, sub), dispatch.CodeConflict, dispatch.RuleSubscribed},
		{"email taken", func() error { _, err := s.CreateAccount(ctx, system, account, "x"); return err }(),
			dispatch.CodeConflict, dispatch.RuleEmailTaken},
		{"skip without subscription", s.Skip(ctx, system, sh.ID, other.ID, time.Now().In(berlin).AddDate(0, 0, 7).Format(time.DateOnly)), dispatch.CodeNotFound, dispatch.RuleNotSubscribed},
	} {
		var de *dispatch.Error
		if !errors.As(tc.err, &de) || de.Code != tc.code || de.Rule != tc.rule {
			t.Errorf("%s: %v, want %s with rule %s", tc.name, tc.err, tc.code, tc.rule)
		}
	}
}

// TestOutageIsUnavailable reads through a pool whose server is gone: a
// database outage is CodeUnavailable (503 with Retry-After), not internal.
func TestOutageIsUnavailable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more: connections are refused
	pool, err := pgxpool.New(context.Background(), "postgres://x@"+addr+"/x?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := store.New(pool, store.Options{Now: func() time.Time { return now }, Location: berlin})
	_, err = s.Trip(context.Background(), 1)
	wantCode(t, err, dispatch.CodeUnavailable)
	_, err = s.BookTrip(context.Background(), system, []dispatch.Trip{{RiderID: 1}})
	wantCode(t, err, dispatch.CodeUnavailable)
}
