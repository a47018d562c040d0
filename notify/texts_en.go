package notify

import (
	"fmt"
	"strings"
	"time"
)

// English texts, for volunteers and relatives who asked for them. Same
// structure and the same information as the German ones in texts_de.go.

var catalogEN = catalog{
	day:      func(t time.Time) string { return t.Format("Mon 2 Jan") },
	clock:    func(t time.Time) string { return t.Format("15:04") },
	deadline: func(t time.Time) string { return t.Format("Mon 15:04") },
	needNames: map[Need]string{
		NeedWheelchair: "wheelchair",
		NeedWalker:     "walker",
		NeedEscort:     "escort",
		NeedAssistance: "help getting in",
	},
	returnOnCall: "Ride back on call.",
	returnAt:     func(clock string) string { return "Ride back " + clock + "." },

	offer: func(v *vars) string {
		kind := "Ride"
		if v.Shopping {
			kind = "Shopping ride"
		}
		return v.Agency + ": " + helloEN(v.Name) + "can you drive? " +
			kind + " " + v.When +
			optional(v.Passengers > 1, fmt.Sprintf(", %d passengers", v.Passengers)) + ". " +
			sentence(v.Rider != "", "Passenger: "+v.Rider+".") +
			"Pickup: " + v.Pickup + ". To: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			sentence(v.Return != "", v.Return) +
			sentence(v.Note != "", "Note: "+v.Note) +
			optional(v.Expires != "", "Please answer by "+v.Expires+": ") +
			optional(v.Expires == "", "Reply ") + "YES " + v.Code + " or NO " + v.Code + "." + link(v.Link)
	},
	confirmation: func(v *vars) string {
		return v.Agency + ": Thank you" + optional(v.Name != "", ", "+v.Name) + "! The ride " + v.When +
			" is yours. " +
			sentence(v.Rider != "", "Passenger: "+v.Rider+".") +
			"Pickup: " + v.Pickup + ". To: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			sentence(v.Return != "", v.Return) +
			"We will remind you the evening before. To cancel: CANCEL " + v.Code + "." + link(v.Link)
	},
	reminderEvening: func(v *vars) string {
		return v.Agency + ": Reminder" + optional(v.Name != "", ", "+v.Name) + ": your ride " + v.When + ". " +
			sentence(v.Rider != "", "Passenger: "+v.Rider+".") +
			"Pickup: " + v.Pickup + ". To: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			sentence(v.Return != "", v.Return) +
			"Can't make it? CANCEL " + v.Code + optional(v.Phone != "", " or call "+v.Phone) + "." + link(v.Link)
	},
	reminderSoon: func(v *vars) string {
		return v.Agency + ": Today " + v.Time + " pickup" + optional(v.Rider != "", " "+v.Rider) + ": " +
			v.Pickup + ". To: " + v.Destination + ". " +
			sentence(v.Needs != "", v.Needs+".") +
			"Drive safely!" + optional(v.Phone != "", " Problems? Please call "+v.Phone) + link(v.Link)
	},
	cancelled: func(v *vars) string {
		return v.Agency + ": The ride " + v.When + " (pickup " + v.Pickup + ") is cancelled. " +
			"You do not need to drive. Thank you" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	timeChanged: func(v *vars) string {
		return v.Agency + ": Time change" + optional(v.Name != "", ", "+v.Name) + ": the ride " +
			optional(v.Previous != "", "of "+v.Previous+" ") + "is now " + v.When + ". " +
			"Pickup: " + v.Pickup + ". To: " + v.Destination + ". " +
			"Doesn't suit you? CANCEL " + v.Code + optional(v.Phone != "", " or call "+v.Phone) + "." + link(v.Link)
	},
	expired: func(v *vars) string {
		return v.Agency + ": The request for the ride " + v.When + " has expired. " +
			"You do not need to do anything. Thank you" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	taken: func(v *vars) string {
		return v.Agency + ": The ride " + v.When + " has already been taken. " +
			"You do not need to do anything. Thanks all the same" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	withdrawn: func(v *vars) string {
		return v.Agency + ": The request for the ride " + v.When + " is settled. " +
			"You do not need to do anything. Thanks" + optional(v.Name != "", ", "+v.Name) + "!"
	},
	declineAck: func(v *vars) string {
		return v.Agency + ": Thank you for your answer" + optional(v.Name != "", ", "+v.Name) +
			". We will ask someone else for the ride " + v.When + "."
	},
	cancelAck: func(v *vars) string {
		return v.Agency + ": We got your cancellation of the ride " + v.When + ". " +
			"We will find someone else. Thank you for letting us know" + optional(v.Name != "", ", "+v.Name) + "."
	},
	riderReminder: func(v *vars) string {
		subject := "you will be"
		if v.Relative {
			subject = or(v.Rider, "your relative") + " will be"
		}
		return v.Agency + ": " + greetEN(v.Name) + "Reminder: on " + v.Day + " at " + v.Time + " " + subject +
			" picked up" + optional(v.Driver != "", " by "+v.Driver) + " (" + v.Pickup + ") and driven to " +
			v.Destination + ". " + sentence(v.Return != "", v.Return) +
			optional(v.Phone != "", "Questions or to cancel: "+v.Phone)
	},
	riderCancelled: func(v *vars) string {
		whose := "your ride"
		if v.Relative {
			whose = "the ride" + optional(v.Rider != "", " of "+v.Rider)
		}
		return v.Agency + ": " + capFirst(greetEN(v.Name)+"we are sorry, ") + whose + " on " + v.Day + " at " + v.Time +
			" to " + v.Destination + " is cancelled. " +
			optional(v.Phone != "", "Questions: "+v.Phone)
	},
	help: func(v *vars) string {
		return v.Agency + ": Reply YES code (take a ride), NO code (decline), " +
			"CANCEL code (cancel a ride you confirmed), DONE code (ride done), NO SHOW code (nobody there), " +
			"OPEN (rides without driver), HOLIDAY 12.08.-19.08. (days off), STOP (no more SMS), START (SMS again)." +
			optional(v.Phone != "", " Questions: "+v.Phone)
	},
	stopAck: func(v *vars) string {
		return v.Agency + ": You will get no more SMS from us. Reply START to sign up again."
	},
	startAck: func(v *vars) string {
		return v.Agency + ": Welcome back! You will get SMS from us again. Reply STOP to sign off."
	},
	unknown: func(v *vars) string {
		s := v.Agency + ": Sorry, we did not understand that. "
		switch len(v.Codes) {
		case 0:
			s += "Please reply YES or NO and the code from our SMS."
		case 1:
			s += "Please reply YES " + v.Codes[0] + " or NO " + v.Codes[0] + "."
		default:
			s += "Open requests: " + strings.Join(v.Codes, ", ") + ". Please reply e.g. YES " +
				v.Codes[0] + " or NO " + v.Codes[0] + "."
		}
		return s + " HELP for more."
	},
}

func helloEN(name string) string {
	if name == "" {
		return "Hello, "
	}
	return "Hello " + name + ", "
}

func greetEN(name string) string {
	if name == "" {
		return ""
	}
	return "Dear " + name + ", "
}

func capFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// documentTextsEN: the reminder of an expiring volunteer document (issue 15).
var documentTextsEN = documentTexts{
	names: map[string]string{"licence_check": "your driving licence check",
		"police_certificate": "your police certificate", "insurance": "your insurance"},
	reminder: func(v *vars) string {
		return v.Agency + ": " + helloEN(v.Name) + v.Destination + " expires on " + v.Day +
			". Please bring us a new one in time, or we cannot plan you after that." +
			optional(v.Phone != "", " Questions: "+v.Phone)
	},
}
