package web

import "time"

// displayDate writes a date of the form 2026-12-10 as every page shows
// dates, 10.12.2026; anything else is shown as it is.
func displayDate(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return d.Format("02.01.2006")
}
