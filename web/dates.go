package web

import (
	"strings"
	"time"
)

// displayDate writes a date of the form 2026-12-10 as every page shows
// dates, 10.12.2026; anything else is shown as it is.
func displayDate(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return d.Format("02.01.2006")
}

// exampleDate puts a date two weeks after now into a hint's "{date}": an
// example in the past ("z. B. 24.12.2025") reads like a mistake, and would
// be refused if typed.
func exampleDate(hint string, now time.Time) string {
	if !strings.Contains(hint, "{date}") {
		return hint
	}
	if now.IsZero() {
		now = time.Now()
	}
	return strings.ReplaceAll(hint, "{date}", now.AddDate(0, 0, 14).Format("02.01.2006"))
}
