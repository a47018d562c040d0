package notify

import "time"

// The conversation rules: what an incoming SMS means for the person who sent
// it. They are pure functions of the parsed reply and of what the store
// found about the sender in the transaction that handles the SMS, so that
// the rules are tested without a database and the effects (written by the
// store) happen in that one transaction.

import "github.com/fahrdienst/fahrdienst/dispatch"

// OpenOffer is an offer waiting for the driver's answer.
type OpenOffer struct {
	ID      int64
	Code    string
	Expired bool // past its expiry, not yet closed by the expiry job
	// Empty: none of its rides is still offered (withdrawn or cancelled
	// one by one); a JA or NEIN to it is answered "taken".
	Empty bool
}

// ConfirmedTour is a tour the driver has confirmed and not yet driven; its
// code is the one of the offer, for ABSAGE.
type ConfirmedTour struct {
	ID   int64
	Code string
}

// Conversation is what the store knows about the sender of an SMS.
type Conversation struct {
	Driver bool // the number is an active driver's; others only have STOP, START, HILFE
	// OptedOut: the number has sent STOP; it is answered only to STOP,
	// START and HILFE.
	OptedOut bool
	Offers   []OpenOffer
	Tours    []ConfirmedTour
	// Closed maps codes of the driver's recent offers that are no longer
	// open to the offer, so that a late JA gets a useful answer.
	Closed map[string]ClosedOffer
	// OpenRides maps the codes an OFFEN answer gave this driver to the
	// open rides they take (JA code); Today is the local date, for URLAUB.
	OpenRides map[string]int64
	Today     time.Time
	// Started are the driver's confirmed rides of the last days that have
	// begun and have no outcome yet, oldest first: what FERTIG and NICHT
	// DA may mean.
	Started []StartedRide
}

// ClosedOffer is an offer that is no longer open, with its state
// ("expired", "declined", "accepted", "withdrawn", "failed").
type ClosedOffer struct {
	ID    int64
	State string
	// Held: the driver still has confirmed rides of this offer ahead, in
	// tour TourID. A JA to it is a repeated yes, a NEIN a cancellation.
	Held   bool
	TourID int64
}

// Action is what the service does about an SMS.
type Action int

// The actions.
const (
	ActUnknown      Action = iota // not understood: help text, shown to coordinators
	ActHelp                       // HILFE: what one can answer
	ActStop                       // STOP: no further SMS to this number
	ActStart                      // START: SMS again
	ActAccept                     // JA: the offer's rides are confirmed
	ActDecline                    // NEIN: the offer goes to the next driver
	ActCancelTour                 // ABSAGE: a confirmed tour goes back to planning
	ActExpired                    // JA/NEIN for an offer that ran out
	ActTaken                      // JA/NEIN for an offer no longer open for another reason
	ActConfirmAgain               // JA again from the driver who holds the rides: confirm again
	ActWithdrawn                  // JA/NEIN for an offer that was withdrawn (settled otherwise)
)

var actionNames = [...]string{"unknown", "help", "stop", "start", "accept", "decline", "cancel_tour", "expired",
	"taken", "confirm_again", "withdrawn"}

// String names the action for logs and the audit log.
func (a Action) String() string {
	if n, ok := selfActionNames[a]; ok {
		return n
	}
	if a == ActOutcome {
		return "outcome"
	}
	if a < 0 || int(a) >= len(actionNames) {
		return "unknown"
	}
	return actionNames[a]
}

// Decision is the outcome of Decide: the action, what it is about, and
// its effects: the answer to send, and whether the coordinators must look.
// The store applies it and decides nothing about what a reply means.
type Decision struct {
	Action  Action
	OfferID int64
	TourID  int64
	// Answer is the kind of text that answers the SMS (the store fills in
	// the rides); empty for the actions whose answer depends on the outcome
	// in the database (accept may meet a clash).
	Answer MessageKind
	// Flag: a coordinator must look at the rides (a driver gave back a
	// confirmed ride).
	Flag bool
	// Silent: no answer goes back (the number has opted out); the effects
	// still happen.
	Silent bool
	// TripID is the open ride of ActTakeOpen; From and To (YYYY-MM-DD) the
	// days of ActAbsence.
	TripID   int64
	From, To string
	// Outcome is what ActOutcome records and answers.
	Outcome OutcomeDecision
}

// Decide applies the conversation rules. STOP, START and HILFE hold for
// anyone. JA and NEIN need the offer's code unless the driver has exactly
// one open offer; ABSAGE needs the tour's code unless the driver has
// exactly one confirmed tour and no open offer (an ABSAGE naming an open
// offer is a NEIN to it). Everything else is unknown, so that a guess never
// commits a volunteer to a ride.
func Decide(r Reply, c Conversation) Decision {
	switch r.Kind {
	case ReplyStop:
		return Decision{Action: ActStop}
	case ReplyStart:
		return Decision{Action: ActStart}
	case ReplyHelp:
		return Decision{Action: ActHelp}
	case ReplyYes, ReplyNo, ReplyCancel:
		if c.Driver {
			d := decideDriver(r, c)
			d.Silent = c.OptedOut
			return d
		}
	case ReplyOpenRides, ReplyAbsence:
		if c.Driver {
			return decideSelf(r, c)
		}
	case ReplyDone, ReplyNoShow:
		if c.Driver {
			return Decision{Action: ActOutcome, Answer: KindOutcomeAck, Outcome: decideOutcome(r, c.Started),
				Silent: c.OptedOut}
		}
	}
	return Decision{Action: ActUnknown, Silent: c.OptedOut}
}

