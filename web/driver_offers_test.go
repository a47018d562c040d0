package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

// allWeek makes the fixture's driver available every day within the
// agency's hours.
func allWeek(t *testing.T, f *fixture) {
	t.Helper()
	var ws []dispatch.Window
	for day := 1; day <= 7; day++ {
		ws = append(ws, dispatch.Window{Weekday: day, Start: "06:00", End: "21:00"})
	}
	must(t, f.st.SetAvailability(context.Background(), system, f.driver.ID, ws))
}

// Karl's ride has no driver: the driver's page lists it with the town and
// the time but not his name nor his street; "Fahrt übernehmen" makes it
// the driver's, and the page then shows him with his address. The board
// shows the ride as confirmed by the driver.
func TestDriverTakesOpenRideOnPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	allWeek(t, f)
	c := f.client()
	link := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID, timeNow()), f.srv.URL)
	status, body := c.get(link)
	if status != http.StatusOK || !strings.Contains(body, "Offene Fahrten") || !strings.Contains(body, "Fahrt übernehmen") {
		t.Fatalf("driver page: %d", status)
	}
	for _, private := range []string{"Karl", "Becker", "Hauptstraße", "Am Markt", "+4965619876"} {
		if strings.Contains(body, private) {
			t.Fatalf("the open ride shows %q before it is taken", private)
		}
	}
	take := link + "/open/" + fmt.Sprint(f.karlTrip.ID) + "/take"
	if status, loc, _ := c.post(take, nil); status != http.StatusSeeOther || loc != link+"?done=taken" {
		t.Fatalf("take: %d %s", status, loc)
	}
	tr, err := f.st.Trip(context.Background(), f.karlTrip.ID)
	if err != nil || tr.Assignment == nil || tr.Assignment.DriverID != f.driver.ID ||
		tr.Assignment.State != dispatch.AssignConfirmed || tr.Assignment.DecidedBy != "driver" {
		t.Fatalf("after taking: %+v %v", tr.Assignment, err)
	}
	_, body = c.get(link + "?done=taken")
	if !strings.Contains(body, "Die Fahrt gehört Ihnen") || !strings.Contains(body, "Karl B.") || !strings.Contains(body, "Hauptstraße 7") {
		t.Fatal("the taken ride is not shown with its senior")
	}
	if status, loc, _ := c.post(take, nil); status != http.StatusSeeOther || loc != link+"?done=taken_other" {
		t.Fatalf("taking it again: %d %s", status, loc)
	}
	co := f.client()
	co.login(f.coordinator)
	if _, body := co.get("/board?date=" + tr.ServiceDate); !strings.Contains(body, "vom Fahrer") {
		t.Fatal("the board does not show the ride as taken by the driver")
	}
}

// An offer on the page: "Zusagen" confirms it as JA does, "Ablehnen"
// declines another as NEIN does; an offer of another driver is not found.
func TestDriverAnswersOffersOnPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c := f.client()
	link := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID, timeNow()), f.srv.URL)
	ask := func(tr dispatch.Trip) dispatch.Assignment {
		pickup, dropoff, err := dispatch.PlannedTimes(ctx, tr)
		must(t, err)
		a, err := f.st.AssignTrip(ctx, system, dispatch.Assignment{TripID: tr.ID, DriverID: f.driver.ID,
			PlannedPickup: pickup, PlannedDropoff: dropoff})
		must(t, err)
		return a
	}
	a := ask(f.karlTrip)
	if a.State != dispatch.AssignOffered {
		t.Fatalf("assignment = %+v, want an offer", a)
	}
	_, body := c.get(link)
	if !strings.Contains(body, "Anfragen an Sie") || !strings.Contains(body, ">Zusagen<") || !strings.Contains(body, ">Ablehnen<") {
		t.Fatal("the offer has no buttons")
	}
	var offerID int64
	must(t, f.st.Pool().QueryRow(ctx, `SELECT offer_id FROM assignments WHERE id = $1`, a.ID).Scan(&offerID))
	other := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID+1000, timeNow()), f.srv.URL)
	if status, _, _ := c.post(other+"/offers/"+fmt.Sprint(offerID)+"/accept", nil); status != http.StatusNotFound {
		t.Fatalf("another driver's link: %d", status)
	}
	if status, loc, _ := c.post(link+"/offers/"+fmt.Sprint(offerID)+"/accept", nil); status != http.StatusSeeOther || loc != link+"?done=confirmation" {
		t.Fatalf("accept: %d %s", status, loc)
	}
	tr, err := f.st.Trip(ctx, f.karlTrip.ID)
	if err != nil || tr.Assignment == nil || tr.Assignment.State != dispatch.AssignConfirmed {
		t.Fatalf("after Zusagen: %+v %v", tr.Assignment, err)
	}
	var kinds []string
	rows, _ := f.st.Pool().Query(ctx, `SELECT kind FROM messages WHERE driver_id = $1 AND direction = 'out' AND NOT kind LIKE 'reminder%' ORDER BY id`, f.driver.ID)
	for rows.Next() {
		var k string
		must(t, rows.Scan(&k))
		kinds = append(kinds, k)
	}
	if strings.Join(kinds, ",") != "offer,confirmation" {
		t.Fatalf("messages to the driver = %v, want the offer and the confirmation JA gets", kinds)
	}
	if status, loc, _ := c.post(link+"/offers/"+fmt.Sprint(offerID)+"/decline", nil); status != http.StatusSeeOther || loc != link+"?done=cancel_ack" {
		t.Fatalf("NEIN after JA on the page: %d %s", status, loc)
	}
}

// A forged link and one that has expired show nothing and take nothing.
func TestDriverPageForgedOrExpiredShowsNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	allWeek(t, f)
	c := f.client()
	expired := strings.TrimPrefix(web.DriverLink(f.srv.URL, secret, f.driver.ID, timeNow().Add(-web.DriverLinkTTL-time.Minute)), f.srv.URL)
	forged := strings.TrimPrefix(web.DriverLink(f.srv.URL, []byte("another secret of at least thirty-two bytes"), f.driver.ID, timeNow()), f.srv.URL)
	for _, link := range []string{expired, forged, "/d/AAAAAAAAAAAAAAAAAAAAAAAA"} {
		if status, body := c.get(link); status != http.StatusNotFound || strings.Contains(body, "Bitburg") {
			t.Fatalf("%s: %d", link, status)
		}
		if status, _, _ := c.post(link+"/open/"+fmt.Sprint(f.karlTrip.ID)+"/take", nil); status != http.StatusNotFound {
			t.Fatalf("%s take: %d", link, status)
		}
	}
	if tr, _ := f.st.Trip(context.Background(), f.karlTrip.ID); tr.Assignment != nil {
		t.Fatalf("a forged link took the ride: %+v", tr.Assignment)
	}
}
