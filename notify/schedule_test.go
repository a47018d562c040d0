package notify

import (
	"testing"
	"time"
)

func TestQuietHoursSendAt(t *testing.T) {
	loc := berlin(t)
	q := DefaultQuietHours(loc)
	at := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, loc) }
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		due      time.Time
		deadline time.Time
		want     time.Time // zero: dropped
	}{
		{"afternoon goes now", at(2026, 11, 25, 17, 0), time.Time{}, at(2026, 11, 25, 17, 0)},
		{"19:59 goes now", at(2026, 11, 25, 19, 59), time.Time{}, at(2026, 11, 25, 19, 59)},
		{"20:00 waits", at(2026, 11, 25, 20, 0), time.Time{}, at(2026, 11, 26, 8, 0)},
		{"late evening waits for morning", at(2026, 11, 25, 23, 30), time.Time{}, at(2026, 11, 26, 8, 0)},
		{"after midnight waits for same morning", at(2026, 11, 26, 3, 0), time.Time{}, at(2026, 11, 26, 8, 0)},
		{"07:59 waits a minute", at(2026, 11, 26, 7, 59), time.Time{}, at(2026, 11, 26, 8, 0)},
		{"08:00 goes", at(2026, 11, 26, 8, 0), time.Time{}, at(2026, 11, 26, 8, 0)},
		{"deadline after 08:00 keeps it", at(2026, 11, 25, 21, 0), at(2026, 11, 26, 9, 30), at(2026, 11, 26, 8, 0)},
		{"deadline before 08:00 drops it", at(2026, 11, 25, 21, 0), at(2026, 11, 26, 7, 30), time.Time{}},
		{"deadline at 08:00 drops it", at(2026, 11, 25, 21, 0), at(2026, 11, 26, 8, 0), time.Time{}},
		{"due after deadline drops it", at(2026, 11, 25, 17, 0), at(2026, 11, 25, 16, 0), time.Time{}},
		{"due in UTC, judged in Berlin", utc(2026, 11, 25, 19, 30), time.Time{}, at(2026, 11, 26, 8, 0)},
		// Spring forward: night of 28 to 29 March 2026, 02:00 CET -> 03:00 CEST.
		{"spring: evening before the change", at(2026, 3, 28, 21, 0), time.Time{}, utc(2026, 3, 29, 6, 0)},
		{"spring: in the night of the change", utc(2026, 3, 29, 0, 30), time.Time{}, utc(2026, 3, 29, 6, 0)},
		{"spring: 07:30 CEST waits half an hour", utc(2026, 3, 29, 5, 30), time.Time{}, utc(2026, 3, 29, 6, 0)},
		{"spring: 08:00 CEST goes", utc(2026, 3, 29, 6, 0), time.Time{}, utc(2026, 3, 29, 6, 0)},
		{"spring: 19:59 CEST goes", utc(2026, 3, 29, 17, 59), time.Time{}, utc(2026, 3, 29, 17, 59)},
		{"spring: 20:00 CEST waits", utc(2026, 3, 29, 18, 0), time.Time{}, utc(2026, 3, 30, 6, 0)},
		// Fall back: night of 24 to 25 October 2026, 03:00 CEST -> 02:00 CET.
		{"autumn: evening before the change", at(2026, 10, 24, 22, 0), time.Time{}, utc(2026, 10, 25, 7, 0)},
		{"autumn: first 02:30 (CEST)", utc(2026, 10, 25, 0, 30), time.Time{}, utc(2026, 10, 25, 7, 0)},
		{"autumn: second 02:30 (CET)", utc(2026, 10, 25, 1, 30), time.Time{}, utc(2026, 10, 25, 7, 0)},
		{"autumn: 07:30 CET waits", utc(2026, 10, 25, 6, 30), time.Time{}, utc(2026, 10, 25, 7, 0)},
		{"autumn: 19:00 CET goes", utc(2026, 10, 25, 18, 0), time.Time{}, utc(2026, 10, 25, 18, 0)},
		{"autumn: 20:00 CET waits", utc(2026, 10, 25, 19, 0), time.Time{}, utc(2026, 10, 26, 7, 0)},
		{"autumn: deadline 07:30 CET drops", at(2026, 10, 24, 22, 0), utc(2026, 10, 25, 6, 30), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := q.SendAt(tt.due, tt.deadline)
			if tt.want.IsZero() {
				if ok {
					t.Fatalf("SendAt(%v) = %v, want dropped", tt.due, got)
				}
				return
			}
			if !ok || !got.Equal(tt.want) {
				t.Fatalf("SendAt(%v) = %v, %v; want %v", tt.due, got.In(loc), ok, tt.want.In(loc))
			}
		})
	}
}

