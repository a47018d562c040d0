package dispatch

// The lifecycle of an assignment: one table of who may move it from which
// state to which, and what the move must tell the driver. The store applies
// it inside the transaction of each change, so that the rules "the planner
// never undoes a person's decision" and "a driver who loses an offer or a
// ride is told, once" live in one place instead of in every SQL statement
// that touches an assignment. See docs/decisions/0010-assignment-lifecycle.md.

// Stage is an assignment's state in the lifecycle. The stored state
// (proposed, offered, ...) plus who proposed it: a planner's proposal is
// the planner's to change, a coordinator's is a person's decision.
type Stage string

// The stages. StageNone is a trip without a live assignment.
const (
	StageNone                Stage = ""
	StageProposedPlanner     Stage = "proposed_planner"
	StageProposedCoordinator Stage = "proposed_coordinator"
	StageOffered             Stage = "offered"
	StageConfirmed           Stage = "confirmed"
	StageDeclined            Stage = "declined"
	StageExpired             Stage = "expired"
	StageWithdrawn           Stage = "withdrawn"
	StageCancelled           Stage = "cancelled"
)

// Stages lists every stage, for tables and tests.
var Stages = []Stage{StageNone, StageProposedPlanner, StageProposedCoordinator, StageOffered, StageConfirmed,
	StageDeclined, StageExpired, StageWithdrawn, StageCancelled}

// StageOf maps a stored assignment state and its decided_by to a stage.
func StageOf(state, decidedBy string) Stage {
	if state == AssignProposed {
		if decidedBy == "planner" || decidedBy == "" {
			return StageProposedPlanner
		}
		return StageProposedCoordinator
	}
	return Stage(state)
}

// State is the stored assignment state of a stage.
func (s Stage) State() string {
	switch s {
	case StageProposedPlanner, StageProposedCoordinator:
		return AssignProposed
	}
	return string(s)
}

// Live reports whether the stage holds the trip (at most one live
// assignment per trip).
func (s Stage) Live() bool {
	switch s {
	case StageProposedPlanner, StageProposedCoordinator, StageOffered, StageConfirmed:
		return true
	}
	return false
}

// Event is something that happens to an assignment, caused by one actor.
type Event string

// The events, by actor.
const (
	// The planner.
	EvPlannerPropose Event = "planner_propose" // a plan puts the trip on a driver
	EvPlannerDrop    Event = "planner_drop"    // a new plan no longer has this proposal
	EvPlannerOffer   Event = "planner_offer"   // the full pass asks the proposed driver
	// A coordinator.
	EvCoordinatorAsk      Event = "coordinator_ask"      // assign by hand and ask the driver by SMS
	EvCoordinatorPropose  Event = "coordinator_propose"  // assign by hand; the offer cannot go (the ride has begun)
	EvCoordinatorAgreed   Event = "coordinator_agreed"   // assign by hand, agreed with the driver
	EvCoordinatorRetime   Event = "coordinator_retime"   // the same confirmed driver, a new time
	EvCoordinatorWithdraw Event = "coordinator_withdraw" // reassign to someone else, or unassign
	// The driver, by SMS or on their page.
	EvDriverAccept  Event = "driver_accept"  // JA
	EvDriverDecline Event = "driver_decline" // NEIN to an offer
	EvDriverCancel  Event = "driver_cancel"  // ABSAGE, or NEIN after JA
	// EvDriverClash is a JA that the database refuses: the driver has
	// another confirmed ride at that time (the exclusion constraint says so
	// at write time, so the store learns it by trying EvDriverAccept).
	EvDriverClash Event = "driver_clash"
	EvDriverTake  Event = "driver_take" // takes an open ride (page or JA to an OFFEN code)
	// Time, the SMS and the trip.
	EvExpire     Event = "expire"      // the offer ran out unanswered
	EvSendFailed Event = "send_failed" // the offer's SMS did not reach the driver
	EvTripCancel Event = "trip_cancel" // the trip is cancelled
)

