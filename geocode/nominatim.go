// Package geocode finds the coordinates of an address with a
// Nominatim-compatible search API (the public OpenStreetMap instance, an
// agency's own, or a county service speaking the same protocol). It
// implements dispatch.Geocoder; the caching lives in dispatch and the
// database, the politeness rules of the service here: one request at a
// time, at most one a second on the public instance, an identifying
// User-Agent, and a timeout so that a slow server never holds a form.
package geocode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// PublicURL is the public Nominatim instance. Its usage policy allows one
// request a second and forbids search as you type; see Live.
const PublicURL = "https://nominatim.openstreetmap.org"

// maxBody bounds an answer: five candidates are a few kilobytes.
const maxBody = 1 << 20

// Options configure a Client; zero values take the defaults.
type Options struct {
	// UserAgent names the application and a contact, as Nominatim's policy
	// demands; default "Fahrdienst (+https://github.com/fahrdienst/fahrdienst)".
	UserAgent string
	// Interval is the least time between two requests; default one second.
	Interval time.Duration
	// Timeout bounds one search, waiting for its turn included; default 3 s.
	Timeout time.Duration
	// Limit is how many candidates to ask for; default 5.
	Limit int
	// Language is the preferred language of the labels; default "de".
	Language string
	// HTTP is the client; default one without its own timeout (Timeout rules).
	HTTP *http.Client
	// Now and Sleep are the clock, for tests; Sleep returns ctx's error
	// when ctx ends first.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client searches one Nominatim-compatible server. It is safe for
// concurrent use: requests take turns, Interval apart.
type Client struct {
	base *url.URL
	opt  Options

	mu   sync.Mutex
	next time.Time // the earliest start of the next request
}

// New returns a client of the server at baseURL (without "/search").
func New(baseURL string, opt Options) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("geocoder URL %q: want an http or https URL", baseURL)
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "Fahrdienst (+https://github.com/fahrdienst/fahrdienst)"
	}
	if opt.Interval <= 0 {
		opt.Interval = time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 3 * time.Second
	}
	if opt.Limit <= 0 {
		opt.Limit = 5
	}
	if opt.Language == "" {
		opt.Language = "de"
	}
	if opt.HTTP == nil {
		opt.HTTP = &http.Client{}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = sleep
	}
	return &Client{base: u, opt: opt}, nil
}

// Live reports whether suggestions as one types may be asked of this
// server: not of the public instance, whose policy forbids it; there the
// form asks once, when the coordinator presses "find".
func (c *Client) Live() bool { return !strings.EqualFold(c.base.Host, "nominatim.openstreetmap.org") }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// unavailable is the error of a geocoder that cannot answer now; the
// form says so and offers the map.
// The URL is dropped from the cause: it carries the address searched,
// which must not reach the log.
func unavailable(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = fmt.Errorf("%s geocoder: %w", ue.Op, ue.Err)
	}
	return dispatch.Wrap(dispatch.CodeUnavailable, err, "the address search is not reachable")
}

// Search asks the server for query in region. It waits for its turn, and
// gives up with CodeUnavailable when the timeout passes first.
func (c *Client) Search(ctx context.Context, query string, region dispatch.GeoRegion) ([]dispatch.GeoCandidate, error) {
	query = dispatch.NormalizeGeoQuery(query)
	if query == "" {
		return []dispatch.GeoCandidate{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	if err := c.wait(ctx); err != nil {
		return nil, unavailable(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.searchURL(query, region), nil)
	if err != nil {
		return nil, unavailable(err)
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := c.opt.HTTP.Do(req)
	if err != nil {
		return nil, unavailable(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		return nil, unavailable(fmt.Errorf("geocoder answered %s", resp.Status))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, unavailable(err)
	}
	if len(body) > maxBody {
		return nil, unavailable(errors.New("geocoder answer too large"))
	}
	got, err := Parse(body)
	if err != nil {
		return nil, unavailable(err)
	}
	if len(got) > c.opt.Limit {
		got = got[:c.opt.Limit]
	}
	return got, nil
}

// wait takes the next turn: requests start Interval apart, in the order
// they asked, and a caller whose turn would come after its deadline gives
// up at once instead of holding a place.
func (c *Client) wait(ctx context.Context) error {
	c.mu.Lock()
	now := c.opt.Now()
	start := c.next
	if start.Before(now) {
		start = now
	}
	if dl, ok := ctx.Deadline(); ok && start.After(dl) {
		c.mu.Unlock()
		return context.DeadlineExceeded
	}
	c.next = start.Add(c.opt.Interval)
	c.mu.Unlock()
	return c.opt.Sleep(ctx, start.Sub(now))
}

func (c *Client) searchURL(query string, region dispatch.GeoRegion) string {
	q := url.Values{"q": {query}, "format": {"jsonv2"}, "addressdetails": {"1"},
		"limit": {strconv.Itoa(c.opt.Limit)}, "accept-language": {c.opt.Language}}
	if region.CountryCodes != "" {
		q.Set("countrycodes", strings.ToLower(region.CountryCodes))
	}
	if region.ViewBox != "" {
		q.Set("viewbox", region.ViewBox)
		if region.Bounded {
			q.Set("bounded", "1")
		}
	}
	u := *c.base
	u.Path += "/search"
	u.RawQuery = q.Encode()
	return u.String()
}
