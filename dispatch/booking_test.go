package dispatch

import (
	"strings"
	"testing"
	"time"
)

// Text that PostgreSQL cannot store is a field error of the booking, for
// every caller (API and pages), never a database error.
func TestBookingRefusesUnstorableText(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, berlin)
	rider := Rider{ID: 1, FirstName: "Erna", LastName: "Schmidt", Street: "Weg 1", City: "Bitburg", Lat: 49.97, Lon: 6.52}
	base := Booking{RiderID: 1, Timing: TimingArriveBy, At: now.Add(48 * time.Hour), Return: ReturnNone, Passengers: 1,
		To: Location{Street: "Am Markt 2", City: "Bitburg", Lat: 49.97, Lon: 6.53}}
	tests := []struct {
		name  string
		edit  func(*Booking)
		field string
	}{
		{"NUL in notes", func(b *Booking) { b.Notes = "bitte\x00klingeln" }, "notes"},
		{"invalid UTF-8 in notes", func(b *Booking) { b.Notes = "\xff" }, "notes"},
		{"NUL in street", func(b *Booking) { b.To.Street = "Am\x00Markt" }, "to.street"},
		{"no city", func(b *Booking) { b.To.City = "" }, "to.city"},
		{"notes over 1000 characters", func(b *Booking) { b.Notes = strings.Repeat("ä", 1001) }, "notes"},
	}
	for _, tt := range tests {
		b := base
		tt.edit(&b)
		_, err := b.Legs(rider, DefaultBookingRules(now, berlin))
		e, ok := err.(*Error)
		if !ok || e.Code != CodeInvalid || len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
			t.Errorf("%s: %v, want one field error on %s", tt.name, err, tt.field)
		}
	}
	if _, err := base.Legs(rider, DefaultBookingRules(now, berlin)); err != nil {
		t.Fatalf("valid booking refused: %v", err)
	}
	b := base
	b.Notes = strings.Repeat("ä", 1000)
	if _, err := b.Legs(rider, DefaultBookingRules(now, berlin)); err != nil {
		t.Fatalf("booking with 1000 characters of notes refused: %v", err)
	}
}

// TestCoordinateFieldNames checks that a record's own coordinates are named
// lat and lon and an address's are prefixed with the address field.
func TestCoordinateFieldNames(t *testing.T) {
	for _, tc := range []struct {
		field    string
		lat, lon float64
		want     []string
	}{
		{"", 91, 181, []string{"lat", "lon"}},
		{"", 0, 0, []string{"lat"}},
		{"from", 91, 181, []string{"from.lat", "from.lon"}},
		{"to", 0, 0, []string{"to.lat"}},
		{"", 52.5, 13.4, nil},
	} {
		var fe Fields
		validateCoordinates(tc.field, tc.lat, tc.lon, &fe)
		var got []string
		for _, e := range fe {
			got = append(got, e.Field)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("field %q at %v,%v: errors on %v, want %v", tc.field, tc.lat, tc.lon, got, tc.want)
		}
	}
	var fe Fields
	fe.coordinates(91, 0)
	if len(fe) != 1 || fe[0].Field != "lat" {
		t.Errorf("own coordinates: %+v, want one error on lat", fe)
	}
}
