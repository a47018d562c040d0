package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/fahrdienst/fahrdienst/api"
)

// The job dashboard behind CoordinatorOnly: coordinators only, and its
// buttons cannot be pressed from another site's page.
func TestCoordinatorOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	reached := 0
	h := api.CoordinatorOnly(e.deps, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		w.WriteHeader(http.StatusNoContent)
	}))
	for _, tt := range []struct {
		who, method, site string
		want              int
	}{
		{nobody, "GET", "", http.StatusUnauthorized},
		{relative, "GET", "", http.StatusForbidden},
		{relative, "POST", "", http.StatusForbidden},
		{coordinator, "GET", "", http.StatusNoContent},
		{coordinator, "POST", "same-origin", http.StatusNoContent},
		{coordinator, "POST", "cross-site", http.StatusForbidden},
	} {
		req := httptest.NewRequest(tt.method, "/admin/jobs/api/jobs/cancel", nil)
		if tok := e.tokens[tt.who]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		if tt.site != "" {
			req.Header.Set("Sec-Fetch-Site", tt.site)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s %s as %q from %q: %d, want %d", tt.method, req.URL.Path, tt.who, tt.site, rec.Code, tt.want)
		}
	}
	if reached != 2 {
		t.Fatalf("the dashboard was reached %d times, want 2 (the coordinator's)", reached)
	}
}
