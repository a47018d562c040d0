package store

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// personalColumn is a column that ties a table's rows to a person: the
// subject access export reads every such table, and the erasure decides for
// each what happens to the rows. TestExportCoversEveryPersonColumn compares
// this list with the schema, so a new table with a rider_id, driver_id or
// account_id column fails the tests until someone decides both.
type personalColumn struct {
	table, column string
	kind          string // the dispatch.Subject* the column points at
}

// personalColumns lists every column of the schema that names a rider, a
// driver or an account.
var personalColumns = []personalColumn{
	{"trips", "rider_id", dispatch.SubjectRider},
	{"rider_relatives", "rider_id", dispatch.SubjectRider},
	{"shuttle_subscriptions", "rider_id", dispatch.SubjectRider},
	{"shuttle_skips", "rider_id", dispatch.SubjectRider},
	{"messages", "rider_id", dispatch.SubjectRider},
	{"series", "rider_id", dispatch.SubjectRider},
	{"incompatibilities", "rider_id", dispatch.SubjectRider},
	{"driver_availability", "driver_id", dispatch.SubjectDriver},
	{"driver_absences", "driver_id", dispatch.SubjectDriver},
	{"tours", "driver_id", dispatch.SubjectDriver},
	{"assignments", "driver_id", dispatch.SubjectDriver},
	{"offers", "driver_id", dispatch.SubjectDriver},
	{"messages", "driver_id", dispatch.SubjectDriver},
	{"driver_documents", "driver_id", dispatch.SubjectDriver},
	{"incompatibilities", "driver_id", dispatch.SubjectDriver},
	{"trip_outcomes", "driver_id", dispatch.SubjectDriver},
	{"open_ride_codes", "driver_id", dispatch.SubjectDriver},
	{"rider_relatives", "account_id", dispatch.SubjectAccount},
	{"sessions", "account_id", dispatch.SubjectAccount},
	{"messages", "account_id", dispatch.SubjectAccount},
	{"audit_log", "account_id", dispatch.SubjectAccount},
	{"idempotency_keys", "account_id", dispatch.SubjectAccount},
	{"tour_km_corrections", "account_id", dispatch.SubjectAccount},
}

// profileTables are the tables that hold the person themselves.
var profileTables = map[string]string{
	dispatch.SubjectRider:   "riders",
	dispatch.SubjectDriver:  "drivers",
	dispatch.SubjectAccount: "accounts",
}

// secretColumns never leave the database, not even to their owner: they
// are hashes that would only help an attacker, or stored answers to API
// calls that may hold data of others.
var secretColumns = []string{"password_hash", "token_hash", "request_hash"}

// secretsOf are the columns of table left out of an export: the secrets,
// and the stored API answers of idempotency keys (they may hold others'
// data; the key and its time stay).
func secretsOf(table string) []string {
	if table == "idempotency_keys" {
		return append([]string{"body"}, secretColumns...)
	}
	return secretColumns
}

// ExportSubject gathers everything stored about a person (GDPR Art. 15):
// the profile, the rows of every table in personalColumns that points at
// them, the audit entries about them and, for a senior, about their trips,
// and for an account its failed sign-ins. The export is recorded in the
// audit log in the same transaction.
func (s *Store) ExportSubject(ctx context.Context, actor dispatch.Actor, kind string, id int64) (dispatch.SubjectExport, error) {
	if !dispatch.ValidSubject(kind) {
		return dispatch.SubjectExport{}, dispatch.Errorf(dispatch.CodeInvalid, "unknown kind of person %q", kind)
	}
	var out dispatch.SubjectExport
	err := s.inTx(ctx, kind, func(tx pgx.Tx) error {
		out = dispatch.SubjectExport{Kind: kind, ID: id, GeneratedAt: s.now(), Tables: map[string][]json.RawMessage{}}
		if err := tx.QueryRow(ctx, `SELECT to_jsonb(p) - $2::text[] FROM `+profileTables[kind]+` p WHERE id = $1`,
			id, secretColumns).Scan(&out.Profile); err != nil {
			return err
		}
		for _, c := range personalColumns {
			if c.kind != kind {
				continue
			}
			rows, err := subjectRows(ctx, tx, secretsOf(c.table), c.table+" x WHERE x."+c.column+" = $1", id)
			if err != nil {
				return err
			}
			if prev, ok := out.Tables[c.table]; ok {
				rows = append(prev, rows...) // messages: by rider, driver or account
			}
			out.Tables[c.table] = rows
		}
		if err := s.exportRelated(ctx, tx, &out); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, kind, id, "export", map[string]any{})
	})
	return out, mapError(err, kind)
}

// exportRelated adds what refers to the person other than by a person
// column: audit entries about them (and a senior's trips), and failed
// sign-ins under an account's email.
func (s *Store) exportRelated(ctx context.Context, tx pgx.Tx, out *dispatch.SubjectExport) error {
	about, err := subjectRows(ctx, tx, secretColumns, `audit_log x WHERE (x.entity = $2 AND x.entity_id = $1)
		OR ($2 = 'rider' AND x.entity = 'trip' AND x.entity_id IN (SELECT id FROM trips WHERE rider_id = $1))`,
		out.ID, out.Kind)
	if err != nil {
		return err
	}
	out.Tables["audit_about"] = about
	if out.Kind == dispatch.SubjectAccount {
		fails, err := subjectRows(ctx, tx, secretColumns, `login_failures x WHERE lower(x.email) = (SELECT lower(email) FROM accounts WHERE id = $1)`, out.ID)
		if err != nil {
			return err
		}
		out.Tables["login_failures"] = fails
	}
	return nil
}

// subjectRows reads the rows of "table x WHERE ..." as JSON objects
// without the secrets columns. from is always built from the constant lists
// above, never from input.
func subjectRows(ctx context.Context, tx pgx.Tx, secrets []string, from string, args ...any) ([]json.RawMessage, error) {
	rows, _ := tx.Query(ctx, `SELECT to_jsonb(x) - $`+argN(len(args)+1)+`::text[] FROM `+from+` ORDER BY 1`,
		append(args, secrets)...)
	list, err := pgx.CollectRows(rows, pgx.RowTo[json.RawMessage])
	if list == nil {
		list = []json.RawMessage{}
	}
	return list, err
}

func argN(n int) string { return string(rune('0' + n)) }
