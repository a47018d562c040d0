package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
	"github.com/fahrdienst/fahrdienst/phone"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/twilio"
)

// callConfig is the configuration of reminder calls.
type callConfig struct {
	Hours  notify.QuietHours // the quiet hours of calls, from FAHRDIENST_CALL_HOURS
	Retry  notify.CallRetry
	Voices map[notify.Lang]twilio.Voice
}

// loadCallConfig reads FAHRDIENST_CALL_HOURS (09:00-19:00),
// FAHRDIENST_CALL_RETRIES (2), FAHRDIENST_CALL_RETRY_MINUTES (30) and the
// voices FAHRDIENST_CALL_VOICE_DE / _EN (Twilio voice names).
func loadCallConfig(loc *time.Location) (callConfig, error) {
	c := callConfig{Voices: twilio.DefaultVoices()}
	var errs []error
	hours := env("FAHRDIENST_CALL_HOURS", "09:00-19:00")
	var err error
	if loc != nil {
		if c.Hours, err = notify.ParseCallHours(hours, loc); err != nil {
			errs = append(errs, badVar("FAHRDIENST_CALL_HOURS", hours, `want "HH:MM-HH:MM"`))
		}
	}
	c.Retry.Retries, err = checkInt("FAHRDIENST_CALL_RETRIES", "2", 0, 10)
	errs = append(errs, err)
	mins, err := checkInt("FAHRDIENST_CALL_RETRY_MINUTES", "30", 1, 24*60)
	errs = append(errs, err)
	c.Retry.Delay = time.Duration(mins) * time.Minute
	for lang, name := range map[notify.Lang]string{notify.German: "FAHRDIENST_CALL_VOICE_DE", notify.English: "FAHRDIENST_CALL_VOICE_EN"} {
		v := c.Voices[lang]
		v.Name = env(name, v.Name)
		if strings.ContainsAny(v.Name, "<>\"& ") {
			errs = append(errs, badVar(name, v.Name, "want a Twilio voice name such as Polly.Vicki"))
		}
		c.Voices[lang] = v
	}
	return c, errors.Join(errs...)
}

// storeOptions are the store's call settings.
func (c callConfig) storeOptions() store.CallOptions {
	return store.CallOptions{Hours: &c.Hours, Retry: &c.Retry}
}

// addVoice builds the voice side: the Twilio caller when Twilio is
// configured with a From number (calls cannot go through a Messaging
// Service), else the console, which prints each call; and the voice
// webhooks, which answer 503 without Twilio.
func (p *smsParts) addVoice(cfg config, st *store.Store, log *slog.Logger) error {
	texts := notify.NewTexts(cfg.Location, notify.Agency{Name: cfg.AgencyName, Phone: cfg.AgencyPhone})
	sp := twilio.Speaker{Voices: cfg.Calls.Voices}
	p.voiceHooks = &twilio.VoiceWebhooks{Validator: p.webhooks.Validator, Line: st, Speaker: sp, Texts: texts,
		Metrics: p.metrics, Log: log.With("component", "twilio-voice")}
	tw := cfg.twilioConfig()
	if !tw.Configured() || tw.From == "" {
		p.voice = twilio.NewConsoleSender(os.Stderr)
		if tw.Configured() {
			log.Warn("reminder calls go to the console: set TWILIO_FROM to place them")
		}
		return nil
	}
	caller, err := twilio.NewCaller(tw, cfg.PublicURL.String(), sp)
	if err != nil {
		return configError{err.Error()}
	}
	p.voice = caller
	return nil
}

// callCommand is `fahrdienst call test --to NUMBER`: one call through the
// configured Twilio account that says a test sentence, so that an agency
// can check its voice setup. It prints the call SID, or Twilio's error
// with its code.
func callCommand(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	var lang *string
	number, err := parseTestCommand("call", "fahrdienst call test --to NUMBER [--lang de|en]", args, stderr,
		func(fs *flag.FlagSet) { lang = fs.String("lang", "de", "language of the test sentence") })
	if err != nil {
		return err
	}
	if !cfg.twilioConfig().Configured() {
		return configError{"call test needs Twilio: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM"}
	}
	caller, err := twilio.NewCaller(cfg.twilioConfig(), cfg.PublicURL.String(), twilio.Speaker{Voices: cfg.Calls.Voices})
	if err != nil {
		return configError{err.Error()}
	}
	l := notify.ParseLang(*lang)
	text := notify.NewTexts(cfg.Location, notify.Agency{Name: cfg.AgencyName}).CallTest(l)
	res, err := caller.TestCall(ctx, number, text, l)
	if err != nil {
		return twilioRefusal(stdout, "not called", "call test failed", err)
	}
	fmt.Fprintf(stdout, "calling %s: SID %s, status %s\n", phone.Mask(number), res.SID, res.Status)
	return nil
}
