package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// AfterRide is what the pages do after the ride: outcomes (close-out page,
// driver's page), corrected kilometres, the volunteer log, statements, the
// funder's report and a senior's past rides. cmd wires the store with
// dispatch.AfterRide into it; nil answers those pages with 503.
type AfterRide interface {
	RecordOutcome(ctx context.Context, actor dispatch.Actor, o dispatch.Outcome) (dispatch.Outcome, error)
	RecordOutcomes(ctx context.Context, actor dispatch.Actor, os []dispatch.Outcome) error
	CloseoutDay(ctx context.Context, date string) ([]dispatch.CloseoutRow, error)
	LastOpenDay(ctx context.Context) (string, error)
	DriverRecent(ctx context.Context, driverID int64, since time.Time) ([]dispatch.CloseoutRow, error)
	CorrectTourKm(ctx context.Context, actor dispatch.Actor, tourID, meters int64, driverID *int64) error
	VolunteerLog(ctx context.Context, p dispatch.Period, driverID int64) ([]dispatch.VolunteerMonth, error)
	Statements(ctx context.Context, month string, driverID int64) ([]dispatch.Statement, error)
	Report(ctx context.Context, p dispatch.Period) (dispatch.Report, error)
	RiderHistory(ctx context.Context, riderID int64, limit int) ([]dispatch.HistoryEntry, error)
}

func (s *server) afterRide() (AfterRide, error) {
	if s.AfterRide == nil {
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "not available")
	}
	return s.AfterRide, nil
}

// afterRideRoutes are the coordinators' pages after the ride.
func (s *server) afterRideRoutes(r chi.Router) {
	r.Get("/closeout", s.handle(s.closeoutPage))
	r.Post("/closeout", s.handle(s.closeout))
	r.Get("/reports", s.handle(s.reportPage))
	r.Get("/reports/export.csv", s.handle(s.reportFile("csv")))
	r.Get("/reports/export.xlsx", s.handle(s.reportFile("xlsx")))
	r.Get("/statements", s.handle(s.statementsPage))
	r.Get("/statements.csv", s.handle(s.statementsCSV))
	r.Get("/statements/{id}", s.handle(s.statementPage))
	r.Get("/statements/{id}/pdf", s.handle(s.statementPDF))
	r.Post("/tours/{id}/km", s.handle(s.correctKm))
}

// driverAfterRoutes are the driver's buttons after a ride, behind the
// signed link like the driver's page.
func (s *server) driverAfterRoutes(r chi.Router) {
	r.Post("/d/{token}/trips/{id}/outcome", s.handle(s.driverOutcome))
	r.Post("/d/{token}/tours/{id}/km", s.handle(s.driverKm))
}

// closeoutRow is one ride on the close-out page.
type closeoutRow struct {
	dispatch.CloseoutRow
	Pickup, Place string
	Chosen        string
}

// closeoutData is the close-out page: the day and its rides.
type closeoutData struct {
	Date, Prev, Next string
	Rows             []closeoutRow
	Outcomes, By     []string
	Saved            bool
}

// closeoutPage lists a day's rides (?date=, else the latest day with rides
// still open, else yesterday) with the
// suggested outcome preselected: done where the driver had confirmed and
// nothing was reported, not served where nobody drove.
func (s *server) closeoutPage(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("date")
	if q == "" {
		if q, err = ar.LastOpenDay(r.Context()); err != nil {
			return err
		}
	}
	day := s.Now().In(s.Location).AddDate(0, 0, -1)
	if q != "" {
		if day, err = time.ParseInLocation(time.DateOnly, q, s.Location); err != nil {
			return dispatch.Errorf(dispatch.CodeInvalid, "date")
		}
	}
	date := day.Format(time.DateOnly)
	rows, err := ar.CloseoutDay(r.Context(), date)
	if err != nil {
		return err
	}
	d := closeoutData{Date: date, Prev: day.AddDate(0, 0, -1).Format(time.DateOnly),
		Next: day.AddDate(0, 0, 1).Format(time.DateOnly), Outcomes: dispatch.Outcomes,
		By: dispatch.CancelledByValues, Saved: r.URL.Query().Get("saved") != ""}
	for _, row := range rows {
		cr := closeoutRow{CloseoutRow: row, Chosen: row.Suggested(), Place: row.Trip.Dropoff.Street}
		if row.Trip.PickupEarliest != nil {
			cr.Pickup = row.Trip.PickupEarliest.In(s.Location).Format("15:04")
		}
		d.Rows = append(d.Rows, cr)
	}
	return s.render(w, http.StatusOK, "closeout", "", s.newView(r, "closeout_title", d))
}