// Events lists every event, for tables and tests.
var Events = []Event{EvPlannerPropose, EvPlannerDrop, EvPlannerOffer, EvCoordinatorAsk, EvCoordinatorPropose,
	EvCoordinatorAgreed, EvCoordinatorRetime, EvCoordinatorWithdraw, EvDriverAccept, EvDriverDecline,
	EvDriverCancel, EvDriverClash, EvExpire, EvSendFailed, EvTripCancel, EvDriverTake}

// Effect is what a transition requires besides the new state: the one
// message the driver needs, a flag for the coordinators, a re-plan.
type Effect string

// The effects.
const (
	EffOffer        Effect = "offer"         // ask the driver (SMS with a reply code)
	EffConfirmation Effect = "confirmation"  // tell the driver the ride is theirs
	EffWithdrawn    Effect = "withdrawn"     // "Die Anfrage für … ist erledigt, Sie müssen nichts tun"
	EffRideCancel   Effect = "ride_cancel"   // a confirmed ride is no longer theirs
	EffChange       Effect = "change"        // a confirmed ride's time changed
	EffExpiredNote  Effect = "expired_note"  // the offer ran out
	EffDeclineAck   Effect = "decline_ack"   // answer to NEIN
	EffCancelAck    Effect = "cancel_ack"    // answer to ABSAGE
	EffTakenAck     Effect = "taken_ack"     // answer to a JA that came too late: the ride went elsewhere
	EffFlag         Effect = "flag"          // coordinators must look at the trip
	EffClearFlag    Effect = "clear_flag"    // a person resolved the trip
	EffReplan       Effect = "replan"        // plan the date again
	EffRefuseDriver Effect = "refuse_driver" // never propose this driver for this trip again
)

// Transition is the outcome of an allowed event.
type Transition struct {
	To Stage
	// DecidedBy is who the new state is the decision of (planner,
	// coordinator, driver); empty keeps it.
	DecidedBy string
	Effects   []Effect
	// Flag is the rule the trip is flagged with when Effects has EffFlag,
	// so that the board says why in the reader's language.
	Flag Rule
}

// Has reports whether the transition carries effect e.
func (t Transition) Has(e Effect) bool {
	for _, x := range t.Effects {
		if x == e {
			return true
		}
	}
	return false
}

// RuleRefused names a transition the lifecycle does not allow, such as the
// planner changing a confirmed ride.
const RuleRefused Rule = "lifecycle_refused"

type edge struct {
	from Stage
	ev   Event
}

func tr(to Stage, by string, effs ...Effect) Transition {
	return Transition{To: to, DecidedBy: by, Effects: effs}
}

// flagged is t with the rule of its EffFlag.
func flagged(t Transition, r Rule) Transition {
	t.Flag = r
	return t
}

