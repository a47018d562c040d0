package dispatch

// NewDriver is a driver as a coordinator starts one, through the API and
// on the pages alike, before the form or the request body fills in the
// person: ten rides a week and eight hours a day at most, SMS in German,
// active. Both start here so that a driver entered either way gets the
// same limits.
//
// The seats are left at zero on purpose: cars differ, a guessed number
// would let the planner seat more seniors than a small car holds, and
// Validate refuses zero, so whoever enters a driver has to state them.
func NewDriver() Driver {
	return Driver{MaxRidesPerWeek: 10, MaxDutyMinutes: 480, Language: "de", Active: true}
}
