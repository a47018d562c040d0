package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// withText returns copies of body, one per string in it (nested objects
// too), each with that string changed by bad, and the field's dotted name.
func withText(body map[string]any, bad func(string) string) map[string]map[string]any {
	out := map[string]map[string]any{}
	var walk func(prefix string, m map[string]any, root func() (map[string]any, map[string]any))
	walk = func(prefix string, m map[string]any, root func() (map[string]any, map[string]any)) {
		for k, v := range m {
			switch v := v.(type) {
			case string:
				top, at := root()
				at[k] = bad(v)
				out[prefix+k] = top
			case map[string]any:
				key := k
				walk(prefix+k+".", v, func() (map[string]any, map[string]any) {
					top, at := root()
					inner := clone(v)
					at[key] = inner
					return top, inner
				})
			}
		}
	}
	walk("", body, func() (map[string]any, map[string]any) { c := clone(body); return c, c })
	return out
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Issue 13, finding 6: a NUL in any string of a JSON body is refused with
// a field error naming the field, never a 500.
func TestJSONStringsWithNUL(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin).Format(time.RFC3339)
	bodies := map[string]map[string]any{
		"/api/v1/riders": {"first_name": "Gerda", "last_name": "Becker", "phone": "0651 12345", "street": "Am Hang 3",
			"city": "Bitburg", "lat": 49.96, "lon": 6.51, "notes": "Klingel", "contact_preference": "call", "language": "de"},
		"/api/v1/drivers": {"first_name": "Eva", "last_name": "Auto", "phone": "0171 2222222", "lat": 49.9, "lon": 6.5,
			"vehicle_seats": 4, "notes": "x", "street": "Str 1", "city": "Bitburg"},
		"/api/v1/places": {"name": "Edeka", "kind": "shop", "street": "Str 1", "city": "Bitburg", "lat": 49.9, "lon": 6.5, "notes": "x"},
		"/api/v1/trips": {"rider_id": e.mine.ID, "timing": "arrive_by", "at": at, "notes": "x",
			"from":   map[string]any{"street": "Hauptstraße 1", "city": "Bitburg", "lat": 49.97, "lon": 6.52},
			"to":     map[string]any{"street": "Am Markt 2", "city": "Bitburg", "lat": 49.974, "lon": 6.525},
			"return": map[string]any{"type": "none"}},
		"/api/v1/auth/login": {"email": "koordination@example.org", "password": "secret"},
	}
	// Times are not text: a NUL in one is a time that cannot be read (400).
	// A password is never stored: one with a NUL is simply wrong (401).
	skip := map[string]bool{"at": true, "password": true}
	for path, body := range bodies {
		for field, b := range withText(body, func(s string) string { return s + "\x00" }) {
			if skip[field] {
				if r := e.call(coordinator, "POST", path, invalid(b)); r.Status >= 500 {
					t.Errorf("%s with a NUL in %s: %d", path, field, r.Status)
				}
				continue
			}
			r := e.call(coordinator, "POST", path, invalid(b))
			if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
				t.Errorf("%s with a NUL in %s: %d %s", path, field, r.Status, strings.TrimSpace(string(r.Body)))
				continue
			}
			found := false
			for _, f := range r.problem(t).Errors {
				found = found || f.Field == field
			}
			if !found {
				t.Errorf("%s with a NUL in %s: no field error for it: %s", path, field, r.Body)
			}
		}
	}
}
