package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// historyRow is one past ride on a senior's page, with the link that
// books it again.
type historyRow struct {
	dispatch.HistoryEntry
	Day, Time, To string
	Again         string
}

// riderHistory is a senior's past rides, for coordinators and the
// senior's own relatives (others get 404), each with "book again".
func (s *server) riderHistory(w http.ResponseWriter, r *http.Request) error {
	ar, err := s.afterRide()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || !accountOf(r).MayAct(id) {
		return errNotFound
	}
	rider, err := s.Store.Rider(r.Context(), id)
	if err != nil {
		return err
	}
	entries, err := ar.RiderHistory(r.Context(), id, 50)
	if err != nil {
		return err
	}
	rows := make([]historyRow, 0, len(entries))
	for _, e := range entries {
		rows = append(rows, s.historyRow(rider, e))
	}
	return s.render(w, http.StatusOK, "history", "", s.newView(r, "history_title",
		map[string]any{"Rider": rider, "Rows": rows}))
}

// historyRow words a past ride and builds its "book again" link: the same
// place (or address), timing, time of day, ride back and purpose; the
// date is left for the coordinator to choose (tomorrow by default).
func (s *server) historyRow(rider dispatch.Rider, e dispatch.HistoryEntry) historyRow {
	t := e.Trip
	at := *t.PickupEarliest
	if t.Timing == dispatch.TimingArriveBy && t.DropoffLatest != nil {
		at = *t.DropoffLatest
	}
	local := at.In(s.Location)
	row := historyRow{HistoryEntry: e, Day: germanDate(local), Time: local.Format("15:04"), To: e.PlaceName}
	if row.To == "" {
		row.To = t.Dropoff.Street + ", " + t.Dropoff.City
	}
	q := url.Values{"rider": {strconv.FormatInt(rider.ID, 10)}, "timing": {t.Timing}, "time": {row.Time},
		"return": {e.Return}}
	if e.PlaceName != "" {
		q.Set("place", e.PlaceName)
	}
	if e.ReturnAt != nil {
		q.Set("return_time", e.ReturnAt.In(s.Location).Format("15:04"))
	}
	if t.Purpose != "" {
		q.Set("purpose", t.Purpose)
	}
	row.Again = "/book?" + q.Encode()
	return row
}

// prefillAgain fills the booking form from a "book again" link: only the
// fields the form knows, each as the form would read it.
func prefillAgain(f url.Values, q url.Values) {
	for _, name := range []string{"place", "time", "return_time", "purpose"} {
		if v := q.Get(name); v != "" && len(v) <= 200 {
			f.Set(name, v)
		}
	}
	if v := q.Get("timing"); v == dispatch.TimingArriveBy || v == dispatch.TimingPickupAt {
		f.Set("timing", v)
	}
	if v := q.Get("return"); v == dispatch.ReturnAt || v == dispatch.ReturnOnCall || v == dispatch.ReturnNone {
		f.Set("return", v)
	}
}

// purposeOptions is the booking form's drop-down of the agency's purposes,
// after an empty choice ("not given"): the purpose is optional.
func purposeOptions(v view, purposes []string) selectView {
	s := selectView{Name: "purpose", Label: v.T["book_purpose"], Err: v.Form.Err("purpose"),
		Options: []choice{{Label: v.T["purpose_none"]}}}
	for _, p := range purposes {
		s.Options = append(s.Options, choice{Value: p, Label: p, Checked: v.Form.Get("purpose") == p})
	}
	return s
}

func init() {
	funcs["purposeOptions"] = purposeOptions
	funcs["hours"] = func(seconds int64, sep byte) string { return dispatch.FormatHours(seconds, sep) }
	funcs["tenths"] = func(n int64, sep byte) string { return dispatch.FormatTenths(n, sep) }
	funcs["euros"] = func(c dispatch.Cents, sep byte) string { return c.Format(sep) }
	funcs["hm"] = func(l dispatch.TourLog) int64 { return l.Hectometres() }
	funcs["permille"] = func(n int, sep byte) string { return dispatch.FormatTenths(int64(n), sep) }
	funcs["monthLabel"] = monthLabel
	funcs["div100"] = func(m int64) int64 { return (m + 50) / 100 }
}
