package api

import "net/http"

// CoordinatorOnly wraps h so that only a logged-in coordinator reaches it
// (session cookie or bearer token, as for the JSON API). It is for pages
// mounted outside /api/v1 by other parts of the service, such as the River
// UI at /admin/jobs, so that they share the API's login instead of having
// their own. The River UI has buttons that post, so requests from other
// sites are refused as in the API.
func CoordinatorOnly(d Deps, h http.Handler) http.Handler {
	s := newServer(d)
	return s.cop.Handler(s.authenticate(s.coordinatorsOnly(h)))
}
