package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The shopping rides page (issue 19): dates as 10.12.2026, a confirmation
// after saving, the add list without those already riding, and
// unsubscribing is not called "Abmelden" (that is logging out) and asks
// first.
func TestShuttleWordsAndConfirmations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	weber, err := f.st.Places(ctx, "Weber")
	must(t, err)
	sh, err := f.st.CreateShuttle(ctx, system, dispatch.Shuttle{Name: "Einkauf", Weekday: 4, StartTime: "09:00",
		PlaceID: weber[0].ID, DwellMinutes: 60, Capacity: 6, MaxRideMinutes: 45})
	must(t, err)
	c := f.client()
	csrf := c.login(f.coordinator)
	base := fmt.Sprintf("/shuttles/%d", sh.ID)
	rider := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}}
	status, loc, _ := c.post(base+"/subscribe", rider)
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=subscribed") {
		t.Fatalf("subscribe: %d %s, want a confirmation on the next page", status, loc)
	}
	_, body := c.get(loc)
	if !strings.Contains(body, `role="status"`) || !strings.Contains(body, "Erna Schmitz fährt jetzt mit") {
		t.Errorf("no confirmation after subscribing:\n%s", body)
	}
	if iso := regexp.MustCompile(`>[^<]*\d{4}-\d{2}-\d{2}`).FindString(body); iso != "" {
		t.Errorf("an ISO date is shown: %q", iso)
	}
	if !regexp.MustCompile(`\d{2}\.\d{2}\.\d{4}`).MatchString(body) {
		t.Errorf("no date as 10.12.2026 on the page")
	}
	add := body[strings.Index(body, fmt.Sprintf(`id="sub-%d"`, sh.ID)):]
	add = add[:strings.Index(add, "</select>")]
	if strings.Contains(add, "Schmitz") || !strings.Contains(add, "Becker") {
		t.Errorf("the add list offers the wrong people: %s", add)
	}
	if n := strings.Count(body, ">Abmelden<"); n != 1 {
		t.Errorf(`"Abmelden" appears %d times; it must mean logging out only`, n)
	}
	runs, err := f.st.ShuttleRuns(ctx, sh.ID, timeNow().Format("2006-01-02"))
	must(t, err)
	if len(runs) > 0 {
		skip := url.Values{"csrf": {csrf}, "rider": {fmt.Sprint(f.erna.ID)}, "date": {runs[0].Date}}
		if _, loc, _ := c.post(base+"/skip", skip); !strings.Contains(loc, "done=skipped") {
			t.Errorf("skip: %s, want a confirmation", loc)
		}
	}
	// Unsubscribing asks first.
	status, loc, _ = c.post(base+"/unsubscribe", rider)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, base+"/unsubscribe?") {
		t.Fatalf("unsubscribe without confirmation: %d %s, want the question", status, loc)
	}
	if subs, _ := f.st.ShuttleSubscribers(ctx, sh.ID, timeNow().Format("2006-01-02")); len(subs) != 1 {
		t.Fatalf("unsubscribed without confirmation: %+v", subs)
	}
	if _, q := c.get(loc); !strings.Contains(q, "Erna Schmitz") || !strings.Contains(q, "austragen") {
		t.Fatalf("the question:\n%s", q)
	}
	rider.Set("confirm", "yes")
	if _, loc, _ = c.post(base+"/unsubscribe", rider); !strings.Contains(loc, "done=unsubscribed") {
		t.Fatalf("confirmed unsubscribe: %s", loc)
	}
}
