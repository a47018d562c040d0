// Package notify is Fahrdienst's SMS layer: the texts drivers, seniors and
// relatives receive (German and English), the parser for what drivers answer,
// the rules for when a message may go out (quiet hours, reminder times, offer
// expiry), the Sender interface with its Twilio and console implementations,
// and the helpers for Twilio's webhooks.
//
// Everything here apart from the senders is pure: no clock, no database, no
// logging of numbers or bodies, so that the River workers that use it can be
// tested by travelling in time.
package notify
