package notify

import (
	"fmt"
	"strings"
	"time"
)

// German texts. Formal "Sie" throughout: many drivers are retired themselves
// and the seniors expect it. Only GSM-7 characters (ä ö ü ß are fine, "€" costs two).

var weekdaysDE = [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}

var catalogDE = catalog{
	day: func(t time.Time) string {
		return fmt.Sprintf("%s %02d.%02d.", weekdaysDE[t.Weekday()], t.Day(), int(t.Month()))
	},
	clock: func(t time.Time) string { return t.Format("15:04") },
	deadline: func(t time.Time) string {
		return weekdaysDE[t.Weekday()] + " " + t.Format("15:04")
	},
	needNames: map[Need]string{
		NeedWheelchair: "Rollstuhl",
		NeedWalker:     "Rollator",
		NeedEscort:     "Begleitperson",
		NeedAssistance: "Hilfe beim Einsteigen",
	},
	returnOnCall: "Rückfahrt auf Abruf.",
	returnAt:     func(clock string) string { return "Rückfahrt " + clock + "." },

	offer: func(v *vars) string {
		kind := "Fahrt"
		if v.Shopping {
			kind = "Einkaufsfahrt"
		}
		return v.Agency + ": " + helloDE(v.Name) + "können Sie fahren? " +
			kind + " " + v.When +
			optional(v.Passengers > 1, fmt.Sprintf(", %d Fahrgäste", v.Passengers)) + ". " +
			sentence(v.Rider != "", "Fahrgast: "+v.Rider+".") +
			"Abholung: " + v.Pickup + ". Ziel: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			sentence(v.Return != "", v.Return) +
			sentence(v.Note != "", "Hinweis: "+v.Note) +
			optional(v.Expires != "", "Bitte bis "+v.Expires+" antworten: ") +
			optional(v.Expires == "", "Antworten Sie ") + "JA " + v.Code + " oder NEIN " + v.Code + "." + link(v.Link)
	},
	confirmation: func(v *vars) string {
		return v.Agency + ": Danke" + optional(v.Name != "", ", "+v.Name) + "! Die Fahrt " + v.When +
			" ist Ihnen fest zugesagt. " +
			sentence(v.Rider != "", "Fahrgast: "+v.Rider+".") +
			"Abholung: " + v.Pickup + ". Ziel: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			sentence(v.Return != "", v.Return) +
			"Wir erinnern Sie am Vorabend. Absagen: ABSAGE " + v.Code + "." + link(v.Link)
	},
	reminderEvening: func(v *vars) string {
		return v.Agency + ": Erinnerung" + optional(v.Name != "", ", "+v.Name) + ": Ihre Fahrt " + v.When + ". " +
			sentence(v.Rider != "", "Fahrgast: "+v.Rider+".") +
			"Abholung: " + v.Pickup + ". Ziel: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			sentence(v.Return != "", v.Return) +
			"Verhindert? ABSAGE " + v.Code + optional(v.Phone != "", " oder anrufen: "+v.Phone) + "." + link(v.Link)
	},
	reminderSoon: func(v *vars) string {
		return v.Agency + ": Heute " + v.Time + " Abholung" + optional(v.Rider != "", " "+v.Rider) + ": " +
			v.Pickup + ". Ziel: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			"Gute Fahrt!" + optional(v.Phone != "", " Probleme? Bitte anrufen: "+v.Phone) + link(v.Link)
	},
	cancelled: func(v *vars) string {
		return v.Agency + ": Die Fahrt " + v.When + " (Abholung " + v.Pickup + ") ist abgesagt. " +
			"Sie müssen nicht fahren. Danke" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	timeChanged: func(v *vars) string {
		return v.Agency + ": Zeitänderung" + optional(v.Name != "", ", "+v.Name) + ": Die Fahrt " +
			optional(v.Previous != "", "von "+v.Previous+" ") + "ist jetzt " + v.When + ". " +
			"Abholung: " + v.Pickup + ". Ziel: " + v.Destination + ". " +
			"Passt das nicht? ABSAGE " + v.Code + optional(v.Phone != "", " oder anrufen: "+v.Phone) + "." + link(v.Link)
	},
	expired: func(v *vars) string {
		return v.Agency + ": Die Anfrage für die Fahrt " + v.When + " ist abgelaufen. " +
			"Sie müssen nichts tun. Danke" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	taken: func(v *vars) string {
		return v.Agency + ": Die Fahrt " + v.When + " ist schon vergeben. " +
			"Sie müssen nichts tun. Danke trotzdem" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	withdrawn: func(v *vars) string {
		return v.Agency + ": Die Anfrage für die Fahrt " + v.When + " ist erledigt. " +
			"Sie müssen nichts tun. Danke" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	declineAck: func(v *vars) string {
		return v.Agency + ": Danke für Ihre Antwort" + optional(v.Name != "", ", "+v.Name) +
			". Für die Fahrt " + v.When + " fragen wir jemand anderen."
	},
	cancelAck: func(v *vars) string {
		return v.Agency + ": Ihre Absage für die Fahrt " + v.When + " ist angekommen. " +
			"Wir suchen Ersatz. Danke für Ihren Bescheid" + optional(v.Name != "", ", "+v.Name) + "."
	},
	riderReminder: func(v *vars) string {
		subject := "werden Sie"
		if v.Relative {
			subject = "wird " + or(v.Rider, "Ihr Angehöriger")
		}
		return v.Agency + ": " + greetDE(v.Name) + "Erinnerung: Am " + v.Day + " um " + v.Time + " " + subject +
			optional(v.Driver != "", " von "+v.Driver) + " abgeholt (" + v.Pickup + ") und zu " + v.Destination +
			" gefahren. " + sentence(v.Return != "", v.Return) +
			optional(v.Phone != "", "Fragen oder Absage: "+v.Phone)
	},
	riderCancelled: func(v *vars) string {
		whose := "Ihre Fahrt"
		if v.Relative {
			whose = "Die Fahrt" + optional(v.Rider != "", " von "+v.Rider)
		}
		return v.Agency + ": " + greetDE(v.Name) + whose + " am " + v.Day + " um " + v.Time +
			" zu " + v.Destination + " fällt leider aus. " +
			optional(v.Phone != "", "Fragen: "+v.Phone)
	},
	help: func(v *vars) string {
		return v.Agency + ": Antworten Sie JA Code (übernehmen), NEIN Code (ablehnen), " +
			"ABSAGE Code (zugesagte Fahrt absagen), FERTIG Code (erledigt), NICHT DA Code (niemand da), " +
			"OFFEN (freie Fahrten), URLAUB 12.08.-19.08. (abwesend), STOP (keine SMS mehr), START (wieder SMS)." +
			optional(v.Phone != "", " Fragen: "+v.Phone)
	},
	stopAck: func(v *vars) string {
		return v.Agency + ": Sie erhalten keine SMS mehr von uns. Mit START melden Sie sich wieder an."
	},
	startAck: func(v *vars) string {
		return v.Agency + ": Willkommen zurück! Sie erhalten wieder SMS von uns. Mit STOP melden Sie sich ab."
	},
	unknown: func(v *vars) string {
		s := v.Agency + ": Das haben wir leider nicht verstanden. "
		switch len(v.Codes) {
		case 0:
			s += "Bitte antworten Sie JA oder NEIN und den Code aus unserer SMS."
		case 1:
			s += "Bitte antworten Sie JA " + v.Codes[0] + " oder NEIN " + v.Codes[0] + "."
		default:
			s += "Offene Anfragen: " + strings.Join(v.Codes, ", ") + ". Bitte antworten Sie z.B. JA " +
				v.Codes[0] + " oder NEIN " + v.Codes[0] + "."
		}
		return s + " HILFE für mehr Infos."
	},
}

func greetDE(name string) string {
	if name == "" {
		return "Guten Tag, "
	}
	return "Guten Tag " + name + ", "
}

func helloDE(name string) string {
	if name == "" {
		return "Hallo, "
	}
	return "Hallo " + name + ", "
}

// documentTextsDE: the reminder of an expiring volunteer document (issue 15).
var documentTextsDE = documentTexts{
	names: map[string]string{"licence_check": "die Führerscheinkontrolle",
		"police_certificate": "das Führungszeugnis", "insurance": "die Versicherung"},
	reminder: func(v *vars) string {
		return v.Agency + ": " + helloDE(v.Name) + v.Destination + " läuft am " + v.Day +
			" ab. Bitte bringen Sie uns rechtzeitig einen neuen Nachweis, sonst können wir Sie danach nicht einplanen." +
			optional(v.Phone != "", " Fragen: "+v.Phone)
	},
}
