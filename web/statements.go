package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/export"
)

// statementsData is the statements page of a month: one line per driver
// and the sum the bookkeeping pays.
type statementsData struct {
	Month, Prev, Next string
	Items             []dispatch.Statement
	Total             dispatch.Cents
	Decimal           byte
	Agency            string
}

// statementMonth reads ?month=, by default last month: statements are
// made after a month ends.
func (s *server) statementMonth(r *http.Request) (string, time.Time, error) {
	month := r.URL.Query().Get("month")
	if month == "" {
		month = dispatch.LastMonth(s.Now(), s.Location)
	}
	m, err := time.Parse("2006-01", month)
	if err != nil {
		_, err = dispatch.ParseMonth(month)
	}
	return month, m, err
}

func (s *server) loadStatements(r *http.Request, driverID int64) (statementsData, error) {
	ar, err := s.afterRide()
	if err != nil {
		return statementsData{}, err
	}
	month, m, err := s.statementMonth(r)
	if err != nil {
		return statementsData{}, err
	}
	items, err := ar.Statements(r.Context(), month, driverID)
	d := statementsData{Month: month, Prev: m.AddDate(0, -1, 0).Format("2006-01"), Next: m.AddDate(0, 1, 0).Format("2006-01"),
		Items: items, Decimal: decimalOf(langOf(r)), Agency: s.AgencyName}
	for _, it := range items {
		d.Total += it.TotalCents
	}
	return d, err
}

// statementsPage lists every driver's statement of a month, with links to
// each printable statement and its PDF, and the CSV for the bookkeeping.
func (s *server) statementsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadStatements(r, 0)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "statements", "", s.newView(r, "statements_title", d))
}

// statementsCSV is the month's statements of all drivers for the
// bookkeeping.
func (s *server) statementsCSV(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadStatements(r, 0)
	if err != nil {
		return err
	}
	return download(w, "text/csv; charset=utf-8", "abrechnung-"+d.Month+".csv",
		func(b *bytes.Buffer) error { return export.StatementsCSV(b, d.Items) })
}

// oneStatement is a driver's statement of the month; a driver without
// rides that month gets an empty one, so the page still prints.
func (s *server) oneStatement(r *http.Request) (statementsData, dispatch.Statement, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return statementsData{}, dispatch.Statement{}, errNotFound
	}
	drv, err := s.Store.Driver(r.Context(), id)
	if err != nil {
		return statementsData{}, dispatch.Statement{}, err
	}
	d, err := s.loadStatements(r, id)
	if err != nil {
		return d, dispatch.Statement{}, err
	}
	if len(d.Items) == 1 {
		return d, d.Items[0], nil
	}
	return d, dispatch.NewStatement(dispatch.VolunteerMonth{DriverID: id, Month: d.Month,
		DriverName: drv.FirstName + " " + drv.LastName}, s.Rates), nil
}

// statementPage is one driver's statement as a printable page, with a
// form per tour to correct its kilometres.
func (s *server) statementPage(w http.ResponseWriter, r *http.Request) error {
	d, st, err := s.oneStatement(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "statement", "", s.newView(r, "statement_title",
		map[string]any{"List": d, "S": st, "Back": r.URL.RequestURI()}))
}

// statementPDF is one driver's statement as a PDF to print and sign.
func (s *server) statementPDF(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.oneStatement(r)
	if err != nil {
		return err
	}
	t := textsOf(r)
	texts := export.StatementTexts{Title: t["statement_title"], Agency: s.AgencyName, Driver: t["statement_driver"] + ":",
		Month: t["statement_month"] + ":", Date: t["date"], Rides: t["statement_rides"], Km: t["statement_km"],
		Hours: t["statement_hours"], Corrected: t["statement_corrected"], KmAmount: t["statement_km_amount"],
		RideAmount: t["statement_ride_amount"], Total: t["statement_total"], Signature: t["statement_signature"],
		Decimal: decimalOf(langOf(r))}
	name := "abrechnung-" + st.Month + "-" + strconv.FormatInt(st.DriverID, 10) + ".pdf"
	return download(w, "application/pdf", name, func(b *bytes.Buffer) error {
		return export.StatementPDF(b, st, texts, !s.PlainPDF)
	})
}
