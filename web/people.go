package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// peopleData is the people page: riders, relatives and drivers.
type peopleData struct {
	Query      string
	Riders     []dispatch.Rider
	Relatives  []relative
	Drivers    []dispatch.Driver
	InviteLink string
	AllRiders  []dispatch.Rider
	Expiring   []dispatch.DriverDocument // documents expiring within 60 days (issue 15)
}

type relative struct {
	dispatch.Account
	Seniors []string
}

func (s *server) loadPeople(r *http.Request) (peopleData, error) {
	ctx := r.Context()
	d := peopleData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	var err error
	if d.Riders, err = s.Store.SearchRiders(ctx, dispatch.RiderFilter{Query: d.Query, Limit: 200}); err != nil {
		return d, err
	}
	if d.Query == "" {
		d.AllRiders = d.Riders // the same search: no need to ask twice
	} else if d.AllRiders, err = s.Store.SearchRiders(ctx, dispatch.RiderFilter{Limit: 200}); err != nil {
		return d, err
	}
	names := map[int64]string{}
	for _, rd := range d.AllRiders {
		names[rd.ID] = rd.FirstName + " " + rd.LastName
	}
	if d.Expiring, err = s.expiringDocuments(ctx); err != nil {
		return d, err
	}
	accounts, err := s.Store.Relatives(ctx)
	if err != nil {
		return d, err
	}
	for _, a := range accounts {
		rel := relative{Account: a}
		for _, id := range a.RiderIDs {
			rel.Seniors = append(rel.Seniors, names[id])
		}
		d.Relatives = append(d.Relatives, rel)
	}
	d.Drivers, err = s.Store.Drivers(ctx, false)
	return d, err
}

// inviteRelative adds a relative's account for a senior, without a
// password, and shows the link that lets them set one. The link is shown
// once to the coordinator, who passes it on. The page's lists are loaded
// once, after the form is handled, so that they show the new relative.
func (s *server) inviteRelative(w http.ResponseWriter, r *http.Request) error {
	v := s.newView(r, "people_title", nil)
	v.Form.Values = r.PostForm
	f, errs := v.Form.Values, v.Form.Errors
	a := dispatch.Account{Role: dispatch.RoleRelative, Name: strings.TrimSpace(f.Get("name")),
		Email: strings.TrimSpace(f.Get("email")), Language: v.Lang, Active: true}
	if a.Name == "" || len(a.Name) > 200 {
		errs["name"] = v.T["err_required"]
	}
	if !strings.Contains(a.Email, "@") || len(a.Email) > 254 {
		errs["email"] = v.T["err_email"]
	}
	riderID, err := strconv.ParseInt(f.Get("rider"), 10, 64)
	if err != nil || riderID <= 0 {
		errs["rider"] = v.T["err_choose"]
	}
	a.RiderIDs = []int64{riderID}
	if len(errs) == 0 {
		created, err := s.Store.CreateAccount(r.Context(), actorOf(r), a, "")
		if err == nil {
			link, err := s.newInvite(r, created.ID)
			if err != nil {
				return err
			}
			d, err := s.loadPeople(r)
			if err != nil {
				return err
			}
			d.InviteLink = link
			v.Data, v.Form.Values = d, nil
			return s.render(w, http.StatusOK, "people", "", v)
		}
		if dispatch.ErrorCode(err) != dispatch.CodeConflict && dispatch.ErrorCode(err) != dispatch.CodeNotFound {
			return err
		}
		errs["email"] = explain(v.T, err, "err_check")
	}
	d, err := s.loadPeople(r)
	if err != nil {
		return err
	}
	v.Data = d
	return s.render(w, http.StatusUnprocessableEntity, "people", "", v)
}

// driverData is one driver's page: availability, absences and their link.
type driverData struct {
	Driver   dispatch.Driver
	Windows  map[int][]dispatch.Window
	Absences []dispatch.Absence
	Link     string
	Days     []int
	Rules    *peopleRules // pairs and documents (issue 15)
}

func (s *server) loadDriver(r *http.Request) (driverData, error) {
	drv, err := byPath(s.Store.Driver)(r)
	if err != nil {
		return driverData{}, err
	}
	d := driverData{Driver: drv, Windows: map[int][]dispatch.Window{}, Days: []int{1, 2, 3, 4, 5, 6, 7},
		Link: DriverLink(s.BaseURL, s.Secret, drv.ID, s.Now())}
	ws, err := s.Store.Availability(r.Context(), drv.ID)
	if err != nil {
		return d, err
	}
	for _, w := range ws {
		d.Windows[w.Weekday] = append(d.Windows[w.Weekday], w)
	}
	if d.Absences, err = s.Store.Absences(r.Context(), drv.ID, s.Now().In(s.Location)); err != nil {
		return d, err
	}
	d.Rules, err = s.driverRules(r, drv.ID)
	return d, err
}

