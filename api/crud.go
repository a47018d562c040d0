package api

import (
	"context"
	"io"
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The create, read, update and deactivate handlers of riders, drivers and
// places differ only in their types and store methods; these helpers hold
// the one shape they share.

// parseFunc reads a body over a base value and validates the result; it
// returns the names of the fields given.
type parseFunc[T any] func(body io.Reader, base T) (T, []string, error)

func create[T any](s *server, w http.ResponseWriter, r *http.Request, base T, parse parseFunc[T],
	save func(context.Context, dispatch.Actor, T) (T, error)) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	v, _, err := parse(r.Body, base)
	if err != nil {
		return err
	}
	keepAnswer(r, http.StatusCreated, func(v T) any { return v })
	out, err := save(r.Context(), actor(r), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func read[T any](w http.ResponseWriter, r *http.Request, get func(context.Context, int64) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := get(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// update merges a partial body into the current value and saves it.
func update[T any](s *server, w http.ResponseWriter, r *http.Request, get func(context.Context, int64) (T, error),
	parse parseFunc[T], save func(context.Context, dispatch.Actor, T, []string) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cur, err := get(r.Context(), id)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	v, changed, err := parse(r.Body, cur)
	if err != nil {
		return err
	}
	out, err := save(r.Context(), actor(r), v, changed)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func deactivate(w http.ResponseWriter, r *http.Request, fn func(context.Context, dispatch.Actor, int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := fn(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