// lifecycle is the table of allowed transitions; anything not in it is
// refused.
var lifecycle = func() map[edge]Transition {
	m := map[edge]Transition{
		{StageNone, EvPlannerPropose}:            tr(StageProposedPlanner, "planner"),
		{StageProposedPlanner, EvPlannerPropose}: tr(StageProposedPlanner, "planner"),
		{StageProposedPlanner, EvPlannerDrop}:    tr(StageWithdrawn, ""),
		{StageProposedPlanner, EvPlannerOffer}:   tr(StageOffered, "", EffOffer),
		{StageOffered, EvDriverAccept}:           tr(StageConfirmed, "driver", EffConfirmation, EffClearFlag),
		{StageConfirmed, EvDriverAccept}:         tr(StageConfirmed, "", EffConfirmation), // a repeated JA confirms again
		{StageOffered, EvDriverDecline}:          tr(StageDeclined, "driver", EffDeclineAck, EffRefuseDriver, EffReplan),
		{StageConfirmed, EvDriverDecline}:        flagged(tr(StageDeclined, "driver", EffCancelAck, EffRefuseDriver, EffFlag, EffReplan), RuleDriverCancelled),
		{StageConfirmed, EvDriverCancel}:         flagged(tr(StageDeclined, "driver", EffCancelAck, EffRefuseDriver, EffFlag, EffReplan), RuleDriverCancelled),
		{StageOffered, EvDriverClash}:            flagged(tr(StageDeclined, "driver", EffTakenAck, EffRefuseDriver, EffFlag, EffReplan), RuleDriverClash),
		{StageOffered, EvExpire}:                 tr(StageExpired, "", EffExpiredNote, EffRefuseDriver, EffReplan),
		// The number does not work: nobody can be told; the next driver is asked.
		{StageOffered, EvSendFailed}:                      tr(StageExpired, "", EffRefuseDriver, EffReplan),
		{StageConfirmed, EvCoordinatorRetime}:             tr(StageConfirmed, "coordinator", EffChange, EffClearFlag),
		{StageProposedPlanner, EvTripCancel}:              tr(StageCancelled, ""),
		{StageProposedCoordinator, EvTripCancel}:          tr(StageCancelled, ""),
		{StageOffered, EvTripCancel}:                      tr(StageCancelled, "", EffWithdrawn),
		{StageConfirmed, EvTripCancel}:                    tr(StageCancelled, "", EffRideCancel),
		{StageProposedPlanner, EvCoordinatorWithdraw}:     tr(StageWithdrawn, "coordinator"),
		{StageProposedCoordinator, EvCoordinatorWithdraw}: tr(StageWithdrawn, "coordinator"),
		{StageOffered, EvCoordinatorWithdraw}:             tr(StageWithdrawn, "coordinator", EffWithdrawn, EffReplan),
		{StageConfirmed, EvCoordinatorWithdraw}:           tr(StageWithdrawn, "coordinator", EffRideCancel, EffReplan),
		// The coordinator's offer of a proposal that could not be sent yet.
		{StageProposedCoordinator, EvPlannerOffer}: tr(StageOffered, "", EffOffer),
	}
	// A coordinator's new assignment starts from a trip without a live
	// one: the store withdraws the old one first (EvCoordinatorWithdraw).
	m[edge{StageNone, EvCoordinatorAsk}] = tr(StageOffered, "coordinator", EffOffer, EffClearFlag)
	m[edge{StageNone, EvCoordinatorPropose}] = tr(StageProposedCoordinator, "coordinator", EffClearFlag)
	m[edge{StageNone, EvCoordinatorAgreed}] = tr(StageConfirmed, "coordinator", EffConfirmation, EffClearFlag)
	// A driver takes a ride nobody holds: a person's decision, confirmed.
	m[edge{StageNone, EvDriverTake}] = tr(StageConfirmed, "driver", EffConfirmation, EffClearFlag)
	return m
}()

// Step applies event ev to an assignment in stage from. A refused event is
// a conflict error with RuleRefused: for the planner it means "a person
// decided meanwhile, leave it"; for a person it means the request came too
// late (the offer was withdrawn, the ride cancelled).
func Step(from Stage, ev Event) (Transition, error) {
	t, ok := lifecycle[edge{from, ev}]
	if !ok {
		err := Errorf(CodeConflict, "%s is not allowed for an assignment that is %s", ev, stageName(from))
		err.Rule = RuleRefused
		return Transition{}, err
	}
	return t, nil
}

// Allowed reports whether ev may happen in stage from.
func Allowed(from Stage, ev Event) bool {
	_, ok := lifecycle[edge{from, ev}]
	return ok
}

// PersonDecided reports whether a stage is a person's decision, which no
// plan may change: a coordinator's proposal, an offer (someone is being
// asked), a confirmation.
func PersonDecided(s Stage) bool {
	return s == StageProposedCoordinator || s == StageOffered || s == StageConfirmed
}

func stageName(s Stage) string {
	if s == StageNone {
		return "absent"
	}
	return string(s)
}
