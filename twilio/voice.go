package twilio

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	twapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/fahrdienst/fahrdienst/notify"
)

// Voice is how calls speak one language: Twilio's <Say language> and
// voice, e.g. de-DE with "Polly.Vicki" (Amazon Polly's German voice) or
// "Google.de-DE-Standard-A". Seniors hear the reminder best in a natural
// voice; which one an agency likes is its choice (FAHRDIENST_CALL_VOICE_DE).
type Voice struct {
	Language string
	Name     string
}

// DefaultVoices are the voices of calls when none are configured.
func DefaultVoices() map[notify.Lang]Voice {
	return map[notify.Lang]Voice{
		notify.German:  {Language: "de-DE", Name: "Polly.Vicki"},
		notify.English: {Language: "en-GB", Name: "Polly.Amy"},
	}
}

// VoicePaths are where Twilio calls back during a reminder call, under
// FAHRDIENST_PUBLIC_URL. The message id is carried in the query: Twilio may
// ask for the call's TwiML before we have recorded the call's SID, and the
// signature covers the query, so the id cannot be forged.
const (
	VoiceAnswerPath = "/twilio/voice/answer"
	VoiceGatherPath = "/twilio/voice/gather"
	VoiceStatusPath = "/twilio/voice/status"
)

// Caller places calls through Twilio's Calls API (twilio-go CreateCall).
// It implements notify.Sender, so that a call goes through the send
// worker's claim, send and record like an SMS, and notify.Reconciler, so
// that a call whose creation failed ambiguously is looked up (ListCall)
// before it is placed again.
type Caller struct {
	Speaker
	s         *Sender
	publicURL string
}

// Speaker writes the TwiML of calls in the configured voices; the webhooks
// and the Caller share it.
type Speaker struct {
	Voices map[notify.Lang]Voice // nil: DefaultVoices
}

// NewCaller checks the configuration: calls need a From number (a
// Messaging Service cannot call) and the public URL Twilio fetches the
// call's words from.
func NewCaller(cfg Config, publicURL string, sp Speaker) (*Caller, error) {
	s, err := NewSender(cfg)
	if err != nil {
		return nil, err
	}
	if !e164Pattern.MatchString(cfg.From) {
		return nil, errors.New("twilio configuration: calls need TWILIO_FROM, a phone number in E.164 form")
	}
	u, err := url.Parse(publicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("twilio configuration: public URL %q must be an absolute http(s) URL", publicURL)
	}
	return &Caller{Speaker: sp, s: s, publicURL: strings.TrimRight(publicURL, "/")}, nil
}

// Send places the call of one recorded message: Twilio fetches what to say
// from VoiceAnswerPath once someone (or something) answers, with machine
// detection on, so that an answering machine gets the short message; the
// final status comes to VoiceStatusPath. m.Body is not sent: the answer
// webhook reads it from the message row.
func (c *Caller) Send(ctx context.Context, m notify.OutgoingSMS) (notify.SendResult, error) {
	if m.To == "" {
		return notify.SendResult{}, m.Check()
	}
	params := c.params(m.To)
	q := "?m=" + strconv.FormatInt(m.MessageID, 10)
	params.SetUrl(c.publicURL + VoiceAnswerPath + q)
	params.SetMethod("POST")
	params.SetMachineDetection("Enable")
	params.SetStatusCallback(c.publicURL + VoiceStatusPath + q)
	params.SetStatusCallbackMethod("POST")
	return c.create(ctx, params)
}

// TestCall places one call that says text in lang and hangs up, with the
// TwiML in the request: `fahrdienst call test` needs no webhook.
func (c *Caller) TestCall(ctx context.Context, to, text string, lang notify.Lang) (notify.SendResult, error) {
	params := c.params(to)
	params.SetTwiml(string(c.SayTwiML(lang, text)))
	return c.create(ctx, params)
}

func (c *Caller) params(to string) *twapi.CreateCallParams {
	params := &twapi.CreateCallParams{}
	params.SetTo(to)
	params.SetFrom(c.s.cfg.From)
	return params
}

