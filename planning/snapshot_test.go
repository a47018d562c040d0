package planning_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// PlanDay builds both passes of a round from one load. That is only right
// while the quick pass's writes (proposals, flags) leave the full pass's
// input and the plan version as they were: this test reloads after a quick
// pass and compares.
func TestQuickPassLeavesFullInputUnchanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, berlin)
	const date = "2026-11-25"
	actor := dispatch.Actor{Name: "test"}
	st := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return now }, Location: berlin})
	svc := planning.New(st, planning.Planner{TimeLimit: 300 * time.Millisecond, Seed: 1}, nil)
	place, err := st.CreatePlace(ctx, actor, dispatch.Place{Name: "Praxis", Kind: dispatch.PlacePractice,
		Street: "Am Markt 1", City: "Bitburg", Lat: 49.967, Lon: 6.527})
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.CreateDriver(ctx, actor, dispatch.Driver{FirstName: "D", LastName: "X", Phone: "+491510000010",
		Lat: 49.95, Lon: 6.5, VehicleSeats: 3, MaxRidesPerWeek: 20, MaxDutyMinutes: 600, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetAvailability(ctx, actor, d.ID, []dispatch.Window{{Weekday: 3, Start: "08:00", End: "16:00"}}); err != nil {
		t.Fatal(err)
	}
	book := func(name string, hour int) {
		r, err := st.CreateRider(ctx, actor, dispatch.Rider{FirstName: name, LastName: "R", Street: "Weg 1",
			City: "Bitburg", Lat: 49.98, Lon: 6.55, ContactPreference: "sms", Language: "de"})
		if err != nil {
			t.Fatal(err)
		}
		legs, err := dispatch.Booking{RiderID: r.ID, To: place.Location(), Timing: dispatch.TimingArriveBy,
			At: time.Date(2026, 11, 25, hour, 0, 0, 0, berlin), Return: dispatch.ReturnNone, Passengers: 1,
			Via: "phone"}.Legs(r, dispatch.DefaultBookingRules(now, berlin))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.BookTrip(ctx, actor, legs); err != nil {
			t.Fatal(err)
		}
	}
	book("Offered", 10) // planned in full, so offered before the quick pass below
	if _, err := svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	book("New", 12)
	book("Early", 7) // before anyone drives: flagged

	before, err := st.LoadPlanningDay(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planning.RunPass(svc, ctx, before, true); err != nil {
		t.Fatal(err)
	}
	after, err := st.LoadPlanningDay(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	proposed := 0
	for _, tr := range after.Trips {
		if tr.Assignment != nil && tr.Assignment.State == dispatch.AssignProposed {
			proposed++
		}
	}
	if proposed == 0 {
		t.Fatal("the quick pass proposed nothing; the test shows nothing")
	}
	if after.Version != before.Version {
		t.Errorf("plan version %d after the quick pass, %d before", after.Version, before.Version)
	}
	in1, skipped1, err1 := planning.Input(before, berlin, false)
	in2, skipped2, err2 := planning.Input(after, berlin, false)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !reflect.DeepEqual(in1, in2) || !reflect.DeepEqual(skipped1, skipped2) {
		t.Errorf("full-pass input changed by the quick pass:\nbefore %+v %v\nafter  %+v %v", in1, skipped1, in2, skipped2)
	}
}