// TooLate is the decision when the lifecycle refused what d asked for
// because the state changed between reading the conversation and acting
// on it (another transaction withdrew the offer or the ride first): a JA
// or NEIN is told the ride is taken; an ABSAGE of rides that are no
// longer the driver's needs no answer.
func (d Decision) TooLate() Decision {
	if d.Action == ActCancelTour {
		return Decision{Action: ActCancelTour, TourID: d.TourID, Silent: d.Silent}
	}
	return Decision{Action: ActTaken, OfferID: d.OfferID, Answer: KindOfferTaken, Silent: d.Silent}
}

// Event is the lifecycle event a driver's action is (dispatch.Step says
// what it does to the assignments), false for actions that change none.
func (d Decision) Event() (dispatch.Event, bool) {
	switch d.Action {
	case ActAccept, ActConfirmAgain:
		return dispatch.EvDriverAccept, true
	case ActDecline:
		return dispatch.EvDriverDecline, true
	case ActCancelTour:
		return dispatch.EvDriverCancel, true
	}
	return "", false
}

// effectKinds are the texts of the lifecycle's message effects.
var effectKinds = map[dispatch.Effect]MessageKind{
	dispatch.EffOffer: KindOffer, dispatch.EffConfirmation: KindConfirmation,
	dispatch.EffWithdrawn: KindOfferWithdrawn, dispatch.EffRideCancel: KindRideCancelled,
	dispatch.EffChange: KindTimeChanged, dispatch.EffExpiredNote: KindOfferExpired,
	dispatch.EffDeclineAck: KindDeclineAck, dispatch.EffCancelAck: KindCancelAck,
	dispatch.EffTakenAck: KindOfferTaken,
}

// MessageOf is the text a lifecycle transition sends the driver (the
// lifecycle gives each at most one), or "" for none. The answer to a JA
// is the confirmation or, when the database refused it for a clash, "the
// ride is taken": the transition says which.
func MessageOf(t dispatch.Transition) MessageKind {
	for _, e := range t.Effects {
		if k, ok := effectKinds[e]; ok {
			return k
		}
	}
	return ""
}

func decideDriver(r Reply, c Conversation) Decision {
	if d, ok := decideTakeOpen(r, c); ok {
		return d
	}
	if r.Kind == ReplyCancel {
		if t, ok := tourByCode(c.Tours, r.Code); ok && (r.Code != "" || len(c.Offers) == 0) {
			return Decision{Action: ActCancelTour, TourID: t.ID, Answer: KindCancelAck, Flag: true}
		}
		if r.Code == "" && len(c.Tours) > 0 {
			return Decision{Action: ActUnknown}
		}
	}
	o, ok := offerByCode(c.Offers, r.Code)
	switch {
	case ok && o.Empty:
		return Decision{Action: ActTaken, OfferID: o.ID, Answer: KindOfferTaken}
	case ok && o.Expired:
		return Decision{Action: ActExpired, OfferID: o.ID, Answer: KindOfferExpired}
	case ok && r.Kind == ReplyYes:
		return Decision{Action: ActAccept, OfferID: o.ID}
	case ok:
		return Decision{Action: ActDecline, OfferID: o.ID, Answer: KindDeclineAck}
	case r.Code == "":
		return Decision{Action: ActUnknown}
	}
	if closed, ok := c.Closed[r.Code]; ok {
		return decideClosed(r, closed)
	}
	// A ride a coordinator recorded as agreed has a code but no offer:
	// its driver means it, as for a closed offer they hold.
	if t, ok := tourByCode(c.Tours, r.Code); ok {
		return decideClosed(r, ClosedOffer{State: "accepted", Held: true, TourID: t.ID})
	}
	return Decision{Action: ActUnknown}
}

// decideClosed answers a reply that names an offer no longer open. The
// driver who holds its rides means them: JA confirms again, NEIN gives
// them back (a cancellation the coordinators see). Anyone else is told
// plainly that the request ran out, was settled, or went to someone else.
func decideClosed(r Reply, closed ClosedOffer) Decision {
	switch {
	case closed.Held && r.Kind == ReplyYes:
		return Decision{Action: ActConfirmAgain, OfferID: closed.ID, TourID: closed.TourID, Answer: KindConfirmation}
	case closed.Held:
		return Decision{Action: ActCancelTour, TourID: closed.TourID, Answer: KindCancelAck, Flag: true}
	case closed.State == "expired":
		return Decision{Action: ActExpired, OfferID: closed.ID, Answer: KindOfferExpired}
	case closed.State == "withdrawn" || closed.State == "accepted":
		return Decision{Action: ActWithdrawn, OfferID: closed.ID, Answer: KindOfferWithdrawn}
	}
	return Decision{Action: ActTaken, OfferID: closed.ID, Answer: KindOfferTaken}
}

// offerByCode finds the offer with code, or the only offer when code is
// empty.
func offerByCode(offers []OpenOffer, code string) (OpenOffer, bool) {
	if code == "" {
		if len(offers) == 1 {
			return offers[0], true
		}
		return OpenOffer{}, false
	}
	for _, o := range offers {
		if o.Code == code {
			return o, true
		}
	}
	return OpenOffer{}, false
}

func tourByCode(tours []ConfirmedTour, code string) (ConfirmedTour, bool) {
	if code == "" {
		if len(tours) == 1 {
			return tours[0], true
		}
		return ConfirmedTour{}, false
	}
	for _, t := range tours {
		if t.Code == code {
			return t, true
		}
	}
	return ConfirmedTour{}, false
}

// OpenCodes lists the codes of the open offers, for the help text.
func (c Conversation) OpenCodes() []string {
	codes := make([]string, 0, len(c.Offers))
	for _, o := range c.Offers {
		if !o.Expired {
			codes = append(codes, o.Code)
		}
	}
	return codes
}
