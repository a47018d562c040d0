package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// SeriesStore is what the pages do with standing bookings; the PostgreSQL
// store has it. Without it the booking form books single rides only.
type SeriesStore interface {
	CreateSeries(ctx context.Context, actor dispatch.Actor, sr dispatch.Series) (dispatch.Series, error)
	Series(ctx context.Context, id int64) (dispatch.Series, error)
	SkipSeriesDate(ctx context.Context, actor dispatch.Actor, id int64, date string) (dispatch.Series, error)
	EndSeries(ctx context.Context, actor dispatch.Actor, id int64, from string) (dispatch.Series, error)
	RiderSeries(ctx context.Context, riderID int64) ([]dispatch.Series, error)
}

// Has reports whether a field with several values (checkboxes) holds value.
func (f form) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Weekdays are the ISO weekdays, for the series' day checkboxes.
func (f form) Weekdays() []int { return []int{1, 2, 3, 4, 5, 6, 7} }

// webVia is how a booking on the pages came in: by phone through a
// coordinator, or online from a relative.
func webVia(a dispatch.Account) string {
	if a.Role == dispatch.RoleRelative {
		return "online"
	}
	return "phone"
}

// repeats reports whether the booking form asks for a series ("wiederholen"
// with at least one weekday or the box ticked).
func repeats(v view) bool {
	return v.Form.Values.Get("repeat") != "" || len(v.Form.Values["repeat_wd"]) > 0
}

// bookSeries books the form's ride as a series: the same times, places and
// ride back on the chosen weekdays, until a date or for a count.
func (s *server) bookSeries(w http.ResponseWriter, r *http.Request, v view, b dispatch.Booking) error {
	st, ok := s.Store.(SeriesStore)
	if !ok {
		return errNotFound
	}
	sr := s.readSeries(v, b)
	if len(v.Form.Errors) == 0 {
		err := sr.Validate(s.Now().In(s.Location))
		if err == nil {
			var out dispatch.Series
			if out, err = st.CreateSeries(r.Context(), actorOf(r), sr); err == nil {
				return redirect(w, r, fmt.Sprintf("/series/%d", out.ID))
			}
		}
		if !seriesErrors(v, err) {
			return err
		}
	}
	return s.render(w, http.StatusUnprocessableEntity, "book", "", v)
}

// readSeries makes the series of a booking from the repeat fields.
func (s *server) readSeries(v view, b dispatch.Booking) dispatch.Series {
	f := v.Form.Values
	local := b.At.In(s.Location)
	sr := dispatch.Series{RiderID: b.RiderID, IntervalWeeks: 1, Start: local.Format(time.DateOnly),
		Timing: b.Timing, Time: local.Format("15:04"), Return: dispatch.SeriesReturn{Type: b.Return},
		From: b.From, To: b.To, Passengers: b.Passengers, Needs: b.Needs, Notes: b.Notes, BookedBy: b.BookedBy,
		BookedVia: b.Via, MaxRideMinutes: int(s.rules().MaxRide.Minutes())}
	if b.ReturnAt != nil {
		sr.Return.Time = b.ReturnAt.In(s.Location).Format("15:04")
	}
	for _, d := range f["repeat_wd"] {
		if n, err := strconv.Atoi(d); err == nil {
			sr.Weekdays = append(sr.Weekdays, n)
		}
	}
	if raw := strings.TrimSpace(f.Get("repeat_interval")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.Form.Errors["repeat_interval"] = v.T["err_interval"]
		}
		sr.IntervalWeeks = n
	}
	if raw := strings.TrimSpace(f.Get("repeat_until")); raw != "" {
		if d, ok := parseDate(raw, s.Now().In(s.Location)); ok {
			until := d.Format(time.DateOnly)
			sr.Until = &until
		} else {
			v.Form.Errors["repeat_until"] = v.T["err_date"]
		}
	}
	if raw := strings.TrimSpace(f.Get("repeat_count")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.Form.Errors["repeat_until"] = v.T["err_series_end"]
		}
		sr.Count = &n
	}
	return sr
}

// seriesErrors puts a series' field errors next to the form's fields; the
// fields of the ride itself go where the single booking puts them.
func seriesErrors(v view, err error) bool {
	de, ok := err.(*dispatch.Error)
	if !ok || de.Code != dispatch.CodeInvalid {
		return fieldErrors(v, err)
	}
	names := map[string][2]string{"weekdays": {"repeat_wd", "err_weekdays"},
		"interval_weeks": {"repeat_interval", "err_interval"}, "until": {"repeat_until", "err_series_end"},
		"count": {"repeat_until", "err_series_end"}, "start": {"date", "err_past"}, "time": {"time", "err_time"},
		"return.time": {"return_time", "err_return_after"}}
	for _, fe := range de.Fields {
		if n, ok := names[fe.Field]; ok {
			v.Form.Errors[n[0]] = v.T[n[1]]
		} else {
			v.Form.Errors["place"] = v.T["err_check"]
		}
	}
	return true
}

// seriesFor is the series of the path when the account may see it; a
// relative gets "not found" for other seniors' series.
func (s *server) seriesFor(r *http.Request) (SeriesStore, dispatch.Series, error) {
	st, ok := s.Store.(SeriesStore)
	id, err := pathID(r)
	if !ok || err != nil {
		return nil, dispatch.Series{}, errNotFound
	}
	sr, err := st.Series(r.Context(), id)
	if err == nil && !accountOf(r).MayAct(sr.RiderID) {
		err = errNotFound
	}
	return st, sr, err
}

// seriesPage shows a series with its dates: booked, skipped, a clash with
// another ride, or cancelled; with buttons to skip a date or end it.
func (s *server) seriesPage(w http.ResponseWriter, r *http.Request) error {
	_, sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	rider, err := s.Store.Rider(r.Context(), sr.RiderID)
	if err != nil {
		return err
	}
	today := s.Now().In(s.Location).Format(time.DateOnly)
	return s.render(w, http.StatusOK, "series", "", s.newView(r, "series_title",
		map[string]any{"Series": sr, "Rider": rider, "Today": today}))
}

// skipSeries takes one date out of a series.
func (s *server) skipSeries(w http.ResponseWriter, r *http.Request) error {
	st, sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	if _, err := st.SkipSeriesDate(r.Context(), actorOf(r), sr.ID, r.PostFormValue("date")); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/series/%d", sr.ID))
}

// endSeries ends a series from today on.
func (s *server) endSeries(w http.ResponseWriter, r *http.Request) error {
	st, sr, err := s.seriesFor(r)
	if err != nil {
		return err
	}
	if _, err := st.EndSeries(r.Context(), actorOf(r), sr.ID, s.Now().In(s.Location).Format(time.DateOnly)); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/series/%d", sr.ID))
}
