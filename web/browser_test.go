package web_test

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/web"
)

//go:embed testdata/axe.min.js
var axeSource string

// screenshots is where the browser tests leave a picture of every page
// they visit (named in the README).
const screenshots = "../screenshots"

// chromium finds Debian's chromium, or the one in CHROMIUM.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless chromium for all scenarios of the test binary;
// each scenario gets its own tab and cookies through a new browser context.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots int
}

func newBrowser(t *testing.T) (context.Context, func()) {
	path := chromium()
	if path == "" {
		t.Skip("SKIPPING browser tests: no chromium found (install Debian's chromium, or set CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, func() { cancel(); cancelAlloc() }
}

// tab opens a fresh incognito-like browser context (own cookies) in the
// shared browser. Its timeout only stops a hung browser: a whole journey
// took over 60 s on a busy 2-core machine, so it is generous.
func tab(t *testing.T, parent context.Context, base string) *browser {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return &browser{t: t, ctx: ctx, base: base}
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// get runs an action that answers something.
func get[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// keys types into whatever has the focus, as a person at the keyboard.
func (b *browser) keys(s string) { b.t.Helper(); b.run(chromedp.KeyEvent(s)) }

// check takes a screenshot of the page and runs axe-core on it; any
// finding, of any impact, fails the test (a moderate one too: the board
// had two map regions of one name).
func (b *browser) check(name string) {
	b.t.Helper()
	b.shots++
	png := get(b, chromedp.FullScreenshot(100))
	must(b.t, os.MkdirAll(screenshots, 0o755))
	file := filepath.Join(screenshots, fmt.Sprintf("%s-%02d-%s.png", strings.ToLower(strings.ReplaceAll(b.t.Name(), "/", "-")), b.shots, name))
	must(b.t, os.WriteFile(file, png, 0o644))
	type finding struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	}
	get(b, chromedp.Evaluate[any](axeSource+";1", chromedp.EvalAsValue))
	found := get(b, chromedp.Evaluate[[]finding](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
			.then(r => r.violations)`,
		chromedp.EvalAwaitPromise, chromedp.EvalAsValue))
	for _, v := range found {
		b.t.Errorf("accessibility (%s) on %s: %s: %s at %v", v.Impact, name, v.ID, v.Help, v.Nodes[0].Target)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	return get(b, chromedp.Text(chromedp.CSS(sel)))
}

// waitText waits until the element's text contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s never showed %q; it shows:\n%s", sel, want, s)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (b *browser) login(email string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+"/login"), chromedp.WaitVisible(chromedp.CSS("#f-email")))
	b.check("login")
	b.keys(email + kb.Tab + password + kb.Enter)
	b.run(chromedp.WaitNotPresent(chromedp.CSS("#f-password")))
}

// TestBrowser runs the scenarios in one chromium: a coordinator
// books by keyboard alone and sees the ride on the day board; a relative
// books for their senior and is refused another's ride; a driver opens
// their link. Every page is photographed and checked with axe-core.
func TestBrowser(t *testing.T) {
	parent, stop := newBrowser(t)
	defer stop()
	t.Run("coordinator", func(t *testing.T) { coordinatorScenario(t, parent) })
	t.Run("relative", func(t *testing.T) { relativeScenario(t, parent) })
	t.Run("driver", func(t *testing.T) { driverScenario(t, parent) })
	t.Run("privacy", func(t *testing.T) { privacyScenario(t, parent) })
	t.Run("details", func(t *testing.T) { detailsScenario(t, parent) })
}

func coordinatorScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.coordinator)
	b.run(chromedp.WaitVisible(chromedp.CSS("#q")))
	b.check("intake")

	// The booking, keyboard only, from the intake page with the focus in
	// the search box: name part, arrow down to the first result, Enter;
	// then place, Tab, Tab, time, Enter.
	start := time.Now()
	typed := []string{"Schm", kb.ArrowDown, kb.Enter, "Weber", kb.Tab, kb.Tab, "10:30", kb.Enter}
	b.keys(typed[0])
	b.waitText("#results", "Schmitz, Erna")
	b.check("intake-results")
	b.keys(typed[1] + typed[2])
	b.run(chromedp.WaitVisible(chromedp.CSS("#f-place")))
	b.check("book")
	for _, k := range typed[3:] {
		b.keys(k)
	}
	b.run(chromedp.WaitVisible(chromedp.CSS("#legs")))
	took := time.Since(start)
	keystrokes := 0
	for _, k := range typed {
		keystrokes += len([]rune(k))
	}
	t.Logf("keyboard booking: %d keystrokes, %v in the browser", keystrokes, took.Round(time.Millisecond))
	if took > 30*time.Second {
		t.Errorf("the booking took %v", took)
	}
	b.waitText("#legs", "noch kein Fahrer")
	b.check("trip")

	// The planner proposes a driver; the open page shows it by itself.
	url := get(b, chromedp.Location())
	var tripID int64
	fmt.Sscanf(url[strings.LastIndex(url, "/")+1:], "%d", &tripID)
	trip, err := f.st.Trip(context.Background(), tripID)
	must(t, err)
	_, err = f.st.AssignTrip(context.Background(), system, dispatch.Assignment{TripID: trip.ID, DriverID: f.driver.ID,
		State: dispatch.AssignOffered, PlannedPickup: *trip.PickupLatest, PlannedDropoff: trip.PickupLatest.Add(10 * time.Minute)})
	must(t, err)
	b.waitText("#legs", "Fahrer gefragt") // a hand assignment without agreement asks the driver at once (issue 12)
	b.waitText("#legs", "Hans")

	b.run(chromedp.Navigate(f.srv.URL+"/board?date="+trip.ServiceDate), chromedp.WaitVisible(chromedp.CSS("#board")))
	b.waitText("#board", "Erna Schmitz")
	b.waitText("#board", "Karl Becker") // unassigned, on top
	b.check("board")
	places, err := f.st.Places(context.Background(), "Weber")
	must(t, err)
	for _, page := range []string{"/shuttles", "/people", "/messages", fmt.Sprintf("/people/drivers/%d", f.driver.ID),
		fmt.Sprintf("/people/riders/%d", f.erna.ID), "/people/drivers/new", fmt.Sprintf("/people/drivers/%d/edit", f.driver.ID),
		"/places", "/places/new", fmt.Sprintf("/places/%d", places[0].ID), "/shuttles/new"} {
		b.run(chromedp.Navigate(f.srv.URL+page), chromedp.WaitVisible(chromedp.CSS("h1")))
		b.check(strings.ReplaceAll(strings.Trim(page, "/"), "/", "-"))
	}
	// The new shopping ride's form, sent with mistakes from the keyboard:
	// the errors stand next to their fields and pass the check too.
	b.run(chromedp.Focus(chromedp.CSS("#f-start_time")))
	b.keys(kb.End + "x" + kb.Enter)
	b.waitText("main", "Uhrzeit wie 9:30")
	b.check("shuttles-new-errors")

	// At 200% zoom (half the width) the intake page still fits.
	b.run(chromedp.EmulateViewport(640, 900), chromedp.Navigate(f.srv.URL+"/book?rider="+fmt.Sprint(f.erna.ID)),
		chromedp.WaitVisible(chromedp.CSS("#f-place")))
	overflow := get(b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`, chromedp.EvalAsValue))
	if overflow {
		t.Error("the booking page scrolls sideways at 200% zoom")
	}
	b.check("book-zoom")
}

func relativeScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	b := tab(t, parent, f.srv.URL)
	b.login(f.relative)
	b.waitText("main", "Erna Schmitz")
	b.check("family")
	b.run(chromedp.Click(chromedp.CSS("a.button.primary")), chromedp.WaitVisible(chromedp.CSS("#f-place")))
	b.keys("Lentz" + kb.Tab + kb.Tab + "14" + kb.Enter)
	b.waitText("#legs", "noch kein Fahrer")
	b.waitText("#legs", "Augenarzt Dr. Lentz")
	b.check("trip")
	b.run(chromedp.Navigate(fmt.Sprintf("%s/trips/%d", f.srv.URL, f.karlTrip.ID)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := b.text("main"); !strings.Contains(got, "Diese Seite gibt es nicht") || strings.Contains(got, "Becker") {
		t.Fatalf("another senior's ride:\n%s", got)
	}
	b.check("refused")
	b.run(chromedp.Navigate(f.srv.URL+"/family"), chromedp.WaitVisible(chromedp.CSS("h1")))
	b.waitText("main", "Lentz")
}

func driverScenario(t *testing.T, parent context.Context) {
	f := newFixture(t)
	trip := f.karlTrip
	_, err := f.st.AssignTrip(context.Background(), system, dispatch.Assignment{TripID: trip.ID, DriverID: f.driver.ID,
		State: dispatch.AssignConfirmed, PlannedPickup: *trip.PickupLatest, PlannedDropoff: trip.PickupLatest.Add(15 * time.Minute)})
	must(t, err)
	b := tab(t, parent, f.srv.URL)
	b.run(chromedp.EmulateViewport(412, 860), chromedp.Navigate(web.DriverLink(f.srv.URL, secret, f.driver.ID, time.Now())),
		chromedp.WaitVisible(chromedp.CSS("h1")))
	got := b.text("main")
	for _, want := range []string{"Hallo Hans", "Karl B.", "Hauptstraße 7", "Am Markt 3", "Route ansehen", "Kalender abonnieren"} {
		if !strings.Contains(got, want) {
			t.Errorf("driver page lacks %q:\n%s", want, got)
		}
	}
	b.check("driver")
}
