package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// StatementsCSV writes one line per driver and month for the bookkeeping:
// kilometres and hours with one decimal, amounts in euros with two, all
// with a decimal point, computed in whole cents.
func StatementsCSV(w io.Writer, sts []dispatch.Statement) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"driver_id", "driver", "month", "tours", "rides", "km", "hours", "rate_per_km", "km_amount",
		"rate_per_ride", "ride_amount", "total"})
	for _, s := range sts {
		cw.Write([]string{strconv.FormatInt(s.DriverID, 10), s.DriverName, s.Month, strconv.Itoa(len(s.Tours)),
			strconv.Itoa(s.Rides), dispatch.FormatTenths(s.Hectometres, '.'), dispatch.FormatHours(s.Seconds, '.'),
			s.Rates.PerKm.String(), s.KmCents.String(), s.Rates.PerRide.String(), s.FlatCents.String(), s.TotalCents.String()})
	}
	cw.Flush()
	return cw.Error()
}

// StatementTexts are the words of the printed statement, in the language
// of the page that makes it.
type StatementTexts struct {
	Title, Agency, Driver, Month, Date, Rides, Km, Hours, Corrected string
	KmAmount, RideAmount, Total, Signature                          string
	// Decimal is the decimal mark of the amounts (',' in German).
	Decimal byte
}

// StatementPDF writes a statement as an A4 page a volunteer can sign: the
// tours, the sums, and a line for date and signature. compress is false
// only in tests, which read the text back from the page.
func StatementPDF(w io.Writer, s dispatch.Statement, t StatementTexts, compress bool) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetTitle(t.Title, true)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // core fonts speak cp1252: umlauts and €
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, tr(t.Title), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	for _, line := range [][2]string{{t.Agency, ""}, {t.Driver, s.DriverName}, {t.Month, s.Month}} {
		pdf.CellFormat(0, 6, tr(line[0]+" "+line[1]), "", 1, "L", false, 0, "")
	}
	pdf.Ln(4)
	widths := []float64{45, 25, 35, 30}
	pdf.SetFont("Helvetica", "B", 11)
	for i, h := range []string{t.Date, t.Rides, t.Km, t.Hours} {
		pdf.CellFormat(widths[i], 7, tr(h), "B", 0, "L", false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 11)
	for _, tour := range s.Tours {
		km := dispatch.FormatTenths(tour.Hectometres(), t.Decimal)
		if tour.Corrected {
			km += " (" + t.Corrected + ")"
		}
		cells := []string{tour.Date, strconv.Itoa(tour.Rides), km, dispatch.FormatHours(tour.Seconds, t.Decimal)}
		for i, c := range cells {
			pdf.CellFormat(widths[i], 6, tr(c), "", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.Ln(4)
	money := func(c dispatch.Cents) string { return c.Format(t.Decimal) + " EUR" }
	sums := [][2]string{
		{fmt.Sprintf("%s: %s km × %s", t.KmAmount, dispatch.FormatTenths(s.Hectometres, t.Decimal), money(s.Rates.PerKm)), money(s.KmCents)},
		{fmt.Sprintf("%s: %d × %s", t.RideAmount, s.Rides, money(s.Rates.PerRide)), money(s.FlatCents)},
		{t.Total, money(s.TotalCents)},
	}
	for i, row := range sums {
		if i == len(sums)-1 {
			pdf.SetFont("Helvetica", "B", 11)
		}
		pdf.CellFormat(110, 7, tr(row[0]), "", 0, "L", false, 0, "")
		pdf.CellFormat(30, 7, tr(row[1]), "", 1, "R", false, 0, "")
	}
	pdf.Ln(25)
	pdf.Line(pdf.GetX(), pdf.GetY(), pdf.GetX()+90, pdf.GetY())
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 6, tr(t.Signature), "", 1, "L", false, 0, "")
	return pdf.Output(w)
}
