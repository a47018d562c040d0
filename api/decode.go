package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// decode reads a JSON body into v strictly: unknown fields, wrong types,
// trailing data and bodies over the size limit are the client's error,
// never a 500.
func (s *server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	return decodeJSON(r.Body, v)
}

// decodeJSON is decode without the size limit, for the fuzz tests.
func decodeJSON(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			return dispatch.Errorf(dispatch.CodeMalformed, "the body holds more than one JSON value")
		}
		if field := unstorable(reflect.ValueOf(v), ""); field != "" {
			return &dispatch.Error{Code: dispatch.CodeInvalid, Message: "the input is not valid",
				Fields: []dispatch.FieldError{{Field: field, Message: "must not contain NUL characters"}}}
		}
		return nil
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var timeErr *time.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return dispatch.Errorf(dispatch.CodeMalformed, "the body is empty; JSON expected")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return dispatch.Errorf(dispatch.CodeMalformed, "the body is not valid JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return &dispatch.Error{Code: dispatch.CodeMalformed, Message: "a field has the wrong type",
			Fields: []dispatch.FieldError{{Field: field, Message: "must be " + jsonType(typ.Type.Kind().String())}}}
	case errors.As(err, &timeErr):
		return dispatch.Errorf(dispatch.CodeMalformed, "a time is not in RFC 3339 form with an offset (2026-11-25T10:00:00+01:00)")
	}
	var unknown string
	if _, scanErr := fmt.Sscanf(err.Error(), "json: unknown field %q", &unknown); scanErr == nil {
		return &dispatch.Error{Code: dispatch.CodeMalformed, Message: "the body has a field this request does not know",
			Fields: []dispatch.FieldError{{Field: unknown, Message: "is not a field of this request"}}}
	}
	return readError(err)
}

// readError is the answer to a body that could not be read: too large, or
// broken off.
func readError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return dispatch.Errorf(dispatch.CodeTooLarge, "the body is larger than %d bytes", tooLarge.Limit)
	}
	return dispatch.Wrap(dispatch.CodeMalformed, err, "the body could not be read as this request")
}

// jsonType names a Go kind as JSON calls it.
func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "int", "int64", "int32", "int16", "int8", "uint", "uint64", "uint32", "uint16", "uint8":
		return "a whole number"
	case "float64", "float32":
		return "a number"
	}
	return "of another type"
}

// pathID reads a numeric path parameter; anything else is not found, since
// no such resource exists.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, dispatch.Errorf(dispatch.CodeNotFound, "not found")
	}
	return id, nil
}

// query reads the query parameters a list endpoint knows into the field
// errors of one answer.
type query struct {
	r  *http.Request
	fe dispatch.Fields
}

func (q *query) int(name string, def, min, max int64) int64 {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		q.fe.Add(name, "must be a whole number from %d to %d", min, max)
	}
	return n
}

// text reads a free-text parameter, such as a search.
func (q *query) text(name string) string {
	v := q.r.URL.Query().Get(name)
	if len(v) > 100 || !dispatch.Storable(v) {
		q.fe.Add(name, "must be at most 100 characters of valid UTF-8")
	}
	return v
}

func (q *query) date(name string, required bool) string {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		if required {
			q.fe.Add(name, "is required (YYYY-MM-DD)")
		}
		return ""
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		q.fe.Add(name, "must be a date (YYYY-MM-DD)")
	}
	return v
}

func (q *query) oneOf(name string, values ...string) string {
	v := q.r.URL.Query().Get(name)
	if v == "" {
		return ""
	}
	for _, ok := range values {
		if v == ok {
			return v
		}
	}
	q.fe.Add(name, "must be one of %v", values)
	return v
}

// err ends reading: bad query parameters are a malformed request.
func (q *query) err() error {
	if len(q.fe) == 0 {
		return nil
	}
	return &dispatch.Error{Code: dispatch.CodeMalformed, Message: "a query parameter is not valid", Fields: q.fe}
}

// page is one page of a listing; NextOffset is there when there may be
// more. A limit of 0 is a listing without pages.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextOffset *int64 `json:"next_offset,omitempty"`
}

func newPage[T any](items []T, offset, limit int64) page[T] {
	p := page[T]{Items: items}
	if p.Items == nil {
		p.Items = []T{}
	}
	if limit > 0 && int64(len(items)) == limit {
		next := offset + limit
		p.NextOffset = &next
	}
	return p
}

// set copies an optional input field over the current value and notes its
// name for the audit log; one helper for the partial updates of all kinds.
func set[T any](dst *T, src *T, name string, changed *[]string) {
	if src != nil {
		*dst = *src
		*changed = append(*changed, name)
	}
}
