package notify

import (
	"strings"
	"time"
)

// Lang is the language a person gets their SMS in. German is the default
// because the agencies and most of their volunteers are German.
type Lang string

// The languages with texts.
const (
	German  Lang = "de"
	English Lang = "en"
)

// ParseLang maps a stored or configured language tag ("de", "en-GB", "EN")
// to a language we have texts for, falling back to German so that a typo in
// a profile never stops a message.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_") {
		return English
	}
	return German
}

// Need is a special need of a senior that the driver must know before
// accepting a ride: a wheelchair needs a suitable car, an escort a free seat.
type Need string

// The needs the texts know. Others are passed through as written.
const (
	NeedWheelchair Need = "wheelchair"
	NeedWalker     Need = "walker"
	NeedEscort     Need = "escort"
	NeedAssistance Need = "assistance"
)

// Agency is who the messages come from. Its name starts every text, so that a
// senior knows who writes, and its phone number is where people call instead
// of answering by SMS.
type Agency struct {
	Name  string // e.g. "Fahrdienst Bitburg"; keep it short, it is in every SMS
	Phone string // e.g. "06561 6001"; empty leaves the "call us" sentences out
}

// RideData is what the driver texts say about one ride. One struct serves
// every driver message so that the workers fill it once per ride.
type RideData struct {
	FirstName    string    // the driver's first name, for the greeting
	Rider        string    // how the driver finds the senior at the door, e.g. "Fr. Schmidt"; may be empty
	PickupAt     time.Time // pickup time; shown in the service's local time
	Pickup       string    // pickup address
	Destination  string    // destination name and/or address
	Needs        []Need    // special needs of the passenger(s)
	ReturnAt     time.Time // the ride back; zero when there is none or it is on call
	ReturnOnCall bool      // the senior calls when ready to be driven back
	Shopping     bool      // a weekly shopping ride rather than an appointment trip
	Passengers   int       // seniors on a shared shopping ride; 0 or 1 says nothing
	Note         string    // a short remark by the coordinator; dropped first when space is short
	ExpiresAt    time.Time // offers only: answer by then; zero says nothing
	Code         string    // the reply code of this ride for this driver, e.g. "4K7"
	Link         string    // optional short URL to the ride in the driver's web view
	PreviousAt   time.Time // time-change notices only: the old pickup time
}

// RiderData is what a senior or a relative is told about a ride.
type RiderData struct {
	Name         string    // greeting, e.g. "Frau Schmidt"; may be empty
	ForRelative  bool      // the text goes to a relative and speaks of the senior in the third person
	Rider        string    // the senior as the relative knows them, e.g. "Frau Schmidt"; used with ForRelative
	PickupAt     time.Time // pickup time
	Pickup       string    // pickup address
	Destination  string    // where the ride goes
	Driver       string    // the driver's first name; empty when not yet known
	ReturnAt     time.Time // the ride back; zero when none or on call
	ReturnOnCall bool      // the senior calls when ready to be driven back
}

// Texts renders every SMS of Fahrdienst. Each method returns a text in
// GSM-7 of at most MaxSegments segments: names and addresses are cleaned of
// characters GSM-7 lacks and shortened until the text fits, so that a long
// address never turns an offer into four expensive, jumbled parts.
type Texts struct {
	loc    *time.Location
	agency Agency
}

// NewTexts returns the texts for one agency; times are shown in loc (the
// service's time zone), since seniors and drivers live there.
func NewTexts(loc *time.Location, agency Agency) *Texts {
	if loc == nil {
		loc = time.UTC
	}
	return &Texts{loc: loc, agency: agency}
}

// vars holds the formatted parts of a text. The renderers of a language
// only glue them together; fit shortens them.
type vars struct {
	Agency, Name, Rider, When, Day, Time, Pickup, Destination         string
	Needs, Return, Note, Expires, Code, Link, Previous, Driver, Phone string
	Shopping, Relative                                                bool
	Passengers                                                        int
	Codes                                                             []string
}

func (t *Texts) cat(lang Lang) *catalog {
	if lang == English {
		return &catalogEN
	}
	return &catalogDE
}

func (t *Texts) base() vars {
	return vars{Agency: clean(t.agency.Name), Phone: clean(t.agency.Phone)}
}

func (t *Texts) ride(c *catalog, d RideData) vars {
	v := t.base()
	v.Name = clean(d.FirstName)
	v.Rider = clean(d.Rider)
	v.When = c.when(d.PickupAt.In(t.loc))
	v.Day = c.day(d.PickupAt.In(t.loc))
	v.Time = c.clock(d.PickupAt.In(t.loc))
	v.Pickup = clean(d.Pickup)
	v.Destination = clean(d.Destination)
	v.Needs = c.needs(d.Needs)
	v.Return = t.returnText(c, d.ReturnAt, d.ReturnOnCall)
	v.Note = clean(d.Note)
	if !d.ExpiresAt.IsZero() {
		v.Expires = c.deadline(d.ExpiresAt.In(t.loc))
	}
	v.Code = strings.ToUpper(cutRunes(clean(d.Code), maxCodeLen))
	v.Link = clean(d.Link)
	if !d.PreviousAt.IsZero() {
		v.Previous = c.when(d.PreviousAt.In(t.loc))
	}
	v.Shopping = d.Shopping
	v.Passengers = d.Passengers
	return v
}

