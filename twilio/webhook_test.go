package twilio

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// sign computes X-Twilio-Signature the way Twilio documents it, written out
// here rather than taken from twilio-go so that the test checks our use of it.

func incomingForm() url.Values {
	return url.Values{
		"MessageSid": {"SM0123456789abcdef0123456789abcdef"},
		"AccountSid": {testAccountSID},
		"From":       {"+491711234567"},
		"To":         {testFrom},
		"Body":       {"Ja 4k7 <gerne> & danke"},
		"NumMedia":   {"0"},
	}
}

func TestWebhookSignature(t *testing.T) {
	v, err := NewWebhookValidator(testAuthToken, "https://fd.example.de/")
	if err != nil {
		t.Fatal(err)
	}
	form := incomingForm()
	public := "https://fd.example.de/twilio/sms?agency=1"
	good := sign(testAuthToken, public, form)
	tests := []struct {
		name      string
		signature string
		body      string
		wantCode  dispatch.Code
	}{
		{"valid", good, form.Encode(), ""},
		{"missing", "", form.Encode(), dispatch.CodeUnauthorized},
		{"signed for another URL", sign(testAuthToken, "https://fd.example.de/twilio/status?agency=1", form), form.Encode(), dispatch.CodeForbidden},
		{"signed with another token", sign("othertoken", public, form), form.Encode(), dispatch.CodeForbidden},
		{"body changed", good, strings.Replace(form.Encode(), "4k7", "9px", 1), dispatch.CodeForbidden},
		{"too large", good, form.Encode() + "&x=" + strings.Repeat("a", maxWebhookBody), dispatch.CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The request arrives at a local address, as behind a proxy.
			r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/twilio/sms?agency=1", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.signature != "" {
				r.Header.Set("X-Twilio-Signature", tt.signature)
			}
			err := v.ValidateRequest(httptest.NewRecorder(), r)
			if got := dispatch.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("ValidateRequest = %v (code %q), want code %q", err, got, tt.wantCode)
			}
			if err == nil && r.PostForm.Get("Body") != form.Get("Body") {
				t.Errorf("form not available after validation: %v", r.PostForm)
			}
		})
	}
	if v.URL(httptest.NewRequest(http.MethodPost, "/twilio/sms?a=b", nil)) != "https://fd.example.de/twilio/sms?a=b" {
		t.Error("URL does not join public URL and request URI")
	}
}

func TestNewWebhookValidatorRefusesBadConfig(t *testing.T) {
	for _, c := range []struct{ token, url string }{{"", "https://x.de"}, {"t", ""}, {"t", "fd.example.de"}, {"t", "ftp://x.de"}, {"t", "https://x.de/?a=1"}} {
		if _, err := NewWebhookValidator(c.token, c.url); err == nil {
			t.Errorf("NewWebhookValidator(%q, %q) accepted", c.token, c.url)
		}
	}
}

func TestParseIncomingSMS(t *testing.T) {
	m, err := ParseIncomingSMS(incomingForm())
	if err != nil {
		t.Fatal(err)
	}
	if m.From != "+491711234567" || m.Body != "Ja 4k7 <gerne> & danke" || m.MessageSID != "SM0123456789abcdef0123456789abcdef" || m.To != testFrom {
		t.Errorf("parsed %+v", m)
	}
	if got := notify.ParseReply(m.Body); got != (notify.Reply{Kind: notify.ReplyYes, Code: "4K7"}) {
		t.Errorf("reply %+v", got)
	}
	bad := map[string]func(url.Values){
		"no sid":        func(f url.Values) { f.Del("MessageSid") },
		"bad sid":       func(f url.Values) { f.Set("MessageSid", "SMxyz") },
		"bad account":   func(f url.Values) { f.Set("AccountSid", "AC1") },
		"no from":       func(f url.Values) { f.Del("From") },
		"from not E164": func(f url.Values) { f.Set("From", "0171 1234567") },
		"no to":         func(f url.Values) { f.Del("To") },
		"huge body":     func(f url.Values) { f.Set("Body", strings.Repeat("x", maxIncomingBody+1)) },
	}
	for name, breakIt := range bad {
		f := incomingForm()
		breakIt(f)
		_, err := ParseIncomingSMS(f)
		if dispatch.ErrorCode(err) != dispatch.CodeInvalid {
			t.Errorf("%s: error %v, want invalid", name, err)
		}
	}
	// An empty body is a valid SMS (and an unknown reply).
	f := incomingForm()
	f.Del("Body")
	if _, err := ParseIncomingSMS(f); err != nil {
		t.Errorf("empty body refused: %v", err)
	}
}

