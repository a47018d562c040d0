// Package notify decides what Fahrdienst says to whom and when: the texts
// drivers, seniors and relatives receive (German and English), the parser
// for what drivers answer, the conversation rules that turn an answer into
// an action, quiet hours, reminder times and offer expiry, and the fitting
// of texts into GSM-7 SMS segments.
//
// It also names, as plain Go, what sending and receiving an SMS involves
// (Sender, OutgoingSMS, SendError, MessageKind, IncomingSMS, MessageStatus),
// so that the store can record and apply messages and the twilio package can
// deliver them without either depending on the other.
//
// Everything here is pure: no clock, no database, no network, no logging of
// numbers or bodies, and nothing beyond the standard library and
// golang.org/x/text, so that the rules are tested by travelling in time
// rather than by running a provider.
package notify
