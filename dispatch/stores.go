package dispatch

import (
	"context"
	"time"
)

// The interfaces below are the topics of the database that both the JSON
// API and the web pages use in the same shape. They are declared once here,
// where the store implements them, so that the two HTTP packages embed them
// instead of repeating the same methods; each package declares the topics
// only it needs itself.

// RiderStore keeps the seniors who are driven.
type RiderStore interface {
	CreateRider(ctx context.Context, actor Actor, r Rider) (Rider, error)
	Rider(ctx context.Context, id int64) (Rider, error)
	UpdateRider(ctx context.Context, actor Actor, r Rider, changed []string) (Rider, error)
	DeactivateRider(ctx context.Context, actor Actor, id int64) error
	SearchRiders(ctx context.Context, f RiderFilter) ([]Rider, error)
}

// DriverStore keeps the volunteer drivers with the weekly times they can
// drive and the days they cannot.
type DriverStore interface {
	CreateDriver(ctx context.Context, actor Actor, d Driver) (Driver, error)
	Driver(ctx context.Context, id int64) (Driver, error)
	Drivers(ctx context.Context, inactive bool) ([]Driver, error)
	UpdateDriver(ctx context.Context, actor Actor, d Driver, changed []string) (Driver, error)
	DeactivateDriver(ctx context.Context, actor Actor, id int64) error
	SetAvailability(ctx context.Context, actor Actor, driverID int64, ws []Window) error
	Availability(ctx context.Context, driverID int64) ([]Window, error)
	AddAbsence(ctx context.Context, actor Actor, a Absence) (Absence, error)
	Absences(ctx context.Context, driverID int64, from time.Time) ([]Absence, error)
}

// PlaceStore keeps the destinations riders are taken to.
type PlaceStore interface {
	CreatePlace(ctx context.Context, actor Actor, p Place) (Place, error)
	Place(ctx context.Context, id int64) (Place, error)
	Places(ctx context.Context, q string) ([]Place, error)
	UpdatePlace(ctx context.Context, actor Actor, p Place, changed []string) (Place, error)
	DeactivatePlace(ctx context.Context, actor Actor, id int64) error
}

// BookingStore books appointment trips (a leg and its ride back), reads
// one, and cancels them.
type BookingStore interface {
	BookTrip(ctx context.Context, actor Actor, legs []Trip) ([]Trip, error)
	Trip(ctx context.Context, id int64) (Trip, error)
	CancelTrip(ctx context.Context, actor Actor, id int64, reason string, both bool) ([]Trip, error)
}

// ShuttleStore keeps the weekly shopping rides and who rides along.
type ShuttleStore interface {
	CreateShuttle(ctx context.Context, actor Actor, sh Shuttle) (Shuttle, error)
	Shuttles(ctx context.Context) ([]Shuttle, error)
	Shuttle(ctx context.Context, id int64) (Shuttle, error)
	Subscribe(ctx context.Context, actor Actor, sub Subscription) error
	Unsubscribe(ctx context.Context, actor Actor, shuttleID, riderID int64, from string) error
	Skip(ctx context.Context, actor Actor, shuttleID, riderID int64, date string) error
}

// BoardReader reads the plan of a local date (YYYY-MM-DD): every
// driver's route and what is unassigned.
type BoardReader interface {
	Board(ctx context.Context, date string) (Board, error)
}