func TestParseStatusCallback(t *testing.T) {
	tests := []struct {
		form url.Values
		want notify.StatusCallback
		ok   bool
	}{
		{url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "MessageStatus": {"delivered"}}, notify.StatusCallback{MessageSID: "SM0123456789abcdef0123456789abcdef", Status: notify.StatusDelivered, ErrorCode: 0}, true},
		{url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"}}, notify.StatusCallback{MessageSID: "SM0123456789abcdef0123456789abcdef", Status: notify.StatusUndelivered, ErrorCode: 30003}, true},
		{url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "SmsStatus": {"sent"}}, notify.StatusCallback{MessageSID: "SM0123456789abcdef0123456789abcdef", Status: notify.StatusSent, ErrorCode: 0}, true},
		{url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "MessageStatus": {"exploded"}}, notify.StatusCallback{}, false},
		{url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "MessageStatus": {"failed"}, "ErrorCode": {"abc"}}, notify.StatusCallback{}, false},
		{url.Values{"MessageStatus": {"sent"}}, notify.StatusCallback{}, false},
	}
	for _, tt := range tests {
		got, err := ParseStatusCallback(tt.form)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseStatusCallback(%v) = %+v, %v; want %+v ok=%v", tt.form, got, err, tt.want, tt.ok)
		}
	}
}

func TestTwiML(t *testing.T) {
	if got := string(TwiML()); got != xml.Header+"<Response/>" {
		t.Errorf("empty TwiML = %q", got)
	}
	got := string(TwiML(`Danke! <JA> & "4K7"`))
	want := xml.Header + `<Response><Message>Danke! &lt;JA&gt; &amp; &#34;4K7&#34;</Message></Response>`
	if got != want {
		t.Errorf("TwiML = %q, want %q", got, want)
	}
}

type twimlDoc struct {
	XMLName  xml.Name `xml:"Response"`
	Messages []string `xml:"Message"`
}

func FuzzTwiML(f *testing.F) {
	for _, s := range []string{"Danke", "<x>&", "\x00\x01", "\xff", "]]>", "Grüße\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var doc twimlDoc
		if err := xml.Unmarshal(TwiML(s, "zwei"), &doc); err != nil {
			t.Fatalf("TwiML(%q) is not XML: %v", s, err)
		}
		if len(doc.Messages) != 2 || doc.Messages[0] != xmlSafe(s) || doc.Messages[1] != "zwei" {
			t.Fatalf("TwiML(%q) round trip: %q", s, doc.Messages)
		}
	})
}

func FuzzParseIncomingSMS(f *testing.F) {
	f.Add(incomingForm().Encode())
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&From=%2B491711234567&To=x&Body=%FF")
	f.Add("From=&From=%2B1&Body=ja")
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&From=%2B491711234567&To=%00&Body=JA%00+ab1%FF")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		m, err := ParseIncomingSMS(form)
		if err != nil {
			if dispatch.ErrorCode(err) != dispatch.CodeInvalid {
				t.Fatalf("error %v is not invalid", err)
			}
			return
		}
		if !messageSIDPattern.MatchString(m.MessageSID) || !e164Pattern.MatchString(m.From) || m.To == "" {
			t.Fatalf("accepted %+v", m)
		}
		if !strings.HasPrefix(m.From, "+") || len(m.Body) > maxIncomingBody*3 {
			t.Fatalf("accepted %+v", m)
		}
		if !dispatch.Storable(m.Body) || !dispatch.Storable(m.To) || !dispatch.Storable(m.MessageSID) {
			t.Fatalf("accepted text the database cannot store: %+v", m)
		}
		_ = notify.ParseReply(m.Body)
	})
}

func FuzzParseStatusCallback(f *testing.F) {
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&MessageStatus=failed&ErrorCode=30003")
	f.Add("SmsStatus=sent&MessageSid=MM0123456789abcdef0123456789abcdef")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		cb, err := ParseStatusCallback(form)
		if err != nil {
			return
		}
		if !cb.Status.Known() || !messageSIDPattern.MatchString(cb.MessageSID) || cb.ErrorCode < 0 || cb.ErrorCode > 99999 {
			t.Fatalf("accepted %+v", cb)
		}
	})
}
