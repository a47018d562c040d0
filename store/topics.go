package store

import "github.com/fahrdienst/fahrdienst/dispatch"

// The store implements dispatch's interfaces per topic. Stating it here
// makes a changed method signature fail to compile in this package, next
// to the SQL, rather than at the wiring in cmd/fahrdienst.
var (
	_ dispatch.RiderStore   = (*Store)(nil)
	_ dispatch.DriverStore  = (*Store)(nil)
	_ dispatch.PlaceStore   = (*Store)(nil)
	_ dispatch.BookingStore = (*Store)(nil)
	_ dispatch.ShuttleStore = (*Store)(nil)
	_ dispatch.BoardReader  = (*Store)(nil)
)
