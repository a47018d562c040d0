package web

import (
	"context"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// Store is what the pages read and write, topic by topic; the PostgreSQL
// store satisfies it. Topics the API uses in the same shape come from
// dispatch and auth; the pages state only what they alone need.
type Store interface {
	auth.Sessions
	AccountStore
	dispatch.RiderStore
	dispatch.DriverStore
	dispatch.PlaceStore
	TripStore
	BoardStore
	ShuttleStore
	MessageLog
	dispatch.PrivacyStore
}

// AccountStore is the relatives' accounts as coordinators and relatives
// manage them on the pages: inviting, accepting the invitation, and
// logging out everywhere.
type AccountStore interface {
	CreateAccount(ctx context.Context, actor dispatch.Actor, a dispatch.Account, passwordHash string) (dispatch.Account, error)
	Relatives(ctx context.Context) ([]dispatch.Account, error)
	// InviteAccount returns the account of an unexpired invitation.
	InviteAccount(ctx context.Context, tokenHash []byte) (dispatch.Account, error)
	// AcceptInvite sets the password and uses the invitation up.
	AcceptInvite(ctx context.Context, tokenHash []byte, passwordHash string) (dispatch.Account, error)
	// EndAllSessions logs an account out of every browser and API token.
	EndAllSessions(ctx context.Context, accountID int64) error
}

// TripStore is the trips as the pages handle them: booking and cancelling
// as in the API, plus the coming trips of a family or a driver.
type TripStore interface {
	dispatch.BookingStore
	Upcoming(ctx context.Context, f dispatch.UpcomingFilter) ([]dispatch.Trip, error)
}

// BoardStore is the day board: the day as the API's plan shows it, and the
// coordinator's hand assignment.
type BoardStore interface {
	dispatch.BoardReader
	AssignTrip(ctx context.Context, actor dispatch.Actor, a dispatch.Assignment) (dispatch.Assignment, error)
}

// ShuttleStore is the weekly rides with what the shopping rides page shows
// beyond the API: the coming runs and who is subscribed.
type ShuttleStore interface {
	dispatch.ShuttleStore
	ShuttleRuns(ctx context.Context, shuttleID int64, from string) ([]dispatch.ShuttleRun, error)
	ShuttleSubscribers(ctx context.Context, shuttleID int64, from string) ([]dispatch.Subscriber, error)
}

// MessageLog reads the SMS log for the messages page, failures first.
type MessageLog interface {
	MessageLog(ctx context.Context, limit int) ([]dispatch.MessageEntry, error)
}