func (c *Caller) create(ctx context.Context, params *twapi.CreateCallParams) (notify.SendResult, error) {
	api, rt := c.s.api(ctx)
	call, err := api.CreateCall(params)
	if err != nil {
		return notify.SendResult{}, classifyTwilio(ctx, err, rt.lastStatus(), rt.written())
	}
	var res notify.SendResult
	if call.Sid != nil {
		res.SID = *call.Sid
	}
	if call.Status != nil {
		res.Status = *call.Status
	}
	if res.SID == "" {
		return res, &notify.SendError{HTTPStatus: rt.lastStatus(), Ambiguous: true,
			Message: "Twilio answered without a call SID"}
	}
	return res, nil
}

// Lookup implements notify.Reconciler for calls: the outgoing API calls to
// the number from our number created since the first attempt (ListCall
// with To, From and StartTime>=; the body is not part of a call and is
// ignored). Twilio filters StartTime by day and a call not yet dialled has
// none, which is why the retry after an ambiguous failure waits, as for
// SMS (docs/decisions/0005-sms-reconciliation.md).
func (c *Caller) Lookup(ctx context.Context, to, _ string, since time.Time) ([]notify.SendResult, error) {
	from, day := lookupStart(since)
	api, rt := c.s.api(ctx)
	params := &twapi.ListCallParams{}
	params.SetTo(to)
	params.SetFrom(c.s.cfg.From)
	params.SetStartTimeAfter(day)
	params.SetPageSize(lookupLimit)
	params.SetLimit(lookupLimit)
	calls, err := api.ListCall(params)
	if err != nil {
		return nil, lookupError(ctx, err, rt)
	}
	items := make([]listed, 0, len(calls))
	for _, call := range calls {
		items = append(items, listed{call.Sid, call.To, call.Direction, call.DateCreated, call.Status})
	}
	return matching(items, to, from), nil
}

// voice is the configured voice of lang, German when there is none.
func (c Speaker) voice(lang notify.Lang) Voice {
	voices := c.Voices
	if voices == nil {
		voices = DefaultVoices()
	}
	if v, ok := voices[lang]; ok {
		return v
	}
	return voices[notify.German]
}

// SayTwiML is a TwiML document that says each text and hangs up.
func (c Speaker) SayTwiML(lang notify.Lang, texts ...string) []byte {
	var b strings.Builder
	b.WriteString(xml.Header + "<Response>")
	for _, t := range texts {
		c.say(&b, lang, t)
	}
	b.WriteString("<Hangup/></Response>")
	return []byte(b.String())
}

// GatherTwiML says before (a hint, may be empty), then asks the script's
// question in a <Gather> of one key whose answer goes to action; without a
// key, noInput is said and the call ends.
func (c Speaker) GatherTwiML(s notify.CallScript, before, action, noInput string) []byte {
	var b strings.Builder
	b.WriteString(xml.Header + "<Response>")
	if before != "" {
		c.say(&b, s.Lang, before)
	}
	fmt.Fprintf(&b, `<Gather input="dtmf" numDigits="1" timeout="8" method="POST" action="%s">`, attr(action))
	c.say(&b, s.Lang, s.Main)
	c.say(&b, s.Lang, s.Prompt)
	b.WriteString("</Gather>")
	c.say(&b, s.Lang, noInput)
	b.WriteString("<Hangup/></Response>")
	return []byte(b.String())
}

func (c Speaker) say(b *strings.Builder, lang notify.Lang, text string) {
	if text == "" {
		return
	}
	v := c.voice(lang)
	fmt.Fprintf(b, `<Say language="%s" voice="%s">`, attr(v.Language), attr(v.Name))
	xml.EscapeText(b, []byte(xmlSafe(text)))
	b.WriteString("</Say>")
}

func attr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(xmlSafe(s)))
	return b.String()
}

// A Caller can be asked whether a call went out.
var (
	_ notify.Sender     = (*Caller)(nil)
	_ notify.Reconciler = (*Caller)(nil)
)
