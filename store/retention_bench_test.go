package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// BenchmarkRetention measures one nightly run over a seeded history of
// 27,600 trips (400 seniors, 69 days) and 20,000 messages older than the retention periods:
// go test ./store -run XXX -bench Retention -benchtime 1x
func BenchmarkRetention(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, _ := newClockStore(b, now)
		if _, err := s.Pool().Exec(ctx, `
			INSERT INTO riders (first_name, last_name, street, city, lat, lon)
			SELECT 'R' || g, 'L' || g, 'Weg ' || g, 'Bitburg', 49.97, 6.52 FROM generate_series(1, 400) g;
			INSERT INTO trips (rider_id, kind, leg, timing, pickup_street, pickup_city, pickup_lat, pickup_lon,
				dropoff_street, dropoff_city, dropoff_lat, dropoff_lon, service_date, pickup_earliest, pickup_latest,
				dropoff_earliest, dropoff_latest, notes, status, booked_via)
			SELECT r.id, 'appointment', 'outbound', 'arrive_by', r.street, 'Bitburg', 49.97123, 6.52345,
				'Am Markt 2', 'Bitburg', 49.974, 6.525, d::date, d + time '09:00', d + time '09:15',
				d + time '09:30', d + time '10:00', 'Notiz', 'completed', 'phone'
			FROM riders r, generate_series(date '2023-01-02', date '2023-03-11', interval '1 day') d;
			INSERT INTO messages (direction, kind, to_number, body, status, created_at)
			SELECT 'out', 'reminder', '+4917012345', 'Text ' || g, 'delivered', timestamptz '2024-01-01' + g * interval '1 minute'
			FROM generate_series(1, 20000) g;`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		res, err := s.ApplyRetention(ctx, dispatch.DefaultRetention)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/run")
		b.ReportMetric(float64(res.Trips), "trips")
		b.ReportMetric(float64(res.Messages), "messages")
	}
}
