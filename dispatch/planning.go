package dispatch

import "time"

// Span is a span of real time. A zero From means "no earliest time" and a
// zero To "no latest time", so that a booking states only what matters, such
// as the latest arrival at a doctor's.
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// PlanningDriver is a driver as planning one date needs them: their weekly
// windows for that weekday, whether an absence covers the date, and how many
// rides they already have that week.
type PlanningDriver struct {
	Driver
	Windows       []Window
	Absent        bool
	RidesThisWeek int
}

// PlanningDay is everything the planner needs for one local date, read in
// one snapshot by the store and planned by package planning.
type PlanningDay struct {
	Date    string
	Trips   []Trip
	Drivers []PlanningDriver
	// Known lists, per rider, the drivers who drove them before, for
	// continuity.
	Known map[int64][]int64
	// Version is the date's plan version when it was read; a run that finds
	// it moved afterwards (store.PlanVersion) plans again.
	Version int64
	// Refused lists, per trip, the drivers who declined it, let its offer
	// expire or cancelled it by SMS: they are not asked again for it.
	Refused map[int64][]int64
	// Incompatible lists, per rider, the drivers they must never be paired
	// with (either side refused): a hard rule of the plan.
	Incompatible map[int64][]int64
}

// Proposal is the planner's choice for one trip, which the store saves as a
// proposed assignment until a person or an offer decides.
type Proposal struct {
	TripID   int64
	DriverID int64
	// Tour numbers the driver's tours within the plan: proposals with the
	// same driver and Tour share a car at the same time.
	Tour           int
	StopOrder      int
	PlannedPickup  time.Time
	PlannedDropoff time.Time
}

// PlanResult is a planning run's outcome for one date, the one write model
// between planning and the store.
type PlanResult struct {
	Proposals  []Proposal
	Unassigned map[int64]string // trip id → reason
	// Offer turns the date's proposals into offers to their drivers (one
	// per tour, see store/offers.go) in the same transaction. The planning job
	// sets it for the full pass only, so that a driver is never asked for a
	// ride the full pass would have given to someone else.
	Offer bool
	// Version is the date's plan version of the snapshot the plan was
	// computed from; SavePlan re-plans the date when it has moved.
	Version int64
}
