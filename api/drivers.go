package api

import (
	"io"
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/phone"
)

// driverInput is the body of creating and of updating a driver.
type driverInput struct {
	FirstName         *string  `json:"first_name"`
	LastName          *string  `json:"last_name"`
	Phone             *string  `json:"phone"`
	Street            *string  `json:"street"`
	City              *string  `json:"city"`
	Lat               *float64 `json:"lat"`
	Lon               *float64 `json:"lon"`
	VehicleSeats      *int     `json:"vehicle_seats"`
	VehicleWheelchair *bool    `json:"vehicle_wheelchair"`
	MaxRidesPerWeek   *int     `json:"max_rides_per_week"`
	MaxDutyMinutes    *int     `json:"max_duty_minutes"`
	Language          *string  `json:"language"`
	SMSOptOut         *bool    `json:"sms_opt_out"`
	Notes             *string  `json:"notes"`
	Active            *bool    `json:"active"`
}

func (in driverInput) apply(d *dispatch.Driver) []string {
	var c []string
	set(&d.FirstName, in.FirstName, "first_name", &c)
	set(&d.LastName, in.LastName, "last_name", &c)
	set(&d.Phone, in.Phone, "phone", &c)
	set(&d.Street, in.Street, "street", &c)
	set(&d.City, in.City, "city", &c)
	set(&d.Lat, in.Lat, "lat", &c)
	set(&d.Lon, in.Lon, "lon", &c)
	set(&d.VehicleSeats, in.VehicleSeats, "vehicle_seats", &c)
	set(&d.VehicleWheelchair, in.VehicleWheelchair, "vehicle_wheelchair", &c)
	set(&d.MaxRidesPerWeek, in.MaxRidesPerWeek, "max_rides_per_week", &c)
	set(&d.MaxDutyMinutes, in.MaxDutyMinutes, "max_duty_minutes", &c)
	set(&d.Language, in.Language, "language", &c)
	set(&d.SMSOptOut, in.SMSOptOut, "sms_opt_out", &c)
	set(&d.Notes, in.Notes, "notes", &c)
	set(&d.Active, in.Active, "active", &c)
	return c
}

func driverFromBody(body io.Reader, base dispatch.Driver) (dispatch.Driver, []string, error) {
	var in driverInput
	if err := decodeJSON(body, &in); err != nil {
		return base, nil, err
	}
	changed := in.apply(&base)
	return base, changed, checkDriver(&base)
}

// checkDriver validates a driver by dispatch's rules: offers go out by
// SMS, so the phone must be a mobile number.
func checkDriver(d *dispatch.Driver) error { return d.Validate(phone.NormalizeDefault) }

func (s *server) createDriver(w http.ResponseWriter, r *http.Request) error {
	return create(s, w, r, dispatch.NewDriver(),
		driverFromBody, s.Store.CreateDriver)
}

// driverDetail is a driver with the weekly windows and coming absences.
type driverDetail struct {
	dispatch.Driver
	Availability []dispatch.Window  `json:"availability"`
	Absences     []dispatch.Absence `json:"absences"`
}

func (s *server) getDriver(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Store.Driver(r.Context(), id)
	if err != nil {
		return err
	}
	out := driverDetail{Driver: d}
	if out.Availability, err = s.Store.Availability(r.Context(), id); err != nil {
		return err
	}
	if out.Absences, err = s.Store.Absences(r.Context(), id, s.Now().In(s.Location)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) listDrivers(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	inactive := q.oneOf("inactive", "true", "false") == "true"
	if err := q.err(); err != nil {
		return err
	}
	ds, err := s.Store.Drivers(r.Context(), inactive)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(ds, 0, 0))
	return nil
}

func (s *server) updateDriver(w http.ResponseWriter, r *http.Request) error {
	return update(s, w, r, s.Store.Driver, driverFromBody, s.Store.UpdateDriver)
}

func (s *server) deactivateDriver(w http.ResponseWriter, r *http.Request) error {
	return deactivate(w, r, s.Store.DeactivateDriver)
}

type availabilityInput struct {
	Windows []dispatch.Window `json:"windows"`
}

// setAvailability replaces the driver's weekly windows with the ones given.
func (s *server) setAvailability(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in availabilityInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	var fe dispatch.Fields
	if len(in.Windows) > 50 {
		fe.Add("windows", "at most 50 windows")
	}
	for i, win := range in.Windows {
		checkWindow(&fe, i, win)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if err := s.Store.SetAvailability(r.Context(), actor(r), id, in.Windows); err != nil {
		return err
	}
	ws, err := s.Store.Availability(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, availabilityInput{Windows: ws})
	return nil
}

func checkWindow(fe *dispatch.Fields, i int, win dispatch.Window) {
	if win.Weekday < 1 || win.Weekday > 7 {
		fe.Add(indexed("windows", i, "weekday"), "must be from 1 (Monday) to 7 (Sunday)")
	}
	start, err1 := time.Parse("15:04", win.Start)
	end, err2 := time.Parse("15:04", win.End)
	switch {
	case err1 != nil:
		fe.Add(indexed("windows", i, "start"), "must be a time HH:MM")
	case err2 != nil:
		fe.Add(indexed("windows", i, "end"), "must be a time HH:MM")
	case !end.After(start):
		fe.Add(indexed("windows", i, "end"), "must be after the start")
	}
}

type absenceInput struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

func (s *server) addAbsence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in absenceInput
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	var fe dispatch.Fields
	from, err1 := time.Parse(time.DateOnly, in.From)
	to, err2 := time.Parse(time.DateOnly, in.To)
	switch {
	case err1 != nil:
		fe.Add("from", "must be a date (YYYY-MM-DD)")
	case err2 != nil:
		fe.Add("to", "must be a date (YYYY-MM-DD)")
	case to.Before(from):
		fe.Add("to", "must not be before from")
	}
	fe.Text("reason", in.Reason, false)
	if err := fe.Err(); err != nil {
		return err
	}
	a, err := s.Store.AddAbsence(r.Context(), actor(r), dispatch.Absence{DriverID: id, From: in.From, To: in.To, Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}
