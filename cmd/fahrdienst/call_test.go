package main

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// callEnv points the configuration at the fake Twilio.
func callEnv(t *testing.T, fake *twiliotest.Twilio) config {
	t.Setenv("TWILIO_ACCOUNT_SID", twiliotest.AccountSID)
	t.Setenv("TWILIO_AUTH_TOKEN", twiliotest.AuthToken)
	t.Setenv("TWILIO_FROM", twiliotest.From)
	t.Setenv("TWILIO_API_URL", fake.URL())
	t.Setenv("FAHRDIENST_CALL_VOICE_DE", "Google.de-DE-Standard-A")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestCallTestPlacesOneCall(t *testing.T) {
	fake := twiliotest.NewTwilio(t)
	cfg := callEnv(t, fake)
	var out, errOut bytes.Buffer
	if err := callCommand(context.Background(), cfg, []string{"test", "--to", "06561 123456"}, &out, &errOut); err != nil {
		t.Fatalf("%v: %s %s", err, out.String(), errOut.String())
	}
	calls := fake.Calls()
	if len(calls) != 1 || calls[0].To != "+496561123456" || !strings.Contains(out.String(), calls[0].SID) {
		t.Fatalf("calls %+v, output %q", calls, out.String())
	}
	if tw := calls[0].Twiml; !strings.Contains(tw, `voice="Google.de-DE-Standard-A"`) || !strings.Contains(tw, "Testanruf") {
		t.Errorf("TwiML %s", tw)
	}
	form, _ := url.ParseQuery(string(fake.Captured()[0].Body))
	if form.Get("From") != twiliotest.From {
		t.Errorf("From %q", form.Get("From"))
	}
}

func TestCallTestPrintsTwilioError(t *testing.T) {
	fake := twiliotest.NewTwilio(t)
	cfg := callEnv(t, fake)
	var out, errOut bytes.Buffer
	err := callCommand(context.Background(), cfg, []string{"test", "--to", twiliotest.InvalidCallNumber}, &out, &errOut)
	if err == nil || !strings.Contains(out.String(), "Twilio error 21217") {
		t.Fatalf("err %v, output %q: want Twilio error 21217", err, out.String())
	}
}

func TestBadCallHoursStopConfig(t *testing.T) {
	t.Setenv("FAHRDIENST_CALL_HOURS", "9-19")
	if _, err := loadConfig(); err == nil || !strings.Contains(err.Error(), "FAHRDIENST_CALL_HOURS") {
		t.Fatalf("got %v, want an error naming FAHRDIENST_CALL_HOURS", err)
	}
}
