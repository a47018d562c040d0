package api

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// clientCodes are the codes bad input may produce: anything else would be
// a 500 for something a client sent.
var clientCodes = map[dispatch.Code]bool{"": true, dispatch.CodeMalformed: true, dispatch.CodeInvalid: true,
	dispatch.CodeTooLarge: true}

// fuzzNow is the clock of the fuzz tests, before the seeds' times.
var fuzzNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func FuzzBookingBody(f *testing.F) {
	f.Add([]byte(`{"rider_id": 1, "to": {"place_id": 2}, "timing": "arrive_by", "at": "2026-11-25T10:00:00+01:00", "return": {"type": "on_call"}}`))
	f.Add([]byte(`{"rider_id": 1, "from": {"street": "A", "city": "B", "lat": 49.9, "lon": 6.5}, "to": {"street": "C", "city": "D", "lat": 49.7, "lon": 6.6}, "timing": "pickup_at", "at": "2026-11-25T10:00:00Z", "return": {"type": "at", "at": "2026-11-25T12:00:00Z"}, "passengers": 2, "needs": {"wheelchair": true}, "notes": "x"}`))
	f.Add([]byte(`{"rider_id": -1, "at": "x"}`))
	f.Add([]byte(`{"return": {"type": "at", "at": null}, "passengers": 1e9}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := bookingFromBody(bytes.NewReader(data))
		if !clientCodes[dispatch.ErrorCode(err)] {
			t.Fatalf("decoding gave %v", err)
		}
		if err != nil {
			return
		}
		rider := dispatch.Rider{ID: b.RiderID, Street: "Hauptstr. 1", City: "Bitburg", Lat: 49.97, Lon: 6.52}
		if _, err := b.Legs(rider, dispatch.DefaultBookingRules(fuzzNow, time.UTC)); !clientCodes[dispatch.ErrorCode(err)] {
			t.Fatalf("the rules gave %v", err)
		}
	})
}

func FuzzRiderBody(f *testing.F) {
	f.Add([]byte(`{"first_name": "Erna", "last_name": "Schmidt", "phone": "0651 12345", "street": "A", "city": "B", "lat": 49.9, "lon": 6.5}`))
	f.Add([]byte(`{"phone": "+49 (0) 171 1234567", "contact_preference": "sms", "language": "en"}`))
	f.Add([]byte(`{"first_name": "\xff", "lat": 1e400}`))
	f.Add([]byte(`{"notes": null, "active": "yes"}`))
	f.Add([]byte(`{"first_name": "E", "last_name": "S", "street": "A", "city": "B", "lat": 49.9, "lon": 6.5, "notes": "a\u0000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, _, err := riderFromBody(bytes.NewReader(data), dispatch.Rider{Language: "de", Active: true})
		if !clientCodes[dispatch.ErrorCode(err)] {
			t.Fatalf("decoding gave %v", err)
		}
		if err == nil && (r.FirstName == "" || r.Lat == 0 && r.Lon == 0) {
			t.Fatalf("accepted an incomplete rider: %+v", r)
		}
		if err == nil && unstorable(reflect.ValueOf(r), "") != "" {
			t.Fatalf("accepted text the database cannot store: %+v", r)
		}
	})
}
