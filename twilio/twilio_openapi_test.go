package twilio

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/fahrdienst/fahrdienst/notify"
)

// twilioSpecFile is Twilio's own OpenAPI description of the 2010-04-01 API
// (see testdata/README.md for where it comes from).
const twilioSpecFile = "testdata/twilio_api_v2010.json"

var (
	twilioSpecOnce   sync.Once
	twilioSpecRouter routers.Router
	twilioSpecErr    error
)

// twilioRouter loads the description once per test binary; it is 2 MB.
func twilioRouter(t *testing.T) routers.Router {
	t.Helper()
	twilioSpecOnce.Do(func() {
		// Twilio's own formats. E.164 is what Twilio accepts in To and From
		// for SMS; an alphanumeric sender ID is allowed in From too.
		openapi3.DefineStringFormatValidator("phone-number", openapi3.NewCallbackValidator(func(s string) error {
			if !e164.MatchString(s) && !senderID.MatchString(s) {
				return fmt.Errorf("not an E.164 phone number: %q", s)
			}
			return nil
		}))
		openapi3.DefineStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
			u, err := url.Parse(s)
			if err != nil || u.Scheme == "" || u.Host == "" {
				return fmt.Errorf("not an absolute URI: %q", s)
			}
			return nil
		}))
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(twilioSpecFile)
		if err != nil {
			twilioSpecErr = err
			return
		}
		if doc.OpenAPI[0] != '3' || doc.OpenAPI[:3] != "3.0" {
			twilioSpecErr = fmt.Errorf("spec is OpenAPI %s; this test expects 3.0", doc.OpenAPI)
			return
		}
		twilioSpecRouter, twilioSpecErr = gorillamux.NewRouter(doc)
	})
	if twilioSpecErr != nil {
		t.Fatalf("load Twilio's OpenAPI description: %v", twilioSpecErr)
	}
	return twilioSpecRouter
}

var (
	e164     = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	senderID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 ]{0,10}$`)
)

// validateAgainstSpec checks a request the fake received against Twilio's
// description of the operation it was meant for, as if sent to api.twilio.com.
func validateAgainstSpec(t *testing.T, c capturedRequest) error {
	t.Helper()
	u := &url.URL{Scheme: "https", Host: "api.twilio.com", Path: c.Path, RawQuery: c.RawQuery}
	req, err := http.NewRequest(c.Method, u.String(), bytes.NewReader(c.Body))
	if err != nil {
		return err
	}
	req.Header = c.Header.Clone()
	route, pathParams, err := twilioRouter(t).FindRoute(req)
	if err != nil {
		return fmt.Errorf("no operation for %s %s: %w", c.Method, c.Path, err)
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError: true,
			// The operation requires HTTP basic auth with the account
			// credentials; check that it is there.
			AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
				user, pass, ok := in.RequestValidationInput.Request.BasicAuth()
				if in.SecurityScheme.Type != "http" || in.SecurityScheme.Scheme != "basic" || !ok || user == "" || pass == "" {
					return fmt.Errorf("missing basic auth for %s", in.SecuritySchemeName)
				}
				return nil
			},
		},
	})
}

func TestTwilioRequestMatchesOpenAPI(t *testing.T) {
	f := newFakeTwilio(t)
	senders := map[string]*Sender{
		"from":              newTestSender(t, f, nil),
		"messaging service": newTestSender(t, f, func(c *Config) { c.MessagingServiceSID = "MG0123456789abcdef0123456789abcdef" }),
	}
	body := offerBody(t)
	for name, s := range senders {
		t.Run(name, func(t *testing.T) {
			before := len(f.Captured())
			_, err := s.Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: body, StatusCallback: "https://fd.example.de/twilio/status"})
			if err != nil {
				t.Fatal(err)
			}
			reqs := f.Captured()
			if len(reqs) != before+1 {
				t.Fatalf("%d requests captured", len(reqs)-before)
			}
			if err := validateAgainstSpec(t, reqs[len(reqs)-1]); err != nil {
				t.Errorf("request does not match Twilio's OpenAPI description: %v", err)
			}
		})
	}
}

// TestOpenAPIValidationCanFail makes sure the check above has teeth: broken
// variants of a real request must be refused.
func TestOpenAPIValidationCanFail(t *testing.T) {
	f := newFakeTwilio(t)
	if _, err := newTestSender(t, f, nil).Send(context.Background(), notify.OutgoingSMS{To: "+491711234567", Body: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	good := f.Captured()[0]
	if err := validateAgainstSpec(t, good); err != nil {
		t.Fatalf("good request refused: %v", err)
	}
	broken := map[string]func(c *capturedRequest){
		"account SID not AC...": func(c *capturedRequest) { c.Path = "/2010-04-01/Accounts/XX123/Messages.json" },
		"no To":                 func(c *capturedRequest) { c.Body = []byte(url.Values{"From": {testFrom}, "Body": {"x"}}.Encode()) },
		"To not E.164": func(c *capturedRequest) {
			c.Body = []byte(url.Values{"To": {"0171 1234567"}, "From": {testFrom}, "Body": {"x"}}.Encode())
		},
		"no basic auth":       func(c *capturedRequest) { c.Header = c.Header.Clone(); c.Header.Del("Authorization") },
		"PUT instead of POST": func(c *capturedRequest) { c.Method = http.MethodPut },
	}
	for name, breakIt := range broken {
		c := good
		breakIt(&c)
		err := validateAgainstSpec(t, c)
		if err == nil {
			t.Errorf("%s: accepted by the validator", name)
			continue
		}
		t.Logf("%s: %v", name, firstLine(err.Error()))
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// offerBody is a real offer as drivers get it: long, with umlauts, a link
// and a code, the kind of body most likely to trip up the request encoding.
func offerBody(t *testing.T) string {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tx := notify.NewTexts(loc, notify.Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	return tx.Offer(notify.German, notify.RideData{
		FirstName:   "Hannelore-Friederike",
		PickupAt:    time.Date(2026, 11, 26, 9, 30, 0, 0, loc),
		Pickup:      "Kölner Straße 123a, Hinterhaus, 2. OG links, 54634 Bitburg-Mötsch",
		Destination: "Gemeinschaftspraxis Dr. med. Schneider-Weißenfels, Saarstraße 45-47, 54290 Trier",
		Needs:       []notify.Need{notify.NeedWheelchair, notify.NeedEscort},
		ReturnAt:    time.Date(2026, 11, 26, 11, 45, 0, 0, loc),
		Passengers:  1,
		Note:        "Bitte zweimal klingeln",
		ExpiresAt:   time.Date(2026, 11, 25, 18, 0, 0, 0, loc),
		Code:        "4k7",
		Link:        "https://fd.example.de/r/4K7xQ2",
	})
}
