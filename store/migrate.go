package store

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/fahrdienst/fahrdienst/migrations"
)

// migrationLock is the advisory lock key that serialises migrations, so that
// several instances starting at once apply each migration exactly once.
const migrationLock = 0x46616872 // "Fahr"

// Migration is one schema migration and whether it has been applied.
type Migration struct {
	Name    string
	Applied bool
}

func migrationFiles() ([]string, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// Migrate applies the pending migrations of Fahrdienst, in one transaction,
// and then River's own (which need a transaction each), all under one
// advisory lock so that instances starting at once apply each exactly once.
// It returns the names applied.
func Migrate(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", migrationLock)
	var applied []string
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		applied, err = migrateOurs(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := migrateRiver(ctx, pool); err != nil {
		return nil, fmt.Errorf("migrate river: %w", err)
	}
	return applied, nil
}

func migrateOurs(ctx context.Context, tx pgx.Tx) ([]string, error) {
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, err
	}
	status, err := migrationStatus(ctx, tx)
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range status {
		if m.Applied {
			continue
		}
		sql, err := fs.ReadFile(migrations.FS, m.Name)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, string(sql)); err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (name) VALUES ($1)", m.Name); err != nil {
			return nil, err
		}
		applied = append(applied, m.Name)
	}
	return applied, nil
}

func migrateRiver(ctx context.Context, pool *pgxpool.Pool) error {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// MigrationStatus lists every migration of Fahrdienst with whether it is
// applied, for `fahrdienst migrate status` and the readiness check.
func MigrationStatus(ctx context.Context, pool *pgxpool.Pool) ([]Migration, error) {
	var status []Migration
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		status, err = migrationStatus(ctx, tx)
		return err
	})
	return status, err
}

func migrationStatus(ctx context.Context, tx pgx.Tx) ([]Migration, error) {
	names, err := migrationFiles()
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return nil, err
	}
	if exists {
		rows, _ := tx.Query(ctx, "SELECT name FROM schema_migrations")
		applied, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		for _, n := range applied {
			done[n] = true
		}
	}
	status := make([]Migration, len(names))
	for i, n := range names {
		status[i] = Migration{Name: n, Applied: done[n]}
	}
	return status, nil
}

// Current reports whether every migration, ours and River's, is applied: the
// service is not ready before.
func Current(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	status, err := MigrationStatus(ctx, pool)
	if err != nil {
		return false, err
	}
	for _, m := range status {
		if !m.Applied {
			return false, nil
		}
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return false, err
	}
	res, err := migrator.Validate(ctx, nil)
	if err != nil {
		return false, err
	}
	return res.OK, nil
}

// MigrationsFingerprint identifies the set of migration files; the test
// harness names its template database after it so that a changed migration
// gets a fresh template.
func MigrationsFingerprint() string {
	names, _ := migrationFiles()
	var b strings.Builder
	for _, n := range names {
		sql, _ := fs.ReadFile(migrations.FS, n)
		b.WriteString(n)
		b.Write(sql)
	}
	return b.String()
}