// closeout records the day's outcomes in one transaction: the rows with
// an outcome chosen; unchanged ones are no new audit entry.
func (s *server) closeout(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	date := r.PostFormValue("date")
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return dispatch.Errorf(dispatch.CodeInvalid, "date")
	}
	var list []dispatch.Outcome
	for _, raw := range r.PostForm["trip"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return dispatch.Errorf(dispatch.CodeInvalid, "trip")
		}
		o := dispatch.Outcome{TripID: id, Outcome: r.PostFormValue("o" + raw), CancelledBy: r.PostFormValue("by" + raw),
			Reason: strings.TrimSpace(r.PostFormValue("r" + raw)), Notes: strings.TrimSpace(r.PostFormValue("n" + raw)),
			Source: dispatch.SourceCloseout}
		if o.Outcome == "" {
			continue
		}
		if o.Outcome != dispatch.OutcomeCancelledLate {
			o.CancelledBy = ""
		}
		list = append(list, o)
	}
	if err := ar.RecordOutcomes(r.Context(), actorOf(r), list); err != nil {
		return err
	}
	return redirect(w, r, "/closeout?saved=1&date="+date)
}

// driverAfter is the driver's page's part after the ride: the rides of
// the last two days to report, and this month's tours with their
// kilometres.
type driverAfter struct {
	Recent []closeoutRow
	Months []dispatch.VolunteerMonth
}

// loadDriverAfter reads the driver's recent rides and this month's log;
// without the after-ride part wired it is empty.
func (s *server) loadDriverAfter(r *http.Request, driverID int64) (driverAfter, error) {
	var d driverAfter
	if s.AfterRide == nil {
		return d, nil
	}
	now := s.Now().In(s.Location)
	since := time.Date(now.Year(), now.Month(), now.Day()-1, 0, 0, 0, 0, s.Location)
	rows, err := s.AfterRide.DriverRecent(r.Context(), driverID, since)
	if err != nil {
		return d, err
	}
	for _, row := range rows {
		cr := closeoutRow{CloseoutRow: row, Place: row.Trip.Dropoff.Street}
		if row.Outcome != nil {
			cr.Chosen = row.Outcome.Outcome
		}
		cr.Pickup = germanDate(row.Trip.PickupEarliest.In(s.Location)) + " " + row.Trip.PickupEarliest.In(s.Location).Format("15:04")
		d.Recent = append(d.Recent, cr)
	}
	p, _ := dispatch.ParseMonth(now.Format("2006-01"))
	d.Months, err = s.AfterRide.VolunteerLog(r.Context(), p, driverID)
	return d, err
}

// linkDriver is the driver of a valid link in the path.
func (s *server) linkDriver(r *http.Request) (int64, error) {
	id, ok := parseDriverToken(s.linkKey, chi.URLParam(r, "token"), s.Now())
	if !ok {
		return 0, errNotFound
	}
	return id, nil
}

// linkAfterRide is what the driver's taps after the ride need first: the
// wired dependency, the driver of a valid link and the trip's or tour's
// id in the path (not found when it is not a number).
func (s *server) linkAfterRide(r *http.Request) (ar AfterRide, driverID, id int64, err error) {
	if ar, err = s.afterRide(); err != nil {
		return nil, 0, 0, err
	}
	if driverID, err = s.linkDriver(r); err != nil {
		return nil, 0, 0, err
	}
	if id, err = strconv.ParseInt(chi.URLParam(r, "id"), 10, 64); err != nil {
		return nil, 0, 0, errNotFound
	}
	return ar, driverID, id, nil
}

// driverOutcome is the driver's tap: done or not there. Only the driver's
// own confirmed ride, and never over the agency's outcome.
func (s *server) driverOutcome(w http.ResponseWriter, r *http.Request) error {
	ar, driverID, tripID, err := s.linkAfterRide(r)
	if err != nil {
		return err
	}
	outcome := r.PostFormValue("outcome")
	if outcome != dispatch.OutcomeDone && outcome != dispatch.OutcomeNoShow {
		return dispatch.Errorf(dispatch.CodeInvalid, "outcome")
	}
	_, err = ar.RecordOutcome(r.Context(), dispatch.Actor{Name: "driver"}, dispatch.Outcome{TripID: tripID,
		Outcome: outcome, Source: dispatch.SourceDriverPage, DriverID: &driverID})
	if err != nil {
		return err
	}
	return redirect(w, r, "/d/"+chi.URLParam(r, "token")+"#after")
}

// readKm reads a kilometre field as typed ("23,5" or "23.5").
func readKm(v string) (int64, error) {
	km, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", "."), 64)
	if err != nil {
		return dispatch.ValidateKm(-1)
	}
	return dispatch.ValidateKm(km)
}

// driverKm is the driver's correction of a tour's kilometres.
func (s *server) driverKm(w http.ResponseWriter, r *http.Request) error {
	ar, driverID, tourID, err := s.linkAfterRide(r)
	if err != nil {
		return err
	}
	meters, err := readKm(r.PostFormValue("km"))
	if err != nil {
		return err
	}
	if err := ar.CorrectTourKm(r.Context(), dispatch.Actor{Name: "driver"}, tourID, meters, &driverID); err != nil {
		return err
	}
	return redirect(w, r, "/d/"+chi.URLParam(r, "token")+"#after")
}

// correctKm is a coordinator's correction of a tour's kilometres, from a
// statement page.
func (s *server) correctKm(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	tourID, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	meters, err := readKm(r.PostFormValue("km"))
	if err != nil {
		return err
	}
	if err := ar.CorrectTourKm(r.Context(), actorOf(r), tourID, meters, nil); err != nil {
		return err
	}
	return redirect(w, r, safeNext(r.PostFormValue("back")))
}
