package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// TestMigrateOnce checks that instances migrating at once on a migrated
// database both succeed and apply nothing, that Current then holds, and that
// a missing migration makes it false.
func TestMigrateOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.Pool(t)
	var wg sync.WaitGroup
	applied := make([][]string, 2)
	errs := make([]error, 2)
	for i := range applied {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = store.Migrate(ctx, pool)
		}()
	}
	wg.Wait()
	for i := range applied {
		if errs[i] != nil || len(applied[i]) != 0 {
			t.Fatalf("migrate %d = %v, %v; want nothing applied", i, applied[i], errs[i])
		}
	}
	if ok, err := store.Current(ctx, pool); err != nil || !ok {
		t.Fatalf("current = %v, %v; want true", ok, err)
	}
	var gone bool
	if err := pool.QueryRow(ctx, "SELECT to_regclass('messages_to_idx') IS NULL").Scan(&gone); err != nil || !gone {
		t.Fatalf("messages_to_idx dropped = %v, %v; want true (0004)", gone, err)
	}
	if _, err := pool.Exec(ctx, "DELETE FROM schema_migrations WHERE name = '0003_sms.sql'"); err != nil {
		t.Fatal(err)
	}
	if ok, err := store.Current(ctx, pool); err != nil || ok {
		t.Fatalf("current without 0003 = %v, %v; want false", ok, err)
	}
}
