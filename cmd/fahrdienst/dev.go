package main

import (
	"context"
	"log/slog"

	"github.com/fahrdienst/fahrdienst/store"
)

// dev is what `make run` does: the embedded PostgreSQL when DATABASE_URL is
// empty, migrations, the demo data into an empty database, and the service.
func dev(ctx context.Context, cfg config, log *slog.Logger) error {
	pool, stop, err := openPool(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer stop()
	applied, err := store.Migrate(ctx, pool)
	if err != nil {
		return err
	}
	log.Info("migrations current", "applied_now", len(applied))
	seeded, err := seed(ctx, cfg, pool)
	if err != nil {
		return err
	}
	if seeded {
		log.Info("demo data loaded")
	}
	return serveOn(ctx, cfg, log, pool)
}
