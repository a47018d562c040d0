package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// mountPrivacy adds the data-protection pages for coordinators: the record
// of processing, and per person the subject access export (GDPR Art. 15)
// and the erasure (Art. 17).
func (s *server) mountPrivacy(r chi.Router) {
	r.Get("/privacy", s.handle(s.processingRecord))
	r.Get("/privacy/{kind}/{id}", s.handle(s.subjectPage))
	r.Get("/privacy/{kind}/{id}/export", s.handle(s.subjectExport))
	r.Get("/privacy/{kind}/{id}/export.json", s.handle(s.subjectExportJSON))
	r.Post("/privacy/{kind}/{id}/erase", s.handle(s.eraseSubject))
}

// subjectRef is the person a privacy page is about, with a name to show.
type subjectRef struct {
	Kind   string
	ID     int64
	Name   string
	Erased bool
	Back   string
}

// Path is the person's privacy page.
func (p subjectRef) Path() string { return fmt.Sprintf("/privacy/%s/%d", p.Kind, p.ID) }

// subjectOf reads the person of the path: a senior, a driver or a
// relative's account; anything else is not found.
func (s *server) subjectOf(r *http.Request) (subjectRef, error) {
	kind := chi.URLParam(r, "kind")
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 || !dispatch.ValidSubject(kind) {
		return subjectRef{}, errNotFound
	}
	p := subjectRef{Kind: kind, ID: id}
	switch kind {
	case dispatch.SubjectRider:
		rd, err := s.Store.Rider(r.Context(), id)
		if err != nil {
			return p, err
		}
		p.Name, p.Erased, p.Back = rd.FirstName+" "+rd.LastName, !rd.Active && rd.Street == "" && rd.Phone == "", fmt.Sprintf("/people/riders/%d", id)
	case dispatch.SubjectDriver:
		d, err := s.Store.Driver(r.Context(), id)
		if err != nil {
			return p, err
		}
		p.Name, p.Erased, p.Back = d.FirstName+" "+d.LastName, !d.Active && d.Phone == "", fmt.Sprintf("/people/drivers/%d", id)
	default:
		as, err := s.Store.Relatives(r.Context())
		if err != nil {
			return p, err
		}
		for _, a := range as {
			if a.ID == id {
				p.Name, p.Erased, p.Back = a.Name+" ("+a.Email+")", !a.Active && a.Name == "", "/people#relatives"
				return p, nil
			}
		}
		return p, errNotFound
	}
	return p, nil
}

// subjectPage offers the export and the erasure of one person.
func (s *server) subjectPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.subjectOf(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "privacy_subject_title", map[string]any{"Person": p, "Erased": r.URL.Query().Get("erased")})
	return s.render(w, http.StatusOK, "privacy_subject", "", v)
}

// exportSection is one table of an export as the printable page shows it:
// each row a list of column and value, in column order.
type exportSection struct {
	Name string
	Rows [][][2]string
}

// subjectExport shows everything stored about the person as a page to
// print; producing it is recorded in the audit log.
func (s *server) subjectExport(w http.ResponseWriter, r *http.Request) error {
	p, exp, err := s.exportOf(r)
	if err != nil {
		return err
	}
	profile, _ := json.Marshal(exp.Profile)
	sections := []exportSection{{Name: "profile", Rows: [][][2]string{columns(profile)}}}
	names := make([]string, 0, len(exp.Tables))
	for n := range exp.Tables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sec := exportSection{Name: n}
		for _, row := range exp.Tables[n] {
			sec.Rows = append(sec.Rows, columns(row))
		}
		sections = append(sections, sec)
	}
	v := s.newView(r, "privacy_export_title", map[string]any{"Person": p, "Sections": sections,
		"At": exp.GeneratedAt.In(s.Location).Format("02.01.2006 15:04")})
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "privacy_export", "", v)
}

// exportOf produces the export of the person the path names, for the page
// and the file alike; the store records it in the audit log.
func (s *server) exportOf(r *http.Request) (subjectRef, dispatch.SubjectExport, error) {
	p, err := s.subjectOf(r)
	if err != nil {
		return p, dispatch.SubjectExport{}, err
	}
	exp, err := s.Store.ExportSubject(r.Context(), actorOf(r), p.Kind, p.ID)
	return p, exp, err
}

// columns turns a JSON object into its columns and values, by column name;
// values are shown as JSON would write them, without quotes for text.
func columns(raw []byte) [][2]string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	out := make([][2]string, 0, len(m))
	for k, v := range m {
		var text string
		if json.Unmarshal(v, &text) != nil {
			text = string(v)
		}
		out = append(out, [2]string{k, text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// subjectExportJSON sends the export as a file; recorded like the page.
func (s *server) subjectExportJSON(w http.ResponseWriter, r *http.Request) error {
	p, exp, err := s.exportOf(r)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(exp, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="auskunft-%s-%d.json"`, p.Kind, p.ID))
	_, err = w.Write(b)
	return err
}

// eraseSubject erases the person once the coordinator has ticked the
// confirmation; a refusal (a ride under way) is shown on the page with
// its reason.
func (s *server) eraseSubject(w http.ResponseWriter, r *http.Request) error {
	p, err := s.subjectOf(r)
	if err != nil {
		return err
	}
	v := s.newView(r, "privacy_subject_title", map[string]any{"Person": p})
	if r.PostFormValue("confirm") != "yes" {
		v.Form.Errors["confirm"] = v.T["privacy_erase_confirm_missing"]
		return s.render(w, http.StatusBadRequest, "privacy_subject", "", v)
	}
	res, err := s.Store.EraseSubject(r.Context(), actorOf(r), p.Kind, p.ID)
	var de *dispatch.Error
	if errors.As(err, &de) && de.Rule == dispatch.RuleRideInProgress {
		v.Form.Errors["form"] = v.T["conflict_ride_in_progress"]
		return s.render(w, http.StatusConflict, "privacy_subject", "", v)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("%s?erased=%d", p.Path(), len(res.CancelledTrips)+len(res.ReleasedRides)))
}

// processingRecord is the record of processing activities (GDPR Art. 30)
// for the agency's data-protection officer: what is stored, why, how long
// (from the configuration) and who sees it.
func (s *server) processingRecord(w http.ResponseWriter, r *http.Request) error {
	p := s.Retention
	if p == (dispatch.RetentionPolicy{}) {
		p = dispatch.DefaultRetention
	}
	return s.render(w, http.StatusOK, "privacy", "", s.newView(r, "privacy_title", map[string]any{
		"Retention": p, "Rows": []string{"riders", "trips", "relatives", "drivers", "messages", "audit", "signins"}}))
}
