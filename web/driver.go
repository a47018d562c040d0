package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// DriverLinkTTL is how long a driver's link works. Every SMS carries a
// fresh one, so a month is plenty, and an old SMS stops opening the page.
const DriverLinkTTL = 30 * 24 * time.Hour

// driverTokenTag is the length of the token's signature: 96 bits cannot be
// guessed online, and keep the link short enough for an SMS.
const driverTokenTag = 12

// DriverLink returns the link to a driver's page of upcoming rides, valid
// for DriverLinkTTL from now. The SMS texts put it into offers and
// reminders; no password is needed, the link is the key.
func DriverLink(baseURL string, secret []byte, driverID int64, now time.Time) string {
	return strings.TrimRight(baseURL, "/") + "/d/" + driverToken(derive(secret, "driver-link"), driverID, now.Add(DriverLinkTTL))
}

// driverToken is the driver's id and the expiry (whole minutes since the
// Unix epoch) as varints, and an HMAC-SHA256 tag of both, in URL-safe
// base64.
func driverToken(key []byte, driverID int64, expires time.Time) string {
	buf := binary.AppendUvarint(nil, uint64(driverID))
	buf = binary.AppendUvarint(buf, uint64(expires.Unix()/60))
	return base64.RawURLEncoding.EncodeToString(append(buf, tag(key, buf)...))
}

func tag(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)[:driverTokenTag]
}

// parseDriverToken returns the driver of a token with a valid signature
// that has not expired.
func parseDriverToken(key []byte, token string, now time.Time) (int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) <= driverTokenTag || len(raw) > 40 {
		return 0, false
	}
	msg, sig := raw[:len(raw)-driverTokenTag], raw[len(raw)-driverTokenTag:]
	if !hmac.Equal(sig, tag(key, msg)) {
		return 0, false
	}
	id, n := binary.Uvarint(msg)
	if n <= 0 || id == 0 || id > 1<<62 {
		return 0, false
	}
	exp, m := binary.Uvarint(msg[n:])
	if m <= 0 || n+m != len(msg) || exp > 1<<40 || time.Unix(int64(exp)*60, 0).Before(now) {
		return 0, false
	}
	return int64(id), true
}

// driverRide is one upcoming ride as a driver reads it.
type driverRide struct {
	Trip        dispatch.Trip
	Day, Pickup string
	Dropoff     string
	Rider       string
	Phone       string
	MapURL      string
	GeoURL      template.URL
	Start, End  time.Time
	Confirmed   bool
}

// driverRides loads the driver of the link and their rides from today on.
func (s *server) driverRides(r *http.Request) (dispatch.Driver, []driverRide, error) {
	d, err := s.activeLinkDriver(r)
	if err != nil {
		return d, nil, err
	}
	rides, err := s.upcomingRides(r, d.ID)
	return d, rides, err
}

// activeLinkDriver is the active driver of a valid link in the path; a
// forged or expired link, or a driver no longer active, shows nothing.
func (s *server) activeLinkDriver(r *http.Request) (dispatch.Driver, error) {
	id, err := s.linkDriver(r)
	if err != nil {
		return dispatch.Driver{}, err
	}
	d, err := s.Store.Driver(r.Context(), id)
	if err != nil || !d.Active {
		return d, errNotFound
	}
	return d, nil
}

// upcomingRides is the driver's rides from today on, as the driver reads them.
func (s *server) upcomingRides(r *http.Request, driverID int64) ([]driverRide, error) {
	now := s.Now().In(s.Location)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.Location)
	trips, err := s.Store.Upcoming(r.Context(), dispatch.UpcomingFilter{DriverID: driverID, From: from, Limit: 200})
	if err != nil {
		return nil, err
	}
	names, err := s.riderContacts(r, trips)
	if err != nil {
		return nil, err
	}
	rides := make([]driverRide, 0, len(trips))
	for _, t := range trips {
		a := t.Assignment
		if a == nil {
			continue
		}
		c := names[t.RiderID]
		rides = append(rides, driverRide{Trip: t, Rider: c.name, Phone: c.phone,
			Day: germanDate(a.PlannedPickup.In(s.Location)), Start: a.PlannedPickup, End: a.PlannedDropoff,
			Pickup: a.PlannedPickup.In(s.Location).Format("15:04"), Dropoff: a.PlannedDropoff.In(s.Location).Format("15:04"),
			MapURL:    fmt.Sprintf("https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=%.5f%%2C%.5f%%3B%.5f%%2C%.5f", t.Pickup.Lat, t.Pickup.Lon, t.Dropoff.Lat, t.Dropoff.Lon),
			GeoURL:    template.URL(fmt.Sprintf("geo:%.5f,%.5f", t.Pickup.Lat, t.Pickup.Lon)), // numbers only: safe
			Confirmed: a.State == dispatch.AssignConfirmed})
	}
	// By the planned pickup, the order the driver drives them in; the
	// store sorts by the booked windows, which a shared tour reorders.
	sort.SliceStable(rides, func(i, j int) bool { return rides[i].Start.Before(rides[j].Start) })
	return rides, nil
}

