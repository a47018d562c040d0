package notify

import (
	"strings"
	"testing"
	"time"
)

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// longRide is a realistic worst case: long names, full addresses with
// postal codes, every need, a note and a link.
func longRide(loc *time.Location) RideData {
	return RideData{
		FirstName:    "Hannelore-Friederike",
		Rider:        "Fr. Müller-Lüdenscheidt",
		PickupAt:     time.Date(2026, 11, 26, 9, 30, 0, 0, loc),
		Pickup:       "Kölner Straße 123a, Hinterhaus, 2. OG links, 54634 Bitburg-Mötsch, Deutschland",
		Destination:  "Gemeinschaftspraxis Dr. med. Schneider-Weißenfels, Saarstraße 45-47, 54290 Trier",
		Needs:        []Need{NeedWheelchair, NeedWalker, NeedEscort, NeedAssistance},
		ReturnAt:     time.Date(2026, 11, 26, 11, 45, 0, 0, loc),
		Shopping:     false,
		Passengers:   1,
		Note:         "Bitte zweimal klingeln, die Klingel ist defekt; Tochter wartet unten an der Tür",
		ExpiresAt:    time.Date(2026, 11, 25, 18, 0, 0, 0, loc),
		Code:         "4k7",
		Link:         "https://fd.example.de/r/4K7xQ2",
		PreviousAt:   time.Date(2026, 11, 26, 8, 45, 0, 0, loc),
		ReturnOnCall: false,
	}
}

func longRider(loc *time.Location, relative bool) RiderData {
	return RiderData{
		Name:        "Frau Dr. Annemarie Schneider-Weißenfels",
		ForRelative: relative,
		Rider:       "Herr Friedrich-Wilhelm Müller-Lüdenscheidt",
		PickupAt:    time.Date(2026, 11, 26, 9, 30, 0, 0, loc),
		Pickup:      "Kölner Straße 123a, Hinterhaus, 2. OG links, 54634 Bitburg-Mötsch",
		Destination: "Gemeinschaftspraxis Dr. med. Schneider-Weißenfels, Saarstraße 45-47, 54290 Trier",
		Driver:      "Hannelore-Friederike",
		ReturnAt:    time.Date(2026, 11, 26, 11, 45, 0, 0, loc),
	}
}

type rendered struct{ name, text string }

func renderAll(tx *Texts, lang Lang, ride RideData, senior, relative RiderData, codes []string) []rendered {
	return []rendered{
		{"offer", tx.Offer(lang, ride)},
		{"confirmation", tx.Confirmation(lang, ride)},
		{"reminder-evening", tx.DriverReminderEvening(lang, ride)},
		{"reminder-soon", tx.DriverReminderSoon(lang, ride)},
		{"ride-cancelled", tx.RideCancelled(lang, ride)},
		{"time-changed", tx.RideTimeChanged(lang, ride)},
		{"offer-expired", tx.OfferExpired(lang, ride)},
		{"offer-taken", tx.OfferTaken(lang, ride)},
		{"decline-ack", tx.DeclineAck(lang, ride)},
		{"cancel-ack", tx.DriverCancelAck(lang, ride)},
		{"rider-reminder", tx.RiderReminder(lang, senior)},
		{"relative-reminder", tx.RiderReminder(lang, relative)},
		{"rider-cancelled", tx.RiderCancelled(lang, senior)},
		{"relative-cancelled", tx.RiderCancelled(lang, relative)},
		{"help", tx.Help(lang)},
		{"stop", tx.StopAck(lang)},
		{"start", tx.StartAck(lang)},
		{"unknown", tx.UnknownReply(lang, codes)},
	}
}

func checkFits(t *testing.T, r rendered) {
	t.Helper()
	m := Measure(r.text)
	if m.Encoding != GSM7 {
		t.Errorf("%s: encoding %s, want GSM-7: %q", r.name, m.Encoding, r.text)
	}
	if m.Segments > 2 || m.Segments < 1 || m.Units > 306 { // two GSM-7 segments, whatever MaxSegments says
		t.Errorf("%s: %d segments (%d septets): %q", r.name, m.Segments, m.Units, r.text)
	}
	if strings.Contains(r.text, "  ") || strings.Contains(r.text, " .") || strings.Contains(r.text, "..") && !strings.Contains(r.text, "...") {
		t.Errorf("%s: sloppy spacing or punctuation: %q", r.name, r.text)
	}
}

func TestTextsRealisticLongDataFit(t *testing.T) {
	loc := berlin(t)
	tx := NewTexts(loc, Agency{Name: "Ehrenamtsagentur Bitburg", Phone: "06561 6001-123"})
	for _, lang := range []Lang{German, English} {
		for _, r := range renderAll(tx, lang, longRide(loc), longRider(loc, false), longRider(loc, true), []string{"4K7", "9PX", "ABC", "XYZ"}) {
			t.Run(string(lang)+"/"+r.name, func(t *testing.T) {
				checkFits(t, r)
				t.Logf("%d segments, %d septets:\n%s", Measure(r.text).Segments, Measure(r.text).Units, r.text)
			})
		}
	}
}

