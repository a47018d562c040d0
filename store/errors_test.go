package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
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
