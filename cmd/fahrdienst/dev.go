package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
)

// dev is what `make run` does: the embedded PostgreSQL when DATABASE_URL is
// empty, migrations, the demo data into an empty database, and the service.
func dev(ctx context.Context, cfg config, log *slog.Logger) error {
	if err := cfg.bind(); err != nil {
		return err
	}
	defer cfg.startTracing(ctx, log)()
	pool, stop, err := openMigrated(ctx, cfg, log)
	if err != nil {
		cfg.bound.close()
		return err
	}
	defer stop()
	seeded, err := seedEmpty(ctx, cfg, pool)
	if err != nil {
		return err
	}
	if seeded {
		log.Info("demo data loaded")
	}
	var demo bool
	if err := pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM accounts WHERE email = $1)", demoCoordinator).Scan(&demo); err == nil && demo {
		fmt.Fprintf(os.Stderr, "\nFahrdienst runs at %s — demo logins: %s (coordinator), %s (relative), password %s\n\n",
			cfg.PublicURL, demoCoordinator, demoRelative, demoPassword)
	}
	return serveOn(ctx, cfg, log, pool)
}
