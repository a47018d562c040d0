package web

import (
	"net/http"
	"strconv"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// shuttleFormData is what the form of a new weekly ride offers: the active
// places to drive to, and the weekdays.
type shuttleFormData struct {
	Places []dispatch.Place
	Days   []int
}

func (s *server) shuttleFormData(r *http.Request) (shuttleFormData, error) {
	ps, err := s.Store.Places(r.Context(), "")
	return shuttleFormData{Places: ps, Days: []int{1, 2, 3, 4, 5, 6, 7}}, err
}

// readShuttle reads the form of a new weekly ride; the place must be one of
// the list, and the start time is read as people type it (9, 9:30, 930).
func readShuttle(places []dispatch.Place) func(v view, base dispatch.Shuttle) dispatch.Shuttle {
	return func(v view, base dispatch.Shuttle) dispatch.Shuttle {
		f := v.Form.Values
		sh := base
		sh.Name = text(f, "name")
		sh.Weekday, _ = strconv.Atoi(f.Get("weekday"))
		if h, m, ok := parseClock(f.Get("start_time")); ok {
			sh.StartTime = clock(h, m)
		} else {
			v.Form.Errors["start_time"] = v.T["err_time"]
		}
		sh.PlaceID, _ = strconv.ParseInt(f.Get("place"), 10, 64)
		known := false
		for _, p := range places {
			known = known || p.ID == sh.PlaceID
		}
		if !known {
			v.Form.Errors["place"] = v.T["err_choose"]
		}
		sh.DwellMinutes = number(v, "dwell_minutes", "err_dwell")
		sh.Capacity = number(v, "capacity", "err_capacity")
		sh.MaxRideMinutes = number(v, "max_ride_minutes", "err_max_ride")
		return sh
	}
}

// newShuttlePage is the empty form, with an hour to shop, eight seats and
// the API's 45 minutes at most in the car.
func (s *server) newShuttlePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shuttleFormData(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "shuttle_new_title", d)
	for k, val := range map[string]string{"weekday": "4", "start_time": "9:00", "dwell_minutes": "60", "capacity": "8", "max_ride_minutes": "45"} {
		v.Form.Values.Set(k, val)
	}
	return s.render(w, http.StatusOK, "shuttle_new", "", v)
}

// createShuttle adds a weekly shopping ride; its runs are planned from then
// on, and subscribers are added on the rides page.
func (s *server) createShuttle(w http.ResponseWriter, r *http.Request) error {
	d, err := s.shuttleFormData(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, recordForm[dispatch.Shuttle]{page: "shuttle_new", title: "shuttle_new_title",
		read: readShuttle(d.Places), validate: func(sh *dispatch.Shuttle) error { return sh.Validate() },
		save: s.Store.CreateShuttle, next: func(sh dispatch.Shuttle) string { return "/shuttles#sh-" + strconv.FormatInt(sh.ID, 10) }},
		dispatch.Shuttle{Active: true}, d)
}
