package notify

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var selfToday = time.Date(2027, 8, 2, 10, 0, 0, 0, time.UTC)

func TestParseSelfServiceReplies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		body string
		want Reply
	}{
		{"OFFEN", Reply{ReplyOpenRides, ""}},
		{"offen?", Reply{ReplyOpenRides, ""}},
		{"Open", Reply{ReplyOpenRides, ""}},
		{"URLAUB 12.08.-19.08.", Reply{ReplyAbsence, "12.08.19.08"}},
		{"urlaub 12.–19.8.", Reply{ReplyAbsence, "12.19.8"}},
		{"Urlaub", Reply{ReplyAbsence, ""}},
		{"holiday 1.9.2027 - 3.9.2027", Reply{ReplyAbsence, "1.9.2027.3.9.2027"}},
	}
	for _, c := range cases {
		if got := ParseReply(c.body); got != c.want {
			t.Errorf("ParseReply(%q) = %+v, want %+v", c.body, got, c.want)
		}
	}
	if ReplyAbsence.String() != "absence" || ActTakeOpen.String() != "take_open" {
		t.Errorf("names: %s %s", ReplyAbsence, ActTakeOpen)
	}
}

func TestParseDays(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code     string
		from, to string // "" for unreadable
	}{
		{"12.08.19.08", "2027-08-12", "2027-08-19"},
		{"12.08", "2027-08-12", "2027-08-12"},
		{"12.19.8", "2027-08-12", "2027-08-19"},
		{"28.12.03.01", "2027-12-28", "2028-01-03"},
		{"01.08.05.08", "2028-08-01", "2028-08-05"}, // 1 August has passed: next year
		{"12.08.2027", "2027-08-12", "2027-08-12"},
		{"1.9.2027.3.9.2027", "2027-09-01", "2027-09-03"},
		{"1.9.27.3.9.27", "2027-09-01", "2027-09-03"},
		{"30.08.02.09.2027", "2027-08-30", "2027-09-02"},
		{"1.2.3.4.5.6.7", "", ""},
		{"31.02", "", ""},
		{"45.13", "", ""},
		{"", "", ""},
		{"MORGEN", "", ""},
		{"12", "", ""},
		{"3.9.2027.1.9.2027", "", ""},
	}
	for _, c := range cases {
		from, to, ok := ParseDays(c.code, selfToday)
		if c.from == "" {
			if ok {
				t.Errorf("ParseDays(%q) = %v %v, want unreadable", c.code, from, to)
			}
			continue
		}
		if !ok || from.Format(time.DateOnly) != c.from || to.Format(time.DateOnly) != c.to {
			t.Errorf("ParseDays(%q) = %v %v %v, want %s %s", c.code, from, to, ok, c.from, c.to)
		}
	}
}

func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"12.08.19.08", "12.19.8", "1.9.2027.3.9.2027", "31.02", "99999.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := ParseReply("URLAUB " + body)
		from, to, ok := ParseDays(r.Code, selfToday)
		if ok && to.Before(from) {
			t.Fatalf("%q: %v before %v", body, to, from)
		}
	})
}

func TestDecideSelfService(t *testing.T) {
	t.Parallel()
	c := Conversation{Driver: true, OpenRides: map[string]int64{"4K7": 42, "9X2": 43},
		Offers: []OpenOffer{{ID: 7, Code: "9X2"}}, Today: selfToday}
	cases := []struct {
		body string
		want Decision
	}{
		{"OFFEN", Decision{Action: ActOpenRides, Answer: KindOpenRides}},
		{"JA 4K7", Decision{Action: ActTakeOpen, TripID: 42}},
		{"JA 9X2", Decision{Action: ActAccept, OfferID: 7}}, // the offer wins
		{"NEIN 4K7", Decision{Action: ActUnknown}},
		{"URLAUB 12.08.-19.08.", Decision{Action: ActAbsence, Answer: KindAbsenceAck, From: "2027-08-12", To: "2027-08-19"}},
		{"URLAUB 12.08.2020", Decision{Action: ActAbsenceHelp, Answer: KindAbsenceHelp}},    // in the past
		{"URLAUB 01.09.-30.12.", Decision{Action: ActAbsenceHelp, Answer: KindAbsenceHelp}}, // too long
		{"URLAUB bald", Decision{Action: ActAbsenceHelp, Answer: KindAbsenceHelp}},
	}
	for _, tc := range cases {
		if got := Decide(ParseReply(tc.body), c); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Decide(%q) = %+v, want %+v", tc.body, got, tc.want)
		}
	}
	if got := Decide(ParseReply("OFFEN"), Conversation{}); got.Action != ActUnknown {
		t.Errorf("OFFEN from a senior = %+v", got)
	}
}

func TestSelfServiceTextsFit(t *testing.T) {
	t.Parallel()
	tx := NewTexts(time.UTC, Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	long := strings.Repeat("Sehr langer Ortsname ", 5)
	rides := []OpenRideLine{{PickupAt: selfToday, Town: long, Needs: []Need{NeedWheelchair, NeedWalker}, Code: "4K7"},
		{PickupAt: selfToday, Town: "Bitburg", Code: "9X2"}, {PickupAt: selfToday, Town: "Prüm", Code: "A2B"},
		{PickupAt: selfToday, Town: "Trier", Code: "C3D"}}
	for _, lang := range []Lang{German, English} {
		list := tx.OpenRides(lang, rides)
		for _, s := range []string{list, tx.OpenRides(lang, nil), tx.OpenRideTaken(lang), tx.OpenRideClash(lang),
			tx.AbsenceHelp(lang), tx.AbsenceAck(lang, selfToday, selfToday.AddDate(0, 0, 7), 2)} {
			if !fits(s) {
				t.Errorf("%s: does not fit: %q", lang, s)
			}
		}
		if !strings.Contains(list, "4K7") || strings.Contains(list, "C3D") {
			t.Errorf("%s: list = %q, want the first rides only", lang, list)
		}
	}
}
