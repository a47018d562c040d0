package osrm

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/planning"
)

// fakeOSRM behaves like OSRM's table service for what the client uses:
// coordinates in the path, sources and destinations, the size limit
// (TooBig), invalid coordinates (InvalidQuery) and unroutable points (null
// entries; here every point at 0,0). Durations are metres / 10.
type fakeOSRM struct {
	maxTable int
	calls    atomic.Int32

	mu   sync.Mutex
	seen []tableQuery // every request, in the order they came
}

// tableQuery is what one request asked for.
type tableQuery struct {
	coords                int  // coordinates in the path
	distinct              bool // no coordinate twice
	sources, destinations bool // the parameters were given
}

func (f *fakeOSRM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	f.record(r)
	fail := func(code, msg string) {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/table/v1/driving/")
	if !ok {
		fail("InvalidUrl", "URL string malformed close to position 1")
		return
	}
	var pts []dispatch.Point
	for _, c := range strings.Split(rest, ";") {
		lon, lat, _ := strings.Cut(c, ",")
		x, err1 := strconv.ParseFloat(lon, 64)
		y, err2 := strconv.ParseFloat(lat, 64)
		if err1 != nil || err2 != nil || math.Abs(y) > 90 || math.Abs(x) > 180 {
			fail("InvalidQuery", "Query string malformed close to position 1")
			return
		}
		pts = append(pts, dispatch.Point{Lat: y, Lon: x})
	}
	if r.URL.Query().Get("annotations") != "duration,distance" {
		fail("InvalidOptions", "annotations")
		return
	}
	src, dst := indexes(r.URL.Query().Get("sources"), len(pts)), indexes(r.URL.Query().Get("destinations"), len(pts))
	if len(src)*len(dst) > f.maxTable*f.maxTable {
		fail("TooBig", "Too many table coordinates")
		return
	}
	res := map[string]any{"code": "Ok"}
	var durs, dists [][]*float64
	for _, i := range src {
		var dr, sr []*float64
		for _, j := range dst {
			if pts[i] == (dispatch.Point{}) || pts[j] == (dispatch.Point{}) {
				dr, sr = append(dr, nil), append(sr, nil)
				continue
			}
			m := math.Round(dispatch.Haversine(pts[i], pts[j]))
			s := m / 10
			dr, sr = append(dr, &s), append(sr, &m)
		}
		durs, dists = append(durs, dr), append(dists, sr)
	}
	res["durations"], res["distances"] = durs, dists
	json.NewEncoder(w).Encode(res)
}

func (f *fakeOSRM) record(r *http.Request) {
	rest, _ := strings.CutPrefix(r.URL.Path, "/table/v1/driving/")
	coords := strings.Split(rest, ";")
	set := make(map[string]bool)
	for _, c := range coords {
		set[c] = true
	}
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, tableQuery{coords: len(coords), distinct: len(set) == len(coords),
		sources: q.Has("sources"), destinations: q.Has("destinations")})
}

func indexes(s string, n int) []int {
	if s == "" || s == "all" {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for _, f := range strings.Split(s, ";") {
		i, _ := strconv.Atoi(f)
		out = append(out, i)
	}
	return out
}

func points(n int) []dispatch.Point {
	out := make([]dispatch.Point, n)
	for i := range out {
		out[i] = dispatch.Point{Lat: 49.9 + 0.01*float64(i%13), Lon: 6.4 + 0.013*float64(i%17)}
	}
	return out
}

func TestMatrixInBlocks(t *testing.T) {
	t.Parallel()
	fake := &fakeOSRM{maxTable: 4}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	pts := points(10)
	c := &Client{BaseURL: srv.URL + "/", MaxLocations: 4}
	m, err := c.Matrix(context.Background(), pts)
	if err != nil {
		t.Fatal(err)
	}
	if got := fake.calls.Load(); got != 9 {
		t.Errorf("%d calls, want 9 blocks of at most 4×4", got)
	}
	// The three blocks on the diagonal (4, 4 and 2 points) send their points
	// once and ask all to all; the other six send rows and columns and name
	// them: 10 + 2·(4+4) + 4·(4+2) coordinates in all.
	square, total := 0, 0
	for _, q := range fake.seen {
		total += q.coords
		switch {
		case !q.sources && !q.destinations:
			square++
			if !q.distinct {
				t.Errorf("a block on the diagonal sent a point twice: %+v", q)
			}
		case !q.sources || !q.destinations:
			t.Errorf("a block names only sources or only destinations: %+v", q)
		}
	}
	if square != 3 || total != 50 {
		t.Errorf("%d all-to-all blocks and %d coordinates sent, want 3 and 50: %+v", square, total, fake.seen)
	}
	for i := range pts {
		for j := range pts {
			want := math.Round(dispatch.Haversine(pts[i], pts[j]))
			if m.Meters[i*10+j] != want || m.Seconds[i*10+j] != want/10 {
				t.Fatalf("entry %d,%d = %v m, %v s; want %v m", i, j, m.Meters[i*10+j], m.Seconds[i*10+j], want)
			}
		}
	}
}

func TestMatrixErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&fakeOSRM{maxTable: 3})
	t.Cleanup(srv.Close)
	tests := []struct {
		name   string
		client Client
		points []dispatch.Point
		code   string
	}{
		{"too big", Client{BaseURL: srv.URL, MaxLocations: 5}, points(5), "TooBig"},
		{"invalid coordinates", Client{BaseURL: srv.URL}, []dispatch.Point{{Lat: 95, Lon: 6}}, "InvalidQuery"},
		{"unknown profile", Client{BaseURL: srv.URL, Profile: "boat"}, points(2), "InvalidUrl"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := tc.client.Matrix(context.Background(), tc.points)
			var oe *Error
			if !errors.As(err, &oe) || oe.Code != tc.code || oe.Status != http.StatusBadRequest {
				t.Fatalf("error %v, want OSRM code %s", err, tc.code)
			}
		})
	}
}