func TestTextsFitWithHugeData(t *testing.T) {
	loc := berlin(t)
	huge := strings.Repeat("Überlange Angabe mit € und [Klammern] ", 40)
	ride := longRide(loc)
	ride.FirstName, ride.Rider, ride.Pickup, ride.Destination, ride.Note = huge, huge, huge, huge, huge
	ride.Link = "https://example.org/" + strings.Repeat("x", 400)
	ride.Needs = append(ride.Needs, Need(huge))
	senior := longRider(loc, false)
	senior.Name, senior.Rider, senior.Pickup, senior.Destination, senior.Driver = huge, huge, huge, huge, huge
	relative := senior
	relative.ForRelative = true
	tx := NewTexts(loc, Agency{Name: huge, Phone: strings.Repeat("0", 300)})
	for _, lang := range []Lang{German, English} {
		for _, r := range renderAll(tx, lang, ride, senior, relative, []string{huge, huge, huge}) {
			m := Measure(r.text)
			if m.Encoding != GSM7 || m.Segments > MaxSegments {
				t.Errorf("%s/%s: %s, %d segments: %q", lang, r.name, m.Encoding, m.Segments, r.text)
			}
		}
	}
}

func TestTextsShortDataStaysWhole(t *testing.T) {
	loc := berlin(t)
	tx := NewTexts(loc, Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	ride := RideData{
		FirstName:   "Anna",
		PickupAt:    time.Date(2026, 11, 26, 9, 30, 0, 0, loc),
		Pickup:      "Hauptstraße 12, 54634 Bitburg",
		Destination: "Praxis Dr. Weber, Trierer Str. 5",
		Needs:       []Need{NeedWheelchair},
		ReturnAt:    time.Date(2026, 11, 26, 11, 0, 0, 0, loc),
		Code:        "4K7",
	}
	got := tx.Offer(German, ride)
	want := "Fahrdienst Bitburg: Hallo Anna, können Sie fahren? Fahrt Do 26.11. 09:30. " +
		"Abholung: Hauptstraße 12, 54634 Bitburg. Ziel: Praxis Dr. Weber, Trierer Str. 5. Rollstuhl. " +
		"Rückfahrt 11:00. Antworten Sie JA 4K7 oder NEIN 4K7."
	if got != want {
		t.Errorf("German offer:\n got %q\nwant %q", got, want)
	}
	ride.Link = "https://fd.example.de/r/x"
	ride.ReturnAt, ride.ReturnOnCall = time.Time{}, true
	got = tx.Offer(English, ride)
	want = "Fahrdienst Bitburg: Hello Anna, can you drive? Ride Thu 26 Nov 09:30. " +
		"Pickup: Hauptstraße 12, 54634 Bitburg. To: Praxis Dr. Weber, Trierer Str. 5. wheelchair. " +
		"Ride back on call. Reply YES 4K7 or NO 4K7.\nhttps://fd.example.de/r/x"
	if got != want {
		t.Errorf("English offer:\n got %q\nwant %q", got, want)
	}
}

func TestTextsShortenAddressesBeforeNames(t *testing.T) {
	loc := berlin(t)
	tx := NewTexts(loc, Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	ride := longRide(loc)
	ride.Needs = []Need{NeedWalker, NeedEscort}
	got := tx.Offer(German, ride)
	for _, must := range []string{"Hannelore-Friederike", "Fr. Müller-Lüdenscheidt", "Do 26.11. 09:30", "JA 4K7", "NEIN 4K7", "Rollator, Begleitperson", "Rückfahrt 11:45", "Kölner Str. 123a, Bitburg-Mötsch"} {
		if !strings.Contains(got, must) {
			t.Errorf("offer lacks %q: %q", must, got)
		}
	}
	if strings.Contains(got, "Deutschland") || strings.Contains(got, "Straße") || strings.Contains(got, "Hinweis") {
		t.Errorf("note and address details should go before names: %q", got)
	}
	// Without the note and the needs there is room for the link.
	ride.Note, ride.Needs = "", nil
	if got := tx.Offer(German, ride); !strings.HasSuffix(got, "\nhttps://fd.example.de/r/4K7xQ2") {
		t.Errorf("link dropped although there is room: %q", got)
	}
}

func TestTextsLocalTimeAndLanguage(t *testing.T) {
	loc := berlin(t)
	tx := NewTexts(loc, Agency{Name: "FD"})
	// 08:30Z in summer is 10:30 in Berlin.
	ride := RideData{PickupAt: time.Date(2026, 7, 2, 8, 30, 0, 0, time.UTC), Code: "2AB", Pickup: "A", Destination: "B"}
	if got := tx.Offer(German, ride); !strings.Contains(got, "Do 02.07. 10:30") {
		t.Errorf("German date: %q", got)
	}
	if got := tx.Offer(English, ride); !strings.Contains(got, "Thu 2 Jul 10:30") {
		t.Errorf("English date: %q", got)
	}
	if got := tx.Offer(Lang("fr"), ride); !strings.Contains(got, "JA 2AB") {
		t.Errorf("unknown language should fall back to German: %q", got)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"de": German, "": German, "EN": English, "en-GB": English, "en_US": English, "fr": German, "eng": German} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// The help text names every keyword a driver has, in each language, and
// still fits the SMS with a long agency name and a phone number.
func TestHelpNamesEveryKeyword(t *testing.T) {
	t.Parallel()
	tx := NewTexts(nil, Agency{Name: "Ehrenamtsagentur Bitburg-Prüm", Phone: "06561 6001-123"})
	words := map[Lang][]string{
		German:  {"JA", "NEIN", "ABSAGE", "FERTIG", "NICHT DA", "OFFEN", "URLAUB", "STOP", "START", "Code", "06561 6001-123"},
		English: {"YES", "NO", "CANCEL", "DONE", "NO SHOW", "OPEN", "HOLIDAY", "STOP", "START", "code", "06561 6001-123"},
	}
	for lang, want := range words {
		help := tx.Help(lang)
		checkFits(t, rendered{string(lang) + "/help", help})
		for _, w := range want {
			if !strings.Contains(help, w) {
				t.Errorf("%s help lacks %q: %q", lang, w, help)
			}
		}
	}
}
