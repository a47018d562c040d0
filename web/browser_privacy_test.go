package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// privacyScenario checks the data-protection pages in the browser: the
// record of processing, a senior's privacy page and the printable export,
// each with axe-core.
func privacyScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)
	for _, page := range []string{"/privacy", fmt.Sprintf("/privacy/rider/%d", f.erna.ID),
		fmt.Sprintf("/privacy/rider/%d/export", f.erna.ID)} {
		b.run(chromedp.Navigate(f.srv.URL+page), chromedp.WaitVisible(chromedp.CSS("h1")))
		b.check(strings.ReplaceAll(strings.Trim(page, "/"), "/", "-"))
	}
	b.waitText("main", "Schmitz")
}