func TestMatrixNotOSRM(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad gateway", http.StatusBadGateway)
	}))
	t.Cleanup(srv.Close)
	_, err := (&Client{BaseURL: srv.URL}).Matrix(context.Background(), points(2))
	var oe *Error
	if !errors.As(err, &oe) || oe.Status != http.StatusBadGateway {
		t.Fatalf("error %v, want a bad response with HTTP 502", err)
	}
}

// TestMatrixShortRow refuses an answer with a row shorter than asked for,
// rather than filling the missing cells with estimates.
func TestMatrixShortRow(t *testing.T) {
	t.Parallel()
	for _, short := range []string{"durations", "distances"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			full := [][]float64{{0, 10}, {10, 0}}
			res := map[string]any{"code": "Ok", "durations": full, "distances": full}
			res[short] = [][]float64{{0, 10}, {10}}
			json.NewEncoder(w).Encode(res)
		}))
		t.Cleanup(srv.Close)
		_, err := (&Client{BaseURL: srv.URL}).Matrix(context.Background(), points(2))
		var oe *Error
		if !errors.As(err, &oe) || oe.Code != "BadResponse" {
			t.Errorf("short row of %s: error %v, want BadResponse", short, err)
		}
	}
}

func TestUnroutablePairsFallBackToEstimate(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&fakeOSRM{maxTable: 10})
	t.Cleanup(srv.Close)
	pts := []dispatch.Point{{Lat: 49.97, Lon: 6.53}, {}}
	m, err := (&Client{BaseURL: srv.URL}).Matrix(context.Background(), pts)
	if err != nil {
		t.Fatal(err)
	}
	est, _ := dispatch.GreatCircle{}.Matrix(context.Background(), pts)
	if m.Seconds[1] != est.Seconds[1] || m.Meters[2] != est.Meters[2] {
		t.Errorf("unroutable pair not estimated: %v %v", m.Seconds, m.Meters)
	}
}

func TestMatrixHonoursContext(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&fakeOSRM{maxTable: 10})
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Client{BaseURL: srv.URL}).Matrix(ctx, points(3)); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// TestPlannerWithOSRM plans through the client, as production does.
func TestPlannerWithOSRM(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&fakeOSRM{maxTable: 100})
	t.Cleanup(srv.Close)
	pts := points(3)
	in := planning.PlanInput{
		Drivers: []planning.PlanDriver{{ID: "a", Start: pts[0], End: pts[0], Seats: 3,
			Availability: []dispatch.Span{{From: at(8), To: at(12)}}}},
		Requests: []planning.PlanRequest{{ID: "r", Pickup: pts[1], Dropoff: pts[2],
			DropoffWindow: dispatch.Span{From: at(9), To: at(10)}}},
	}
	pl := &planning.Planner{Travel: &Client{BaseURL: srv.URL}, Iterations: 10}
	out, err := pl.Plan(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Unassigned) != 0 || len(out.Routes[0].Stops) != 4 {
		t.Fatalf("plan %+v", out)
	}
}
