package twiliotest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The Calls resource of the fake: create (POST Calls.json), list (GET
// Calls.json with To, From and StartTime filters) and fetch (GET
// Calls/{Sid}.json), enough for reminder calls and their lookup; and
// signed webhook requests, so that tests can play Twilio calling back.

var (
	callsPath = regexp.MustCompile(`^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Calls\.json$`)
	callPath  = regexp.MustCompile(`^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Calls/(CA[0-9a-fA-F]{32})\.json$`)
)

// InvalidCallNumber is the magic number Twilio's test credentials refuse
// for calls with 21217 (not a valid phone number).
const InvalidCallNumber = "+15005550001"

// Call is a call the fake accepted.
type Call struct {
	SID, To, From, URL, Twiml, StatusCallback, MachineDetection string
	Created                                                     time.Time
}

// Calls returns the calls accepted so far, in order.
func (f *Twilio) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// CallsTo returns the calls accepted for one number.
func (f *Twilio) CallsTo(to string) []Call {
	var out []Call
	for _, c := range f.Calls() {
		if c.To == to {
			out = append(out, c)
		}
	}
	return out
}

// serveCalls answers the Calls resource; false when r is not for it.
func (f *Twilio) serveCalls(w http.ResponseWriter, r *http.Request, body []byte) bool {
	m := callsPath.FindStringSubmatch(r.URL.Path)
	one := callPath.FindStringSubmatch(r.URL.Path)
	if m == nil && one == nil {
		return false
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != AccountSID || pass != AuthToken || !strings.Contains(r.URL.Path, "/"+AccountSID+"/") {
		WriteError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return true
	}
	switch {
	case one != nil && r.Method == http.MethodGet:
		f.fetchCall(w, one[2])
	case m != nil && r.Method == http.MethodGet:
		f.listCalls(w, r)
	case m != nil && r.Method == http.MethodPost:
		f.createCall(w, r, body)
	default:
		WriteError(w, http.StatusMethodNotAllowed, 20004, "Method not allowed")
	}
	return true
}

func (f *Twilio) createCall(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		WriteError(w, http.StatusBadRequest, 20001, "unreadable form")
		return
	}
	switch {
	case form.Get("To") == "":
		WriteError(w, http.StatusBadRequest, 21201, "No 'To' number is specified")
		return
	case form.Get("From") == "":
		WriteError(w, http.StatusBadRequest, 21213, "No 'From' number is specified")
		return
	case form.Get("Url") == "" && form.Get("Twiml") == "" && form.Get("ApplicationSid") == "":
		WriteError(w, http.StatusBadRequest, 21205, "Url, ApplicationSid or Twiml is required")
		return
	case form.Get("To") == InvalidCallNumber:
		WriteError(w, http.StatusBadRequest, 21217, "Phone number does not appear to be valid")
		return
	}
	if !f.misbehave(w, r) {
		return
	}
	c := Call{SID: "CA" + randomHex(16), To: form.Get("To"), From: form.Get("From"), URL: form.Get("Url"),
		Twiml: form.Get("Twiml"), StatusCallback: form.Get("StatusCallback"), MachineDetection: form.Get("MachineDetection")}
	f.mu.Lock()
	c.Created = f.now()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(callResource(c, "queued"))
}

func (f *Twilio) fetchCall(w http.ResponseWriter, sid string) {
	for _, c := range f.Calls() {
		if c.SID == sid {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(callResource(c, "completed"))
			return
		}
	}
	WriteError(w, http.StatusNotFound, 20404, "The requested resource was not found")
}

// listCalls filters by To, From and StartTime> (a GMT day, as Twilio
// does); the fake counts a call as started when it accepted it.
func (f *Twilio) listCalls(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var after time.Time
	if v := strings.TrimPrefix(q.Get("StartTime>"), "="); v != "" {
		t, err := parseDate(v)
		if err != nil {
			WriteError(w, http.StatusBadRequest, 20001, "Invalid StartTime: "+v)
			return
		}
		after = t
	}
	size := 50
	if n, err := strconv.Atoi(q.Get("PageSize")); err == nil && n > 0 && n <= 1000 {
		size = n
	}
	all := f.Calls()
	out := []map[string]any{}
	for i := len(all) - 1; i >= 0 && len(out) < size; i-- {
		c := all[i]
		if (q.Get("To") != "" && c.To != q.Get("To")) || (q.Get("From") != "" && c.From != q.Get("From")) ||
			(!after.IsZero() && c.Created.Before(after)) {
			continue
		}
		out = append(out, callResource(c, "in-progress"))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"calls": out, "page": 0, "page_size": size, "start": 0, "end": len(out),
		"first_page_uri": r.URL.RequestURI(), "next_page_uri": nil, "previous_page_uri": nil, "uri": r.URL.RequestURI(),
	})
}

// callResource is the Call resource as Twilio writes it.
func callResource(c Call, status string) map[string]any {
	created := c.Created.UTC().Format(time.RFC1123Z)
	return map[string]any{
		"sid": c.SID, "account_sid": AccountSID, "api_version": "2010-04-01", "date_created": created,
		"date_updated": created, "direction": "outbound-api", "from": c.From, "to": c.To, "status": status,
		"start_time": created, "end_time": nil, "duration": nil, "answered_by": nil, "price": nil, "price_unit": "USD",
		"uri": "/2010-04-01/Accounts/" + AccountSID + "/Calls/" + c.SID + ".json",
	}
}

// SignedRequest is a webhook request as Twilio sends it: a form POST to
// pathAndQuery, signed for publicURL + pathAndQuery with the test token.
// A test serves it to the service's handler to play Twilio calling back.
func SignedRequest(publicURL, pathAndQuery string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, pathAndQuery, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", Sign(AuthToken, strings.TrimRight(publicURL, "/")+pathAndQuery, form))
	return req
}
