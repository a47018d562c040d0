package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A relative books dialysis three times a week from the booking form
// ("wiederholen"), sees its dates on the series page, skips one and ends
// it; a form without a weekday or with the end before the start comes back
// with the error next to the field, and another senior's series is not
// found.
func TestBookSeriesOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.relative)
	start := time.Now().In(berlin).AddDate(0, 0, 2)
	form := func(change url.Values) url.Values {
		v := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "place": {"weber"},
			"date": {start.Format(time.DateOnly)}, "time": {"07:30"}, "timing": {"arrive_by"}, "return": {"at"},
			"return_time": {"12:30"}, "passengers": {"1"}, "repeat": {"on"}, "repeat_wd": {"1", "3", "5"},
			"repeat_count": {"9"}}
		for k, x := range change {
			v[k] = x
		}
		return v
	}
	for name, tc := range map[string]struct {
		change url.Values
		want   string
	}{
		"no weekday":     {url.Values{"repeat_wd": nil}, "Bitte mindestens einen Tag wählen."},
		"end before":     {url.Values{"repeat_count": nil, "repeat_until": {start.AddDate(0, 0, -1).Format(time.DateOnly)}}, "Bitte ein Enddatum nach dem Start"},
		"interval zero":  {url.Values{"repeat_interval": {"0"}}, "Bitte eine Zahl von 1 bis 52."},
		"over 400 dates": {url.Values{"repeat_count": {"401"}}, "Bitte ein Enddatum nach dem Start"},
	} {
		if status, _, body := c.post("/book", form(tc.change)); status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q", name, status, tc.want)
		}
	}
	status, loc, body := c.post("/book", form(nil))
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/series/") {
		t.Fatalf("series: %d %s\n%s", status, loc, body)
	}
	status, page := c.get(loc)
	if status != http.StatusOK || strings.Count(page, ">gebucht") < 3 {
		t.Fatalf("series page: %d\n%s", status, page)
	}
	i := strings.Index(page, `name="date" value="`)
	date := page[i+len(`name="date" value="`) : i+len(`name="date" value="`)+10]
	if status, back, _ := c.post(loc+"/skip", url.Values{"csrf": {csrf}, "date": {date}}); status != http.StatusSeeOther || back != loc {
		t.Fatalf("skip: %d %s", status, back)
	}
	if _, page := c.get(loc); !strings.Contains(page, "ausgesetzt") {
		t.Fatal("the skipped date is not shown as skipped")
	}
	if status, _, _ := c.post(loc+"/end", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther {
		t.Fatalf("end: %d", status)
	}
	coord := f.client()
	coordCSRF := coord.login(f.coordinator)
	form2 := form(nil)
	form2.Set("csrf", coordCSRF)
	form2.Set("rider", fmt.Sprint(f.karl.ID))
	form2.Set("time", "15:00")
	form2.Set("return_time", "17:00")
	_, karlSeries, body := coord.post("/book", form2)
	if !strings.HasPrefix(karlSeries, "/series/") {
		t.Fatalf("coordinator's series: %s\n%s", karlSeries, body)
	}
	if status, _ := c.get(karlSeries); status != http.StatusNotFound {
		t.Fatalf("a relative sees another senior's series: %d", status)
	}
}

// A relative who booked a series finds it again from their page (before,
// only the redirect after booking led to it), and the series page says
// its days and dates as the other pages do: "Montag, Mittwoch, Freitag"
// and 09.12.2026, not 2026-12-09.
func TestSeriesFoundAgainWithGermanDates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.relative)
	start := time.Now().In(berlin).AddDate(0, 0, 2)
	status, loc, _ := c.post("/book", url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "place": {"weber"},
		"date": {start.Format("02.01.2006")}, "time": {"07:30"}, "timing": {"arrive_by"}, "return": {"none"},
		"passengers": {"1"}, "repeat_wd": {"1", "3", "5"}, "repeat_count": {"3"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/series/") {
		t.Fatalf("series: %d %s", status, loc)
	}
	if _, home := c.get("/family"); !strings.Contains(home, `href="`+loc+`"`) {
		t.Errorf("the family page does not link to the series %s", loc)
	}
	_, page := c.get(loc)
	if !strings.Contains(page, "Montag, Mittwoch, Freitag") {
		t.Error("the series page does not list its weekdays as Montag, Mittwoch, Freitag")
	}
	if iso := regexp.MustCompile(`<td>\d{4}-\d\d-\d\d`).FindString(page); iso != "" {
		t.Errorf("the series page shows the date %q", strings.TrimPrefix(iso, "<td>"))
	}
}
