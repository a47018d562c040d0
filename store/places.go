package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

const placeColumns = `id, name, kind, street, city, lat, lon, notes, active`

func scanPlace(row pgx.CollectableRow) (dispatch.Place, error) {
	var p dispatch.Place
	err := row.Scan(&p.ID, &p.Name, &p.Kind, &p.Street, &p.City, &p.Lat, &p.Lon, &p.Notes, &p.Active)
	return p, err
}

// CreatePlace adds a destination.
func (s *Store) CreatePlace(ctx context.Context, actor dispatch.Actor, p dispatch.Place) (dispatch.Place, error) {
	var out dispatch.Place
	err := s.inTx(ctx, "place", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO places (name, kind, street, city, lat, lon, notes, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING `+placeColumns,
			p.Name, p.Kind, p.Street, p.City, p.Lat, p.Lon, p.Notes, s.now())
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanPlace); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "place", out.ID, "create", map[string]any{"name": out.Name})
	})
	return out, err
}

// Place returns one place.
func (s *Store) Place(ctx context.Context, id int64) (dispatch.Place, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+placeColumns+` FROM places WHERE id = $1`, id)
	p, err := pgx.CollectExactlyOneRow(rows, scanPlace)
	return p, mapError(err, "place")
}

// Places lists the active places whose name contains q, by name.
func (s *Store) Places(ctx context.Context, q string) ([]dispatch.Place, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+placeColumns+` FROM places
		WHERE active AND ($1 = '' OR name ILIKE '%' || $2 || '%' ESCAPE '\') ORDER BY name`, q, likeEscape(q))
	ps, err := pgx.CollectRows(rows, scanPlace)
	return ps, mapError(err, "place")
}

// UpdatePlace replaces the editable fields of a place; trips already booked
// keep the address they were booked with.
func (s *Store) UpdatePlace(ctx context.Context, actor dispatch.Actor, p dispatch.Place, changed []string) (dispatch.Place, error) {
	var out dispatch.Place
	err := s.inTx(ctx, "place", func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE places SET name=$2, kind=$3, street=$4, city=$5, lat=$6, lon=$7,
			notes=$8, active=$9 WHERE id = $1 RETURNING `+placeColumns,
			p.ID, p.Name, p.Kind, p.Street, p.City, p.Lat, p.Lon, p.Notes, p.Active)
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, scanPlace); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "place", out.ID, "update", map[string]any{"changed": changed})
	})
	return out, err
}

// DeactivatePlace takes a place out of the list for new bookings.
func (s *Store) DeactivatePlace(ctx context.Context, actor dispatch.Actor, id int64) error {
	return s.inTx(ctx, "place", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE places SET active = false WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		return s.audit(ctx, tx, actor, "place", id, "deactivate", map[string]any{})
	})
}
