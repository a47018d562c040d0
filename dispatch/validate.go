package dispatch

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The rules a rider, driver, place or weekly ride must keep before it is
// stored. They live here, beside the types, so that the JSON API and the
// web pages enforce the same rules with the same field names; each caller
// only says them in its own words. Limits keep one record readable on a
// coordinator's screen and in an SMS.

// PhoneNormalizer turns a typed phone number into E.164 and tells whether it
// is a mobile number. phone.Normalize with the service's region is the one
// in use; it comes in as a function because package phone builds on this
// package and cannot be imported from it.
type PhoneNormalizer func(raw string) (e164 string, mobile bool, err error)

// Validate checks a rider and normalises the phone number to E.164: a
// landline is fine for a senior, flagged as not reachable by SMS. An empty
// contact preference becomes SMS for a mobile number, else a call.
func (r *Rider) Validate(normalize PhoneNormalizer) error {
	var fe Fields
	fe.person(r.FirstName, r.LastName, r.Street, r.City, true)
	fe.Text("postal_code", r.PostalCode, false)
	fe.notes(r.Notes, 2000)
	fe.coordinates(r.Lat, r.Lon)
	r.PhoneMobile = false
	if strings.TrimSpace(r.Phone) == "" {
		r.Phone = ""
	} else {
		r.Phone, r.PhoneMobile, _ = fe.phone(normalize, r.Phone)
	}
	if r.ContactPreference == "" {
		r.ContactPreference = "call"
		if r.PhoneMobile {
			r.ContactPreference = "sms"
		}
	}
	switch r.ContactPreference {
	case "sms":
		if !r.PhoneMobile && len(fe) == 0 {
			fe.AddRule("contact_preference", RuleSMSMobile, "sms needs a mobile number")
		}
	case "call", "relative":
	default:
		fe.Add("contact_preference", "must be sms, call or relative")
	}
	fe.language(r.Language)
	return fe.Err()
}

// Validate checks a driver and normalises the phone number: offers go out
// by SMS, so it must be a mobile number.
func (d *Driver) Validate(normalize PhoneNormalizer) error {
	var fe Fields
	fe.person(d.FirstName, d.LastName, d.Street, d.City, false)
	fe.notes(d.Notes, 2000)
	fe.coordinates(d.Lat, d.Lon)
	if e164, mobile, ok := fe.phone(normalize, d.Phone); ok && !mobile {
		fe.AddRule("phone", RuleMobile, "must be a mobile number: drivers get their rides by SMS")
	} else if ok {
		d.Phone = e164
	}
	if d.VehicleSeats < 1 || d.VehicleSeats > 8 {
		fe.Add("vehicle_seats", "must be from 1 to 8")
	}
	if d.MaxRidesPerWeek < 0 || d.MaxRidesPerWeek > 100 {
		fe.Add("max_rides_per_week", "must be from 0 to 100")
	}
	if d.MaxDutyMinutes < 1 || d.MaxDutyMinutes > 24*60 {
		fe.Add("max_duty_minutes", "must be from 1 to 1440")
	}
	fe.language(d.Language)
	return fe.Err()
}

// Validate checks a place: a name and an address a driver can find, and
// one of the known kinds, which decide how the place is listed.
func (p Place) Validate() error {
	var fe Fields
	fe.Text("name", p.Name, true)
	fe.Text("street", p.Street, true)
	fe.Text("city", p.City, true)
	fe.notes(p.Notes, 2000)
	fe.coordinates(p.Lat, p.Lon)
	switch p.Kind {
	case PlaceShop, PlacePractice, PlaceVaccinationCentre, PlaceHospital, PlaceOther:
	default:
		fe.Add("kind", "must be shop, practice, vaccination_centre, hospital or other")
	}
	return fe.Err()
}

// Validate checks a weekly ride's own fields; whether its place exists is
// for the caller, which has the database.
func (s Shuttle) Validate() error {
	var fe Fields
	fe.Text("name", s.Name, true)
	if s.Weekday < 1 || s.Weekday > 7 {
		fe.Add("weekday", "must be from 1 (Monday) to 7 (Sunday)")
	}
	if _, err := time.Parse("15:04", s.StartTime); err != nil {
		fe.Add("start_time", "must be a time HH:MM")
	}
	if s.DwellMinutes < 0 || s.DwellMinutes > 480 {
		fe.Add("dwell_minutes", "must be from 0 to 480")
	}
	if s.Capacity < 1 || s.Capacity > 100 {
		fe.Add("capacity", "must be from 1 to 100")
	}
	if s.MaxRideMinutes < 5 || s.MaxRideMinutes > 240 {
		fe.Add("max_ride_minutes", "must be from 5 to 240")
	}
	return fe.Err()
}

// Storable reports whether PostgreSQL can store a text: valid UTF-8
// without NUL bytes. Anything else would fail in the database, and a
// person's input must never cause a 500.
func Storable(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsRune(v, 0)
}

// Text checks a short text field: given when required, storable, and at
// most 200 characters. It is exported for the API's other inputs (reasons,
// addresses of trips), so that every short text follows one rule.
func (f *Fields) Text(field, v string, required bool) {
	switch {
	case required && strings.TrimSpace(v) == "":
		f.AddRule(field, RuleRequired, "is required")
	case !Storable(v):
		f.Add(field, "must be valid UTF-8 without NUL characters")
	case utf8.RuneCountInString(v) > 200:
		f.AddRule(field, RuleTooLong, "must be at most 200 characters")
	}
}

// person checks the names and address of a rider or driver, in the order
// the API has always listed them.
func (f *Fields) person(first, last, street, city string, addressRequired bool) {
	f.Text("first_name", first, true)
	f.Text("last_name", last, true)
	f.Text("street", street, addressRequired)
	f.Text("city", city, addressRequired)
}

// phone normalises a number, noting why it cannot be; raw comes back then,
// and ok is false.
func (f *Fields) phone(normalize PhoneNormalizer, raw string) (e164 string, mobile, ok bool) {
	e164, mobile, err := normalize(raw)
	if err != nil {
		f.Add("phone", "%s", ErrorMessage(err))
		return raw, false, false
	}
	return e164, mobile, true
}

// notes checks free text for the office: storable, and at most limit
// characters, since records and bookings allow notes of different lengths.
func (f *Fields) notes(v string, limit int) {
	if !Storable(v) || utf8.RuneCountInString(v) > limit {
		f.Add("notes", "must be at most %d characters of valid UTF-8", limit)
	}
}

// coordinates checks a record's own lat and lon, named without a prefix.
func (f *Fields) coordinates(lat, lon float64) {
	validateCoordinates("", lat, lon, f)
}

func (f *Fields) language(v string) {
	if v != "de" && v != "en" {
		f.Add("language", "must be de or en")
	}
}
