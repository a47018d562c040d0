package notify

import (
	"reflect"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

func TestDecide(t *testing.T) {
	one := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7"}}}
	two := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7"}, {ID: 2, Code: "9XZ"}}}
	tour := Conversation{Driver: true, Tours: []ConfirmedTour{{ID: 5, Code: "7AB"}},
		Closed: map[string]ClosedOffer{"3CD": {ID: 3, State: "expired"}, "8EF": {ID: 4, State: "withdrawn"},
			"5GH": {ID: 6, State: "accepted", Held: true, TourID: 5}, "6JK": {ID: 7, State: "accepted"},
			"2LM": {ID: 8, State: "declined"}}}
	late := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7", Expired: true}}}
	empty := Conversation{Driver: true, Offers: []OpenOffer{{ID: 1, Code: "4K7", Empty: true}}}
	quiet := Conversation{Driver: true, OptedOut: true, Offers: []OpenOffer{{ID: 1, Code: "4K7"}}}
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
		{"ja 5GH", tour, Decision{Action: ActConfirmAgain, OfferID: 6, TourID: 5, Answer: KindConfirmation}},
		// A ride agreed by a coordinator: its code names the tour, no offer.
		{"ja 7AB", tour, Decision{Action: ActConfirmAgain, TourID: 5, Answer: KindConfirmation}},
		{"nein 7ab", tour, Decision{Action: ActCancelTour, TourID: 5, Answer: KindCancelAck, Flag: true}},
		{"ja 4K7", empty, Decision{Action: ActTaken, OfferID: 1, Answer: KindOfferTaken}},
		{"nein", empty, Decision{Action: ActTaken, OfferID: 1, Answer: KindOfferTaken}},
		{"ja 4K7", quiet, Decision{Action: ActAccept, OfferID: 1, Silent: true}},
		{"STOP", quiet, Decision{Action: ActStop}},
		{"start", quiet, Decision{Action: ActStart}},
		{"hilfe", quiet, Decision{Action: ActHelp}},
		{"wie bitte", quiet, Decision{Action: ActUnknown, Silent: true}},
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
		if got := Decide(ParseReply(tt.body), tt.c); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decide(%q) = %+v, want %+v", tt.body, got, tt.want)
		}
	}
}

// Every message effect of the lifecycle has its text.
func TestMessageOf(t *testing.T) {
	for _, from := range dispatch.Stages {
		for _, ev := range dispatch.Events {
			tr, err := dispatch.Step(from, ev)
			if err != nil {
				continue
			}
			n := 0
			for _, e := range tr.Effects {
				if _, ok := effectKinds[e]; ok {
					n++
				}
			}
			if n > 1 || (n == 1) != (MessageOf(tr) != "") {
				t.Errorf("%s × %s: effects %v give message %q", from, ev, tr.Effects, MessageOf(tr))
			}
		}
	}
	if k := MessageOf(dispatch.Transition{Effects: []dispatch.Effect{dispatch.EffTakenAck}}); k != KindOfferTaken {
		t.Errorf("taken ack = %q", k)
	}
}
