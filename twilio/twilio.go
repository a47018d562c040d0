package twilio

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/twilio/twilio-go/client"
	twapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/fahrdienst/fahrdienst/notify"
)

// DefaultAPIURL is where Twilio's REST API lives.
const DefaultAPIURL = "https://api.twilio.com"

// DefaultTimeout bounds one request to Twilio. Sending runs in a job
// that retries, so waiting long for a hung connection helps nobody.
const DefaultTimeout = 10 * time.Second

// Config is how we reach Twilio. Either From or MessagingServiceSID
// names the sender; a Messaging Service is preferred in production because it
// handles opt-outs and number pools.
type Config struct {
	AccountSID          string
	AuthToken           string
	From                string            // E.164 number or alphanumeric sender ID
	MessagingServiceSID string            // "MG..."; used instead of From when set
	APIURL              string            // default DefaultAPIURL; tests and mocks point it elsewhere
	Timeout             time.Duration     // per request; default DefaultTimeout
	Transport           http.RoundTripper // default http.DefaultTransport
}

// Configured reports whether any Twilio credential is set; without any, the
// service runs with the console sender.
func (c Config) Configured() bool { return c.AccountSID != "" || c.AuthToken != "" }

var (
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	serviceSIDPattern = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
	alphanumeric      = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
)

// Validate checks the configuration as NewSender does and names the
// environment variable of every problem, in one line, so that the service's
// configuration check and the sender cannot disagree about what is valid.
func (c Config) Validate() error {
	var problems []string
	if !accountSIDPattern.MatchString(c.AccountSID) {
		problems = append(problems, "TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits")
	}
	if !alphanumeric.MatchString(c.AuthToken) {
		problems = append(problems, "TWILIO_AUTH_TOKEN must be set (letters and digits)")
	}
	if c.From == "" && c.MessagingServiceSID == "" {
		problems = append(problems, "set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID")
	}
	if c.MessagingServiceSID != "" && !serviceSIDPattern.MatchString(c.MessagingServiceSID) {
		problems = append(problems, "TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex digits")
	}
	if u, err := url.Parse(c.APIURL); c.APIURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		problems = append(problems, "TWILIO_API_URL must be an http(s) URL")
	}
	if len(problems) > 0 {
		return fmt.Errorf("twilio configuration: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Sender sends SMS through Twilio's Messages API with the official
// twilio-go client. It is safe for concurrent use.
type Sender struct {
	cfg       Config
	base      *url.URL // nil: Twilio itself, with twilio-go's edge and region handling
	transport http.RoundTripper
	timeout   time.Duration
}

// NewSender checks cfg and returns a sender; a configuration error
// surfaces at start-up rather than at the first ride offer.
func NewSender(cfg Config) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Sender{cfg: cfg, transport: cfg.Transport, timeout: cfg.Timeout}
	if s.transport == nil {
		// The default keeps two idle connections per host: with dozens of
		// send workers that means a new TLS handshake for most messages.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 100
		s.transport = t
	}
	if s.timeout <= 0 {
		s.timeout = DefaultTimeout
	}
	if api := strings.TrimRight(cfg.APIURL, "/"); api != "" && api != DefaultAPIURL {
		s.base, _ = url.Parse(api) // validated above
	}
	return s, nil
}

// Send creates one message. twilio-go does not take a context, so the
// request is bound to ctx through the transport: cancelling ctx aborts it.
// A failure after the request was written is Ambiguous: Twilio may have
// the message (see Lookup).
func (s *Sender) Send(ctx context.Context, m notify.OutgoingSMS) (notify.SendResult, error) {
	if err := m.Check(); err != nil {
		return notify.SendResult{}, err
	}
	api, rt := s.api(ctx)
	params := &twapi.CreateMessageParams{}
	params.SetTo(m.To)
	params.SetBody(m.Body)
	if s.cfg.MessagingServiceSID != "" {
		params.SetMessagingServiceSid(s.cfg.MessagingServiceSID)
	} else {
		params.SetFrom(s.cfg.From)
	}
	if m.StatusCallback != "" {
		params.SetStatusCallback(m.StatusCallback)
	}
	msg, err := api.CreateMessage(params)
	if err != nil {
		return notify.SendResult{}, classifyTwilio(ctx, err, rt.lastStatus(), rt.written())
	}
	var res notify.SendResult
	if msg.Sid != nil {
		res.SID = *msg.Sid
	}
	if msg.Status != nil {
		res.Status = *msg.Status
	}
	if res.SID == "" {
		// Accepted but unreadable: the SMS may be on its way; the retry
		// looks it up before sending again.
		return res, &notify.SendError{HTTPStatus: rt.lastStatus(), Ambiguous: true,
			Message: "Twilio answered without a message SID"}
	}
	return res, nil
}

// api is a twilio-go client whose requests go through a fresh transport
// bound to ctx, so that each call has its own status and written flag.
func (s *Sender) api(ctx context.Context) (*twapi.ApiService, *twilioTransport) {
	rt := &twilioTransport{ctx: ctx, base: s.base, next: s.transport}
	c := &client.Client{
		Credentials: client.NewCredentials(s.cfg.AccountSID, s.cfg.AuthToken),
		HTTPClient: &http.Client{
			Transport:     rt,
			Timeout:       s.timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	c.SetAccountSid(s.cfg.AccountSID)
	handler := client.NewRequestHandler(c)
	if s.base != nil {
		// Edge and region rewrite Twilio's host names; a mock has none.
		handler.Edge, handler.Region = "", ""
	}
	return twapi.NewApiService(handler), rt
}

// maxErrorBody bounds how much of an error response we read.
const maxErrorBody = 64 << 10

// twilioTransport binds each request to the caller's context, sends it to
// the configured base URL instead of api.twilio.com, records the status of
// the answer (twilio-go drops it from some errors) and buffers error bodies
// so that they are closed (twilio-go reads but does not close them).
type twilioTransport struct {
	ctx  context.Context
	base *url.URL
	next http.RoundTripper

	mu     sync.Mutex
	status int
	wrote  bool // a request was written in full: Twilio may have acted on it
}

func (t *twilioTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		if info.Err == nil {
			t.mu.Lock()
			t.wrote = true
			t.mu.Unlock()
		}
	}}
	req = req.Clone(httptrace.WithClientTrace(t.ctx, trace))
	if t.base != nil {
		req.URL.Scheme = t.base.Scheme
		req.URL.Host = t.base.Host
		req.URL.Path = strings.TrimRight(t.base.Path, "/") + req.URL.Path
		req.URL.RawPath = ""
		req.Host = t.base.Host
	}
	res, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.status = res.StatusCode
	t.mu.Unlock()
	if res.StatusCode >= 400 {
		body, readErr := io.ReadAll(io.LimitReader(res.Body, maxErrorBody))
		res.Body.Close()
		if readErr != nil {
			return nil, readErr
		}
		res.Body = io.NopCloser(bytes.NewReader(body))
	}
	return res, nil
}

func (t *twilioTransport) written() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wrote
}

func (t *twilioTransport) lastStatus() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status
}
