package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestSessionsAndLoginFailures(t *testing.T) {
	t.Parallel()
	clock := now
	s := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return clock }, Location: berlin})
	ctx := context.Background()
	r := mustRider(t, s, "Erna", "Schmidt", "")
	a, err := s.CreateAccount(ctx, system, dispatch.Account{Email: " Tochter@Example.org ", Role: dispatch.RoleRelative,
		RiderIDs: []int64{r.ID}}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateAccount(ctx, system, dispatch.Account{Email: "tochter@example.org", Role: dispatch.RoleCoordinator}, "x")
	wantCode(t, err, dispatch.CodeConflict)
	got, hash, err := s.AccountForLogin(ctx, "TOCHTER@example.org")
	if err != nil || got.ID != a.ID || hash != "hash" || len(got.RiderIDs) != 1 {
		t.Fatalf("login account: %+v %q %v", got, hash, err)
	}
	token := sha256.Sum256([]byte("token"))
	invite := sha256.Sum256([]byte("invite"))
	if err := s.CreateSession(ctx, a.ID, token[:], dispatch.SessionAPI, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, a.ID, invite[:], "invite", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionAccount(ctx, token[:], dispatch.SessionBrowser, dispatch.SessionAPI); err != nil || got.ID != a.ID || got.RiderIDs[0] != r.ID {
		t.Fatalf("session: %+v %v", got, err)
	}
	_, err = s.SessionAccount(ctx, invite[:], dispatch.SessionBrowser, dispatch.SessionAPI)
	wantCode(t, err, dispatch.CodeNotFound)
	clock = now.Add(2 * time.Hour)
	_, err = s.SessionAccount(ctx, token[:], dispatch.SessionBrowser, dispatch.SessionAPI)
	wantCode(t, err, dispatch.CodeNotFound)

	for range 3 {
		if err := s.RecordLoginFailure(ctx, "Tochter@example.org", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordLoginFailure(ctx, "someone@example.org", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	byPair, byEmail, byAddr, err := s.LoginFailures(ctx, "tochter@EXAMPLE.org", "10.0.0.2", clock.Add(-time.Minute))
	if err != nil || byPair != 0 || byEmail != 3 || byAddr != 1 {
		t.Fatalf("failures from another address: %d %d %d %v", byPair, byEmail, byAddr, err)
	}
	byPair, byEmail, byAddr, err = s.LoginFailures(ctx, "tochter@example.org", "10.0.0.1", clock.Add(-time.Minute))
	if err != nil || byPair != 3 || byEmail != 3 || byAddr != 3 {
		t.Fatalf("failures from the same address: %d %d %d %v", byPair, byEmail, byAddr, err)
	}
	_, byEmail, _, _ = s.LoginFailures(ctx, "tochter@example.org", "", clock.Add(time.Minute))
	if byEmail != 0 {
		t.Fatalf("failures outside the window counted: %d", byEmail)
	}
}

// A key is served once; a retry sees the first request running, then its
// answer; another request under the key is invalid; a claim whose instance
// died is taken over after a while; a released key is free again.
func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	clock := now
	s := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return clock }, Location: berlin})
	ctx := context.Background()
	a, err := s.CreateAccount(ctx, system, dispatch.Account{Email: "k@example.org", Role: dispatch.RoleCoordinator}, "x")
	if err != nil {
		t.Fatal(err)
	}
	h1, h2 := []byte("one"), []byte("two")
	claim := func(key string, hash []byte) *dispatch.IdempotentResponse {
		t.Helper()
		r, err := s.ClaimIdempotencyKey(ctx, a.ID, key, hash)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := claim("k", h1); r != nil {
		t.Fatalf("first claim answered %+v", r)
	}
	if r := claim("k", h1); r == nil || r.Status != 0 {
		t.Fatalf("a running request: %+v", r)
	}
	if err := s.SaveIdempotentResponse(ctx, a.ID, "k", dispatch.IdempotentResponse{Status: 201, Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if r := claim("k", h1); r == nil || r.Status != 201 || !bytes.Equal(r.Body, []byte(`{}`)) {
		t.Fatalf("the kept answer: %+v", r)
	}
	_, err = s.ClaimIdempotencyKey(ctx, a.ID, "k", h2)
	wantCode(t, err, dispatch.CodeInvalid)

	claim("dead", h1)
	clock = clock.Add(2 * time.Minute)
	if r := claim("dead", h1); r != nil {
		t.Fatalf("a stale claim was not taken over: %+v", r)
	}
	if err := s.ReleaseIdempotencyKey(ctx, a.ID, "dead"); err != nil {
		t.Fatal(err)
	}
	if r := claim("dead", h2); r != nil {
		t.Fatalf("a released key is not free: %+v", r)
	}
	// Kept 48 hours, then pruned.
	clock = clock.Add(49 * time.Hour)
	if _, err := s.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if r := claim("k", h2); r != nil {
		t.Fatalf("a pruned key is still there: %+v", r)
	}
}
