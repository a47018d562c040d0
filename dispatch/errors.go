package dispatch

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error so that every outer layer (HTTP, CLI, jobs) can react
// to it without knowing where it came from. The API maps each code to one HTTP
// status in a single table.
type Code string

// The error codes of Fahrdienst. They are deliberately few: a caller needs to
// know whether to fix its input, look elsewhere, retry or give up.
const (
	CodeMalformed    Code = "malformed" // the input could not be read (bad JSON, wrong types)
	CodeInvalid      Code = "invalid"   // the input was read but breaks a rule
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeTooLarge     Code = "too_large"
	CodeRateLimited  Code = "rate_limited" // too many failed logins
	CodeUnavailable  Code = "unavailable"
	CodeInternal     Code = "internal"
)

// RetryAfterSeconds is what an unavailable answer tells clients to wait
// (HTTP Retry-After) before they try again: outages of the database are
// mostly restarts and failovers of seconds, and a client that waits a
// little does not pile onto the server as it comes back.
const RetryAfterSeconds = "5"

// FieldError names the input field that was wrong and says why, in words a
// person can act on.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	// Rule names the broken rule for callers that say it in their own
	// words (the web pages, in German or English), so that they need not
	// read the English message; empty where no caller tells rules apart.
	// It is not part of the API's answer, which has the message.
	Rule Rule `json:"-"`
}

// Rule is a stable name of a rule of the input or of the data, for callers
// that say a broken rule in their own words.
type Rule string

// The rules of the input that the web pages translate.
const (
	RuleRequired    Rule = "required"
	RuleTooLong     Rule = "too_long"     // a short text over 200 characters
	RuleRange       Rule = "range"        // a number outside its bounds
	RulePast        Rule = "past"         // a time that has passed
	RuleHorizon     Rule = "horizon"      // a ride further ahead than bookings are taken
	RuleReturnAfter Rule = "return_after" // a ride back before the outbound ride
	RuleSMSMobile   Rule = "sms_mobile"   // SMS chosen without a mobile number
	RuleMobile      Rule = "mobile"       // a driver's number that is not a mobile one
)

// The rules of the data whose conflicts the web pages translate.
const (
	RuleRiderOverlap  Rule = "rider_overlap"  // the rider has a trip at that time
	RuleDriverOverlap Rule = "driver_overlap" // the driver has a committed ride at that time
	RuleAssigned      Rule = "assigned"       // the trip has a driver already
	RuleWheelchair    Rule = "wheelchair"     // a wheelchair user in a car without a wheelchair place
	RuleSeats         Rule = "seats"          // more riders than seats
	RuleEmailTaken    Rule = "email_taken"    // an account with that email exists
	RuleSubscribed    Rule = "subscribed"     // the rider is subscribed to that shopping ride already
	RuleNotSubscribed Rule = "not_subscribed" // the rider does not ride on that date
)

// Error is the one error type of Fahrdienst. Message is safe to show to the
// caller; Err holds the internal cause, which is logged and never shown.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error
	// Rule names the rule of the data a conflict broke, where a caller
	// says it in its own words (see FieldError.Rule); the API shows the
	// message.
	Rule Rule
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap exposes the internal cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a caller-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap attaches an internal cause to a code and a caller-safe message.
func Wrap(code Code, err error, message string) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// ErrorCode returns the code of err, CodeInternal for errors that carry none,
// and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the caller-safe message of err; errors without a code
// get a generic text so that internal details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "internal error"
}

// Fields collects field errors while validating input, so that a caller gets
// every problem in one answer instead of one per round trip.
type Fields []FieldError

// Add records a problem with one field.
func (f *Fields) Add(field, format string, args ...any) {
	f.AddRule(field, "", format, args...)
}

// AddRule records a problem with one field that breaks a named rule.
func (f *Fields) AddRule(field string, rule Rule, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...), Rule: rule})
}

// Err returns an invalid-input error listing the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "the input is not valid", Fields: f}
}
