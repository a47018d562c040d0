package store

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

const riderColumns = `id, first_name, last_name, coalesce(phone, ''), phone_mobile, street, postal_code, city,
	lat, lon, walker, wheelchair, needs_escort, contact_preference, language, sms_opt_out, notes, active,
	created_at, updated_at, coalesce(substring(sms_problem from '([0-9]+)$')::int, 0)`

func scanRider(row pgx.CollectableRow) (dispatch.Rider, error) {
	var r dispatch.Rider
	err := row.Scan(&r.ID, &r.FirstName, &r.LastName, &r.Phone, &r.PhoneMobile, &r.Street, &r.PostalCode,
		&r.City, &r.Lat, &r.Lon, &r.Walker, &r.Wheelchair, &r.NeedsEscort, &r.ContactPreference,
		&r.Language, &r.SMSOptOut, &r.Notes, &r.Active, &r.CreatedAt, &r.UpdatedAt, &r.SMSProblem)
	return r, err
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// CreateRider adds a senior and records who did it.
func (s *Store) CreateRider(ctx context.Context, actor dispatch.Actor, r dispatch.Rider) (dispatch.Rider, error) {
	var out dispatch.Rider
	err := s.inTx(ctx, "rider", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO riders (first_name, last_name, phone, phone_mobile, street,
			postal_code, city, lat, lon, walker, wheelchair, needs_escort, contact_preference, language,
			notes, created_at, updated_at, sms_opt_out)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16,$17)
			RETURNING `+riderColumns,
			r.FirstName, r.LastName, nullIfEmpty(r.Phone), r.PhoneMobile, r.Street, r.PostalCode, r.City,
			r.Lat, r.Lon, r.Walker, r.Wheelchair, r.NeedsEscort, r.ContactPreference, r.Language, r.Notes, s.now(),
			r.SMSOptOut)
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanRider); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "rider", out.ID, "create", map[string]any{"fields": "all"}); err != nil {
			return err
		}
		return keepAnswer(ctx, tx, out)
	})
	return out, err
}

// Rider returns one rider, active or not.
func (s *Store) Rider(ctx context.Context, id int64) (dispatch.Rider, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+riderColumns+` FROM riders WHERE id = $1`, id)
	r, err := pgx.CollectExactlyOneRow(rows, scanRider)
	return r, mapError(err, "rider")
}

// UpdateRider replaces the editable fields of a rider; the caller merges a
// partial update into the current rider first. changed names the fields for
// the audit log.
func (s *Store) UpdateRider(ctx context.Context, actor dispatch.Actor, r dispatch.Rider, changed []string) (dispatch.Rider, error) {
	var out dispatch.Rider
	err := s.inTx(ctx, "rider", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE riders SET first_name=$2, last_name=$3, phone=$4, phone_mobile=$5,
			street=$6, postal_code=$7, city=$8, lat=$9, lon=$10, walker=$11, wheelchair=$12,
			needs_escort=$13, contact_preference=$14, language=$15, notes=$16, active=$17, updated_at=$18,
			sms_opt_out=$19
			WHERE id = $1 RETURNING `+riderColumns,
			r.ID, r.FirstName, r.LastName, nullIfEmpty(r.Phone), r.PhoneMobile, r.Street, r.PostalCode, r.City,
			r.Lat, r.Lon, r.Walker, r.Wheelchair, r.NeedsEscort, r.ContactPreference, r.Language, r.Notes,
			r.Active, s.now(), r.SMSOptOut)
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanRider); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "rider", out.ID, "update", map[string]any{"changed": changed})
	})
	return out, err
}

// DeactivateRider hides a rider from search and planning; their history stays.
func (s *Store) DeactivateRider(ctx context.Context, actor dispatch.Actor, id int64) error {
	return s.inTx(ctx, "rider", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE riders SET active = false, updated_at = $2 WHERE id = $1`, id, s.now())
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		return s.audit(ctx, tx, actor, "rider", id, "deactivate", map[string]any{})
	})
}

// SearchRiders finds riders by parts of their name or phone number, best
// matches first, fast enough to run on every key press.
func (s *Store) SearchRiders(ctx context.Context, f dispatch.RiderFilter) ([]dispatch.Rider, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	digits := phoneDigits(q)
	rows, _ := s.pool.Query(ctx, `SELECT `+riderColumns+` FROM riders
		WHERE (active OR $4)
		  AND ($5::bigint[] IS NULL OR id = ANY($5))
		  AND ($1 = '' OR lower(first_name || ' ' || last_name) LIKE '%' || $7 || '%' ESCAPE '\'
		       OR lower(first_name || ' ' || last_name) % $1
		       OR ($2 <> '' AND phone LIKE '%' || $2 || '%'))
		ORDER BY similarity(lower(first_name || ' ' || last_name), $1) DESC, last_name, first_name, id
		LIMIT $3 OFFSET $6`, q, digits, f.Limit, f.Inactive, f.Only, f.Offset, likeEscape(q))
	riders, err := pgx.CollectRows(rows, scanRider)
	return riders, mapError(err, "rider")
}

// likeEscape makes a search text match itself in LIKE and ILIKE (with
// ESCAPE '\'): a "%" or "_" typed into a search box is a character of a
// name, not a wildcard that matches everyone.
func likeEscape(s string) string {
	return likeEscaper.Replace(s)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// phoneDigits keeps the digits of a query that looks like a phone number, with
// a German leading 0 dropped so that "0651 123" matches "+49651123...".
func phoneDigits(q string) string {
	var b strings.Builder
	for _, c := range q {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == ' ' || c == '/' || c == '-' || c == '+' || c == '(' || c == ')':
		default:
			return ""
		}
	}
	d := b.String()
	if len(d) < 3 {
		return ""
	}
	return strings.TrimPrefix(d, "0")
}
