package store_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// openRideNow is the harness clock of the open-ride tests: a Monday in
// August 2027; the rides are on the Wednesday after.
var openRideNow = time.Date(2027, 8, 2, 10, 0, 0, 0, berlin)

// An open ride shows the driver when, the towns and the needs, but no name
// and no address; a driver too far away, absent that day or without a
// wheelchair place for a wheelchair ride does not see it. Taken, it is the
// driver's, confirmed by the driver, with the confirmation SMS, in the
// audit log and the pickup cleared of any flag.
func TestOpenRidesShowNoPersonalDataUntilTaken(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, openRideNow, 1)
	near := h.driver("Hans", driverPhone)
	far := h.driver("Ferne", "+4915100000077")
	if _, err := h.pool.Exec(h.ctx, `UPDATE drivers SET lat = 52.5, lon = 13.4 WHERE id = $1`, far.ID); err != nil {
		t.Fatal(err)
	}
	tr := h.ride("Maria", seniorPhone, time.Date(2027, 8, 4, 10, 0, 0, 0, berlin))
	chair := h.ride("Rolf", "+4915100000055", time.Date(2027, 8, 4, 15, 0, 0, 0, berlin))
	if _, err := h.pool.Exec(h.ctx, `UPDATE trips SET wheelchair = true, walker = true WHERE id = $1`, chair.ID); err != nil {
		t.Fatal(err)
	}
	open, err := h.st.OpenRides(h.ctx, near.ID, 10)
	if err != nil || len(open) != 1 || open[0].TripID != tr.ID || open[0].PickupTown != "Bitburg" || open[0].Km > 10 {
		t.Fatalf("open rides = %+v, %v; want Maria's ride only (no wheelchair place)", open, err)
	}
	b, _ := json.Marshal(open)
	for _, private := range []string{"Maria", "Senior", "Weg 1", "Am Markt", seniorPhone} {
		if strings.Contains(string(b), private) {
			t.Fatalf("open ride shows %q: %s", private, b)
		}
	}
	if open, _ := h.st.OpenRides(h.ctx, far.ID, 10); len(open) != 0 {
		t.Fatalf("a driver 400 km away sees %+v", open)
	}
	if _, err := h.pool.Exec(h.ctx, `UPDATE trips SET flagged = 'no_driver' WHERE id = $1`, tr.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.st.TakeOpenRide(h.ctx, dispatch.Actor{Role: "driver", Name: "driver"}, near.ID, tr.ID); err != nil {
		t.Fatal(err)
	}
	got := h.trip(tr.ID)
	if a := got.Assignment; a == nil || a.DriverID != near.ID || a.State != dispatch.AssignConfirmed || a.DecidedBy != "driver" || a.OfferCode == "" || got.Flagged != "" {
		t.Fatalf("after taking: %+v flagged %q", a, got.Flagged)
	}
	if ms := h.messages(notify.KindConfirmation); len(ms) != 1 || !strings.Contains(ms[0].Body, "Weg 1") || !strings.Contains(ms[0].Body, "ABSAGE "+got.Assignment.OfferCode) {
		t.Fatalf("confirmation = %+v, want one with the address and the code", ms)
	}
	audit, err := h.st.Audit(h.ctx, "trip", tr.ID, 10)
	if err != nil || len(audit) == 0 || audit[len(audit)-1].Action != "take" {
		t.Fatalf("audit = %+v, %v", audit, err)
	}
	if open, _ := h.st.OpenRides(h.ctx, near.ID, 10); len(open) != 0 {
		t.Fatalf("still open after taking: %+v", open)
	}
	var de *dispatch.Error
	if err := h.st.TakeOpenRide(h.ctx, system, far.ID, chair.ID); !errors.As(err, &de) || de.Rule != dispatch.RuleRideTaken {
		t.Fatalf("a ride not open to the driver: %v", err)
	}
}

