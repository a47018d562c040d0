package web

import (
	"net/http"
	"net/url"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// cleanQuery cleans every query parameter before a handler reads it
// (dispatch.CleanText): a NUL or broken UTF-8 in a typed or pasted URL
// never reaches the database, which would refuse it with a 500. Queries
// are searches and dates, where dropping the garbage is the friendly
// answer. Forms are not cleaned but refused field by field (the pages'
// validation, dispatch.Storable), so that a person sees what was wrong
// with what they typed.
func cleanQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); cleanValues(q) {
			r.URL.RawQuery = q.Encode()
		}
		next.ServeHTTP(w, r)
	})
}

// cleanValues cleans vs in place and reports whether anything changed.
func cleanValues(vs url.Values) bool {
	changed := false
	for k, list := range vs {
		for i, v := range list {
			if c := dispatch.CleanText(v); c != v {
				list[i], changed = c, true
			}
		}
		if c := dispatch.CleanText(k); c != k {
			delete(vs, k)
			vs[c] = append(vs[c], list...)
			changed = true
		}
	}
	return changed
}
