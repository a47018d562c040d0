// Package osrm reads travel times and road distances from an OSRM server's
// table service, for the planner in package dispatch. OSRM knows the real
// road network, so plans get real driving times instead of the great-circle
// estimate.
package osrm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// DefaultMaxLocations is OSRM's default --max-table-size: a larger matrix
// is fetched in blocks of at most this many sources and destinations.
const DefaultMaxLocations = 100

// Client asks an OSRM server for matrices. It implements
// dispatch.TravelTimes.
type Client struct {
	BaseURL      string       // e.g. http://localhost:5000
	Profile      string       // routing profile in the URL; "" means "driving"
	HTTP         *http.Client // nil means a client with a 30 s timeout
	MaxLocations int          // block size; 0 means DefaultMaxLocations
}

// Error is an answer of OSRM other than "Ok", such as "InvalidQuery" or
// "TooBig", with the server's message.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("osrm: %s (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// response is the part of OSRM's table answer that we use. A null entry
// means that OSRM found no route.
type response struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Durations [][]*float64 `json:"durations"`
	Distances [][]*float64 `json:"distances"`
}

var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

// Matrix fetches durations and distances between all points. Pairs OSRM
// cannot route (a point on an island of the road graph) get the
// great-circle estimate instead, so that one bad address costs accuracy
// for its own rides but does not stop the day's planning.
func (c *Client) Matrix(ctx context.Context, points []dispatch.Point) (*dispatch.Matrix, error) {
	n := len(points)
	m := dispatch.NewMatrix(n)
	block := c.MaxLocations
	if block <= 0 {
		block = DefaultMaxLocations
	}
	var estimate *dispatch.Matrix
	for r := 0; r < n; r += block {
		for k := 0; k < n; k += block {
			rows := points[r:min(n, r+block)]
			cols := points[k:min(n, k+block)]
			res, err := c.table(ctx, rows, cols, r == k)
			if err != nil {
				return nil, err
			}
			for i := range rows {
				for j := range cols {
					d, ok1 := entry(res.Durations, i, j)
					s, ok2 := entry(res.Distances, i, j)
					if !ok1 || !ok2 {
						if estimate == nil {
							estimate, _ = dispatch.GreatCircle{}.Matrix(context.Background(), points)
						}
						d, s = estimate.Seconds[(r+i)*n+k+j], estimate.Meters[(r+i)*n+k+j]
					}
					m.Seconds[(r+i)*n+k+j], m.Meters[(r+i)*n+k+j] = d, s
				}
			}
		}
	}
	return m, nil
}

// entry is one cell of a table that decode has checked to be complete; a
// null cell is a pair OSRM cannot route.
func entry(table [][]*float64, i, j int) (float64, bool) {
	if table[i][j] == nil {
		return 0, false
	}
	return *table[i][j], true
}

// table asks for one block: the rows as sources, the columns as
// destinations. A block on the diagonal (square) has the same points as rows
// and columns; they are sent once, with no sources or destinations, which
// OSRM reads as all to all.
func (c *Client) table(ctx context.Context, rows, cols []dispatch.Point, square bool) (*response, error) {
	q := url.Values{}
	q.Set("annotations", "duration,distance")
	coords := make([]string, 0, len(rows)+len(cols))
	for _, p := range rows {
		coords = append(coords, lonLat(p))
	}
	if !square {
		src := make([]string, 0, len(rows))
		dst := make([]string, 0, len(cols))
		for i := range rows {
			src = append(src, strconv.Itoa(i))
		}
		for j, p := range cols {
			coords = append(coords, lonLat(p))
			dst = append(dst, strconv.Itoa(len(rows)+j))
		}
		q.Set("sources", strings.Join(src, ";"))
		q.Set("destinations", strings.Join(dst, ";"))
	}
	profile := c.Profile
	if profile == "" {
		profile = "driving"
	}
	u := strings.TrimRight(c.BaseURL, "/") + "/table/v1/" + profile + "/" + strings.Join(coords, ";") + "?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("osrm: %w", err)
	}
	defer resp.Body.Close()
	return decode(resp, len(rows), len(cols))
}

// decode reads an OSRM answer; OSRM reports errors as JSON with a code
// other than "Ok", usually with HTTP 400, while a proxy in front may answer
// with anything.
func decode(resp *http.Response, rows, cols int) (*response, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("osrm: reading the answer: %w", err)
	}
	var res response
	if err := json.Unmarshal(body, &res); err != nil {
		return nil, &Error{Status: resp.StatusCode, Code: "BadResponse", Message: http.StatusText(resp.StatusCode)}
	}
	if res.Code != "Ok" || resp.StatusCode != http.StatusOK {
		return nil, &Error{Status: resp.StatusCode, Code: res.Code, Message: res.Message}
	}
	// Every row must be complete: a short row is a broken answer, not
	// unroutable pairs, and must not be patched with estimates.
	ok := len(res.Durations) == rows && len(res.Distances) == rows
	for i := 0; ok && i < rows; i++ {
		ok = len(res.Durations[i]) == cols && len(res.Distances[i]) == cols
	}
	if !ok {
		return nil, &Error{Status: resp.StatusCode, Code: "BadResponse",
			Message: fmt.Sprintf("want %d×%d durations and distances", rows, cols)}
	}
	return &res, nil
}

// lonLat formats a point the way OSRM wants it: longitude first, to six
// decimals (about 10 cm).
func lonLat(p dispatch.Point) string {
	return strconv.FormatFloat(p.Lon, 'f', 6, 64) + "," + strconv.FormatFloat(p.Lat, 'f', 6, 64)
}
