package dispatch_test

import (
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

func validSeries() dispatch.Series {
	until := "2027-06-30"
	return dispatch.Series{RiderID: 1, Weekdays: []int{1, 3, 5}, IntervalWeeks: 1, Start: "2027-03-01", Until: &until,
		Timing: dispatch.TimingArriveBy, Time: "07:30", Return: dispatch.SeriesReturn{Type: dispatch.ReturnAt, Time: "12:00"},
		To: dispatch.Location{Street: "Am Markt 2", City: "Bitburg", Lat: 49.97, Lon: 6.52}, Passengers: 1}
}

// Bad series are refused with the field at fault: no weekday, an end
// before the start, more than 400 dates, an interval of 0, and the rest.
func TestSeriesValidate(t *testing.T) {
	t.Parallel()
	today := time.Date(2027, 2, 20, 0, 0, 0, 0, time.UTC)
	n := func(v int) *int { return &v }
	s := func(v string) *string { return &v }
	tests := []struct {
		name   string
		change func(*dispatch.Series)
		field  string
	}{
		{"no weekday", func(x *dispatch.Series) { x.Weekdays = nil }, "weekdays"},
		{"weekday 8", func(x *dispatch.Series) { x.Weekdays = []int{8} }, "weekdays"},
		{"end before start", func(x *dispatch.Series) { x.Until = s("2027-02-28") }, "until"},
		{"too many dates", func(x *dispatch.Series) { x.Until = s("2030-01-01") }, "until"},
		{"count over 400", func(x *dispatch.Series) { x.Until, x.Count = nil, n(401) }, "count"},
		{"count 0", func(x *dispatch.Series) { x.Until, x.Count = nil, n(0) }, "count"},
		{"no end", func(x *dispatch.Series) { x.Until = nil }, "until"},
		{"both ends", func(x *dispatch.Series) { x.Count = n(3) }, "count"},
		{"interval 0", func(x *dispatch.Series) { x.IntervalWeeks = 0 }, "interval_weeks"},
		{"start past", func(x *dispatch.Series) { x.Start = "2027-02-01" }, "start"},
		{"bad time", func(x *dispatch.Series) { x.Time = "7.30" }, "time"},
		{"return before", func(x *dispatch.Series) { x.Return.Time = "07:00" }, "return.time"},
		{"no place", func(x *dispatch.Series) { x.To = dispatch.Location{} }, "to.street"},
	}
	if err := (func() *dispatch.Series { x := validSeries(); return &x })().Validate(today); err != nil {
		t.Fatalf("valid series refused: %v", err)
	}
	for _, tt := range tests {
		x := validSeries()
		tt.change(&x)
		err := x.Validate(today)
		de, ok := err.(*dispatch.Error)
		if !ok {
			t.Fatalf("%s: accepted", tt.name)
		}
		found := false
		for _, f := range de.Fields {
			found = found || f.Field == tt.field
		}
		if !found {
			t.Errorf("%s: fields %+v, want %s", tt.name, de.Fields, tt.field)
		}
	}
}

// Every other week keeps its rhythm from the start, and a count counts
// dates of the rhythm.
func TestSeriesDatesEveryOtherWeek(t *testing.T) {
	t.Parallel()
	x := validSeries()
	x.Weekdays, x.IntervalWeeks, x.Until, x.Start = []int{2}, 2, nil, "2027-03-03" // a Wednesday; Tuesdays
	six := 6
	x.Count = &six
	var got []string
	for _, d := range x.Dates(time.Time{}, time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)) {
		got = append(got, d.Format(time.DateOnly))
	}
	want := []string{"2027-03-16", "2027-03-30", "2027-04-13", "2027-04-27", "2027-05-11", "2027-05-25"}
	if len(got) != len(want) {
		t.Fatalf("dates %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("dates %v, want %v", got, want)
		}
	}
}
