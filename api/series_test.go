package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// seriesBody is a series of r to the test's place: Monday and Wednesday at
// hour:00, back two hours later, from Monday 30 November 2026, six dates.
func (e *env) seriesBody(r dispatch.Rider, hour int) map[string]any {
	return map[string]any{"rider_id": r.ID, "weekdays": []int{1, 3}, "start": "2026-11-30", "count": 6,
		"timing": "arrive_by", "time": fmt.Sprintf("%02d:00", hour),
		"return": map[string]any{"type": "at", "time": fmt.Sprintf("%02d:00", hour+2)},
		"to":     map[string]any{"place_id": e.place.ID}, "purpose": "Physiotherapie"}
}

// accessSeries books a series for r directly in the store, for the access table.
func (e *env) accessSeries(r dispatch.Rider) int64 {
	e.t.Helper()
	count := 6
	sr, err := e.st.CreateSeries(context.Background(), system, dispatch.Series{RiderID: r.ID, Weekdays: []int{1, 3},
		IntervalWeeks: 1, Start: "2026-11-30", Count: &count, Timing: dispatch.TimingArriveBy, Time: "12:00",
		Return: dispatch.SeriesReturn{Type: dispatch.ReturnNone}, To: e.place.Location(), Passengers: 1,
		MaxRideMinutes: 45, BookedVia: "phone"})
	if err != nil {
		e.t.Fatal(err)
	}
	return sr.ID
}

// A relative books a series for their mother over the API; a date on which
// she has another trip is a clash of that date only. Then one date is
// skipped, the time changes from a date on, and the series ends.
func TestSeriesOverAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var trip legs
	e.want(http.StatusCreated, relative, "POST", "/api/v1/trips",
		e.booking(e.mine, time.Date(2026, 12, 2, 10, 0, 0, 0, berlin), map[string]any{"type": "none"})).decode(t, &trip)
	var sr dispatch.Series
	e.want(http.StatusCreated, relative, "POST", "/api/v1/series", e.seriesBody(e.mine, 10)).decode(t, &sr)
	states := map[string]string{}
	for _, o := range sr.Occurrences {
		states[o.Date] = o.State
	}
	if len(sr.Occurrences) != 6 || states["2026-12-02"] != dispatch.OccurrenceClash || states["2026-11-30"] != dispatch.OccurrenceBooked ||
		sr.BookedVia != "online" || sr.Purpose != "Physiotherapie" || sr.To.Street != "Am Markt 2" {
		t.Fatalf("series: %+v", sr)
	}
	path := fmt.Sprintf("/api/v1/series/%d", sr.ID)
	e.want(http.StatusOK, relative, "POST", path+"/skips", map[string]any{"date": "2026-12-07"}).decode(t, &sr)
	wantField(t, e.want(http.StatusUnprocessableEntity, relative, "POST", path+"/skips", map[string]any{"date": "2026-12-08"}), "date")
	var next dispatch.Series
	e.want(http.StatusOK, coordinator, "PATCH", path, map[string]any{"from": "2026-12-09", "time": "09:00",
		"return": map[string]any{"type": "on_call"}}).decode(t, &next)
	if next.PreviousID == nil || *next.PreviousID != sr.ID || next.Time != "09:00" || *next.Count != 3 || len(next.Occurrences) != 3 {
		t.Fatalf("successor: %+v", next)
	}
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "PATCH", fmt.Sprintf("/api/v1/series/%d", next.ID),
		map[string]any{"from": "2026-11-01"}), "from")
	var ended dispatch.Series
	e.want(http.StatusOK, relative, "POST", fmt.Sprintf("/api/v1/series/%d/end", next.ID), map[string]any{"from": "2026-12-14"}).decode(t, &ended)
	if !ended.Ended {
		t.Fatalf("ended: %+v", ended)
	}
	e.want(http.StatusConflict, relative, "POST", path+"/end", map[string]any{})
	e.want(http.StatusNotFound, relative, "GET", "/api/v1/series/999999", nil)
}

// Bad series are refused with the field named: no weekday, an end before
// the start, more than 400 dates, an interval of 0; a relative cannot book
// for someone else's senior.
func TestSeriesBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name, field string
		change      func(map[string]any)
	}{
		{"no weekday", "weekdays", func(b map[string]any) { b["weekdays"] = []int{} }},
		{"end before start", "until", func(b map[string]any) { delete(b, "count"); b["until"] = "2026-11-29" }},
		{"over 400 dates", "until", func(b map[string]any) { delete(b, "count"); b["until"] = "2031-01-01" }},
		{"count over 400", "count", func(b map[string]any) { b["count"] = 401 }},
		{"interval 0", "interval_weeks", func(b map[string]any) { b["interval_weeks"] = 0 }},
		{"no end", "until", func(b map[string]any) { delete(b, "count") }},
		{"bad time", "time", func(b map[string]any) { b["time"] = "25:00" }},
		{"no such place", "to.place_id", func(b map[string]any) { b["to"] = map[string]any{"place_id": 999999} }},
	}
	for _, tt := range tests {
		b := e.seriesBody(e.mine, 10)
		tt.change(b)
		r := e.call(coordinator, "POST", "/api/v1/series", b)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d: %s", tt.name, r.Status, r.Body)
		}
		wantField(t, r, tt.field)
	}
	wantField(t, e.want(http.StatusUnprocessableEntity, relative, "POST", "/api/v1/series", e.seriesBody(e.other, 10)), "rider_id")
}
