package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/phone"
	"github.com/fahrdienst/fahrdienst/store"
)

// Bitburg, the demo town.
const demoLat, demoLon = 49.967, 6.527

// demoMarker is the first demo driver's number: when it exists, the demo data
// is there and seeding again adds nothing.
const demoMarker = "+4915100000001"

func seedDemo(ctx context.Context, cfg config, log *slog.Logger, out io.Writer) error {
	pool, stop, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer stop()
	seeded, err := seed(ctx, cfg, pool)
	if err != nil {
		return err
	}
	if seeded {
		fmt.Fprintln(out, "demo data loaded: 8 drivers, 40 riders, 8 places, a weekly shopping ride, about 20 trips")
		fmt.Fprintf(out, "demo logins: %s and %s, password %s\n", demoCoordinator, demoRelative, demoPassword)
	} else {
		fmt.Fprintln(out, "demo data is there already; nothing added")
	}
	return nil
}

// seedEmpty loads the demo data into a database without riders and drivers,
// so that `dev` against a real agency's database never adds demo people.
func seedEmpty(ctx context.Context, cfg config, pool *pgxpool.Pool) (bool, error) {
	var empty bool
	err := pool.QueryRow(ctx, "SELECT NOT EXISTS (SELECT 1 FROM riders) AND NOT EXISTS (SELECT 1 FROM drivers)").Scan(&empty)
	if err != nil || !empty {
		return false, err
	}
	return seed(ctx, cfg, pool)
}

// seed loads the demo data unless it is there; it reports whether it did.
func seed(ctx context.Context, cfg config, pool *pgxpool.Pool) (bool, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Release()
	// One seeder at a time, also across instances started together.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(4711)"); err != nil {
		return false, err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock(4711)")
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM drivers WHERE phone = $1)", demoMarker).Scan(&exists); err != nil || exists {
		return false, err
	}
	st := store.New(pool, store.Options{Location: cfg.Location})
	d := demo{st: st, rng: rand.New(rand.NewPCG(7, 11)), actor: dispatch.Actor{Name: "demo"}, loc: cfg.Location}
	return true, d.load(ctx)
}

type demo struct {
	st    *store.Store
	rng   *rand.Rand
	actor dispatch.Actor
	loc   *time.Location
}

// near returns a point within km kilometres of Bitburg.
func (d demo) near(km float64) (float64, float64) {
	r := km * math.Sqrt(d.rng.Float64())
	a := 2 * math.Pi * d.rng.Float64()
	return demoLat + r*math.Cos(a)/111.2, demoLon + r*math.Sin(a)/(111.2*math.Cos(demoLat*math.Pi/180))
}

var (
	demoFirst   = []string{"Erna", "Hildegard", "Gertrud", "Margarete", "Irmgard", "Helga", "Ursula", "Elfriede", "Anneliese", "Lieselotte", "Karl", "Heinz", "Werner", "Günter", "Walter", "Manfred", "Josef", "Alois", "Bernhard", "Hubert"}
	demoLast    = []string{"Schmitz", "Müller", "Weber", "Hoffmann", "Schneider", "Becker", "Wagner", "Klein", "Thiel", "Lenz", "Meyer", "Kohl", "Bauer", "Faber", "Krämer", "Reuter", "Hansen", "Jakobs", "Steffen", "Mertes"}
	demoStreets = []string{"Hauptstraße", "Trierer Straße", "Kölner Straße", "Mötscher Straße", "Saarstraße", "Am Markt", "Bedaplatz", "Talweg", "Brodenheckstraße", "Erdorfer Straße"}
	demoTowns   = []string{"Bitburg", "Bitburg", "Bitburg", "Mötsch", "Masholder", "Erdorf", "Rittersdorf", "Irrel", "Kyllburg", "Speicher"}
)

func (d demo) load(ctx context.Context) error {
	places, err := d.places(ctx)
	if err != nil {
		return err
	}
	if err := d.drivers(ctx); err != nil {
		return err
	}
	riders, err := d.riders(ctx)
	if err != nil {
		return err
	}
	if err := d.shuttle(ctx, places[0], riders[:10]); err != nil {
		return err
	}
	if err := d.accounts(ctx, riders[10]); err != nil {
		return err
	}
	if err := d.trips(ctx, places[2:], riders[10:]); err != nil {
		return err
	}
	return d.history(ctx, places, riders)
}