// driverDetail shows a driver's weekly times and absences, with forms to
// change them, and the link to the driver's own page.
func (s *server) driverDetail(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDriver(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "driver_detail_title", d)
	for day, ws := range d.Windows {
		v.Form.Values.Set("start"+strconv.Itoa(day), ws[0].Start)
		v.Form.Values.Set("end"+strconv.Itoa(day), ws[0].End)
	}
	return s.render(w, http.StatusOK, "driver_detail", "", v)
}

// setAvailability replaces the driver's weekly times: one window a day, a
// day left empty is a day off.
func (s *server) setAvailability(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "driver_detail_title", nil)
	v.Form.Values = r.PostForm
	ws := readWindows(r, v)
	if len(v.Form.Errors) > 0 {
		return s.reshowDriver(w, r, v)
	}
	if err := s.Store.SetAvailability(r.Context(), actorOf(r), id, ws); err != nil {
		return err
	}
	return redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")])
}

// readWindows reads one window a day from the form (startN, endN); a day
// left empty is a day off, a bad one is noted in the view.
func readWindows(r *http.Request, v view) []dispatch.Window {
	var ws []dispatch.Window
	for day := 1; day <= 7; day++ {
		n := strconv.Itoa(day)
		start, end := strings.TrimSpace(r.PostFormValue("start"+n)), strings.TrimSpace(r.PostFormValue("end"+n))
		if start == "" && end == "" {
			continue
		}
		sh, sm, ok1 := parseClock(start)
		eh, em, ok2 := parseClock(end)
		if !ok1 || !ok2 || eh*60+em <= sh*60+sm {
			v.Form.Errors["start"+n] = v.T["err_window"]
			continue
		}
		ws = append(ws, dispatch.Window{Weekday: day, Start: clock(sh, sm), End: clock(eh, em)})
	}
	return ws
}

// reshowDriver shows the driver's page again with the form's errors; only
// then is the whole driver loaded, a saved form needs just the id.
func (s *server) reshowDriver(w http.ResponseWriter, r *http.Request, v view) error {
	d, err := s.loadDriver(r)
	if err != nil {
		return err
	}
	v.Data = d
	return s.render(w, http.StatusUnprocessableEntity, "driver_detail", "", v)
}

func clock(h, m int) string {
	return time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Format("15:04")
}

// readAbsence reads the absence form of the driver's own page and of the
// coordinators' driver page alike: from and to as typed (a date that does
// not parse is marked err_date), and the reason trimmed. ok is false when
// a date was marked. The caller keeps the posted values in its view.
func (s *server) readAbsence(r *http.Request, v view, driverID int64) (dispatch.Absence, bool) {
	today := s.Now().In(s.Location)
	from, ok1 := parseDate(r.PostFormValue("from"), today)
	to, ok2 := parseDate(r.PostFormValue("to"), today)
	if !ok1 {
		v.Form.Errors["from"] = v.T["err_date"]
	}
	if !ok2 {
		v.Form.Errors["to"] = v.T["err_date"]
	}
	return dispatch.Absence{DriverID: driverID, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))}, ok1 && ok2
}

// addAbsence records days off of a driver.
func (s *server) addAbsence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "driver_detail_title", nil)
	v.Form.Values = r.PostForm
	a, ok := s.readAbsence(r, v, id)
	if ok && a.To < a.From { // dates of four-digit years compare as text
		v.Form.Errors["to"] = v.T["err_date"]
	}
	// The reason follows the API's rule for short texts: a NUL byte or
	// broken UTF-8 would otherwise reach PostgreSQL and fail there.
	var fe dispatch.Fields
	fe.Text("reason", a.Reason, false)
	ruleErrors(v, fe.Err())
	if len(v.Form.Errors) > 0 {
		return s.reshowDriver(w, r, v)
	}
	if _, err := s.Store.AddAbsence(r.Context(), actorOf(r), a); err != nil {
		return err
	}
	return redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")])
}

// messages is the SMS log: failed deliveries and replies nobody understood
// first, since those need a person.
func (s *server) messages(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Store.MessageLog(r.Context(), 200)
	if err != nil {
		return err
	}
	type row struct {
		dispatch.MessageEntry
		When    string
		Problem bool
	}
	rows := make([]row, len(ms))
	for i, m := range ms {
		rows[i] = row{MessageEntry: m, When: m.CreatedAt.In(s.Location).Format("02.01. 15:04"),
			Problem: m.Status == "failed" || m.Status == "undelivered" || m.Status == "dropped" || m.Status == "unknown_reply"}
	}
	jobs := s.JobsURL
	if jobs == "" {
		jobs = "/admin/jobs"
	}
	return s.render(w, http.StatusOK, "messages", "", s.newView(r, "messages_title", map[string]any{"Rows": rows, "Jobs": jobs}))
}
