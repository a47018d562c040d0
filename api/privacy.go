package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// mountPrivacy adds subject access (GDPR Art. 15) and erasure (Art. 17)
// for coordinators: GET /riders/{id}/export, POST /riders/{id}/erase, and
// the same under /drivers and /accounts. Without Deps.Privacy they answer
// 503.
func (s *server) mountPrivacy(r chi.Router) {
	for path, kind := range map[string]string{"/riders": dispatch.SubjectRider, "/drivers": dispatch.SubjectDriver,
		"/accounts": dispatch.SubjectAccount} {
		r.Get(path+"/{id}/export", s.handle(s.exportSubject(kind)))
		r.Post(path+"/{id}/erase", s.handle(s.eraseSubject(kind)))
	}
}

// exportSubject answers everything stored about one person; the export is
// audited by the store.
func (s *server) exportSubject(kind string) handlerFunc {
	return s.subjectAction(kind, func(w http.ResponseWriter, r *http.Request, id int64) (any, error) {
		exp, err := s.Privacy.ExportSubject(r.Context(), actor(r), kind, id)
		if err == nil {
			w.Header().Set("Cache-Control", "no-store")
		}
		return exp, err
	})
}

// eraseSubject erases one person at once; a ride of theirs under way today
// is a conflict that says so.
func (s *server) eraseSubject(kind string) handlerFunc {
	return s.subjectAction(kind, func(_ http.ResponseWriter, r *http.Request, id int64) (any, error) {
		return s.Privacy.EraseSubject(r.Context(), actor(r), kind, id)
	})
}

// subjectAction is the shape both privacy routes share: 503 without
// Deps.Privacy, the person's id from the path, and do's answer as JSON, so
// that export and erasure cannot drift apart in how they check and answer.
func (s *server) subjectAction(kind string, do func(http.ResponseWriter, *http.Request, int64) (any, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Privacy == nil {
			return errNotWired
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		res, err := do(w, r, id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, res)
		return nil
	}
}
