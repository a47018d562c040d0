package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/web"
)

// countingStore counts session lookups.
type countingStore struct {
	*store.Store
	lookups atomic.Int32
}

func (c *countingStore) SessionAccount(ctx context.Context, hash []byte, kinds ...string) (dispatch.Account, error) {
	c.lookups.Add(1)
	return c.Store.SessionAccount(ctx, hash, kinds...)
}

// The stylesheet and script cost no session lookup, cookie or not, and
// still carry the security headers.
func TestStaticNeedsNoSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	st := &countingStore{Store: f.st}
	r := chi.NewRouter()
	web.Routes(web.Deps{Store: st, Secret: secret, Location: berlin})(r)
	// The login page is the control: it does look the cookie up.
	for _, tt := range []struct {
		path    string
		lookups int32
	}{{"/static/style.css", 0}, {"/static/app.js", 0}, {"/login", 1}} {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		req.AddCookie(&http.Cookie{Name: "fahrdienst_session", Value: "some-session"})
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("%s: %d %v", tt.path, rec.Code, rec.Header())
		}
		if got := st.lookups.Load(); got != tt.lookups {
			t.Fatalf("after %s: %d session lookups, want %d", tt.path, got, tt.lookups)
		}
	}
}
