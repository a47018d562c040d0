package notify

// MessageKind says what a message is for. It is stored with the message
// (the SMS log shows it) and decides the checks at send time: a reminder
// must still be about a confirmed ride, an offer about an open offer.
type MessageKind string

// The kinds of messages.
const (
	KindOffer           MessageKind = "offer"
	KindConfirmation    MessageKind = "confirmation"
	KindReminderEvening MessageKind = "reminder_evening"
	KindReminderSoon    MessageKind = "reminder_soon"
	KindRideCancelled   MessageKind = "ride_cancelled"
	KindTimeChanged     MessageKind = "time_changed"
	KindOfferExpired    MessageKind = "offer_expired"
	KindOfferTaken      MessageKind = "offer_taken"
	KindOfferWithdrawn  MessageKind = "offer_withdrawn"
	KindRideLost        MessageKind = "ride_lost"
	KindDeclineAck      MessageKind = "decline_ack"
	KindCancelAck       MessageKind = "cancel_ack"
	KindRiderReminder   MessageKind = "rider_reminder"
	KindRiderCancelled  MessageKind = "rider_cancelled"
	KindHelp            MessageKind = "help"
	KindStopAck         MessageKind = "stop_ack"
	KindStartAck        MessageKind = "start_ack"
	KindUnknownReply    MessageKind = "unknown_reply"
	KindIncoming        MessageKind = "incoming"
	KindTest            MessageKind = "test"
)

// Reminder reports whether the kind is a reminder, whose lateness is
// measured and which is dropped rather than sent after its ride began.
func (k MessageKind) Reminder() bool {
	return k == KindReminderEvening || k == KindReminderSoon || k == KindRiderReminder
}
