package notify

import (
	"fmt"
	"strings"
	"time"
)

// Clock is a time of day in minutes after midnight, local time. Reminder
// times and quiet hours are wall-clock rules ("not after 20:00"), so they are
// kept apart from instants and applied in the service's time zone.
type Clock int

// ParseClock reads "HH:MM" (24 hours).
func ParseClock(s string) (Clock, error) {
	var h, m int
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("time of day %q: want HH:MM between 00:00 and 23:59", s)
	}
	return Clock(h*60 + m), nil
}

// At returns c on the local calendar day of day in loc. On the day clocks
// go forward, a time that does not exist (02:30 in Berlin) moves on by the
// gap, as time.Date does.
func (c Clock) At(day time.Time, loc *time.Location) time.Time {
	y, m, d := day.In(loc).Date()
	return time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, loc)
}

// String formats c as HH:MM, the form ParseClock reads.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

func clockOf(t time.Time) Clock { return Clock(t.Hour()*60 + t.Minute()) }

// QuietHours are the hours in which seniors and relatives get no SMS. A
// reminder at 22:00 wakes and worries an old person; drivers, who asked for
// the work, are not bound by them.
type QuietHours struct {
	Start Clock // first quiet minute, e.g. 20:00
	End   Clock // first minute messages may go again, e.g. 08:00
	Loc   *time.Location
}

// DefaultQuietHours is 20:00 to 08:00 local time.
func DefaultQuietHours(loc *time.Location) QuietHours {
	return QuietHours{Start: 20 * 60, End: 8 * 60, Loc: loc}
}

// ParseQuietHours reads a configuration value such as "20:00-08:00"; an
// empty value gives the default, "off" none at all.
func ParseQuietHours(s string, loc *time.Location) (QuietHours, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return DefaultQuietHours(loc), nil
	case "off", "none":
		return QuietHours{Loc: loc}, nil
	}
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return QuietHours{}, fmt.Errorf("quiet hours %q: want START-END such as 20:00-08:00", s)
	}
	start, err := ParseClock(from)
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet hours: %w", err)
	}
	end, err := ParseClock(to)
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet hours: %w", err)
	}
	return QuietHours{Start: start, End: end, Loc: loc}, nil
}

func (q QuietHours) loc() *time.Location {
	if q.Loc == nil {
		return time.UTC
	}
	return q.Loc
}

// Quiet reports whether t falls in the quiet hours. Start == End means none.
func (q QuietHours) Quiet(t time.Time) bool {
	c := clockOf(t.In(q.loc()))
	switch {
	case q.Start == q.End:
		return false
	case q.Start < q.End: // e.g. 13:00-15:00
		return c >= q.Start && c < q.End
	default: // across midnight, e.g. 20:00-08:00
		return c >= q.Start || c < q.End
	}
}

// SendAt decides when a message to a senior or relative that is due at due
// goes out. Outside quiet hours it goes at due. Inside, it waits for the
// end of the quiet hours, unless by then it no longer matters: if deadline
// is set (the pickup time for a reminder) and the message could not go
// before it, ok is false and the message is dropped.
func (q QuietHours) SendAt(due, deadline time.Time) (at time.Time, ok bool) {
	at = due
	if q.Quiet(due) {
		at = q.nextEnd(due)
	}
	if !deadline.IsZero() && !at.Before(deadline) {
		return time.Time{}, false
	}
	return at, true
}

// Recipient says whom a message goes to, as far as the rules of sending
// depend on it.
type Recipient struct {
	Driver, Rider, Account bool
}

// KeepsQuietHours says whether messages to r keep the quiet hours: seniors
// and relatives do; drivers, who must hear of their rides in time, do not.
func (r Recipient) KeepsQuietHours() bool {
	return !r.Driver && (r.Rider || r.Account)
}

// SendTime decides when a message to r that is due at due may go: at due,
// later (the end of the quiet hours), or not at all before deadline (ok
// false: drop it). The store asks it when it queues a message and again
// when the send job runs, because a retry or a late job can fall into the
// quiet hours; one rule for both keeps them from disagreeing.
func (q QuietHours) SendTime(r Recipient, due, deadline time.Time) (at time.Time, ok bool) {
	if !r.KeepsQuietHours() {
		return due, true
	}
	return q.SendAt(due, deadline)
}