func TestQuietHoursConfig(t *testing.T) {
	loc := berlin(t)
	q, err := ParseQuietHours("21:30-07:00", loc)
	if err != nil {
		t.Fatal(err)
	}
	if q.Start != 21*60+30 || q.End != 7*60 {
		t.Fatalf("parsed %v-%v", q.Start, q.End)
	}
	if got, _ := q.SendAt(time.Date(2026, 5, 1, 21, 0, 0, 0, loc), time.Time{}); got.Hour() != 21 {
		t.Errorf("21:00 should go with quiet hours from 21:30, got %v", got)
	}
	if got, _ := q.SendAt(time.Date(2026, 5, 1, 22, 0, 0, 0, loc), time.Time{}); !got.Equal(time.Date(2026, 5, 2, 7, 0, 0, 0, loc)) {
		t.Errorf("22:00 should wait for 07:00, got %v", got)
	}
	day, _ := ParseQuietHours("12:00-14:00", loc)
	if !day.Quiet(time.Date(2026, 5, 1, 13, 0, 0, 0, loc)) || day.Quiet(time.Date(2026, 5, 1, 14, 0, 0, 0, loc)) || day.Quiet(time.Date(2026, 5, 1, 11, 0, 0, 0, loc)) {
		t.Error("window within one day misjudged")
	}
	off, _ := ParseQuietHours("off", loc)
	if off.Quiet(time.Date(2026, 5, 1, 3, 0, 0, 0, loc)) {
		t.Error("quiet hours off still quiet")
	}
	if def, _ := ParseQuietHours("", loc); def != DefaultQuietHours(loc) {
		t.Error("empty value is not the default")
	}
	for _, bad := range []string{"20:00", "25:00-08:00", "20:00-8:60", "abends", "20-08"} {
		if _, err := ParseQuietHours(bad, loc); err == nil {
			t.Errorf("ParseQuietHours(%q) accepted", bad)
		}
	}
}

func TestScheduleAcrossDST(t *testing.T) {
	loc := berlin(t)
	s := DefaultSchedule(loc)
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		pickup     time.Time
		evening    time.Time
		rider      time.Time
		driverSoon time.Time
	}{
		{
			name:       "Monday after spring forward",
			pickup:     time.Date(2026, 3, 30, 9, 0, 0, 0, loc), // 07:00Z
			evening:    utc(2026, 3, 29, 16, 0),                 // 18:00 CEST
			rider:      utc(2026, 3, 29, 15, 0),                 // 17:00 CEST
			driverSoon: utc(2026, 3, 30, 6, 0),
		},
		{
			name:       "Sunday of spring forward",
			pickup:     time.Date(2026, 3, 29, 9, 0, 0, 0, loc), // 07:00Z, CEST
			evening:    utc(2026, 3, 28, 17, 0),                 // 18:00 CET
			rider:      utc(2026, 3, 28, 16, 0),
			driverSoon: utc(2026, 3, 29, 6, 0),
		},
		{
			name:       "early pickup across the spring gap",
			pickup:     time.Date(2026, 3, 29, 3, 30, 0, 0, loc), // 01:30Z; 60 min earlier is 01:30 CET
			evening:    utc(2026, 3, 28, 17, 0),
			rider:      utc(2026, 3, 28, 16, 0),
			driverSoon: utc(2026, 3, 29, 0, 30),
		},
		{
			name:       "Monday after fall back",
			pickup:     time.Date(2026, 10, 26, 9, 0, 0, 0, loc), // 08:00Z
			evening:    utc(2026, 10, 25, 17, 0),                 // 18:00 CET
			rider:      utc(2026, 10, 25, 16, 0),
			driverSoon: utc(2026, 10, 26, 7, 0),
		},
		{
			name:       "Sunday of fall back",
			pickup:     time.Date(2026, 10, 25, 9, 0, 0, 0, loc), // 08:00Z, CET
			evening:    utc(2026, 10, 24, 16, 0),                 // 18:00 CEST
			rider:      utc(2026, 10, 24, 15, 0),
			driverSoon: utc(2026, 10, 25, 7, 0),
		},
		{
			name:       "first of the month",
			pickup:     time.Date(2026, 12, 1, 8, 0, 0, 0, loc),
			evening:    utc(2026, 11, 30, 17, 0),
			rider:      utc(2026, 11, 30, 16, 0),
			driverSoon: utc(2026, 12, 1, 6, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.DriverEveningReminder(tt.pickup); !got.Equal(tt.evening) {
				t.Errorf("evening reminder %v, want %v", got.UTC(), tt.evening)
			}
			if got := s.RiderReminder(tt.pickup); !got.Equal(tt.rider) {
				t.Errorf("rider reminder %v, want %v", got.UTC(), tt.rider)
			}
			if got := s.DriverSoonReminder(tt.pickup); !got.Equal(tt.driverSoon) {
				t.Errorf("driver soon reminder %v, want %v", got.UTC(), tt.driverSoon)
			}
		})
	}
}

