package twiliotest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// list answers GET Messages.json like Twilio: filtered by To, From and the
// DateSent inequalities (a GMT date, or a date and time as twilio-go sends
// it), newest first, one page. The fake counts a message as sent when it
// accepted it; at Twilio date_sent is set a moment later, when the carrier
// takes it.
func (f *Twilio) list(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != AccountSID || pass != AuthToken || !strings.Contains(r.URL.Path, "/"+AccountSID+"/") {
		WriteError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	q := r.URL.Query()
	var after, before, on time.Time
	for _, p := range []struct {
		key string
		t   *time.Time
	}{{"DateSent>", &after}, {"DateSent<", &before}, {"DateSent", &on}} {
		v := strings.TrimPrefix(q.Get(p.key), "=")
		if v == "" {
			continue
		}
		t, err := parseDate(v)
		if err != nil {
			WriteError(w, http.StatusBadRequest, 20001, "Invalid DateSent: "+v)
			return
		}
		*p.t = t
	}
	size := 50
	if n, err := strconv.Atoi(q.Get("PageSize")); err == nil && n > 0 && n <= 1000 {
		size = n
	}
	all := f.Sent()
	out := []map[string]any{}
	for i := len(all) - 1; i >= 0 && len(out) < size; i-- {
		m := all[i]
		switch {
		case q.Get("To") != "" && m.To != q.Get("To"),
			q.Get("From") != "" && m.From != q.Get("From"),
			!after.IsZero() && m.Created.Before(after),
			!before.IsZero() && m.Created.After(before.Add(24*time.Hour)),
			!on.IsZero() && !sameDay(m.Created, on):
			continue
		}
		res := resource(m, "")
		res["date_sent"], res["status"] = m.Created.UTC().Format(time.RFC1123Z), "sent"
		out = append(out, res)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"messages": out, "page": 0, "page_size": size, "start": 0, "end": len(out),
		"first_page_uri": r.URL.RequestURI(), "next_page_uri": nil, "previous_page_uri": nil, "uri": r.URL.RequestURI(),
	})
}

// parseDate reads Twilio's YYYY-MM-DD and, for twilio-go, RFC 3339; a date
// and time counts from the start of its GMT day, as Twilio filters by day.
func parseDate(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, err
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

func sameDay(a, b time.Time) bool {
	a, b = a.UTC(), b.UTC()
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
