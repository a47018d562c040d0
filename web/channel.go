package web

import "github.com/fahrdienst/fahrdienst/dispatch"

// riderChannel says how a rider is reached, with the reason when it is not
// what they chose: the board and the rider's page show it.
func riderChannel(t texts, rd dispatch.Rider) string {
	s := t["contact_"+rd.ContactPreference]
	if rd.Phone != "" && !rd.PhoneMobile {
		s += " · " + t["phone_landline"]
	}
	return s
}

func init() {
	funcs["riderChannel"] = riderChannel
}
