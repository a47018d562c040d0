package main

import (
	"context"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// The demo's three months of history fill the report and the statements:
// every kind of outcome, every driver active, money to reimburse.
func TestDemoHistoryFillsTheReport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, cfg := demoPool(t)
	berlin := cfg.Location
	if _, err := seed(ctx, cfg, pool); err != nil {
		t.Fatal(err)
	}
	st := store.New(pool, store.Options{Location: berlin})
	ar := st.AfterRide(dispatch.GreatCircle{}, dispatch.DefaultRates, nil)
	now := time.Now().In(berlin)
	p, err := dispatch.ParsePeriod(now.AddDate(0, 0, -historyDays).Format(time.DateOnly), now.AddDate(0, 0, -1).Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ar.Report(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Total
	t.Logf("demo report %s – %s: %d legs, %d done, %d no-show, %d cancelled late, %d not served, %d open; %d seniors (%d new), %d wheelchair, %s h, %s km by %d volunteers, no-show %s %%",
		p.From, p.To, f.Trips, f.Done, f.NoShow, f.CancelledLate, f.NotServed, f.Open, f.SeniorsServed, f.NewSeniors, f.WheelchairRides,
		dispatch.FormatHours(f.VolunteerSeconds, '.'), dispatch.FormatTenths(f.VolunteerTenthKm, '.'), f.ActiveVolunteers,
		dispatch.FormatTenths(int64(f.NoShowPermille), '.'))
	if f.Done < 200 || f.NoShow == 0 || f.CancelledLate == 0 || f.NotServed == 0 || f.ActiveVolunteers != 8 || f.WheelchairRides == 0 {
		t.Errorf("the demo history is thin: %+v", f)
	}
	sts, err := ar.Statements(ctx, dispatch.LastMonth(time.Now(), berlin), 0)
	if err != nil || len(sts) < 7 {
		t.Fatalf("statements of last month: %d, %v", len(sts), err)
	}
	var total dispatch.Cents
	for _, s := range sts {
		total += s.TotalCents
	}
	t.Logf("statements of %s: %d drivers, %s € in all", sts[0].Month, len(sts), total)
}
