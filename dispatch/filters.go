package dispatch

import "time"

// The filters below are how the API and the pages ask the store for lists.
// They live in the domain, not in the store, so that the HTTP packages can
// build them without importing the database layer.

// RiderFilter narrows a rider search, as the phone intake and the API's
// search ask for it. Only, when non-nil, limits the result to those riders
// (a relative's own seniors); an empty, non-nil Only finds nobody.
type RiderFilter struct {
	Query    string
	Only     []int64
	Inactive bool
	Limit    int
	Offset   int
}

// TripFilter selects trips for the API's trip list. Status is a trip status
// or an assignment state ("unassigned" for trips without a live
// assignment), since coordinators look for both. Only, when set, limits the
// result to those riders.
type TripFilter struct {
	Date     string
	Status   string
	RiderID  int64
	DriverID int64
	Only     []int64
	Limit    int
	Offset   int
}

// UpcomingFilter selects the live trips from a time on: a relative's
// riders' for the family page, or a driver's for their page and calendar.
type UpcomingFilter struct {
	RiderIDs []int64 // nil: any rider
	DriverID int64   // 0: any driver; else only trips live on that driver
	From     time.Time
	Limit    int
}

// MessageFilter selects messages of the SMS log, so that a coordinator can
// follow one trip, one driver, or the failures.
type MessageFilter struct {
	TripID   int64
	DriverID int64
	Status   string
	Limit    int
}
