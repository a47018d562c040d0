package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// Every route the router has is in the OpenAPI document, and every
// operation of the document is a route.
func TestRoutesMatchOpenAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var routes []string
	err := chi.Walk(e.h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	slices.Sort(routes)
	slices.Sort(documented)
	routes = slices.Compact(routes)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("operation %s of the OpenAPI document has no route", d)
		}
	}
}

// Without a login, everything but the public routes answers 401.
func TestEveryRouteNeedsLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// The Twilio webhooks need no login: they are checked by signature (notify's tests).
	public := []string{"/healthz", "/readyz", "/metrics", "/api/openapi.yaml", "/api/v1/auth/login", "/twilio/sms", "/twilio/status"}
	n := 0
	for path, item := range doc.Paths.Map() {
		if slices.Contains(public, path) {
			continue
		}
		for method := range item.Operations() {
			url := strings.NewReplacer("{id}", "1", "{rider_id}", "1").Replace(path)
			if strings.HasSuffix(path, "/plan") || strings.HasSuffix(path, "/dispatch") {
				url += "?date=2026-11-25"
			}
			e.want(http.StatusUnauthorized, nobody, method, url, nil)
			n++
		}
	}
	if n < 30 {
		t.Fatalf("only %d routes checked", n)
	}
	e.want(http.StatusUnauthorized, nobody, "GET", "/api/v1/riders", nil, "Authorization", "Bearer not-a-token")
}

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.want(http.StatusOK, nobody, "GET", "/api/openapi.yaml", nil)
	if !strings.HasPrefix(string(r.Body), "openapi: 3.1") {
		t.Fatalf("not the document: %.40s", r.Body)
	}
}
