package planning

import "time"

// DailyAt is a River periodic schedule that fires once a day at a local
// clock time, so that nightly work stays at 02:00 across daylight-saving
// changes.
type DailyAt struct {
	Hour, Minute int
	Location     *time.Location
}

// Next returns the first firing strictly after t.
func (d DailyAt) Next(t time.Time) time.Time {
	lt := t.In(d.Location)
	next := time.Date(lt.Year(), lt.Month(), lt.Day(), d.Hour, d.Minute, 0, 0, d.Location)
	if !next.After(t) {
		next = time.Date(lt.Year(), lt.Month(), lt.Day()+1, d.Hour, d.Minute, 0, 0, d.Location)
	}
	return next
}
