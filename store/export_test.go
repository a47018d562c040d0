package store

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5/pgxpool"
)

// UncoveredPersonColumns lists, as "table.column", the columns of the
// schema named rider_id, driver_id or account_id that personalColumns does
// not cover, and the entries of personalColumns the schema does not have.
func UncoveredPersonColumns(ctx context.Context, pool *pgxpool.Pool) (missing, stale []string, err error) {
	rows, err := pool.Query(ctx, `SELECT c.table_name || '.' || c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		  AND c.column_name IN ('rider_id', 'driver_id', 'account_id')`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	inSchema := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, nil, err
		}
		inSchema[name] = true
	}
	covered := map[string]bool{}
	for _, c := range personalColumns {
		name := c.table + "." + c.column
		covered[name] = true
		if !inSchema[name] {
			stale = append(stale, name)
		}
	}
	for name := range inSchema {
		if !covered[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	return missing, stale, rows.Err()
}
