package api

import (
	"net/http"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// messages is the SMS log for coordinators: a trip's or a driver's messages,
// or those in one status (failed deliveries, unknown replies), newest first.
func (s *server) messages(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	f := dispatch.MessageFilter{
		TripID:   q.int("trip_id", 0, 1, 1<<62),
		DriverID: q.int("driver_id", 0, 1, 1<<62),
		Status: q.oneOf("status", "pending", "sending", "queued", "sent", "delivered", "undelivered",
			"failed", "dropped", "received", "unknown_reply"),
		Limit: int(q.int("limit", 100, 1, 500)),
	}
	if err := q.err(); err != nil {
		return err
	}
	ms, err := s.Store.Messages(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(ms, 0, 0))
	return nil
}