type contact struct{ name, phone string }

// riderContacts gives the driver what they need to find the senior: first
// name, the initial of the last name, and the phone number.
func (s *server) riderContacts(r *http.Request, trips []dispatch.Trip) (map[int64]contact, error) {
	ids := []int64{}
	for _, t := range trips {
		ids = append(ids, t.RiderID)
	}
	out := map[int64]contact{}
	if len(ids) == 0 {
		return out, nil
	}
	riders, err := s.Store.SearchRiders(r.Context(), dispatch.RiderFilter{Only: ids, Inactive: true, Limit: 200})
	for _, rd := range riders {
		initial := ""
		if rd.LastName != "" {
			initial = " " + string([]rune(rd.LastName)[:1]) + "."
		}
		out[rd.ID] = contact{name: rd.FirstName + initial, phone: rd.Phone}
	}
	return out, err
}

// driverPage is the driver's page of upcoming rides, opened from the link
// in an SMS.
func (s *server) driverPage(w http.ResponseWriter, r *http.Request) error {
	d, rides, err := s.driverRides(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	after, err := s.loadDriverAfter(r, d.ID)
	if err != nil {
		return err
	}
	cal := strings.TrimRight(s.BaseURL, "/") + r.URL.Path + "/rides.ics"
	webcal := "webcal" + strings.TrimPrefix(strings.TrimPrefix(cal, "https"), "http")
	v := s.newView(r, "driver_title",
		map[string]any{"Driver": d, "Rides": rides, "Calendar": cal, "Webcal": template.URL(webcal), "After": after,
			"Token": chi.URLParam(r, "token"), "Decimal": decimalOf(langOf(r))})
	return s.renderDriverPage(w, r, v, d.ID)
}

// driverCalendar is the driver's rides as an iCalendar feed to subscribe to
// in a phone's calendar.
func (s *server) driverCalendar(w http.ResponseWriter, r *http.Request) error {
	d, rides, err := s.driverRides(r)
	if err != nil {
		return err
	}
	t := textsOf(r)
	host := "fahrdienst"
	if u := strings.TrimPrefix(strings.TrimPrefix(s.BaseURL, "https://"), "http://"); u != "" {
		host = strings.Split(u, "/")[0]
	}
	events := make([]calEvent, 0, len(rides))
	for _, ride := range rides {
		status := "TENTATIVE"
		if ride.Confirmed {
			status = "CONFIRMED"
		}
		events = append(events, calEvent{
			UID:   fmt.Sprintf("trip-%d@%s", ride.Trip.ID, host),
			Start: ride.Start, End: ride.End, Status: status,
			Summary:  fmt.Sprintf("%s: %s → %s", t["cal_ride"], ride.Rider, ride.Trip.Dropoff.Street),
			Location: ride.Trip.Pickup.Street + ", " + ride.Trip.Pickup.City,
			Description: fmt.Sprintf("%s %s, %s\n%s %s, %s\n%s %s\n%s", t["pickup"], ride.Trip.Pickup.Street, ride.Trip.Pickup.City,
				t["dropoff"], ride.Trip.Dropoff.Street, ride.Trip.Dropoff.City, t["phone"], ride.Phone, ride.MapURL),
			Lat: ride.Trip.Pickup.Lat, Lon: ride.Trip.Pickup.Lon,
		})
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(calendar(t["cal_name"]+" "+d.FirstName, s.Now(), events))
	return err
}
