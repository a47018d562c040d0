package notify

// Notice calls: when a senior who chose calls must hear that something
// about a ride changed (today: it was cancelled), the notice is spoken
// instead of texted. A notice asks nothing: 1 repeats it, any other key or
// none ends the call, and no key changes a ride.

// spokenNotice are the texts of notice calls in one language.
type spokenNotice struct {
	cancelled, cancelledMachine func(v vars) string
	prompt, goodbye             string
}

func noticeTexts(lang Lang) *spokenNotice {
	if lang == English {
		return &noticeEN
	}
	return &noticeDE
}

// RiderCancelledCall is the spoken notice that a senior's ride is
// cancelled, with "press 1 to hear it again" and the answering machine's
// shorter message.
func (t *Texts) RiderCancelledCall(lang Lang, d RiderData) CallScript {
	v := t.rider(t.cat(lang), d)
	v.Day = spokenTexts(lang).day(d.PickupAt.In(t.loc))
	n := noticeTexts(lang)
	return CallScript{Lang: lang, Notice: true, Main: n.cancelled(v), Prompt: n.prompt,
		Voicemail: n.cancelledMachine(v)}
}

// NoticePrompt is the only question of a notice call: 1 repeats it.
func (t *Texts) NoticePrompt(lang Lang) string { return noticeTexts(lang).prompt }

// CallReplyTo is what a call says after the key digits were pressed: a
// reminder's keys as CallAnswer says; in a notice 1 repeats it and any
// other key says goodbye.
func (t *Texts) CallReplyTo(s CallScript, digits string) CallReply {
	if !s.Notice {
		return t.CallAnswer(s.Lang, ParseDigit(digits))
	}
	if digits == "1" {
		return CallReply{Gather: true}
	}
	return CallReply{Say: noticeTexts(s.Lang).goodbye}
}

// CallEnd is said when nobody pressed a key: for a reminder that the ride
// stays as planned, for a notice only goodbye.
func (t *Texts) CallEnd(s CallScript) string {
	if s.Notice {
		return noticeTexts(s.Lang).goodbye
	}
	return t.CallNoInput(s.Lang)
}

var noticeDE = spokenNotice{
	cancelled: func(v vars) string {
		return "Guten Tag" + optional(v.Name != "", ", "+v.Name) + ". Hier ist der " + v.Agency + ". " +
			"Ihre Fahrt am " + v.Day + " um " + v.Time + " Uhr zu " + v.Destination + " fällt leider aus. " +
			"Sie werden nicht abgeholt." + optional(v.Phone != "", " Bei Fragen rufen Sie uns an: "+v.Phone+".")
	},
	cancelledMachine: func(v vars) string {
		return "Guten Tag, hier ist der " + v.Agency + ". Ihre Fahrt am " + v.Day + " um " + v.Time +
			" Uhr fällt leider aus." + optional(v.Phone != "", " Bei Fragen rufen Sie uns an: "+v.Phone+".") +
			" Auf Wiederhören."
	},
	prompt:  "Drücken Sie die 1, um die Nachricht noch einmal zu hören.",
	goodbye: "Auf Wiederhören.",
}

var noticeEN = spokenNotice{
	cancelled: func(v vars) string {
		return "Hello" + optional(v.Name != "", " "+v.Name) + ". This is " + v.Agency + ". " +
			"Your ride on " + v.Day + " at " + v.Time + " to " + v.Destination + " is cancelled. " +
			"Nobody will pick you up." + optional(v.Phone != "", " If you have questions, please call us: "+v.Phone+".")
	},
	cancelledMachine: func(v vars) string {
		return "Hello, this is " + v.Agency + ". Your ride on " + v.Day + " at " + v.Time + " is cancelled." +
			optional(v.Phone != "", " If you have questions, please call us: "+v.Phone+".") + " Goodbye."
	},
	prompt:  "Press 1 to hear this message again.",
	goodbye: "Goodbye.",
}
