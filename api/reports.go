package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/export"
)

// The media types of the report files.
const (
	mediaCSV  = "text/csv; charset=utf-8"
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// fileFormat is what a report request asks for: format=csv|xlsx wins over
// the Accept header, and JSON is the default.
func fileFormat(r *http.Request, q *query) string {
	if f := q.oneOf("format", "json", "csv", "xlsx"); f != "" {
		return f
	}
	if strings.Contains(r.Header.Get("Accept"), "text/csv") {
		return "csv"
	}
	return "json"
}

// reportSummary answers the funder's report of a period as JSON, CSV or
// XLSX. The period is validated: both dates, from ≤ to, at most five years.
func (s *server) reportSummary(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	q := query{r: r}
	format := fileFormat(r, &q)
	if err := q.err(); err != nil {
		return err
	}
	p, err := dispatch.ParsePeriod(r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	if err != nil {
		return err
	}
	rep, err := ar.Report(r.Context(), p)
	if err != nil {
		return err
	}
	name := "bericht-" + p.From + "-" + p.To
	switch format {
	case "csv":
		return writeFile(w, mediaCSV, name+".csv", func(b *bytes.Buffer) error { return export.ReportCSV(b, rep, nil) })
	case "xlsx":
		return writeFile(w, mediaXLSX, name+".xlsx", func(b *bytes.Buffer) error { return export.ReportXLSX(b, rep, nil) })
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// statements answers the reimbursement statements of a month, of every
// driver or one, as JSON or as the bookkeeping's CSV.
func (s *server) statements(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	q := query{r: r}
	format := fileFormat(r, &q)
	driverID := q.int("driver_id", 0, 1, 1<<62)
	if err := q.err(); err != nil {
		return err
	}
	if format == "xlsx" {
		return fieldError("format", "statements come as json or csv")
	}
	month := r.URL.Query().Get("month")
	sts, err := ar.Statements(r.Context(), month, driverID)
	if err != nil {
		return err
	}
	if format == "csv" {
		return writeFile(w, mediaCSV, "abrechnung-"+month+".csv", func(b *bytes.Buffer) error { return export.StatementsCSV(b, sts) })
	}
	if sts == nil {
		sts = []dispatch.Statement{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"month": month, "items": sts})
	return nil
}

// writeFile renders a file into memory first, so that a failure is still
// an error answer and not half a download.
func writeFile(w http.ResponseWriter, media, name string, render func(*bytes.Buffer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return dispatch.Wrap(dispatch.CodeInternal, err, "")
	}
	w.Header().Set("Content-Type", media)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b.Bytes())
	return err
}
