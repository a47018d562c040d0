package geocode_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/geocode"
)

// bitburg is what a Nominatim server answers for "Hauptstraße 7, Bitburg".
const bitburg = `[{"place_id":1,"lat":"49.9677","lon":"6.5274","display_name":"7, Hauptstraße, Bitburg, 54634, Deutschland",
 "address":{"house_number":"7","road":"Hauptstraße","town":"Bitburg","postcode":"54634","country_code":"de"}},
 {"place_id":2,"lat":"not a number","lon":"6.5","display_name":"broken"}]`

func TestSearchAsksPolitelyAndReadsCandidates(t *testing.T) {
	t.Parallel()
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(bitburg))
	}))
	defer srv.Close()
	c, err := geocode.New(srv.URL+"/", geocode.Options{UserAgent: "Fahrdienst-Test (+mailto:ops@example.org)"})
	if err != nil {
		t.Fatal(err)
	}
	cands, err := c.Search(context.Background(), "Hauptstraße 7,  Bitburg", dispatch.GeoRegion{CountryCodes: "DE", ViewBox: "6.3,50.1,6.8,49.8", Bounded: true})
	if err != nil {
		t.Fatal(err)
	}
	want := dispatch.GeoCandidate{Label: "7, Hauptstraße, Bitburg, 54634, Deutschland", Street: "Hauptstraße 7",
		PostalCode: "54634", City: "Bitburg", Lat: 49.9677, Lon: 6.5274}
	if len(cands) != 1 || cands[0] != want {
		t.Fatalf("candidates %+v, want only %+v", cands, want)
	}
	q := got.URL.Query()
	for k, v := range map[string]string{"q": "Hauptstraße 7, Bitburg", "format": "jsonv2", "countrycodes": "de",
		"viewbox": "6.3,50.1,6.8,49.8", "bounded": "1", "addressdetails": "1"} {
		if q.Get(k) != v {
			t.Errorf("%s=%q, want %q", k, q.Get(k), v)
		}
	}
	if got.URL.Path != "/search" || got.Header.Get("User-Agent") != "Fahrdienst-Test (+mailto:ops@example.org)" {
		t.Errorf("request %s with User-Agent %q", got.URL.Path, got.Header.Get("User-Agent"))
	}
}

// Requests take turns one interval apart: the second and third wait for
// theirs, measured on a fake clock, not the wall.
func TestSearchKeepsOneRequestPerInterval(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]")) }))
	defer srv.Close()
	var mu sync.Mutex
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	var waits []time.Duration
	c, err := geocode.New(srv.URL, geocode.Options{Interval: time.Second, Timeout: time.Hour,
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Sleep: func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			waits = append(waits, d)
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := c.Search(context.Background(), "Am Markt 3, Bitburg", dispatch.GeoRegion{}); err != nil {
			t.Fatal(err)
		}
	}
	want := []time.Duration{0, time.Second, 2 * time.Second}
	if len(waits) != 3 || waits[0] != want[0] || waits[1] != want[1] || waits[2] != want[2] {
		t.Fatalf("waits %v, want %v", waits, want)
	}
}

// A server that is down, answers an error, or hangs past the timeout is
// "unavailable", which the form turns into the map.
func TestSearchUnavailable(t *testing.T) {
	t.Parallel()
	hang := make(chan struct{})
	defer close(hang)
	for name, h := range map[string]http.HandlerFunc{
		"500":     func(w http.ResponseWriter, r *http.Request) { http.Error(w, "overloaded", 500) },
		"garbage": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) },
		"slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, err := geocode.New(srv.URL, geocode.Options{Timeout: 50 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Search(context.Background(), "Am Markt 3, Bitburg", dispatch.GeoRegion{})
			if dispatch.ErrorCode(err) != dispatch.CodeUnavailable {
				t.Fatalf("error %v, want unavailable", err)
			}
			if msg := fmt.Sprintf("%v %+v", err, errors.Unwrap(err)); strings.Contains(msg, "Markt") {
				t.Fatalf("the error carries the address (it is logged): %s", msg)
			}
		})
	}
	c, _ := geocode.New("http://127.0.0.1:1", geocode.Options{})
	_, err := c.Search(context.Background(), "Am Markt 3", dispatch.GeoRegion{})
	if dispatch.ErrorCode(err) != dispatch.CodeUnavailable || strings.Contains(fmt.Sprint(err, errors.Unwrap(err)), "Markt") {
		t.Fatalf("closed port: %v (%v)", err, errors.Unwrap(err))
	}
}

func TestLiveSuggestionsNotOnThePublicInstance(t *testing.T) {
	t.Parallel()
	pub, _ := geocode.New(geocode.PublicURL, geocode.Options{})
	own, _ := geocode.New("https://geo.kreis-bitburg-pruem.example", geocode.Options{})
	if pub.Live() || !own.Live() {
		t.Fatalf("public live %v, own live %v", pub.Live(), own.Live())
	}
	if _, err := geocode.New("ftp://x", geocode.Options{}); err == nil {
		t.Fatal("ftp URL accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(bitburg))
	f.Add([]byte(`[{"lat":"1e400","lon":"NaN"}]`))
	f.Add([]byte(`[{"lat":"50","lon":"6","display_name":"\u0000\xff","address":{"road":"` + string(make([]byte, 300)) + `"}}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := geocode.Parse(body)
		if err != nil {
			return
		}
		for _, c := range got {
			if c.Lat < -90 || c.Lat > 90 || c.Lon < -180 || c.Lon > 180 || len(c.Label) > 200 || len(c.Street) > 200 {
				t.Fatalf("bad candidate %+v", c)
			}
			if !dispatch.Storable(c.Label) || !dispatch.Storable(c.City) || !dispatch.Storable(c.Street) {
				t.Fatalf("unstorable text in %+v", c)
			}
		}
	})
}
