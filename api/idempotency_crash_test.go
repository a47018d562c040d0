package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/api"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// crashingStore is the store of an instance that dies between committing a
// write and anything it does after: while crash is set, keeping the answer
// of an Idempotency-Key in a step of its own never happens (the process is
// gone). Its clock can be moved on, so that the retry comes when the first
// claim has gone stale, as a client's retry a minute later does.
type crashingStore struct {
	api.Store
	crash atomic.Bool
}

func (c *crashingStore) SaveIdempotentResponse(ctx context.Context, accountID int64, key string, r dispatch.IdempotentResponse) error {
	if c.crash.Load() {
		panic("the instance died after the commit")
	}
	return c.Store.SaveIdempotentResponse(ctx, accountID, key, r)
}

func (c *crashingStore) ReleaseIdempotencyKey(ctx context.Context, accountID int64, key string) error {
	if c.crash.Load() {
		panic("the instance died after the commit")
	}
	return c.Store.ReleaseIdempotencyKey(ctx, accountID, key)
}

// crashEnv is an env whose store crashes after commits and whose clock the
// test moves.
func crashEnv(t *testing.T) (*env, *crashingStore, *atomic.Int64) {
	var offset atomic.Int64
	var cs *crashingStore
	e := newEnv(t, func(d *api.Deps) {
		clock := func() time.Time { return now.Add(time.Duration(offset.Load())) }
		st := store.New(d.Store.(*store.Store).Pool(), store.Options{Now: clock, Location: berlin})
		cs = &crashingStore{Store: st}
		d.Store, d.Now = cs, clock
	})
	return e, cs, &offset
}

// post sends a request straight to the handler (safe from goroutines: no
// t.Fatal) and returns status and body.
func (e *env) post(path, key string, body any) (int, []byte) {
	data, _ := json.Marshal(body)
	req := httptest.NewRequest("POST", path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.tokens[coordinator])
	req.Header.Set("Idempotency-Key", key)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// Issue 13, finding 4: requests in flight when their instance dies after
// the commit, retried with their Idempotency-Key a minute later, must be
// answered from the first attempt: no second rider, and a booking is
// answered with the booking made, not with "the rider already has a trip".
func TestIdempotencyCrashAfterCommit(t *testing.T) {
	t.Parallel()
	e, cs, offset := crashEnv(t)
	const inFlight = 32
	riders := make([]map[string]any, inFlight)
	first := make([][]byte, inFlight)
	cs.crash.Store(true)
	var wg sync.WaitGroup
	for i := range inFlight {
		riders[i] = riderBody(fmt.Sprintf("Gerda%d", i), fmt.Sprintf("0651 9%04d", i))
		wg.Go(func() { _, first[i] = e.post("/api/v1/riders", fmt.Sprintf("r%d", i), riders[i]) })
	}
	wg.Wait()
	booking := e.booking(e.mine, time.Date(2026, 11, 25, 10, 0, 0, 0, berlin), map[string]any{"type": "on_call"})
	e.post("/api/v1/trips", "b1", booking)

	cs.crash.Store(false)
	offset.Store(int64(2 * time.Minute))
	for i := range inFlight {
		wg.Go(func() {
			status, body := e.post("/api/v1/riders", fmt.Sprintf("r%d", i), riders[i])
			if status != http.StatusCreated {
				t.Errorf("retry of rider %d: %d %s (first answer %s)", i, status, body, first[i])
			}
		})
	}
	wg.Wait()
	var n int
	if err := cs.Store.(*store.Store).Pool().QueryRow(context.Background(),
		`SELECT count(*) FROM riders WHERE first_name LIKE 'Gerda%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	t.Logf("riders in flight during the crash: %d, riders after the retries: %d, duplicates: %d", inFlight, n, n-inFlight)
	if n != inFlight {
		t.Errorf("%d riders after %d requests and their retries", n, inFlight)
	}
	status, body := e.post("/api/v1/trips", "b1", booking)
	if status != http.StatusCreated {
		t.Fatalf("the retried booking: %d %s", status, body)
	}
	var got legs
	if err := json.Unmarshal(body, &got); err != nil || len(got.Legs) != 2 {
		t.Fatalf("the retried booking answered %s", body)
	}
	var trips int
	cs.Store.(*store.Store).Pool().QueryRow(context.Background(), `SELECT count(*) FROM trips`).Scan(&trips)
	if trips != 2 {
		t.Fatalf("%d trips after one booking and its retry", trips)
	}
}
