package planning

import (
	"testing"
	"time"
)

func TestDefaultLimitScalesWithTheDay(t *testing.T) {
	for _, tc := range []struct {
		requests int
		want     time.Duration
	}{
		{0, time.Second}, {30, time.Second}, {150, DefaultTimeLimit / 2},
		{300, DefaultTimeLimit}, {1000, DefaultTimeLimit},
	} {
		if got := defaultLimit(tc.requests); got != tc.want {
			t.Errorf("defaultLimit(%d) = %v, want %v", tc.requests, got, tc.want)
		}
	}
}