// Demo logins, printed by `make run` and named in the README. They exist only
// in the demo data.
const (
	demoCoordinator = "koordination@demo.fahrdienst.de"
	demoRelative    = "familie@demo.fahrdienst.de"
	demoPassword    = "demo-fahrdienst"
)

// accounts adds a coordinator and a relative of one senior, so that the
// pages can be tried at once.
func (d demo) accounts(ctx context.Context, senior dispatch.Rider) error {
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return err
	}
	if _, err := d.st.CreateAccount(ctx, d.actor, dispatch.Account{Email: demoCoordinator, Role: dispatch.RoleCoordinator,
		Name: "Demo-Koordination"}, hash); err != nil {
		return err
	}
	_, err = d.st.CreateAccount(ctx, d.actor, dispatch.Account{Email: demoRelative, Role: dispatch.RoleRelative,
		Name: "Demo-Familie", RiderIDs: []int64{senior.ID}}, hash)
	return err
}

func (d demo) places(ctx context.Context) ([]dispatch.Place, error) {
	specs := []dispatch.Place{
		{Name: "Globus Bitburg", Kind: dispatch.PlaceShop, Street: "Im Mötscher Weg 1"},
		{Name: "REWE Bitburg", Kind: dispatch.PlaceShop, Street: "Saarstraße 48"},
		{Name: "Hausarztpraxis Dr. Weber", Kind: dispatch.PlacePractice, Street: "Hauptstraße 12"},
		{Name: "Augenarzt Dr. Lentz", Kind: dispatch.PlacePractice, Street: "Trierer Straße 5"},
		{Name: "Orthopädie am Markt", Kind: dispatch.PlacePractice, Street: "Am Markt 3"},
		{Name: "Zahnarzt Dr. Simon", Kind: dispatch.PlacePractice, Street: "Kölner Straße 20"},
		{Name: "Impfzentrum Eifelkreis", Kind: dispatch.PlaceVaccinationCentre, Street: "Prümer Straße 2"},
		{Name: "Marienhaus Klinikum Bitburg", Kind: dispatch.PlaceHospital, Street: "Krankenhausstraße 1"},
	}
	out := make([]dispatch.Place, 0, len(specs))
	for _, p := range specs {
		p.City = "Bitburg"
		p.Lat, p.Lon = d.near(2)
		created, err := d.st.CreatePlace(ctx, d.actor, p)
		if err != nil {
			return nil, err
		}
		out = append(out, created)
	}
	return out, nil
}

func (d demo) drivers(ctx context.Context) error {
	names := [][2]string{{"Peter", "Hansen"}, {"Monika", "Reuter"}, {"Klaus", "Jakobs"}, {"Sabine", "Steffen"},
		{"Thomas", "Mertes"}, {"Andrea", "Faber"}, {"Michael", "Krämer"}, {"Birgit", "Lenz"}}
	for i, n := range names {
		lat, lon := d.near(8)
		drv, err := d.st.CreateDriver(ctx, d.actor, dispatch.Driver{FirstName: n[0], LastName: n[1],
			Phone: fmt.Sprintf("+49151000000%02d", i+1), Street: demoStreets[i], City: demoTowns[i], Lat: lat, Lon: lon,
			VehicleSeats: 3, VehicleWheelchair: i == 7, MaxRidesPerWeek: 8 + i%3*2, MaxDutyMinutes: 480, Language: "de"})
		if err != nil {
			return err
		}
		if i == 7 { // the agency's wheelchair van
			drv.VehicleSeats = 5
			if _, err := d.st.UpdateDriver(ctx, d.actor, drv, []string{"vehicle_seats"}); err != nil {
				return err
			}
		}
		var ws []dispatch.Window
		for day := 1; day <= 5; day++ {
			if (day+i)%4 == 0 {
				continue // everyone has a day off in the week
			}
			ws = append(ws, dispatch.Window{Weekday: day, Start: "08:00", End: []string{"13:00", "17:00"}[i%2]})
		}
		if err := d.st.SetAvailability(ctx, d.actor, drv.ID, ws); err != nil {
			return err
		}
	}
	return nil
}

