package web

import (
	"strconv"
	"strings"
	"time"
)

// parseDate reads a date as people type it on the phone: 24.12.2025,
// 24.12.25, 24.12. (the next such day), 2025-12-24, or heute, morgen,
// übermorgen (today, tomorrow). today is the local date it is relative to.
func parseDate(s string, today time.Time) (time.Time, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	switch s {
	case "heute", "today":
		return day, true
	case "morgen", "tomorrow":
		return day.AddDate(0, 0, 1), true
	case "übermorgen":
		return day.AddDate(0, 0, 2), true
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, today.Location()); err == nil {
		return t, true
	}
	parts := strings.Split(strings.TrimSuffix(s, "."), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, false
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || len(p) > 4 {
			return time.Time{}, false
		}
		nums[i] = n
	}
	year := day.Year()
	if len(nums) == 3 {
		year = nums[2]
		if year < 100 {
			year += 2000
		}
	}
	if nums[1] < 1 || nums[1] > 12 || nums[0] < 1 || nums[0] > 31 || year < 2000 || year > 2200 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(nums[1]), nums[0], 0, 0, 0, 0, today.Location())
	if t.Day() != nums[0] {
		return time.Time{}, false // 31.2. does not exist
	}
	if len(nums) == 2 && t.Before(day) {
		t = t.AddDate(1, 0, 0)
	}
	return t, true
}

// parseClock reads a time of day: 9, 09, 930, 0930, 9:30, 9.30 or 9 Uhr.
func parseClock(s string) (hour, minute int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "uhr"), "h"))
	var h, m string
	if i := strings.IndexAny(s, ":. "); i >= 0 {
		h, m = s[:i], strings.TrimSpace(s[i+1:])
	} else if len(s) > 2 {
		h, m = s[:len(s)-2], s[len(s)-2:]
	} else {
		h, m = s, "0"
	}
	if h == "" || len(h) > 2 || m == "" || len(m) > 2 {
		return 0, 0, false
	}
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 || strings.HasPrefix(m, "-") || strings.HasPrefix(m, "+") || strings.HasPrefix(h, "+") {
		return 0, 0, false
	}
	return hour, minute, true
}

// parseCoordinates reads "49.967, 6.527" as copied from a map app.
func parseCoordinates(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(strings.TrimSpace(s), ",")
	if !found {
		a, b, found = strings.Cut(strings.TrimSpace(s), " ")
	}
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || lat != lat || lon != lon || lat < -90 || lat > 90 || lon < -180 || lon > 180 || (lat == 0 && lon == 0) {
		return 0, 0, false
	}
	return lat, lon, true
}

// germanDate is how dates are shown in forms and typed back.
func germanDate(t time.Time) string { return t.Format("02.01.2006") }
