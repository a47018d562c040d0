package notify

import (
	"fmt"
	"strings"
	"time"
)

// Reminder calls: for seniors with only a landline, or who chose to be
// phoned, the day-before reminder is a call that speaks the reminder and
// asks for a key: 1 confirms, 2 cancels the ride, 3 repeats. What is said,
// when calls may be placed and how often a busy line is tried again are
// rules of the conversation, so they live here beside the SMS rules; the
// Twilio adapter only turns them into TwiML.

// Channels of a message: an SMS or a phone call. A rider's
// ContactPreference "call" means ChannelVoice.
const (
	ChannelSMS   = "sms"
	ChannelVoice = "voice"
)

// DefaultCallHours are 09:00 to 19:00: no one wants the phone to ring at
// breakfast or during the evening news.
func DefaultCallHours(loc *time.Location) QuietHours {
	return QuietHours{Start: 19 * 60, End: 9 * 60, Loc: loc}
}

// ParseCallHours reads FAHRDIENST_CALL_HOURS, the hours in which calls may
// be placed, e.g. "09:00-19:00"; empty is the default. They are returned
// as the quiet hours of calls (19:00-09:00), so that one rule (SendAt)
// moves a call as it moves an SMS.
func ParseCallHours(s string, loc *time.Location) (QuietHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultCallHours(loc), nil
	}
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return QuietHours{}, fmt.Errorf("calling hours %q: want START-END such as 09:00-19:00", s)
	}
	start, err := ParseClock(from)
	if err != nil {
		return QuietHours{}, err
	}
	end, err := ParseClock(to)
	if err != nil {
		return QuietHours{}, err
	}
	if start == end {
		return QuietHours{}, fmt.Errorf("calling hours %q: start and end are equal", s)
	}
	return QuietHours{Start: end, End: start, Loc: loc}, nil
}

// CallRetry is how often, and how long apart, a busy or unanswered call is
// placed again before it counts as failed.
type CallRetry struct {
	Retries int
	Delay   time.Duration
}

// DefaultCallRetry is two more tries, 30 minutes apart: a senior out at the
// neighbour's is back within the hour.
func DefaultCallRetry() CallRetry { return CallRetry{Retries: 2, Delay: 30 * time.Minute} }

// CallStatus is a call's status as Twilio reports it (CallStatus).
type CallStatus string

// The statuses of an outgoing call.
const (
	CallQueued     CallStatus = "queued"
	CallInitiated  CallStatus = "initiated"
	CallRinging    CallStatus = "ringing"
	CallInProgress CallStatus = "in-progress"
	CallCompleted  CallStatus = "completed"
	CallBusy       CallStatus = "busy"
	CallNoAnswer   CallStatus = "no-answer"
	CallFailed     CallStatus = "failed"
	CallCanceled   CallStatus = "canceled"
)

// Known reports whether s is a status Twilio sends.
func (s CallStatus) Known() bool {
	switch s {
	case CallQueued, CallInitiated, CallRinging, CallInProgress, CallCompleted, CallBusy, CallNoAnswer,
		CallFailed, CallCanceled:
		return true
	}
	return false
}

// Final reports whether the call is over.
func (s CallStatus) Final() bool {
	return s == CallCompleted || s == CallBusy || s == CallNoAnswer || s == CallFailed || s == CallCanceled
}

// Redial reports whether the person may be reached by calling again later:
// the line was busy or nobody answered.
func (s CallStatus) Redial() bool { return s == CallBusy || s == CallNoAnswer }

// CallStatusCallback is Twilio's report about a call we placed. MessageID
// is ours, carried in the callback URL; CallSID is the dial it is about.
type CallStatusCallback struct {
	MessageID  int64
	CallSID    string
	Status     CallStatus
	AnsweredBy string // "human", "machine_start", ... when machine detection ran
	ErrorCode  int
}

// Machine reports whether Twilio's machine detection heard an answering
// machine or a fax rather than a person: they get a short message without
// the question.
func Machine(answeredBy string) bool {
	return strings.HasPrefix(answeredBy, "machine") || answeredBy == "fax"
}

// CallChoice is what a pressed key means.
type CallChoice int

// The keys of a reminder call. Any other key changes nothing.
const (
	ChoiceNone CallChoice = iota
	ChoiceConfirm
	ChoiceCancel
	ChoiceRepeat
)

// ParseDigit reads the Digits of a gather webhook: "1", "2" or "3"; anything
// else (another key, several, none) is ChoiceNone.
func ParseDigit(digits string) CallChoice {
	switch digits {
	case "1":
		return ChoiceConfirm
	case "2":
		return ChoiceCancel
	case "3":
		return ChoiceRepeat
	}
	return ChoiceNone
}

// CallScript is what one reminder call says, in the person's language.
type CallScript struct {
	Lang      Lang
	Main      string // the reminder, spoken to a person
	Prompt    string // the question after it ("press 1 ..."); empty for a notice without question
	Voicemail string // the short message for an answering machine
	// Notice marks a call that only tells (a cancellation): 1 repeats it,
	// no key changes a ride.
	Notice bool
}

// CallReply is what the call says after a key was pressed.
type CallReply struct {
	Say    string
	Gather bool // ask again (the script is repeated)
	// Changed says whether the key changed anything (first time, 1 or 2).
	Changed bool
}

