package web_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// failingStore knows one active driver and fails to read anyone's rides,
// as a database that has gone away does. The other methods are never
// called on a driver's page; calling one panics through the nil Store.
type failingStore struct {
	web.Store
}

func (failingStore) Driver(_ context.Context, id int64) (dispatch.Driver, error) {
	return dispatch.Driver{ID: id, Active: true}, nil
}

func (failingStore) Upcoming(context.Context, dispatch.UpcomingFilter) ([]dispatch.Trip, error) {
	return nil, errors.New("database gone")
}

// A 500 on a driver's page is logged with the route, not the path: the
// path carries the driver's sign-in token, which would let anyone reading
// the log open the driver's page.
func TestServerErrorLogsNoToken(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	r := chi.NewRouter()
	web.Routes(web.Deps{Store: failingStore{}, Secret: secret, Location: berlin, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(&logged, nil))})(r)
	link := web.DriverLink("", secret, 42, now)
	token := link[strings.LastIndex(link, "/")+1:]
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link, nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if strings.Contains(logged.String(), token) || !strings.Contains(logged.String(), "route=/d/{token}") {
		t.Fatalf("the log names the token or not the route:\n%s", logged.String())
	}
}
