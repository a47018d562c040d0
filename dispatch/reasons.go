package dispatch

// The rules that keep a trip from a driver, or make a coordinator look at
// it. The planner and the store write the rule's name (trips.flagged, the
// plan's unassigned reasons), never a sentence, so that the pages say it in
// the reader's language (web/texts_de.go, texts_en.go: "flag_" + rule) and
// the API gives a stable value. Like the rules of field errors in errors.go.
const (
	RuleNoWheelchair    Rule = "no_wheelchair_vehicle" // no wheelchair-capable vehicle
	RuleNoSeats         Rule = "no_seats"              // no vehicle with enough seats
	RuleImpossible      Rule = "impossible_windows"    // time windows and maximum ride time conflict
	RulePinnedUnserved  Rule = "pinned_unserved"       // the decided driver cannot serve it (absent, clash)
	RuleNoDriver        Rule = "no_driver"             // no driver available at that time
	RuleRideLimit       Rule = "ride_limit"            // every suitable driver reached the weekly limit
	RuleNoInsertion     Rule = "no_insertion"          // no place in any route
	RuleRefusedTooOften Rule = "refused_too_often"     // several drivers declined: phone instead
	RuleAllRefused      Rule = "all_refused"           // every available driver declined
	RuleDriverClash     Rule = "driver_clash"          // the driver said yes but has another ride then
	RuleDriverCancelled Rule = "driver_cancelled"      // the driver gave the ride back (ABSAGE, NEIN after JA)
	RuleSMSFailed       Rule = "sms_failed"            // an SMS about the ride did not get through
	RuleCallFailed      Rule = "call_failed"           // a reminder or notice call went unanswered or failed
	RuleIncompatible    Rule = "incompatible_pair"     // the senior and the driver must not be paired
	RuleOwnTimes        Rule = "driver_times_changed"  // the driver's own new times no longer cover the ride
)

// FlagRules lists every rule a trip can be flagged or left unassigned
// with, so that tests can check that each is translated.
var FlagRules = []Rule{RuleNoWheelchair, RuleNoSeats, RuleImpossible, RulePinnedUnserved, RuleNoDriver,
	RuleRideLimit, RuleNoInsertion, RuleRefusedTooOften, RuleAllRefused, RuleDriverClash, RuleDriverCancelled,
	RuleSMSFailed, RuleCallFailed, RuleIncompatible, RuleOwnTimes}