// RiderReminderCall is the spoken day-before reminder to a senior, with
// the question and the answering machine's shorter message.
func (t *Texts) RiderReminderCall(lang Lang, d RiderData) CallScript {
	c := t.cat(lang)
	v := t.rider(c, d)
	sp := spokenTexts(lang)
	v.Day = sp.day(d.PickupAt.In(t.loc))
	return CallScript{Lang: lang, Main: sp.reminder(v), Prompt: sp.prompt, Voicemail: sp.voicemail(v)}
}

// CallAnswer is what the call says after a key: thanks for 1, the
// cancellation for 2, the script again for 3, and the question again with
// a hint for anything else.
func (t *Texts) CallAnswer(lang Lang, choice CallChoice) CallReply {
	sp := spokenTexts(lang)
	switch choice {
	case ChoiceConfirm:
		return CallReply{Say: sp.confirmed}
	case ChoiceCancel:
		return CallReply{Say: sp.cancelled}
	case ChoiceRepeat:
		return CallReply{Gather: true}
	}
	return CallReply{Say: sp.invalid, Gather: true}
}

// CallPrompt is the question of a reminder call.
func (t *Texts) CallPrompt(lang Lang) string { return spokenTexts(lang).prompt }

// CallNoInput is said when nobody pressed a key: the ride stays as it is.
func (t *Texts) CallNoInput(lang Lang) string {
	return spokenTexts(lang).noInput + optional(t.agency.Phone != "", " "+spokenTexts(lang).phone+t.agency.Phone+".")
}

// CallTest is the sentence of `fahrdienst call test`.
func (t *Texts) CallTest(lang Lang) string {
	return spokenTexts(lang).test(clean(t.agency.Name))
}

// spoken are the texts of calls in one language. They are written to be
// heard: full words, no abbreviations, short sentences.
type spoken struct {
	reminder, voicemail                            func(v vars) string
	prompt, confirmed, cancelled, invalid, noInput string
	phone                                          string
	test                                           func(agency string) string
	day                                            func(t time.Time) string // in full, as it is said
}

func spokenTexts(lang Lang) *spoken {
	if lang == English {
		return &spokenEN
	}
	return &spokenDE
}

var spokenDE = spoken{
	reminder: func(v vars) string {
		who := "werden Sie"
		if v.Relative {
			who = "wird " + or(v.Rider, "Ihr Angehöriger")
		}
		return "Guten Tag" + optional(v.Name != "", ", "+v.Name) + ". Hier ist der " + v.Agency + ". " +
			"Wir erinnern an Ihre Fahrt am " + v.Day + " um " + v.Time + " Uhr. Dann " + who +
			optional(v.Driver != "", " von "+v.Driver) + " abgeholt und zu " + v.Destination + " gefahren. " +
			sentence(v.Return != "", v.Return)
	},
	voicemail: func(v vars) string {
		return "Guten Tag, hier ist der " + v.Agency + ". Wir erinnern an Ihre Fahrt am " + v.Day + " um " +
			v.Time + " Uhr." + optional(v.Phone != "", " Bei Fragen rufen Sie uns an: "+v.Phone+".") +
			" Auf Wiederhören."
	},
	prompt:    "Drücken Sie die 1, um die Fahrt zu bestätigen. Drücken Sie die 2, um die Fahrt abzusagen. Drücken Sie die 3, um die Nachricht noch einmal zu hören.",
	confirmed: "Vielen Dank. Die Fahrt ist bestätigt. Auf Wiederhören.",
	cancelled: "Die Fahrt ist abgesagt. Der Fahrer wird benachrichtigt. Auf Wiederhören.",
	invalid:   "Diese Taste kennen wir nicht.",
	noInput:   "Wir haben keine Eingabe erhalten. Ihre Fahrt bleibt wie geplant. Auf Wiederhören.",
	phone:     "Bei Fragen rufen Sie uns an: ",
	test:      func(a string) string { return "Dies ist ein Testanruf vom " + a + ". Der Anruf funktioniert." },
	day: func(t time.Time) string {
		return fmt.Sprintf("%s, dem %d. %s", weekdaysLongDE[t.Weekday()], t.Day(), monthsDE[t.Month()-1])
	},
}

var (
	weekdaysLongDE = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	monthsDE       = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
		"Oktober", "November", "Dezember"}
)

var spokenEN = spoken{
	reminder: func(v vars) string {
		who := "you will be"
		if v.Relative {
			who = or(v.Rider, "your relative") + " will be"
		}
		return "Hello" + optional(v.Name != "", " "+v.Name) + ". This is " + v.Agency + ". " +
			"A reminder of your ride on " + v.Day + " at " + v.Time + ". Then " + who + " picked up" +
			optional(v.Driver != "", " by "+v.Driver) + " and driven to " + v.Destination + ". " +
			sentence(v.Return != "", v.Return)
	},
	voicemail: func(v vars) string {
		return "Hello, this is " + v.Agency + ". A reminder of your ride on " + v.Day + " at " + v.Time + "." +
			optional(v.Phone != "", " If you have questions, please call us: "+v.Phone+".") + " Goodbye."
	},
	prompt:    "Press 1 to confirm the ride. Press 2 to cancel the ride. Press 3 to hear this message again.",
	confirmed: "Thank you. The ride is confirmed. Goodbye.",
	cancelled: "The ride is cancelled. The driver will be told. Goodbye.",
	invalid:   "That key is not one of the choices.",
	noInput:   "We did not hear a key. Your ride stays as planned. Goodbye.",
	phone:     "If you have questions, please call us: ",
	test:      func(a string) string { return "This is a test call from " + a + ". Calls work." },
	day:       func(t time.Time) string { return t.Format("Monday, January 2") },
}
