package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// seedDay books and assigns a day like the demo's: two drivers with rides
// in several states, one ride without a driver (the fixture's Karl at
// 08:00). It returns the date.
func seedDay(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := context.Background()
	anna, err := f.st.CreateDriver(ctx, system, dispatch.Driver{FirstName: "Anna", LastName: "Lenkrad", Phone: "+4915100000008",
		Street: "Talweg 3", City: "Bitburg", Lat: 49.961, Lon: 6.531, VehicleSeats: 3, MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de"})
	must(t, err)
	rider := func(first, last string) dispatch.Rider {
		r, err := f.st.CreateRider(ctx, system, dispatch.Rider{FirstName: first, LastName: last, Phone: "+4965611111",
			Street: "Bergstraße 1", City: "Bitburg", Lat: 49.97, Lon: 6.53, ContactPreference: "sms", Language: "de", Active: true})
		must(t, err)
		return r
	}
	otto := rider("Otto", "Weiler")
	for _, r := range []struct {
		rider  dispatch.Rider
		h      int
		driver int64
		state  string
	}{
		{f.erna, 14, f.driver.ID, dispatch.AssignProposed}, // booked first, drives later: the row sorts by time
		{f.erna, 9, f.driver.ID, dispatch.AssignConfirmed},
		{otto, 10, anna.ID, dispatch.AssignConfirmed},
		{otto, 16, anna.ID, dispatch.AssignProposed},
	} {
		legs, err := dispatch.Booking{RiderID: r.rider.ID, To: dispatch.Location{Street: "Am Markt 3", City: "Bitburg", Lat: 49.974, Lon: 6.525},
			Timing: dispatch.TimingArriveBy, At: tomorrow(r.h, 0), Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.
			Legs(r.rider, dispatch.DefaultBookingRules(time.Now(), berlin))
		must(t, err)
		booked, err := f.st.BookTrip(ctx, system, legs)
		must(t, err)
		tr := booked[0]
		_, err = f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: tr.ID, DriverID: r.driver, State: r.state,
			PlannedPickup: tr.DropoffLatest.Add(-25 * time.Minute), PlannedDropoff: tr.DropoffLatest.Add(-5 * time.Minute)})
		must(t, err)
	}
	return f.karlTrip.ServiceDate
}

var (
	rowRE   = regexp.MustCompile(`<g class="tl-row tl-(\w+)" data-row="([^"]+)">`)
	blockRE = regexp.MustCompile(`<a href="/trips/(\d+)" class="tl-block" data-trip="\d+" data-start="(\d+)"`)
)

// The timeline of a seeded day: one row per driver with rides and a row of
// rides without a driver on top, blocks in time order, each a link to its
// trip, coloured by state; the list of the board stays below.
func TestTimelineSVG(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	date := seedDay(t, f)
	c := f.client()
	c.login(f.coordinator)
	status, body := c.get("/board?date=" + date)
	if status != http.StatusOK {
		t.Fatalf("board: %d", status)
	}
	svg := body[strings.Index(body, "<svg"):strings.Index(body, "</svg>")]
	rows := rowRE.FindAllStringSubmatchIndex(svg, -1)
	var names []string
	for _, r := range rows {
		names = append(names, svg[r[2]:r[3]]+":"+svg[r[4]:r[5]])
	}
	if want := "open:Ohne Fahrer driver:Hans Fahrer driver:Anna Lenkrad"; strings.Join(names, " ") != want {
		t.Fatalf("rows %v, want %s", names, want)
	}
	for i, r := range rows {
		end := len(svg)
		if i+1 < len(rows) {
			end = rows[i+1][0]
		}
		blocks := blockRE.FindAllStringSubmatch(svg[r[0]:end], -1)
		if names[i] != "open:Ohne Fahrer" && len(blocks) != 2 || names[i] == "open:Ohne Fahrer" && len(blocks) != 1 {
			t.Errorf("row %s has %d blocks", names[i], len(blocks))
		}
		last := -1
		for _, b := range blocks {
			start, _ := strconv.Atoi(b[2])
			if start < last {
				t.Errorf("row %s: blocks out of time order: %v", names[i], blocks)
			}
			last = start
		}
	}
	if !strings.Contains(svg, fmt.Sprintf(`href="/trips/%d"`, f.karlTrip.ID)) || !strings.Contains(svg, `fill="#1e7b45"`) ||
		!strings.Contains(svg, `fill="#f2c94c"`) || !strings.Contains(svg, `class="tl-tour"`) {
		t.Errorf("timeline lacks the unassigned trip's link, a state colour or the tour bands:\n%s", svg)
	}
	if !strings.Contains(body, `id="h-routes"`) || !strings.Contains(body, `data-map="routes"`) {
		t.Error("the board lost its list or has no map")
	}
	// The live part of the board carries the timeline too.
	if _, live := c.get("/board/live?date=" + date); !strings.Contains(live, "tl-block") {
		t.Error("the live board has no timeline")
	}
}
