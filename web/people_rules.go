package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// PeopleRulesStore is what the coordinators' pages show and change of the
// pairing rules ("not with") and the volunteers' documents (issue 15).
// Without it the sections are not shown.
type PeopleRulesStore interface {
	Incompatibilities(ctx context.Context, riderID, driverID int64) ([]dispatch.Incompatibility, error)
	AddIncompatibility(ctx context.Context, actor dispatch.Actor, inc dispatch.Incompatibility) error
	RemoveIncompatibility(ctx context.Context, actor dispatch.Actor, riderID, driverID int64) error
	Documents(ctx context.Context, driverID int64) ([]dispatch.DriverDocument, error)
	SetDocument(ctx context.Context, actor dispatch.Actor, doc dispatch.DriverDocument) error
	ExpiringDocuments(ctx context.Context) ([]dispatch.DriverDocument, error)
}

// peopleRules is a senior's or a driver's pairing rules, a driver's
// documents, a senior's series, and the people to choose a pair from.
type peopleRules struct {
	Incompat  []dispatch.Incompatibility
	Documents []dispatch.DriverDocument
	Series    []dispatch.Series
	Riders    []dispatch.Rider
	Drivers   []dispatch.Driver
	DocKinds  []string
	Today     string
}

// riderPageData is the senior's page: the rider (its fields are the
// page's .Data) and the rules around them.
type riderPageData struct {
	dispatch.Rider
	Rules *peopleRules
}

func init() {
	// rulesOf gives the rider page its rules when it has them (not when
	// the form is shown again with errors).
	funcs["rulesOf"] = func(data any) *peopleRules {
		if p, ok := data.(riderPageData); ok {
			return p.Rules
		}
		return nil
	}
	// riderOf is the rider of the page's data, either shape.
	funcs["riderOf"] = func(data any) dispatch.Rider {
		if p, ok := data.(riderPageData); ok {
			return p.Rider
		}
		r, _ := data.(dispatch.Rider)
		return r
	}
}

// driverRules loads a driver's pairing rules and documents, and the
// seniors to pair with; nil without a PeopleRulesStore.
func (s *server) driverRules(r *http.Request, driverID int64) (*peopleRules, error) {
	st, ok := s.Store.(PeopleRulesStore)
	if !ok {
		return nil, nil
	}
	p := &peopleRules{DocKinds: []string{dispatch.DocLicenceCheck, dispatch.DocPoliceCertificate, dispatch.DocInsurance},
		Today: s.Now().In(s.Location).Format(time.DateOnly)}
	var err error
	if p.Incompat, err = st.Incompatibilities(r.Context(), 0, driverID); err != nil {
		return nil, err
	}
	if p.Documents, err = st.Documents(r.Context(), driverID); err != nil {
		return nil, err
	}
	p.Riders, err = s.Store.SearchRiders(r.Context(), dispatch.RiderFilter{Limit: 500})
	return p, err
}

// riderPage is the senior's page: the form, their series and the drivers
// they are not to ride with.
func (s *server) riderPage(w http.ResponseWriter, r *http.Request) error {
	f := s.riderEdit()
	rec, err := byPath(s.Store.Rider)(r)
	if err != nil {
		return err
	}
	data := riderPageData{Rider: rec}
	if st, ok := s.Store.(PeopleRulesStore); ok {
		data.Rules = &peopleRules{}
		if data.Rules.Incompat, err = st.Incompatibilities(r.Context(), rec.ID, 0); err != nil {
			return err
		}
		if data.Rules.Drivers, err = s.Store.Drivers(r.Context(), false); err != nil {
			return err
		}
		if ss, ok := s.Store.(SeriesStore); ok {
			if data.Rules.Series, err = ss.RiderSeries(r.Context(), rec.ID); err != nil {
				return err
			}
		}
	}
	v := s.newView(r, f.title, data)
	v.Form.Values = riderValues(rec)
	return s.render(w, http.StatusOK, f.page, "", v)
}

// changeIncompat adds (or with remove, lifts) a "not with" pair from the
// driver's page (side "drivers") or the senior's ("riders").
func (s *server) changeIncompat(side string, remove bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st, ok := s.Store.(PeopleRulesStore)
		id, err := pathID(r)
		if !ok || err != nil {
			return errNotFound
		}
		other, _ := strconv.ParseInt(r.PostFormValue("other"), 10, 64)
		inc := dispatch.Incompatibility{RiderID: other, DriverID: id, RefusedBy: r.PostFormValue("refused_by"),
			Note: strings.TrimSpace(r.PostFormValue("note"))}
		if side == "riders" {
			inc.RiderID, inc.DriverID = id, other
		}
		if remove {
			err = st.RemoveIncompatibility(r.Context(), actorOf(r), inc.RiderID, inc.DriverID)
		} else {
			err = st.AddIncompatibility(r.Context(), actorOf(r), inc)
		}
		if err != nil {
			return err
		}
		return redirect(w, r, "/people/"+side+"/"+chi.URLParam(r, "id")+"#h-incompat")
	}
}

// setDocument records a driver's document with its dates (TT.MM.JJJJ).
func (s *server) setDocument(w http.ResponseWriter, r *http.Request) error {
	st, ok := s.Store.(PeopleRulesStore)
	id, err := pathID(r)
	if !ok || err != nil {
		return errNotFound
	}
	today := s.Now().In(s.Location)
	doc := dispatch.DriverDocument{DriverID: id, Kind: r.PostFormValue("kind"), Required: r.PostFormValue("required") != ""}
	var fe dispatch.Fields
	if v := strings.TrimSpace(r.PostFormValue("checked_on")); v != "" {
		d, ok := parseDate(v, today)
		if !ok {
			fe.Add("checked_on", "must be a date DD.MM.YYYY")
		}
		doc.CheckedOn = d.Format(time.DateOnly)
	}
	exp, ok := parseDate(r.PostFormValue("expires_on"), today)
	if !ok {
		fe.Add("expires_on", "must be a date DD.MM.YYYY")
	}
	doc.ExpiresOn = exp.Format(time.DateOnly)
	if err := fe.Err(); err != nil {
		return err
	}
	if err := st.SetDocument(r.Context(), actorOf(r), doc); err != nil {
		return err
	}
	return redirect(w, r, "/people/drivers/"+chi.URLParam(r, "id")+"#h-docs")
}

// expiringDocuments lists what expires within the warning time, for
// /people; nil without a PeopleRulesStore.
func (s *server) expiringDocuments(ctx context.Context) ([]dispatch.DriverDocument, error) {
	st, ok := s.Store.(PeopleRulesStore)
	if !ok {
		return nil, nil
	}
	return st.ExpiringDocuments(ctx)
}
