package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestBookingRuleErrors sends bookings that break the booking rules of
// dispatch and the store's overlap rule: each comes back with the rule in
// the reader's words, not as "please check this".
func TestBookingRuleErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.client()
	csrf := c.login(f.coordinator)
	today := time.Now().In(berlin)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	for _, tc := range []struct {
		name   string
		change url.Values
		want   string
	}{
		{"past", url.Values{"date": {day(-1)}}, "Dieser Zeitpunkt ist schon vorbei."},
		{"beyond the horizon", url.Values{"date": {day(400)}}, "So weit im Voraus nehmen wir noch keine Fahrten an."},
		{"return before the outbound", url.Values{"return": {"at"}, "return_time": {"9:00"}}, "Die Rückfahrt muss nach der Hinfahrt sein."},
		{"too many passengers", url.Values{"passengers": {"9"}}, "Bitte eine Zahl von 1 bis 8 eingeben."},
		{"rider already on the way", url.Values{"rider": {fmt.Sprint(f.karl.ID)}, "time": {"8:00"}},
			"Zu dieser Zeit hat die Person schon eine Fahrt."},
	} {
		form := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "place": {"weber"}, "date": {day(1)},
			"time": {"10:30"}, "timing": {"arrive_by"}, "return": {"on_call"}, "passengers": {"1"}}
		for k, v := range tc.change {
			form[k] = v
		}
		status, _, body := c.post("/book", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q\n%s", tc.name, status, tc.want, body)
		}
	}
}