// Hours are the times messages may go out: the quiet hours of SMS to
// seniors and relatives, and the calling hours of calls (to anyone).
type Hours struct {
	Quiet, Calls QuietHours
}

// SendTime decides when a message of the channel to r, due at due, may go
// (see QuietHours.SendTime); a call keeps the calling hours whoever it goes
// to.
func (h Hours) SendTime(channel string, r Recipient, due, deadline time.Time) (at time.Time, ok bool) {
	if channel == ChannelVoice {
		return h.Calls.SendAt(due, deadline)
	}
	return h.Quiet.SendTime(r, due, deadline)
}

// nextEnd returns the first moment after t at which the quiet hours end,
// computed on the local calendar so that it stays 08:00 on the days the
// clocks change.
func (q QuietHours) nextEnd(t time.Time) time.Time {
	loc := q.loc()
	y, m, d := t.In(loc).Date()
	for i := 0; ; i++ {
		end := time.Date(y, m, d+i, int(q.End)/60, int(q.End)%60, 0, 0, loc)
		if end.After(t) {
			return end
		}
	}
}

// Schedule holds the local times at which reminders go out.
type Schedule struct {
	Loc            *time.Location
	DriverEvening  Clock         // driver reminder on the evening before, e.g. 18:00
	RiderDayBefore Clock         // senior/relative reminder on the day before, e.g. 17:00
	DriverBefore   time.Duration // driver reminder ahead of pickup, e.g. 60 minutes
}

// DefaultSchedule is 18:00 the day before for drivers, 17:00 the day before
// for seniors (well before the quiet hours), and 60 minutes before pickup.
func DefaultSchedule(loc *time.Location) Schedule {
	return Schedule{Loc: loc, DriverEvening: 18 * 60, RiderDayBefore: 17 * 60, DriverBefore: 60 * time.Minute}
}

func (s Schedule) loc() *time.Location {
	if s.Loc == nil {
		return time.UTC
	}
	return s.Loc
}

// dayBefore returns clock c on the local calendar day before pickup. It
// counts calendar days, not 24 hours, so that 18:00 stays 18:00 across a
// change of the clocks.
func (s Schedule) dayBefore(pickup time.Time, c Clock) time.Time {
	local := pickup.In(s.loc())
	y, m, d := local.Date()
	return c.At(time.Date(y, m, d-1, 12, 0, 0, 0, s.loc()), s.loc())
}

// DriverEveningReminder is when the driver of a ride at pickup gets the
// reminder on the evening before.
func (s Schedule) DriverEveningReminder(pickup time.Time) time.Time {
	return s.dayBefore(pickup, s.DriverEvening)
}

// RiderReminder is when the senior (or relative) of a ride at pickup gets
// the reminder on the day before.
func (s Schedule) RiderReminder(pickup time.Time) time.Time {
	return s.dayBefore(pickup, s.RiderDayBefore)
}

// DriverSoonReminder is when the driver gets the last reminder before
// pickup. It is a duration before an instant, so it is the same elapsed time
// whatever the clocks do in between.
func (s Schedule) DriverSoonReminder(pickup time.Time) time.Time {
	return pickup.Add(-s.DriverBefore)
}

// Offer expiry bounds: an offer waits at most DefaultOfferTTL for an
// answer, but for a ride soon only half the time left, so that a second
// and third driver can still be asked; never less than MinOfferTTL, the
// least time a driver needs to see and answer an SMS.
const (
	DefaultOfferTTL = 12 * time.Hour
	MinOfferTTL     = 15 * time.Minute
)

// OfferExpiry returns when an offer made at now for a ride at pickup runs
// out: min(12h, half the time until pickup), at least 15 minutes, but never
// after the pickup itself (an offer for a ride that has begun is useless).
func OfferExpiry(now, pickup time.Time) time.Time {
	until := pickup.Sub(now)
	if until <= 0 {
		return now
	}
	ttl := min(DefaultOfferTTL, until/2)
	if ttl < MinOfferTTL {
		ttl = min(MinOfferTTL, until)
	}
	return now.Add(ttl)
}
