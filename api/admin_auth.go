package api

import "net/http"

// CoordinatorOnly wraps h so that only a logged-in coordinator reaches it
// (session cookie or bearer token, as for the JSON API). It is for pages
// mounted outside /api/v1 by other parts of the service, such as the River
// UI at /admin/jobs, so that they share the API's login instead of having
// their own.
func CoordinatorOnly(d Deps, h http.Handler) http.Handler {
	s := &server{Deps: d, log: d.Logger}
	return s.authenticate(s.coordinatorsOnly(h))
}