func TestOfferExpiry(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		until time.Duration
		want  time.Duration
	}{
		{"two days ahead: 12 hours", 48 * time.Hour, 12 * time.Hour},
		{"exactly 24 hours: 12 hours", 24 * time.Hour, 12 * time.Hour},
		{"10 hours ahead: half", 10 * time.Hour, 5 * time.Hour},
		{"1 hour ahead: half", time.Hour, 30 * time.Minute},
		{"30 minutes ahead: the minimum", 30 * time.Minute, 15 * time.Minute},
		{"20 minutes ahead: the minimum", 20 * time.Minute, 15 * time.Minute},
		{"10 minutes ahead: until pickup", 10 * time.Minute, 10 * time.Minute},
		{"pickup now: expired", 0, 0},
		{"pickup past: expired", -time.Hour, 0},
	}
	for _, tt := range tests {
		if got := OfferExpiry(now, now.Add(tt.until)).Sub(now); got != tt.want {
			t.Errorf("%s: ttl %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestClock(t *testing.T) {
	c, err := ParseClock(" 07:05 ")
	if err != nil || c.String() != "07:05" {
		t.Fatalf("ParseClock = %v, %v", c, err)
	}
	// 02:30 does not exist in Berlin on 29 March 2026; time.Date moves it on by the gap.
	loc := berlin(t)
	got := Clock(150).At(time.Date(2026, 3, 29, 12, 0, 0, 0, loc), loc)
	if want := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("02:30 on spring-forward day = %v, want %v", got.UTC(), want)
	}
}

// TestSendTimeByRecipient: the quiet hours are the seniors' and relatives';
// a driver's message goes when due, also at night.
func TestSendTimeByRecipient(t *testing.T) {
	loc := berlin(t)
	q := DefaultQuietHours(loc)
	night := time.Date(2026, 11, 25, 22, 0, 0, 0, loc)
	morning := time.Date(2026, 11, 26, 8, 0, 0, 0, loc)
	early := time.Date(2026, 11, 26, 7, 0, 0, 0, loc)
	tests := []struct {
		name     string
		r        Recipient
		deadline time.Time
		want     time.Time // zero: dropped
	}{
		{"driver goes at night", Recipient{Driver: true}, time.Time{}, night},
		{"driver of a rider's trip goes at night", Recipient{Driver: true, Rider: true}, time.Time{}, night},
		{"senior waits for the morning", Recipient{Rider: true}, time.Time{}, morning},
		{"relative waits for the morning", Recipient{Account: true}, time.Time{}, morning},
		{"senior's reminder too late is dropped", Recipient{Rider: true}, early, time.Time{}},
		{"nobody in particular goes", Recipient{}, time.Time{}, night},
	}
	for _, tt := range tests {
		at, ok := q.SendTime(tt.r, night, tt.deadline)
		if ok != !tt.want.IsZero() || (ok && !at.Equal(tt.want)) {
			t.Errorf("%s: SendTime = %v, %v; want %v", tt.name, at, ok, tt.want)
		}
	}
}
