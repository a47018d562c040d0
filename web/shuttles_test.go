package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The weekly rides page names each ride's place, also one taken out of
// use since.
func TestShuttlesNamePlaces(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	weber, err := f.st.Places(ctx, "Weber")
	must(t, err)
	lentz, err := f.st.Places(ctx, "Lentz")
	must(t, err)
	for _, p := range []dispatch.Place{weber[0], lentz[0]} {
		_, err := f.st.CreateShuttle(ctx, system, dispatch.Shuttle{Name: "Einkauf " + p.Name, Weekday: 4, StartTime: "09:00",
			PlaceID: p.ID, DwellMinutes: 60, Capacity: 6, MaxRideMinutes: 45})
		must(t, err)
	}
	must(t, f.st.DeactivatePlace(ctx, system, lentz[0].ID))
	c := f.client()
	c.login(f.coordinator)
	status, body := c.get("/shuttles")
	if status != http.StatusOK || strings.Count(body, "Hausarztpraxis Dr. Weber") < 2 || strings.Count(body, "Augenarzt Dr. Lentz") < 2 {
		t.Fatalf("shuttles page: %d\n%s", status, body)
	}
}
