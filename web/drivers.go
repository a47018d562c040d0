package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/phone"
)

// readDriver reads the driver form over d: who, how to reach them by
// SMS, where they start, and what their car and their time allow.
func readDriver(v view, d dispatch.Driver) dispatch.Driver {
	f := v.Form.Values
	d.FirstName, d.LastName, d.Phone = text(f, "first_name"), text(f, "last_name"), text(f, "phone")
	d.Street, d.City, d.Lat, d.Lon = address(v)
	d.VehicleSeats = number(v, "vehicle_seats", "err_seats")
	d.VehicleWheelchair = f.Get("vehicle_wheelchair") != ""
	d.MaxRidesPerWeek = number(v, "max_rides_per_week", "err_max_rides")
	d.MaxDutyMinutes = number(v, "max_duty_minutes", "err_duty")
	d.Language, d.Notes = language(f, d.Language), text(f, "notes")
	return d
}

// driverValues fills the form with a driver as stored.
func driverValues(d dispatch.Driver) url.Values {
	return url.Values{"first_name": {d.FirstName}, "last_name": {d.LastName}, "phone": {d.Phone},
		"street": {d.Street}, "city": {d.City}, "coords": {coordsValue(d.Lat, d.Lon)},
		"vehicle_seats": {strconv.Itoa(d.VehicleSeats)}, "vehicle_wheelchair": {checkbox(d.VehicleWheelchair)},
		"max_rides_per_week": {strconv.Itoa(d.MaxRidesPerWeek)}, "max_duty_minutes": {strconv.Itoa(d.MaxDutyMinutes)},
		"language": {d.Language}, "notes": {d.Notes}}
}

func validateDriver(d *dispatch.Driver) error { return d.Validate(phone.NormalizeDefault) }

// driverNext is the driver's page, where their weekly times are set next.
func driverNext(d dispatch.Driver) string { return fmt.Sprintf("/people/drivers/%d", d.ID) }

// newDriverPage is the empty driver form, with the usual limits filled in.
func (s *server) newDriverPage(w http.ResponseWriter, r *http.Request) error {
	v := s.newView(r, "driver_new_title", dispatch.Driver{})
	v.Form.Values = driverValues(dispatch.NewDriver())
	// No seat count is suggested: NewDriver leaves it for the coordinator.
	v.Form.Values.Set("vehicle_seats", "")
	return s.render(w, http.StatusOK, "driver_form", "", v)
}

func (s *server) createDriver(w http.ResponseWriter, r *http.Request) error {
	return submit(s, w, r, recordForm[dispatch.Driver]{page: "driver_form", title: "driver_new_title", read: readDriver,
		validate: validateDriver, save: s.Store.CreateDriver, next: driverNext}, dispatch.NewDriver(), dispatch.Driver{})
}

// driverEdit is the form that changes a driver; the page also takes them
// out of planning.
func (s *server) driverEdit() recordForm[dispatch.Driver] {
	return recordForm[dispatch.Driver]{page: "driver_form", title: "driver_edit_title", read: readDriver,
		validate: validateDriver, next: driverNext,
		save: updating(s.Store.UpdateDriver, "first_name", "last_name", "phone", "street", "city", "lat", "lon",
			"vehicle_seats", "vehicle_wheelchair", "max_rides_per_week", "max_duty_minutes", "language", "notes")}
}