func (d demo) riders(ctx context.Context) ([]dispatch.Rider, error) {
	out := make([]dispatch.Rider, 0, 40)
	for i := 0; i < 40; i++ {
		lat, lon := d.near(15)
		// i/20 shifts the last names of the second twenty, so no two seniors share a name.
		r := dispatch.Rider{FirstName: demoFirst[i%len(demoFirst)], LastName: demoLast[(i*7+i/20)%len(demoLast)],
			Street: fmt.Sprintf("%s %d", demoStreets[i%len(demoStreets)], 1+i*3%60), PostalCode: "54634",
			City: demoTowns[(i*3)%len(demoTowns)], Lat: lat, Lon: lon, Language: "de",
			Needs: dispatch.Needs{Walker: i%4 == 1, Wheelchair: i == 13, NeedsEscort: i%9 == 4}}
		switch i % 3 {
		case 0:
			r.Phone = fmt.Sprintf("+49170555%04d", i)
		case 1:
			r.Phone = fmt.Sprintf("+496561%05d", 10000+i*37) // a landline: the channel defaults to call
		default:
			r.ContactPreference = "call"
			r.Phone = fmt.Sprintf("+496561%05d", 20000+i*41)
		}
		// As the senior's form does: the number's kind decides the channel
		// (a landline is called), so the demo shows reminder calls.
		if err := r.Validate(phone.NormalizeDefault); err != nil {
			return nil, fmt.Errorf("demo senior %d: %w", i, err)
		}
		created, err := d.st.CreateRider(ctx, d.actor, r)
		if err != nil {
			return nil, err
		}
		out = append(out, created)
	}
	return out, nil
}

func (d demo) shuttle(ctx context.Context, shop dispatch.Place, riders []dispatch.Rider) error {
	sh, err := d.st.CreateShuttle(ctx, d.actor, dispatch.Shuttle{Name: "Einkaufsfahrt Donnerstag", Weekday: 4,
		StartTime: "09:00", PlaceID: shop.ID, DwellMinutes: 75, Capacity: 12, MaxRideMinutes: 45})
	if err != nil {
		return err
	}
	from := d.st.Now().In(d.loc).Format(time.DateOnly)
	for _, r := range riders {
		if err := d.st.Subscribe(ctx, d.actor, dispatch.Subscription{ShuttleID: sh.ID, RiderID: r.ID, From: from}); err != nil {
			return err
		}
	}
	return nil
}

// trips books about 20 appointments over the next 7 days, in office hours.
func (d demo) trips(ctx context.Context, places []dispatch.Place, riders []dispatch.Rider) error {
	now := d.st.Now()
	rules := dispatch.DefaultBookingRules(now, d.loc)
	today := time.Date(now.In(d.loc).Year(), now.In(d.loc).Month(), now.In(d.loc).Day(), 0, 0, 0, 0, d.loc)
	for i := 0; i < 20; i++ {
		day := today.AddDate(0, 0, 1+i%7)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			day = day.AddDate(0, 0, 2)
		}
		at := day.Add(time.Duration(8*60+30+(i*37)%300) * time.Minute)
		back := at.Add(time.Duration(45+(i%4)*15) * time.Minute)
		b := dispatch.Booking{RiderID: riders[i].ID, To: places[i%len(places)].Location(), Timing: dispatch.TimingArriveBy,
			At: at, Return: dispatch.ReturnAt, ReturnAt: &back, Passengers: 1 + i%5/4, Via: "demo"}
		if i%6 == 5 {
			b.Return, b.ReturnAt = dispatch.ReturnOnCall, nil
		}
		legs, err := b.Legs(riders[i], rules)
		if err != nil {
			return err
		}
		if _, err := d.st.BookTrip(ctx, d.actor, legs); err != nil {
			return fmt.Errorf("demo trip %d: %w", i, err)
		}
	}
	return nil
}
