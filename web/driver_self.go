package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// OwnTimesStore is what a driver's own page changes: their weekly windows
// and absences, with the confirmed rides no longer covered flagged for the
// coordinators. The PostgreSQL store has it; without it the forms are not
// shown.
type OwnTimesStore interface {
	SetOwnAvailability(ctx context.Context, actor dispatch.Actor, driverID int64, ws []dispatch.Window) ([]int64, error)
	AddOwnAbsence(ctx context.Context, actor dispatch.Actor, a dispatch.Absence) ([]int64, error)
}

// ownTimesView adds the driver's weekly windows and absences to their
// page's view, with the form filled from what is stored unless the view
// already holds a posted form. It answers the status to render with:
// 422 when the view carries errors.
func (s *server) ownTimesView(r *http.Request, v view, driverID int64) (int, error) {
	data := v.Data.(map[string]any)
	if _, ok := s.Store.(OwnTimesStore); !ok {
		return http.StatusOK, nil
	}
	ws, err := s.Store.Availability(r.Context(), driverID)
	if err != nil {
		return 0, err
	}
	absences, err := s.Store.Absences(r.Context(), driverID, s.Now().In(s.Location))
	if err != nil {
		return 0, err
	}
	data["OwnTimes"], data["Days"], data["Absences"] = true, []int{1, 2, 3, 4, 5, 6, 7}, absences
	data["Token"], data["Saved"] = chi.URLParam(r, "token"), r.URL.Query().Get("saved") != ""
	data["Rules"] = dispatch.DefaultSelfServiceRules
	if len(v.Form.Errors) > 0 {
		return http.StatusUnprocessableEntity, nil
	}
	for _, w := range ws {
		n := strconv.Itoa(w.Weekday)
		v.Form.Values.Set("start"+n, w.Start)
		v.Form.Values.Set("end"+n, w.End)
	}
	return http.StatusOK, nil
}

// ownDriver is the driver of a signed link and the store of own times; a
// forged or expired link shows nothing.
func (s *server) ownDriver(r *http.Request) (dispatch.Driver, OwnTimesStore, error) {
	return linkedDriver[OwnTimesStore](s, r)
}

// ownActor names the driver in the audit log.
func ownActor(d dispatch.Driver) dispatch.Actor {
	return dispatch.Actor{Role: "driver", Name: "driver " + strconv.FormatInt(d.ID, 10)}
}

// ownAvailability takes the driver's weekly windows from their page,
// within the agency's hours.
func (s *server) ownAvailability(w http.ResponseWriter, r *http.Request) error {
	d, st, err := s.ownDriver(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "driver_title", nil)
	v.Form.Values = r.PostForm
	ws := readWindows(r, v)
	if len(v.Form.Errors) == 0 {
		if err := dispatch.DefaultSelfServiceRules.CheckWindows(ws); err != nil {
			ownWindowErrors(v, ws, err)
		}
	}
	if len(v.Form.Errors) > 0 {
		return s.reshowOwn(w, r, v, d)
	}
	if _, err := st.SetOwnAvailability(r.Context(), ownActor(d), d.ID, ws); err != nil {
		return err
	}
	return redirect(w, r, strings.TrimSuffix(r.URL.Path, "/availability")+"?saved=1")
}

// ownWindowErrors puts the rule errors of windows next to their day.
func ownWindowErrors(v view, ws []dispatch.Window, err error) {
	de, _ := err.(*dispatch.Error)
	if de == nil {
		return
	}
	for _, fe := range de.Fields {
		for i, w := range ws {
			if strings.HasPrefix(fe.Field, "windows["+strconv.Itoa(i)+"]") {
				v.Form.Errors["start"+strconv.Itoa(w.Weekday)] = v.T["err_own_window"]
			}
		}
	}
}

// ownAbsence records days off the driver entered on their page.
func (s *server) ownAbsence(w http.ResponseWriter, r *http.Request) error {
	d, st, err := s.ownDriver(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "driver_title", nil)
	v.Form.Values = r.PostForm
	a, ok := s.readAbsence(r, v, d.ID)
	if ok {
		ruleErrors(v, dispatch.DefaultSelfServiceRules.CheckAbsence(a, s.Now().In(s.Location)))
	}
	if len(v.Form.Errors) > 0 {
		return s.reshowOwn(w, r, v, d)
	}
	if _, err := st.AddOwnAbsence(r.Context(), ownActor(d), a); err != nil {
		return err
	}
	return redirect(w, r, strings.TrimSuffix(r.URL.Path, "/absences")+"?saved=1")
}

// reshowOwn shows the driver's page again with the form's errors.
func (s *server) reshowOwn(w http.ResponseWriter, r *http.Request, v view, d dispatch.Driver) error {
	rides, err := s.upcomingRides(r, d.ID)
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Driver": d, "Rides": rides}
	return s.renderDriverPage(w, r, v, d.ID)
}

// renderDriverPage adds the own times and the self-service offers to the
// driver's page and renders it, the same when first shown and when shown
// again with a form's errors.
func (s *server) renderDriverPage(w http.ResponseWriter, r *http.Request, v view, driverID int64) error {
	status, err := s.ownTimesView(r, v, driverID)
	if err != nil {
		return err
	}
	if err := s.selfServiceView(r, v, driverID); err != nil {
		return err
	}
	return s.render(w, status, "driver", "", v)
}
