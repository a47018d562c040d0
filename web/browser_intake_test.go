package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fahrdienst/fahrdienst/web"
)

// TestBrowserTimelineAndNewSenior renders the timeline of a seeded day
// (one row per driver with rides, blocks in time order) and books a new
// senior by address in one flow: the name typed into the search is
// carried into the new-person form, the address is chosen from the
// suggestions as they appear, and the booking form opens with the senior
// chosen. It logs the keystrokes and clicks it took.
func TestBrowserTimelineAndNewSenior(t *testing.T) {
	parent, stop := newBrowser(t)
	defer stop()
	fn := newFakeNominatim(t)
	f := newFixture(t, fn.withGeocoder(), func(d *web.Deps) {
		// Tiles from the fake too: a test never asks OpenStreetMap.
		d.MapTiles = fn.srv.URL + "/tiles/{z}/{x}/{y}.png"
		d.MapCenter = [2]float64{49.967, 6.527}
	})
	date := seedDay(t, f)
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)

	b.run(chromedp.Navigate(f.srv.URL+"/board?date="+date), chromedp.WaitVisible(chromedp.CSS("svg.timeline-svg a.tl-block")))
	type row struct {
		Name   string
		Starts []int
	}
	rows := get(b, chromedp.Evaluate[[]row](`[...document.querySelectorAll("svg.timeline-svg g.tl-row")].map(g => ({
		Name: g.dataset.row, Starts: [...g.querySelectorAll("a.tl-block")].map(a => +a.dataset.start)}))`, chromedp.EvalAsValue))
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
		for i := 1; i < len(r.Starts); i++ {
			if r.Starts[i] < r.Starts[i-1] {
				t.Errorf("row %s: blocks out of time order %v", r.Name, r.Starts)
			}
		}
	}
	if strings.Join(names, "|") != "Ohne Fahrer|Hans Fahrer|Anna Lenkrad" {
		t.Errorf("timeline rows %v", names)
	}
	b.run(chromedp.WaitVisible(chromedp.CSS(".map-routes.leaflet-container")))
	b.check("board-timeline")

	// The new senior, from the intake page with the focus in the search.
	b.run(chromedp.Navigate(f.srv.URL+"/intake"), chromedp.WaitVisible(chromedp.CSS("#q")))
	start := time.Now()
	keystrokes, clicks := 0, 0
	typeKeys := func(s string) { keystrokes += len([]rune(s)); b.keys(s) }
	click := func(sel string) { clicks++; b.run(chromedp.Click(chromedp.CSS(sel))) }

	typeKeys("Greta Hoffmann")
	b.waitText("#results", "Neu anlegen: Greta Hoffmann")
	typeKeys(kb.ArrowDown + kb.Enter) // the first link of the results: add this person
	b.run(chromedp.WaitVisible(chromedp.CSS("#f-phone")))
	if got := get(b, chromedp.Evaluate[[]string](`[document.activeElement.id, document.getElementById("f-first_name").value,
		document.getElementById("f-last_name").value]`, chromedp.EvalAsValue)); strings.Join(got, "|") != "f-phone|Greta|Hoffmann" {
		t.Fatalf("name not carried over or focus elsewhere: %v", got)
	}
	typeKeys("06561 4321" + kb.Tab + "Hauptstraße 12" + kb.Tab + kb.Tab + "Bitburg")
	b.waitText("#geo-results", "Hauptstraße, Bitburg, 54634")
	b.check("intake-suggestions")
	click("#geo-results input[name=geo_pick]")
	if got := get(b, chromedp.Evaluate[string](`document.getElementById("f-coords").value`, chromedp.EvalAsValue)); got != "49.968110, 6.525440" {
		t.Fatalf("choosing the suggestion filled the coordinates with %q", got)
	}
	click("#new button.primary")
	b.run(chromedp.WaitVisible(chromedp.CSS("#f-place")))
	b.waitText("main", "Greta Hoffmann")
	typeKeys("Weber" + kb.Tab + kb.Tab + "10:30" + kb.Enter)
	b.run(chromedp.WaitVisible(chromedp.CSS("#legs")))
	took := time.Since(start)
	b.waitText("#legs", "noch kein Fahrer")
	b.check("new-senior-booked")
	t.Logf("new senior by address, booked: %d keystrokes and %d clicks, %v in the browser", keystrokes, clicks, took.Round(time.Millisecond))
}
