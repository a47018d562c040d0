package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// shuttleView is one weekly shopping ride with its place, subscribers and
// the runs ahead.
type shuttleView struct {
	dispatch.Shuttle
	Place       string
	Subscribers []dispatch.Subscriber
	Runs        []dispatch.ShuttleRun
	// Candidates are the riders who may be added: not those riding already.
	Candidates []dispatch.Rider
}

// shuttles lists the weekly rides with who rides, who skips which date and
// the planned runs, with forms to subscribe, skip and unsubscribe.
func (s *server) shuttles(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := s.Now().In(s.Location).Format(time.DateOnly)
	list, err := s.Store.Shuttles(ctx)
	if err != nil {
		return err
	}
	places, err := s.placeNames(ctx)
	if err != nil {
		return err
	}
	views := make([]shuttleView, len(list))
	for i, sh := range list {
		views[i].Shuttle = sh
		if views[i].Place, err = placeName(ctx, s.Store, places, sh.PlaceID); err != nil {
			return err
		}
		if views[i].Subscribers, err = s.Store.ShuttleSubscribers(ctx, sh.ID, today); err != nil {
			return err
		}
		if views[i].Runs, err = s.Store.ShuttleRuns(ctx, sh.ID, today); err != nil {
			return err
		}
	}
	riders, err := s.Store.SearchRiders(ctx, dispatch.RiderFilter{Limit: 200})
	if err != nil {
		return err
	}
	for i := range views {
		views[i].Candidates = notSubscribed(riders, views[i].Subscribers)
	}
	return s.render(w, http.StatusOK, "shuttles", "", s.newView(r, "shuttles_title",
		map[string]any{"Shuttles": views, "Done": shuttleDone(r, riders)}))
}

// notSubscribed are the riders not among subs.
func notSubscribed(riders []dispatch.Rider, subs []dispatch.Subscriber) []dispatch.Rider {
	in := map[int64]bool{}
	for _, sub := range subs {
		in[sub.RiderID] = true
	}
	var out []dispatch.Rider
	for _, rd := range riders {
		if !in[rd.ID] {
			out = append(out, rd)
		}
	}
	return out
}

// shuttleDone is the confirmation of the change just saved (?done=...&rider=),
// with the rider's name, or nil.
func shuttleDone(r *http.Request, riders []dispatch.Rider) map[string]string {
	done := r.URL.Query().Get("done")
	if done != "subscribed" && done != "skipped" && done != "unsubscribed" {
		return nil
	}
	id, _ := strconv.ParseInt(r.URL.Query().Get("rider"), 10, 64)
	for _, rd := range riders {
		if rd.ID == id {
			return map[string]string{"What": done, "Name": rd.FirstName + " " + rd.LastName}
		}
	}
	return map[string]string{"What": done}
}

// savedShuttle goes back to the shopping rides with the confirmation of
// what was saved, at the ride it was saved for.
func savedShuttle(w http.ResponseWriter, r *http.Request, what string, sid, rid int64) error {
	return redirect(w, r, fmt.Sprintf("/shuttles?done=%s&rider=%d#sh-%d", what, rid, sid))
}

// shuttleForm reads the shuttle of the path (not found when it is no id)
// and the rider of the form.
func (s *server) shuttleForm(r *http.Request) (int64, int64, error) {
	sid, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	rid, err := strconv.ParseInt(r.PostFormValue("rider"), 10, 64)
	if err != nil {
		return 0, 0, dispatch.Errorf(dispatch.CodeInvalid, "choose a rider")
	}
	return sid, rid, nil
}

func (s *server) subscribe(w http.ResponseWriter, r *http.Request) error {
	sid, rid, err := s.shuttleForm(r)
	if err != nil {
		return err
	}
	from := s.Now().In(s.Location).Format(time.DateOnly)
	if err := s.Store.Subscribe(r.Context(), actorOf(r), dispatch.Subscription{ShuttleID: sid, RiderID: rid, From: from}); err != nil {
		return err
	}
	return savedShuttle(w, r, "subscribed", sid, rid)
}

func (s *server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	sid, rid, err := s.shuttleForm(r)
	if err != nil {
		return err
	}
	// The button on the list only asks; the question's page confirms.
	if r.PostFormValue("confirm") != "yes" {
		return redirect(w, r, fmt.Sprintf("/shuttles/%d/unsubscribe?rider=%d", sid, rid))
	}
	from := s.Now().In(s.Location).Format(time.DateOnly)
	if err := s.Store.Unsubscribe(r.Context(), actorOf(r), sid, rid, from); err != nil {
		return err
	}
	return savedShuttle(w, r, "unsubscribed", sid, rid)
}

func (s *server) skip(w http.ResponseWriter, r *http.Request) error {
	sid, rid, err := s.shuttleForm(r)
	if err != nil {
		return err
	}
	date := r.PostFormValue("date")
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return dispatch.Errorf(dispatch.CodeInvalid, "choose a date")
	}
	if err := s.Store.Skip(r.Context(), actorOf(r), sid, rid, date); err != nil {
		return err
	}
	return savedShuttle(w, r, "skipped", sid, rid)
}

// placeName names a place from the names of the active places, asking the
// store only for one taken out of use since (and remembering it); a place
// that is gone has no name.
func placeName(ctx context.Context, st Store, names map[int64]string, id int64) (string, error) {
	if name, ok := names[id]; ok {
		return name, nil
	}
	p, err := st.Place(ctx, id)
	if dispatch.ErrorCode(err) == dispatch.CodeNotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	names[id] = p.Name
	return p.Name, nil
}

// unsubscribePage asks whether the rider really leaves the shopping ride:
// a wrong click would silently drop a senior from their weekly ride.
func (s *server) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.URL.Query().Get("rider"), 10, 64)
	if err != nil {
		return errNotFound
	}
	sh, err := s.Store.Shuttle(r.Context(), sid)
	if err != nil {
		return err
	}
	rd, err := s.Store.Rider(r.Context(), rid)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "shuttle_unsubscribe", "", s.newView(r, "shuttle_unsubscribe_title",
		map[string]any{"Shuttle": sh, "Rider": rd}))
}
