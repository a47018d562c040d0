package web

// The texts of addresses, maps, the timeline and the contact channel, in
// both languages. They live apart from texts_de.go and texts_en.go and are
// merged into them at start, so that the topic's words stay together.
var geoTexts = map[string]texts{
	"de": {
		"address":          "Adresse",
		"coords_pick":      "Koordinaten",
		"coords_pick_hint": "Werden ausgefüllt, wenn Sie einen Vorschlag wählen oder das Haus auf der Karte anklicken.",
		"err_coords_pick":  "Bitte einen Adressvorschlag wählen oder das Haus auf der Karte anklicken.",
		"geo_search":       "Adresse suchen",
		"geo_choose":       "Gefundene Adressen – bitte die richtige wählen:",
		"geo_none":         "Diese Adresse wurde nicht gefunden. Sie bleibt so, wie eingegeben – bitte das Haus auf der Karte anklicken.",
		"geo_down":         "Die Adresssuche antwortet gerade nicht. Bitte das Haus auf der Karte anklicken; gespeichert wird trotzdem.",
		"geo_map":          "Bitte das Haus auf der Karte anklicken.",
		"map_pick":         "Karte: Haus anklicken",
		"map_needs_js":     "Die Karte braucht JavaScript. Die Koordinaten können Sie auch eintippen (Breite, Länge).",
		"map_routes":       "Karte der Touren",
		"map_clicked":      "Auf der Karte gewählt",
		"contact_auto":     "nach Nummer (Handy: SMS, Festnetz: Anruf)",
		"phone_landline":   "Festnetz – keine SMS möglich",
		"channel":          "Erreichbar per",
		"intake_new_from":  "Neu anlegen:",
		"timeline":         "Zeitleiste",
		"timeline_desc":    "Jede Zeile ist ein Fahrer; Blöcke sind Fahrten, Lücken freie Zeit. Oben die Fahrten ohne Fahrer und die markierten.",
		"timeline_open":    "Ohne Fahrer",
		"timeline_flagged": "Markiert",
		"timeline_empty":   "Noch keine Fahrten an diesem Tag.",
		"state_flagged":    "markiert",
	},
	"en": {
		"address":          "Address",
		"coords_pick":      "Coordinates",
		"coords_pick_hint": "Filled in when you choose a suggestion or click the house on the map.",
		"err_coords_pick":  "Please choose an address suggestion or click the house on the map.",
		"geo_search":       "Find address",
		"geo_choose":       "Addresses found – please choose the right one:",
		"geo_none":         "This address was not found. It stays as typed – please click the house on the map.",
		"geo_down":         "The address search is not answering right now. Please click the house on the map; saving still works.",
		"geo_map":          "Please click the house on the map.",
		"map_pick":         "Map: click the house",
		"map_needs_js":     "The map needs JavaScript. You can also type the coordinates (latitude, longitude).",
		"map_routes":       "Map of the tours",
		"map_clicked":      "Chosen on the map",
		"contact_auto":     "by number (mobile: SMS, landline: call)",
		"phone_landline":   "landline – no SMS possible",
		"channel":          "Reached by",
		"intake_new_from":  "Add new:",
		"timeline":         "Timeline",
		"timeline_desc":    "Each row is a driver; blocks are rides, gaps are free time. On top the rides without a driver and the flagged ones.",
		"timeline_open":    "No driver",
		"timeline_flagged": "Flagged",
		"timeline_empty":   "No rides on this day yet.",
		"state_flagged":    "flagged",
	},
}

func init() {
	for lang, ts := range geoTexts {
		for k, v := range ts {
			if _, taken := languages[lang][k]; !taken {
				languages[lang][k] = v
			}
		}
	}
}