func (t *Texts) rider(c *catalog, d RiderData) vars {
	v := t.base()
	v.Name = clean(d.Name)
	v.Rider = clean(d.Rider)
	v.Relative = d.ForRelative
	v.When = c.when(d.PickupAt.In(t.loc))
	v.Day = c.day(d.PickupAt.In(t.loc))
	v.Time = c.clock(d.PickupAt.In(t.loc))
	v.Pickup = clean(d.Pickup)
	v.Destination = clean(d.Destination)
	v.Driver = clean(d.Driver)
	v.Return = t.returnText(c, d.ReturnAt, d.ReturnOnCall)
	return v
}

func (t *Texts) returnText(c *catalog, at time.Time, onCall bool) string {
	switch {
	case onCall:
		return c.returnOnCall
	case !at.IsZero():
		return c.returnAt(c.clock(at.In(t.loc)))
	}
	return ""
}

// Offer asks a driver to take a ride; the driver answers with the code.
func (t *Texts) Offer(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.offer, t.ride(c, d))
}

// Confirmation tells a driver who answered JA that the ride is theirs.
func (t *Texts) Confirmation(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.confirmation, t.ride(c, d))
}

// DriverReminderEvening reminds a driver on the evening before the ride.
func (t *Texts) DriverReminderEvening(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.reminderEvening, t.ride(c, d))
}

// DriverReminderSoon reminds a driver shortly (60 minutes) before pickup.
func (t *Texts) DriverReminderSoon(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.reminderSoon, t.ride(c, d))
}

// RideCancelled tells a driver that a ride they confirmed no longer happens.
func (t *Texts) RideCancelled(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.cancelled, t.ride(c, d))
}

// RideTimeChanged tells a driver that a confirmed ride moved from
// d.PreviousAt to d.PickupAt, and how to back out if that does not suit.
func (t *Texts) RideTimeChanged(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.timeChanged, t.ride(c, d))
}

// OfferExpired tells a driver that an offer ran out before they answered,
// so that a late JA does not leave them thinking they drive.
func (t *Texts) OfferExpired(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.expired, t.ride(c, d))
}

// OfferTaken tells a driver that another driver took the ride first.
func (t *Texts) OfferTaken(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.taken, t.ride(c, d))
}

// OfferWithdrawn tells a driver that a ride they were asked about is
// settled otherwise (given to someone else, or no longer needed), so that
// they do not hold the time free nor answer JA to it.
func (t *Texts) OfferWithdrawn(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.withdrawn, t.ride(c, d))
}

// DeclineAck answers a NEIN, so the driver knows it arrived.
func (t *Texts) DeclineAck(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.declineAck, t.ride(c, d))
}

// DriverCancelAck answers a driver's ABSAGE of a confirmed ride.
func (t *Texts) DriverCancelAck(lang Lang, d RideData) string {
	c := t.cat(lang)
	return fit(c.cancelAck, t.ride(c, d))
}

// RiderReminder reminds a senior (or their relative) the day before a ride,
// with the pickup time and the driver's first name.
func (t *Texts) RiderReminder(lang Lang, d RiderData) string {
	c := t.cat(lang)
	return fit(c.riderReminder, t.rider(c, d))
}

// RiderCancelled tells a senior (or their relative) that a ride is cancelled.
func (t *Texts) RiderCancelled(lang Lang, d RiderData) string {
	c := t.cat(lang)
	return fit(c.riderCancelled, t.rider(c, d))
}

// Help answers HILFE/HELP with what a driver can reply.
func (t *Texts) Help(lang Lang) string {
	c := t.cat(lang)
	return fit(c.help, t.base())
}

// StopAck confirms an opt-out (STOP); after it we send nothing until START.
func (t *Texts) StopAck(lang Lang) string {
	c := t.cat(lang)
	return fit(c.stopAck, t.base())
}

// StartAck confirms an opt-in again (START).
func (t *Texts) StartAck(lang Lang) string {
	c := t.cat(lang)
	return fit(c.startAck, t.base())
}

// UnknownReply answers a reply we could not read. openCodes are the codes of
// the offers still waiting for this driver's answer, so the help can show
// the exact words to send; at most three are named.
func (t *Texts) UnknownReply(lang Lang, openCodes []string) string {
	c := t.cat(lang)
	v := t.base()
	for i, code := range openCodes {
		if i == 3 {
			break
		}
		v.Codes = append(v.Codes, strings.ToUpper(cutRunes(clean(code), maxCodeLen)))
	}
	return fit(c.unknown, v)
}

// clean makes outside text safe for an SMS: GSM-7 only, one line, no
// surrounding or doubled spaces.
func clean(s string) string {
	s = ToGSM7(s)
	s = strings.NewReplacer("\r", " ", "\n", " ", "\f", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// maxCodeLen bounds a reply code in a text; ours have three characters.
const maxCodeLen = 8

// fits reports whether a text may be sent as it is.
func fits(s string) bool {
	m := Measure(s)
	return m.Encoding == GSM7 && m.Segments <= MaxSegments
}