// Two drivers tap "Fahrt übernehmen" on the same ride at the same moment:
// one gets it, the other is told it is taken, and the ride has one driver.
func TestTwoDriversTakeTheSameOpenRide(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, openRideNow, 1)
	drivers := []dispatch.Driver{h.driver("Hans", driverPhone), h.driver("Grete", "+4915100000077"),
		h.driver("Otto", "+4915100000078"), h.driver("Ilse", "+4915100000079")}
	for round := range 3 {
		tr := h.ride("Maria", "+49151000001"+string(rune('0'+round))+"0", time.Date(2027, 8, 4, 9+2*round, 0, 0, 0, berlin))
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, len(drivers))
		for i, d := range drivers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = h.st.TakeOpenRide(h.ctx, system, d.ID, tr.ID)
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			var de *dispatch.Error
			switch {
			case err == nil:
				won++
			case !errors.As(err, &de) || de.Code != dispatch.CodeConflict || de.Rule != dispatch.RuleRideTaken:
				t.Fatalf("loser's error = %v, want a conflict saying the ride is taken", err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d drivers won", round, won)
		}
		if n := h.count(`SELECT count(*) FROM assignments WHERE trip_id = $1`, tr.ID); n != 1 {
			t.Fatalf("round %d: %d assignments", round, n)
		}
	}
}

var codeInAnswer = regexp.MustCompile(`: ([2-9A-Z]{3})\.`)

// OFFEN by SMS answers with the open rides and a code each; JA and the
// code takes the ride; another driver's JA to their own code for it is
// told it is taken; NEIN to such a code changes nothing.
func TestOpenRidesBySMS(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, openRideNow, 1)
	h.driver("Hans", driverPhone)
	other := "+4915100000077"
	h.driver("Grete", other)
	tr := h.ride("Maria", seniorPhone, time.Date(2027, 8, 4, 10, 0, 0, 0, berlin))
	res := h.sms(driverPhone, "offen", "")
	m := codeInAnswer.FindStringSubmatch(res.Body.String())
	if res.Code != 200 || m == nil || !strings.Contains(res.Body.String(), "Bitburg") || strings.Contains(res.Body.String(), "Maria") {
		t.Fatalf("answer to OFFEN = %d %s", res.Code, res.Body)
	}
	res2 := h.sms(other, "OFFEN", "")
	m2 := codeInAnswer.FindStringSubmatch(res2.Body.String())
	if m2 == nil {
		t.Fatalf("second driver's OFFEN = %s", res2.Body)
	}
	if res := h.sms(driverPhone, "JA "+m[1], ""); !strings.Contains(res.Body.String(), "fest zugesagt") {
		t.Fatalf("answer to JA %s = %s", m[1], res.Body)
	}
	if a := h.trip(tr.ID).Assignment; a == nil || a.State != dispatch.AssignConfirmed || a.DecidedBy != "driver" {
		t.Fatalf("after JA: %+v", a)
	}
	if res := h.sms(other, "ja "+m2[1], ""); !strings.Contains(res.Body.String(), "schon jemand übernommen") {
		t.Fatalf("late JA = %s", res.Body)
	}
	if res := h.sms(other, "OFFEN", ""); !strings.Contains(res.Body.String(), "keine offene Fahrt") {
		t.Fatalf("OFFEN with nothing open = %s", res.Body)
	}
}

// URLAUB by SMS records the days off through the page's path (the
// confirmed ride in that time is flagged); an unreadable date gets the
// help text and changes nothing.
func TestAbsenceBySMS(t *testing.T) {
	t.Parallel()
	h := newSMSHarness(t, openRideNow, 1)
	d := h.driver("Hans", driverPhone)
	tr := h.ride("Maria", seniorPhone, time.Date(2027, 8, 13, 10, 0, 0, 0, berlin))
	if err := h.st.TakeOpenRide(h.ctx, system, d.ID, tr.ID); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"URLAUB", "Urlaub 45.13.", "URLAUB 12.08.2020", "urlaub morgen"} {
		res := h.sms(driverPhone, bad, "")
		if !strings.Contains(res.Body.String(), "nicht lesen") {
			t.Fatalf("answer to %q = %s", bad, res.Body)
		}
	}
	if n := h.count(`SELECT count(*) FROM driver_absences WHERE driver_id = $1`, d.ID); n != 0 {
		t.Fatalf("%d absences after unreadable dates", n)
	}
	res := h.sms(driverPhone, "URLAUB 12.08.-19.08.", "")
	if !strings.Contains(res.Body.String(), "Do 12.08. bis Do 19.08.") || !strings.Contains(res.Body.String(), "1 zugesagter") {
		t.Fatalf("answer to URLAUB = %s", res.Body)
	}
	as, err := h.st.Absences(h.ctx, d.ID, openRideNow)
	if err != nil || len(as) != 1 || as[0].From != "2027-08-12" || as[0].To != "2027-08-19" {
		t.Fatalf("absences = %+v, %v", as, err)
	}
	if got := h.trip(tr.ID); got.Flagged == "" {
		t.Fatal("the confirmed ride in the absence is not flagged")
	}
}
