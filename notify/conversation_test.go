package notify

import "testing"

func TestDecide(t *testing.T) {
	one := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7"}}}
	two := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7"}, {ID: 2, Code: "9XZ"}}}
	tour := Conversation{Driver: true, Tours: []ConfirmedTour{{ID: 5, Code: "7AB"}},
		Closed: map[string]ClosedOffer{"3CD": {ID: 3, State: "expired"}, "8EF": {ID: 4, State: "withdrawn"},
			"5GH": {ID: 6, State: "accepted", Held: true, TourID: 5}, "6JK": {ID: 7, State: "accepted"},
			"2LM": {ID: 8, State: "declined"}}}
	late := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7", Expired: true}}}
	for _, tt := range []struct {
		body string
		c    Conversation
		want Decision
	}{
		{"ja", one, Decision{Action: ActAccept, OfferID: 1}},
		{"JA 9xz", two, Decision{Action: ActAccept, OfferID: 2}},
		{"ja", two, Decision{Action: ActUnknown}},
		{"nein 4K7", two, Decision{Action: ActDecline, OfferID: 1, Answer: KindDeclineAck}},
		{"ABSAGE 4K7", two, Decision{Action: ActDecline, OfferID: 1, Answer: KindDeclineAck}},
		{"absage", tour, Decision{Action: ActCancelTour, TourID: 5, Answer: KindCancelAck, Flag: true}},
		{"ABSAGE 7AB", tour, Decision{Action: ActCancelTour, TourID: 5, Answer: KindCancelAck, Flag: true}},
		{"ja 3CD", tour, Decision{Action: ActExpired, OfferID: 3, Answer: KindOfferExpired}},
		{"ja 8EF", tour, Decision{Action: ActWithdrawn, OfferID: 4, Answer: KindOfferWithdrawn}},
		// Issue 12: the driver who holds the rides means them.
		{"ja 5GH", tour, Decision{Action: ActConfirmAgain, OfferID: 6, Answer: KindConfirmation}},
		{"nein 5GH", tour, Decision{Action: ActCancelTour, TourID: 5, Answer: KindCancelAck, Flag: true}},
		{"ja 6JK", tour, Decision{Action: ActWithdrawn, OfferID: 7, Answer: KindOfferWithdrawn}},
		{"ja 2LM", tour, Decision{Action: ActTaken, OfferID: 8, Answer: KindOfferTaken}},
		{"ja", late, Decision{Action: ActExpired, OfferID: 1, Answer: KindOfferExpired}},
		{"ja", Conversation{}, Decision{Action: ActUnknown}},
		{"STOP", Conversation{}, Decision{Action: ActStop}},
		{"start", one, Decision{Action: ActStart}},
		{"Hilfe", Conversation{}, Decision{Action: ActHelp}},
		{"wann kommen Sie?", one, Decision{Action: ActUnknown}},
	} {
		if got := Decide(ParseReply(tt.body), tt.c); got != tt.want {
			t.Errorf("Decide(%q) = %+v, want %+v", tt.body, got, tt.want)
		}
	}
}
