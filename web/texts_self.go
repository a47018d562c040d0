package web

// The texts of the drivers' self-service on their page (issue 15): offers
// answered by a tap and open rides taken, in both languages. Merged into
// texts_de.go and texts_en.go at start, as texts_geo.go is.
var selfTexts = map[string]texts{
	"de": {
		"driver_offers":      "Anfragen an Sie",
		"driver_offer_rides": "Fahrten",
		"driver_offer_till":  "bitte antworten bis",
		"driver_accept":      "Zusagen",
		"driver_decline":     "Ablehnen",
		"driver_open_rides":  "Offene Fahrten",
		"driver_open_hint":   "Diese Fahrten haben noch niemanden. Name und Adresse sehen Sie, sobald Sie eine übernehmen.",
		"driver_open_none":   "Zurzeit gibt es keine offene Fahrt in Ihrer Nähe und zu Ihren Zeiten.",
		"driver_take":        "Fahrt übernehmen",
		"state_by_driver":    "vom Fahrer",
		"incompat_by":        "Wunsch von",
		"yes":                "ja",
		"no":                 "nein",
		// The notices after a tap; the keys end in the kind of the answer.
		"driver_done_confirmation":    "Danke! Die Fahrt ist Ihnen fest zugesagt. Sie bekommen die Bestätigung auch per SMS.",
		"driver_done_decline_ack":     "Danke für Ihre Antwort. Wir fragen jemand anderen.",
		"driver_done_offer_expired":   "Diese Anfrage ist leider abgelaufen; wir haben schon jemand anderen gefragt.",
		"driver_done_offer_taken":     "Diese Fahrt hat schon jemand anderes übernommen.",
		"driver_done_offer_withdrawn": "Diese Anfrage ist erledigt. Sie müssen nichts tun.",
		"driver_done_cancel_ack":      "Die Fahrt ist abgesagt. Die Koordination kümmert sich darum.",
		"driver_done_help":            "Diese Anfrage ist nicht mehr offen.",
		"driver_done_taken":           "Danke! Die Fahrt gehört Ihnen. Name, Adresse und Route stehen jetzt oben, die Bestätigung kommt per SMS.",
		"driver_done_taken_other":     "Diese Fahrt hat inzwischen schon jemand übernommen.",
		"driver_done_clash":           "Diese Fahrt überschneidet sich mit einer Fahrt, die Sie schon zugesagt haben.",
	},
	"en": {
		"driver_offers":               "Requests for you",
		"driver_offer_rides":          "rides",
		"driver_offer_till":           "please answer by",
		"driver_accept":               "Accept",
		"driver_decline":              "Decline",
		"driver_open_rides":           "Open rides",
		"driver_open_hint":            "Nobody drives these rides yet. You see the name and address once you take one.",
		"driver_open_none":            "There is no open ride near you at your times right now.",
		"driver_take":                 "Take this ride",
		"state_by_driver":             "by the driver",
		"incompat_by":                 "asked by",
		"yes":                         "yes",
		"no":                          "no",
		"driver_done_confirmation":    "Thank you! The ride is yours. You also get the confirmation by SMS.",
		"driver_done_decline_ack":     "Thank you for your answer. We will ask someone else.",
		"driver_done_offer_expired":   "This request has run out; we have asked someone else already.",
		"driver_done_offer_taken":     "Someone else has already taken this ride.",
		"driver_done_offer_withdrawn": "This request is settled. You need not do anything.",
		"driver_done_cancel_ack":      "The ride is cancelled. The coordinators take care of it.",
		"driver_done_help":            "This request is no longer open.",
		"driver_done_taken":           "Thank you! The ride is yours. Name, address and route are above now; the confirmation comes by SMS.",
		"driver_done_taken_other":     "Someone else has taken this ride meanwhile.",
		"driver_done_clash":           "This ride overlaps a ride you already confirmed.",
	},
}

func init() {
	for lang, ts := range selfTexts {
		for k, v := range ts {
			if _, taken := languages[lang][k]; !taken {
				languages[lang][k] = v
			}
		}
	}
}
