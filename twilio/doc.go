// Package twilio is Fahrdienst's adapter to Twilio: the SMS sender built on
// twilio-go (and the console sender that stands in for it without an
// account), the webhook handlers for incoming SMS and delivery reports with
// their signature check, and the Prometheus metrics of SMS traffic.
//
// It implements notify.Sender and depends on the store only through the
// Inbox interface it defines, so that the provider can be replaced, and
// tested against twiliotest's fake, without touching the rules in notify or
// the SQL in store.
package twilio
