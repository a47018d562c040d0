package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/internal/obs"
	"github.com/fahrdienst/fahrdienst/pgserver"
	"github.com/fahrdienst/fahrdienst/store"
)

// openPool connects to DATABASE_URL; without it, the subcommands that only
// work on a database (migrate, seed-demo) use the embedded server like dev.
// The returned stop closes the pool and stops a server this process started.
func openPool(ctx context.Context, cfg config, log *slog.Logger, embedded bool) (*pgxpool.Pool, func(), error) {
	url := cfg.DatabaseURL
	var srv *pgserver.Server
	if url == "" {
		if !embedded {
			return nil, nil, configError{"DATABASE_URL is not set (use `fahrdienst dev` for the embedded database)"}
		}
		var err error
		if srv, err = pgserver.Start(ctx, cfg.DataDir); err != nil {
			return nil, nil, fmt.Errorf("embedded PostgreSQL: %w", err)
		}
		if srv.Relocated {
			log.Info("embedded PostgreSQL running outside the data folder, which its postgres user cannot reach; it stays there across restarts",
				"dir", srv.Dir, "data_dir", cfg.DataDir)
		} else {
			log.Info("embedded PostgreSQL running", "dir", srv.Dir)
		}
		url = srv.URL
	}
	pcfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, nil, configError{"invalid DATABASE_URL: not a PostgreSQL connection string"}
	}
	if cfg.Tracer != nil {
		pcfg.ConnConfig.Tracer = obs.PgxTracer(cfg.Tracer)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	stop := func() {
		if pool != nil {
			pool.Close()
		}
		if err := srv.Stop(); err != nil {
			log.Error("stopping embedded PostgreSQL", "err", err)
		} else if srv != nil {
			log.Info("embedded PostgreSQL stopped")
		}
	}
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("database: %w", err)
	}
	return pool, stop, nil
}

// openMigrated is openPool with every migration applied, for the commands
// that work on the data (dev, seed-demo, loadtest).
func openMigrated(ctx context.Context, cfg config, log *slog.Logger) (*pgxpool.Pool, func(), error) {
	pool, stop, err := openPool(ctx, cfg, log, true)
	if err != nil {
		return nil, nil, err
	}
	applied, err := store.Migrate(ctx, pool)
	if err != nil {
		stop()
		return nil, nil, err
	}
	log.Info("migrations current", "applied_now", len(applied))
	return pool, stop, nil
}

func migrate(ctx context.Context, cfg config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "status") {
		return errors.Join(errUsage, errors.New("usage: fahrdienst migrate up|status"))
	}
	pool, stop, err := openPool(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer stop()
	if args[0] == "up" {
		applied, err := store.Migrate(ctx, pool)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "applied %d migrations %v; River's are current\n", len(applied), applied)
		return nil
	}
	status, err := store.MigrationStatus(ctx, pool)
	if err != nil {
		return err
	}
	for _, m := range status {
		state := "pending"
		if m.Applied {
			state = "applied"
		}
		fmt.Fprintf(out, "%-8s %s\n", state, m.Name)
	}
	return nil
}
