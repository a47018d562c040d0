package web

import (
	"context"
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
		Series []dispatch.Series // the standing ones, each linked to its page
	}
	seniors := make([]senior, len(riders))
	for i, rd := range riders {
		seniors[i].Rider = rd
		if seniors[i].Series, err = s.standingSeries(r.Context(), rd.ID); err != nil {
			return err
		}
		for _, t := range trips {
			if t.RiderID == rd.ID {
				seniors[i].Trips = append(seniors[i].Trips, s.leg(t, places))
			}
		}
	}
	return s.render(w, http.StatusOK, "family", "", s.newView(r, "family_title", seniors))
}

// standingSeries are a senior's series that have not ended; without a
// series store, none.
func (s *server) standingSeries(ctx context.Context, riderID int64) ([]dispatch.Series, error) {
	st, ok := s.Store.(SeriesStore)
	if !ok {
		return nil, nil
	}
	all, err := st.RiderSeries(ctx, riderID)
	var out []dispatch.Series
	for _, sr := range all {
		if !sr.Ended {
			out = append(out, sr)
		}
	}
	return out, err
}
