package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/export"
)

func sampleReport() dispatch.Report {
	p, _ := dispatch.ParsePeriod("2026-09-01", "2026-10-31")
	return dispatch.BuildReport(p, dispatch.ReportData{
		Trips: []dispatch.ReportTrip{
			{TripID: 1, RiderID: 1, Kind: "appointment", Date: "2026-09-03", Purpose: "Impfung", Outcome: dispatch.OutcomeDone},
			{TripID: 2, RiderID: 2, Kind: "shuttle", Date: "2026-10-08", Purpose: "Einkauf", Outcome: dispatch.OutcomeDone, Wheelchair: true},
			{TripID: 3, RiderID: 2, Kind: "shuttle", Date: "2026-10-15", Outcome: dispatch.OutcomeNotServed, Reason: "kein Fahrer"},
		},
		Tours: []dispatch.TourLog{{TourID: 1, DriverID: 1, Date: "2026-09-03", Rides: 1, Meters: 12340, Seconds: 3600}},
	}, nil)
}

func TestReportCSVParses(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := export.ReportCSV(&b, sampleReport(), nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"summary/2026-09/volunteer_km": "12.3", "summary/total/done": "2",
		"by_purpose/2026-10/Einkauf": "1", "not_served_reasons/total/kein Fahrer": "1", "summary/2026-10/wheelchair_rides": "1"}
	for _, r := range rows[1:] {
		if v, ok := want[r[0]+"/"+r[1]+"/"+r[2]]; ok && v != r[3] {
			t.Errorf("%v: want %s", r, v)
		}
		delete(want, r[0]+"/"+r[1]+"/"+r[2])
	}
	if len(want) > 0 {
		t.Errorf("missing rows %v", want)
	}
}

func TestReportXLSXReadsBack(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := export.ReportXLSX(&b, sampleReport(), func(k string) string { return strings.ToUpper(k[:1]) + k[1:] }); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); strings.Join(got, ",") != "Summary,By_kind,By_purpose,Not_served_reasons,Cancelled_late_by" {
		t.Errorf("sheets = %v", got)
	}
	rows, err := x.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != "|2026-09|2026-10|Total" || strings.Join(rows[2], "|") != "Done|1|1|2" {
		t.Errorf("summary rows = %q", rows[:3])
	}
	rows, _ = x.GetRows("By_purpose")
	if strings.Join(rows[4], "|") != "Einkauf|0|1|1" {
		t.Errorf("purpose rows = %q", rows)
	}
}

func TestStatementPDFHasText(t *testing.T) {
	t.Parallel()
	s := dispatch.NewStatement(dispatch.VolunteerMonth{DriverID: 1, DriverName: "Peter Hansen", Month: "2026-10",
		Tours: []dispatch.TourLog{{Date: "2026-10-20", Rides: 2, Meters: 23500, Corrected: true, Seconds: 1900}},
		Rides: 2, Hectometres: 235, Seconds: 1900}, dispatch.Rates{PerKm: 30, PerRide: 150})
	texts := export.StatementTexts{Title: "Fahrtkostenerstattung", Agency: "Fahrdienst Bitburg", Driver: "Fahrer:",
		Month: "Monat:", Date: "Datum", Rides: "Fahrten", Km: "km", Hours: "Stunden", Corrected: "korrigiert",
		KmAmount: "Kilometer", RideAmount: "Pauschale", Total: "Summe", Signature: "Datum, Unterschrift", Decimal: ','}
	var b bytes.Buffer
	if err := export.StatementPDF(&b, s, texts, false); err != nil {
		t.Fatal(err)
	}
	pdf := b.String()
	if !strings.HasPrefix(pdf, "%PDF-") || !strings.Contains(pdf, "%%EOF") {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	// 23.5 km × 0.30 € = 7.05 €, 2 × 1.50 € = 3.00 €: 10.05 €.
	for _, want := range []string{"Peter Hansen", "2026-10", "23,5 (korrigiert)", "7,05 EUR", "3,00 EUR", "10,05 EUR", "Unterschrift"} {
		// A PDF string escapes its parentheses.
		escaped := strings.NewReplacer("(", `\(`, ")", `\)`).Replace(want)
		if !strings.Contains(pdf, escaped) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	var csvOut bytes.Buffer
	if err := export.StatementsCSV(&csvOut, []dispatch.Statement{s}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&csvOut).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][5] != "23.5" || rows[1][11] != "10.05" {
		t.Errorf("statements CSV = %q, %v", rows, err)
	}
}
