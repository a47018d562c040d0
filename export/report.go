// Package export writes the after-the-ride figures as files for people
// outside Fahrdienst: the funder's report as CSV and XLSX (one sheet per
// table), the reimbursement statements as CSV for the bookkeeping and as a
// PDF a volunteer signs. Both the JSON API and the pages use it, so that a
// download gives the same file wherever it is made.
package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Label names a figure or a breakdown key for people (in German or
// English); nil keeps the machine names, as the API's files do.
type Label func(key string) string

func (l Label) of(key string) string {
	if l == nil {
		return key
	}
	return l(key)
}

// figure is one number of the report with its machine name.
type figure struct {
	key   string
	value func(f dispatch.Figures) float64
}

// figures are the report's single numbers, in the order the tables show
// them. Kilometres, hours and the no-show rate have one decimal.
var figures = []figure{
	{"trips", func(f dispatch.Figures) float64 { return float64(f.Trips) }},
	{"done", func(f dispatch.Figures) float64 { return float64(f.Done) }},
	{"no_show", func(f dispatch.Figures) float64 { return float64(f.NoShow) }},
	{"cancelled_late", func(f dispatch.Figures) float64 { return float64(f.CancelledLate) }},
	{"not_served", func(f dispatch.Figures) float64 { return float64(f.NotServed) }},
	{"open", func(f dispatch.Figures) float64 { return float64(f.Open) }},
	{"seniors_served", func(f dispatch.Figures) float64 { return float64(f.SeniorsServed) }},
	{"new_seniors", func(f dispatch.Figures) float64 { return float64(f.NewSeniors) }},
	{"wheelchair_rides", func(f dispatch.Figures) float64 { return float64(f.WheelchairRides) }},
	{"active_volunteers", func(f dispatch.Figures) float64 { return float64(f.ActiveVolunteers) }},
	{"volunteer_km", func(f dispatch.Figures) float64 { return float64(f.VolunteerTenthKm) / 10 }},
	{"volunteer_hours", func(f dispatch.Figures) float64 { return float64((f.VolunteerSeconds+180)/360) / 10 }},
	{"no_show_percent", func(f dispatch.Figures) float64 { return float64(f.NoShowPermille) / 10 }},
}

// breakdown is one table of counts by key.
type breakdown struct {
	key    string
	counts func(f dispatch.Figures) []dispatch.Count
}

var breakdowns = []breakdown{
	{"by_kind", func(f dispatch.Figures) []dispatch.Count { return f.ByKind }},
	{"by_purpose", func(f dispatch.Figures) []dispatch.Count { return f.ByPurpose }},
	{"not_served_reasons", func(f dispatch.Figures) []dispatch.Count { return f.NotServedReasons }},
	{"cancelled_late_by", func(f dispatch.Figures) []dispatch.Count { return f.CancelledLateBy }},
}

// columns are the report's columns: every month, then the total.
func columns(r dispatch.Report) (names []string, figs []dispatch.Figures) {
	for _, m := range r.Months {
		names, figs = append(names, m.Month), append(figs, m.Figures)
	}
	return append(names, "total"), append(figs, r.Total)
}

// ReportCSV writes the report as one CSV table in long form (table, month,
// key, value), which every spreadsheet and script reads without knowing
// the layout: month "total" is the period.
func ReportCSV(w io.Writer, r dispatch.Report, label Label) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"table", "month", "key", "value"})
	names, figs := columns(r)
	for i, f := range figs {
		for _, fig := range figures {
			cw.Write([]string{"summary", names[i], label.of(fig.key), num(fig.value(f))})
		}
		for _, b := range breakdowns {
			for _, c := range b.counts(f) {
				cw.Write([]string{b.key, names[i], label.of(c.Key), strconv.Itoa(c.Count)})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// ReportXLSX writes the report as a workbook with one sheet per table: the
// summary figures, then each breakdown, months as columns and the total
// last.
func ReportXLSX(w io.Writer, r dispatch.Report, label Label) error {
	x := excelize.NewFile()
	defer x.Close()
	names, figs := columns(r)
	header := []any{""}
	for _, n := range names {
		header = append(header, label.of(n))
	}
	summary := "summary"
	x.SetSheetName("Sheet1", sheetName(label.of(summary)))
	rows := [][]any{header}
	for _, fig := range figures {
		row := []any{label.of(fig.key)}
		for _, f := range figs {
			row = append(row, fig.value(f))
		}
		rows = append(rows, row)
	}
	if err := writeSheet(x, sheetName(label.of(summary)), rows); err != nil {
		return err
	}
	for _, b := range breakdowns {
		rows := [][]any{header}
		for i, c := range b.counts(r.Total) {
			row := []any{label.of(c.Key)}
			for _, f := range figs {
				row = append(row, countOf(b.counts(f), c.Key, i))
			}
			rows = append(rows, row)
		}
		name := sheetName(label.of(b.key))
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(x, name, rows); err != nil {
			return err
		}
	}
	return x.Write(w)
}

// countOf finds key among a month's counts (a reason may be missing in a
// month that had none).
func countOf(counts []dispatch.Count, key string, hint int) int {
	if hint < len(counts) && counts[hint].Key == key {
		return counts[hint].Count
	}
	for _, c := range counts {
		if c.Key == key {
			return c.Count
		}
	}
	return 0
}

// sheetName keeps a sheet name within Excel's rules: 31 characters, none
// of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		return string(r[:31])
	}
	return s
}

func writeSheet(x *excelize.File, sheet string, rows [][]any) error {
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := x.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	return nil
}
