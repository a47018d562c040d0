package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/export"
)

// reportData is the report page: the period, its figures, the charts and
// quick links to the usual periods.
type reportData struct {
	Report  dispatch.Report
	Query   string
	Charts  []chart
	Periods []periodLink
	Decimal byte
}

// periodLink is one of the usual periods a funder asks about.
type periodLink struct {
	Key      string
	From, To string
}

// reportPeriod reads from and to, defaulting to the last three months up
// to today: what a coordinator looks at most.
func (s *server) reportPeriod(r *http.Request) (dispatch.Period, error) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if from == "" && to == "" {
		now := s.Now().In(s.Location)
		from = time.Date(now.Year(), now.Month()-2, 1, 0, 0, 0, 0, s.Location).Format(time.DateOnly)
		to = now.Format(time.DateOnly)
	}
	return dispatch.ParsePeriod(from, to)
}

// periods are this month, last month, this quarter, this year and last
// year, as of today.
func (s *server) periods() []periodLink {
	now := s.Now().In(s.Location)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.Location)
	quarter := time.Date(now.Year(), (now.Month()-1)/3*3+1, 1, 0, 0, 0, 0, s.Location)
	year := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, s.Location)
	d := func(t time.Time) string { return t.Format(time.DateOnly) }
	return []periodLink{
		{"period_this_month", d(first), d(first.AddDate(0, 1, -1))},
		{"period_last_month", d(first.AddDate(0, -1, 0)), d(first.AddDate(0, 0, -1))},
		{"period_this_quarter", d(quarter), d(quarter.AddDate(0, 3, -1))},
		{"period_this_year", d(year), d(year.AddDate(1, 0, -1))},
		{"period_last_year", d(year.AddDate(-1, 0, 0)), d(year.AddDate(0, 0, -1))},
	}
}

// report is the funder's report of the period in the query, shared by the
// page and its downloads so that both show the same figures.
func (s *server) report(r *http.Request) (dispatch.Report, dispatch.Period, error) {
	ar, err := s.afterRide()
	if err != nil {
		return dispatch.Report{}, dispatch.Period{}, err
	}
	p, err := s.reportPeriod(r)
	if err != nil {
		return dispatch.Report{}, p, err
	}
	rep, err := ar.Report(r.Context(), p)
	return rep, p, err
}

// reportPage shows the funder's report of a period: the totals, a table
// per month, and charts drawn on the server (SVG), readable without
// JavaScript.
func (s *server) reportPage(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.report(r)
	if err != nil {
		return err
	}
	t := textsOf(r)
	v := s.newView(r, "reports_title", nil)
	v.Form.Values.Set("from", p.From)
	v.Form.Values.Set("to", p.To)
	v.Data = reportData{Report: rep, Query: fmt.Sprintf("from=%s&to=%s", p.From, p.To), Periods: s.periods(),
		Charts: reportCharts(rep, t), Decimal: decimalOf(v.Lang)}
	return s.render(w, http.StatusOK, "reports", "", v)
}

// decimalOf is the decimal mark of a language.
func decimalOf(lang string) byte {
	if lang == "de" {
		return ','
	}
	return '.'
}

// reportLabel names the report's figures and keys in the page's language
// for the downloads; purposes and reasons are the agency's own words.
func reportLabel(t texts) export.Label {
	return func(key string) string {
		if v, ok := t["rep_"+key]; ok {
			return v
		}
		return key
	}
}

// reportFile downloads the report as CSV or XLSX, labelled in the page's
// language.
func (s *server) reportFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rep, p, err := s.report(r)
		if err != nil {
			return err
		}
		label := reportLabel(textsOf(r))
		name := fmt.Sprintf("bericht-%s-%s.%s", p.From, p.To, format)
		if format == "csv" {
			return download(w, "text/csv; charset=utf-8", name, func(b *bytes.Buffer) error { return export.ReportCSV(b, rep, label) })
		}
		return download(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name,
			func(b *bytes.Buffer) error { return export.ReportXLSX(b, rep, label) })
	}
}

// download renders a file into memory, then sends it as an attachment, so
// that a failure is an error page and not half a file.
func download(w http.ResponseWriter, media, name string, render func(*bytes.Buffer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", media)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err := w.Write(b.Bytes())
	return err
}
