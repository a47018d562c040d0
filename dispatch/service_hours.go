package dispatch

import (
	"fmt"
	"strings"
	"time"
)

// ServiceHours are the local times the agency drives (FAHRDIENST_SERVICE_HOURS,
// default 06:00-21:00). A booking outside them is not refused — a dialysis
// can start at 05:30 — but the coordinator is asked to confirm, because an
// appointment at 3:00 is almost always a slip for 15:00.
type ServiceHours struct {
	Start, End int // minutes after midnight; End > Start
}

// DefaultServiceHours are 06:00 to 21:00.
var DefaultServiceHours = ServiceHours{Start: 6 * 60, End: 21 * 60}

// ParseServiceHours reads "HH:MM-HH:MM"; an empty value is the default.
func ParseServiceHours(s string) (ServiceHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultServiceHours, nil
	}
	var h1, m1, h2, m2 int
	if _, err := fmt.Sscanf(strings.ReplaceAll(s, " ", ""), "%d:%d-%d:%d", &h1, &m1, &h2, &m2); err != nil ||
		h1 < 0 || h1 > 23 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59 {
		return ServiceHours{}, fmt.Errorf("service hours %q: want HH:MM-HH:MM such as 06:00-21:00", s)
	}
	h := ServiceHours{Start: h1*60 + m1, End: h2*60 + m2}
	if h.End <= h.Start || h.End > 24*60 {
		return ServiceHours{}, fmt.Errorf("service hours %q: the end must come after the start on the same day", s)
	}
	return h, nil
}

// Contains reports whether the local clock time of t in loc is within the
// hours. The zero value contains every time (no check).
func (h ServiceHours) Contains(t time.Time, loc *time.Location) bool {
	if h == (ServiceHours{}) {
		return true
	}
	l := t.In(loc)
	m := l.Hour()*60 + l.Minute()
	return m >= h.Start && m <= h.End
}

// String is the hours as configured, "06:00–21:00".
func (h ServiceHours) String() string {
	return fmt.Sprintf("%02d:%02d–%02d:%02d", h.Start/60, h.Start%60, h.End/60, h.End%60)
}
