package web

import (
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
)

// family is a relative's start page: their seniors and their coming rides.
func (s *server) family(w http.ResponseWriter, r *http.Request) error {
	a := accountOf(r)
	if a.Role == dispatch.RoleCoordinator {
		return redirect(w, r, "/intake")
	}
	only := auth.RiderScope(a)
	riders, err := s.Store.SearchRiders(r.Context(), dispatch.RiderFilter{Only: only, Limit: 50})
	if err != nil {
		return err
	}
	trips, err := s.Store.Upcoming(r.Context(), dispatch.UpcomingFilter{RiderIDs: only, From: s.Now().Add(-time.Hour)})
	if err != nil {
		return err
	}
	places, err := s.placeNames(r.Context())
	if err != nil {
		return err
	}
	type senior struct {
		dispatch.Rider
		Trips  []tripLeg
		Series []dispatch.Series // their series (issue 15)
	}
	seniors := make([]senior, len(riders))
	for i, rd := range riders {
		seniors[i].Rider = rd
		if ss, ok := s.Store.(SeriesStore); ok {
			if seniors[i].Series, err = ss.RiderSeries(r.Context(), rd.ID); err != nil {
				return err
			}
		}
		for _, t := range trips {
			if t.RiderID == rd.ID {
				seniors[i].Trips = append(seniors[i].Trips, s.leg(t, places))
			}
		}
	}
	return s.render(w, http.StatusOK, "family", "", s.newView(r, "family_title", seniors))
}
