package planning_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	now       = time.Date(2026, 11, 23, 8, 0, 0, 0, berlin) // a Monday
	date      = "2026-11-25"                                // the Wednesday planned
	actor     = dispatch.Actor{Name: "test"}
)

type fixture struct {
	st      *store.Store
	svc     *planning.Service
	place   dispatch.Place
	drivers []dispatch.Driver
}

// newFixture has two drivers near Bitburg available on Wednesdays 08:00-16:00:
// a car with three seats and a wheelchair van.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := store.New(storetest.Pool(t), store.Options{Now: func() time.Time { return now }, Location: berlin})
	f := &fixture{st: st, svc: planning.New(st, planning.Planner{TimeLimit: 300 * time.Millisecond, Seed: 1}, nil)}
	var err error
	f.place, err = st.CreatePlace(ctx, actor, dispatch.Place{Name: "Praxis", Kind: dispatch.PlacePractice,
		Street: "Am Markt 1", City: "Bitburg", Lat: 49.967, Lon: 6.527})
	if err != nil {
		t.Fatal(err)
	}
	for i, chair := range []bool{false, true} {
		d, err := st.CreateDriver(ctx, actor, dispatch.Driver{FirstName: "D" + strconv.Itoa(i), LastName: "X",
			Phone: "+4915100000" + strconv.Itoa(10+i), Lat: 49.95 + float64(i)*0.01, Lon: 6.5,
			VehicleSeats: 3, VehicleWheelchair: chair, MaxRidesPerWeek: 20, MaxDutyMinutes: 600, Language: "de"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetAvailability(ctx, actor, d.ID, []dispatch.Window{{Weekday: 3, Start: "08:00", End: "16:00"}}); err != nil {
			t.Fatal(err)
		}
		f.drivers = append(f.drivers, d)
	}
	return f
}

func (f *fixture) book(t *testing.T, name string, needs dispatch.Needs, at time.Time) dispatch.Trip {
	t.Helper()
	ctx := context.Background()
	r, err := f.st.CreateRider(ctx, actor, dispatch.Rider{FirstName: name, LastName: "R", Street: "Weg 1",
		City: "Bitburg", Lat: 49.98, Lon: 6.55, Needs: needs, ContactPreference: "sms", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	legs, err := dispatch.Booking{RiderID: r.ID, To: f.place.Location(), Timing: dispatch.TimingArriveBy, At: at,
		Return: dispatch.ReturnNone, Passengers: 1, Via: "phone"}.Legs(r, dispatch.DefaultBookingRules(now, berlin))
	if err != nil {
		t.Fatal(err)
	}
	trips, err := f.st.BookTrip(ctx, actor, legs)
	if err != nil {
		t.Fatal(err)
	}
	return trips[0]
}

func (f *fixture) trip(t *testing.T, id int64) dispatch.Trip {
	t.Helper()
	tr, err := f.st.Trip(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func at(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, berlin) }

func TestPlanDayProposesWithinTheRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	chair := f.book(t, "Chair", dispatch.Needs{Wheelchair: true}, at(10, 0))
	plain := f.book(t, "Plain", dispatch.Needs{}, at(11, 0))
	tooEarly := f.book(t, "Early", dispatch.Needs{}, at(7, 0)) // before anyone drives

	sum, err := f.svc.PlanDay(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Requests != 3 || sum.Assigned != 2 {
		t.Fatalf("summary = %+v", sum)
	}
	got := f.trip(t, chair.ID)
	if got.Assignment == nil || got.Assignment.DriverID != f.drivers[1].ID || got.Assignment.State != dispatch.AssignOffered {
		t.Fatalf("wheelchair trip assignment = %+v, want the van", got.Assignment)
	}
	if got.Assignment.PlannedDropoff.After(at(10, 0)) || got.Assignment.PlannedPickup.Before(at(8, 0)) {
		t.Fatalf("planned %v-%v outside the windows", got.Assignment.PlannedPickup, got.Assignment.PlannedDropoff)
	}
	if ride := got.Assignment.PlannedDropoff.Sub(got.Assignment.PlannedPickup); ride > 45*time.Minute+5*time.Minute {
		t.Fatalf("ride of %v exceeds the maximum", ride)
	}
	if f.trip(t, plain.ID).Assignment == nil {
		t.Fatal("plain trip not assigned")
	}
	early := f.trip(t, tooEarly.ID)
	if early.Assignment != nil || early.Flagged == "" {
		t.Fatalf("impossible trip: assignment %+v, flag %q", early.Assignment, early.Flagged)
	}
}

// A confirmed assignment is input, never changed, even when the planner would
// prefer another driver; an absent driver gets nothing new.
func TestConfirmedNeverMovesAndAbsenceHolds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	tr := f.book(t, "Fixed", dispatch.Needs{}, at(12, 0))
	pickup := at(11, 20)
	confirmed, err := f.st.AssignTrip(ctx, actor, dispatch.Assignment{TripID: tr.ID, DriverID: f.drivers[1].ID,
		State: dispatch.AssignConfirmed, PlannedPickup: pickup, PlannedDropoff: at(11, 50)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddAbsence(ctx, actor, dispatch.Absence{DriverID: f.drivers[0].ID, From: date, To: date}); err != nil {
		t.Fatal(err)
	}
	other := f.book(t, "Other", dispatch.Needs{}, at(9, 0))
	if _, err := f.svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	got := f.trip(t, tr.ID).Assignment
	if got == nil || got.ID != confirmed.ID || !got.PlannedPickup.Equal(pickup) || got.State != dispatch.AssignConfirmed {
		t.Fatalf("confirmed assignment changed: %+v", got)
	}
	if a := f.trip(t, other.ID).Assignment; a == nil || a.DriverID != f.drivers[1].ID {
		t.Fatalf("other trip = %+v, want the driver who is not absent", a)
	}
}

// A booking gets a proposed driver without anyone pressing a button: the
// booking enqueues the planning job in its transaction and River runs it.
func TestBookingIsPlannedByTheJob(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	workers := river.NewWorkers()
	river.AddWorker(workers, &planning.Worker{Service: f.svc})
	client, err := river.NewClient(riverpgxv5.New(f.st.Pool()), &river.Config{
		Queues:  map[string]river.QueueConfig{planning.QueuePlanning: {MaxWorkers: 1}},
		Workers: workers, TestOnly: true, FetchPollInterval: 100 * time.Millisecond,
		SkipUnknownJobCheck: true, // the offer's SMS jobs wait for a client that sends
	})
	if err != nil {
		t.Fatal(err)
	}
	f.st.SetJobs(client)
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer client.Stop(ctx)

	tr := f.book(t, "Auto", dispatch.Needs{}, at(10, 30))
	select {
	case ev := <-events:
		if ev.Kind != river.EventKindJobCompleted {
			t.Fatalf("planning job: %+v", ev.Job.Errors)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("planning job did not run")
	}
	// The full pass offers the proposal to the driver at once.
	if a := f.trip(t, tr.ID).Assignment; a == nil || a.State != dispatch.AssignOffered {
		t.Fatalf("no offered driver: %+v", a)
	}
}

// A shopping run with more subscribers than one car has seats is split over
// the drivers, on the path the service takes: runs materialised as trips,
// trips planned, every senior at most the ride's maximum in the car.
func TestShoppingRunSplitsOverVehicles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sh, err := f.st.CreateShuttle(ctx, actor, dispatch.Shuttle{Name: "Einkauf", Weekday: 3, StartTime: "09:00",
		PlaceID: f.place.ID, DwellMinutes: 60, Capacity: 10, MaxRideMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		r, err := f.st.CreateRider(ctx, actor, dispatch.Rider{FirstName: "S" + strconv.Itoa(i), LastName: "R",
			Street: "Weg " + strconv.Itoa(i), City: "Bitburg", Lat: 49.98 + float64(i)*0.003, Lon: 6.55,
			ContactPreference: "call", Language: "de"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.Subscribe(ctx, actor, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: "2026-11-23"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.PlanDay(ctx, date); err != nil {
		t.Fatal(err)
	}
	trips, err := f.st.Trips(ctx, dispatch.TripFilter{Date: date})
	if err != nil {
		t.Fatal(err)
	}
	drivers := map[int64]bool{}
	outbound := 0
	for _, tr := range trips {
		a := tr.Assignment
		if a == nil {
			t.Fatalf("trip %d (%s) unassigned: %s", tr.ID, tr.Leg, tr.Flagged)
		}
		if ride := a.PlannedDropoff.Sub(a.PlannedPickup); ride > 45*time.Minute+slow {
			t.Errorf("trip %d: %v in the car", tr.ID, ride)
		}
		if tr.Leg == "outbound" {
			outbound++
			drivers[a.DriverID] = true
			if a.PlannedDropoff.After(at(9, 0)) {
				t.Errorf("trip %d reaches the shop at %v, after 09:00", tr.ID, a.PlannedDropoff)
			}
		}
	}
	if outbound != 5 || len(drivers) != 2 {
		t.Fatalf("%d seniors taken to the shop by %d drivers, want 5 by both (3 seats each)", outbound, len(drivers))
	}
}

// slow is the boarding time a drop-off may add to the time in the car.
const slow = 5 * time.Minute
