package twilio

import (
	"context"
	"encoding/xml"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

func newTestCaller(t *testing.T, f *fakeTwilio) *Caller {
	t.Helper()
	c, err := NewCaller(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, From: testFrom, APIURL: f.URL()},
		"https://fd.example.de", Speaker{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The requests of reminder calls, of `call test` and of the lookup after
// an ambiguous failure must be what Twilio's own description of the Calls
// resource accepts (testdata/twilio_api_v2010.json has Calls.json).
func TestCallRequestsMatchOpenAPI(t *testing.T) {
	f := newFakeTwilio(t)
	c := newTestCaller(t, f)
	ctx := context.Background()
	if _, err := c.Send(ctx, notify.OutgoingSMS{MessageID: 42, To: "+4965611234567", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TestCall(ctx, "+4965611234567", "Dies ist ein Test & mehr <ok>", notify.German); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Lookup(ctx, "+4965611234567", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	reqs := f.Captured()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs {
		if !strings.Contains(r.Path, "/Calls.json") {
			t.Errorf("request to %s, want the Calls resource", r.Path)
		}
		if err := validateAgainstSpec(t, r); err != nil {
			t.Errorf("%s %s?%s does not match Twilio's description: %v", r.Method, r.Path, r.RawQuery, err)
		}
	}
	form, _ := url.ParseQuery(string(reqs[0].Body))
	if form.Get("MachineDetection") != "Enable" || form.Get("Url") != "https://fd.example.de/twilio/voice/answer?m=42" ||
		form.Get("StatusCallback") != "https://fd.example.de/twilio/voice/status?m=42" {
		t.Errorf("call form %v", form)
	}
	// The check has teeth: a call without To is refused.
	broken := reqs[0]
	broken.Body = []byte(url.Values{"From": {testFrom}, "Url": {"https://fd.example.de/x"}}.Encode())
	if err := validateAgainstSpec(t, broken); err == nil {
		t.Error("a call without To passed the check")
	}
}

func TestCallLookupFindsTheCall(t *testing.T) {
	f := newFakeTwilio(t)
	c := newTestCaller(t, f)
	ctx := context.Background()
	since := time.Now()
	res, err := c.Send(ctx, notify.OutgoingSMS{MessageID: 1, To: "+4965611234567"})
	if err != nil {
		t.Fatal(err)
	}
	found, err := c.Lookup(ctx, "+4965611234567", "", since)
	if err != nil || len(found) != 1 || found[0].SID != res.SID {
		t.Fatalf("lookup: %v %v, want %s", found, err, res.SID)
	}
	if found, _ := c.Lookup(ctx, "+4965619999999", "", since); len(found) != 0 {
		t.Errorf("another number's lookup found %v", found)
	}
}

func TestCallToInvalidNumberIsTwilioError(t *testing.T) {
	f := newFakeTwilio(t)
	_, err := newTestCaller(t, f).Send(context.Background(), notify.OutgoingSMS{MessageID: 1, To: twiliotest.InvalidCallNumber})
	var se *notify.SendError
	if !errors.As(err, &se) || se.Code != 21217 {
		t.Fatalf("got %v, want Twilio error 21217", err)
	}
}

// TwiML stays well-formed whatever the texts hold.
func TestTwiMLIsWellFormed(t *testing.T) {
	sp := Speaker{}
	s := notify.CallScript{Lang: notify.German, Main: "Fahrt zu <Dr. Müller & Söhne> \x01", Prompt: "1 oder 2",
		Voicemail: "x"}
	for _, doc := range [][]byte{sp.SayTwiML(notify.English, "a & b"),
		sp.GatherTwiML(s, "Hinweis \"quoted\"", "https://fd.example.de/twilio/voice/gather?m=1&x=<", "tschüss")} {
		d := xml.NewDecoder(strings.NewReader(string(doc)))
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%v in %s", err, doc)
				}
				break
			}
		}
	}
}
