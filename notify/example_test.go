package notify_test

import (
	"fmt"

	"github.com/fahrdienst/fahrdienst/notify"
)

// Drivers answer the way they text friends: lower case, glued to the code,
// with an emoji or in English. Each answer comes out as a kind and the code
// of the offer it is about.
func ExampleParseReply() {
	for _, body := range []string{"Ja 4k7", "nein4K7", "👍", "YES 4K7 gerne!", "ABSAGE", "Wann genau?"} {
		r := notify.ParseReply(body)
		fmt.Printf("%q: %s %q\n", body, r.Kind, r.Code)
	}
	// Output:
	// "Ja 4k7": yes "4K7"
	// "nein4K7": no "4K7"
	// "👍": yes ""
	// "YES 4K7 gerne!": yes "4K7"
	// "ABSAGE": cancel ""
	// "Wann genau?": unknown ""
}

// A driver with two open offers must name the one meant: a bare JA could
// commit a volunteer to the wrong ride, so it is not guessed. A code of an
// offer that has run out gets its own answer.
func ExampleDecide() {
	driver := notify.Conversation{
		Driver: true,
		Offers: []notify.OpenOffer{{ID: 11, Code: "4K7"}, {ID: 12, Code: "9QX"}},
		Closed: map[string]notify.ClosedOffer{"2AB": {ID: 7, State: "expired"}},
	}
	for _, body := range []string{"JA 9QX", "JA", "NEIN 4K7", "JA 2AB", "STOP"} {
		d := notify.Decide(notify.ParseReply(body), driver)
		fmt.Printf("%s: %s offer %d\n", body, d.Action, d.OfferID)
	}
	// Someone who is not a driver can only stop, start or ask for help.
	fmt.Println(notify.Decide(notify.ParseReply("JA"), notify.Conversation{}).Action)
	// Output:
	// JA 9QX: accept offer 12
	// JA: unknown offer 0
	// NEIN 4K7: decline offer 11
	// JA 2AB: expired offer 7
	// STOP: stop offer 0
	// unknown
}
