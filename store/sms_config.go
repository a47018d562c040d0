package store

import (
	"log/slog"
	"time"

	"github.com/fahrdienst/fahrdienst/notify"
)

// SMSOptions configure the SMS the store writes in the transactions that
// cause them. Zero values give the defaults of notify: 20:00-08:00 quiet
// hours, reminders at 18:00 (driver) and 17:00 (senior) the day before and
// 60 minutes before pickup, all in the store's time zone.
type SMSOptions struct {
	Agency   notify.Agency
	Quiet    *notify.QuietHours
	Schedule *notify.Schedule
	// Logger gets the messages dropped at the moment they are written
	// (quiet hours until after the ride); nil is slog.Default().
	Logger *slog.Logger
	// DriverLink makes the short link to a driver's page of rides that
	// driver texts carry; nil sends none.
	DriverLink func(driverID int64) string
	// SendingLease replaces DefaultSendingLease; zero is the default. It
	// must stay above the send job's timeout; tests of a crash shorten both.
	SendingLease time.Duration
	// Calls configure reminder calls (store/calls.go).
	Calls CallOptions
}

// smsSettings are the SMSOptions with the defaults filled in.
type smsSettings struct {
	texts      *notify.Texts
	quiet      notify.QuietHours
	schedule   notify.Schedule
	log        *slog.Logger
	driverLink func(driverID int64) string
	// sendingLease is SMSOptions.SendingLease; zero is the default.
	sendingLease time.Duration
	calls        callSettings
}

func newSMSSettings(o SMSOptions, loc *time.Location) smsSettings {
	s := smsSettings{texts: notify.NewTexts(loc, o.Agency), quiet: notify.DefaultQuietHours(loc),
		schedule: notify.DefaultSchedule(loc), log: o.Logger, driverLink: o.DriverLink,
		sendingLease: o.SendingLease, calls: newCallSettings(o.Calls, loc)}
	if o.Agency.Name == "" {
		s.texts = notify.NewTexts(loc, notify.Agency{Name: "Fahrdienst", Phone: o.Agency.Phone})
	}
	if o.Quiet != nil {
		s.quiet = *o.Quiet
	}
	if o.Schedule != nil {
		s.schedule = *o.Schedule
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}
