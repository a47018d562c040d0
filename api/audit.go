package api

import "net/http"

// audit answers GET /audit?entity=&id=: who changed what and when.
func (s *server) audit(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	entity := q.oneOf("entity", "rider", "driver", "place", "trip", "shuttle", "account")
	id := q.int("id", 0, 1, 1<<62)
	limit := q.int("limit", 100, 1, 500)
	if err := q.err(); err != nil {
		return err
	}
	entries, err := s.Store.Audit(r.Context(), entity, id, int(limit))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newPage(entries, 0, 0))
	return nil
}
