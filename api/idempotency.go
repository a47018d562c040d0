package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// idempotencyWait is how long a retry waits for the first request with its
// key to finish before it is told to come back.
const idempotencyWait = 10 * time.Second

// idempotent serves a POST at most once per Idempotency-Key and account: a
// retry with the same body gets the first answer again, a different body
// under the same key is refused. Concurrent retries wait for the first.
func (s *server) idempotent(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			return next(w, r)
		}
		if len(key) > 200 || !dispatch.Storable(key) {
			return &dispatch.Error{Code: dispatch.CodeMalformed, Message: "the Idempotency-Key is not valid",
				Fields: []dispatch.FieldError{{Field: "Idempotency-Key", Message: "must be at most 200 characters of valid UTF-8"}}}
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.MaxBody))
		if err != nil {
			return readError(err)
		}
		h := sha256.New()
		io.WriteString(h, r.Method+" "+r.URL.Path+"\n")
		h.Write(body)
		acc := account(r).ID
		c := &dispatch.IdempotencyClaim{AccountID: acc, Key: key, Hash: h.Sum(nil)}
		prior, err := s.claim(r, c)
		if err != nil {
			return err
		}
		if prior != nil {
			w.Header().Set("Idempotent-Replayed", "true")
			writeRaw(w, prior.Status, prior.Body)
			return nil
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &recorder{header: http.Header{}}
		// The key's state is written even when the client has gone: the
		// retry must find its answer.
		ctx := context.WithoutCancel(r.Context())
		if err := next(rec, r.WithContext(dispatch.WithIdempotencyClaim(r.Context(), c))); err != nil {
			if code := dispatch.ErrorCode(err); code == dispatch.CodeUnavailable || code == dispatch.CodeInternal {
				s.Store.ReleaseIdempotencyKey(ctx, acc, key)
				return err
			}
			writeError(rec, r, s.log, err)
		}
		// A write kept its answer in its own transaction; what is left to
		// keep are refusals, which wrote nothing.
		if !c.Kept() {
			if err := s.Store.SaveIdempotentResponse(ctx, acc, key,
				dispatch.IdempotentResponse{Status: rec.status, Body: rec.body.Bytes()}); err != nil {
				return err
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		return nil
	}
}

// keepAnswer has the store keep the answer to the request's
// Idempotency-Key in the transaction of its write: status and the JSON of
// shape(result), byte for byte what writeJSON sends. Without a key it does
// nothing.
func keepAnswer[T any](r *http.Request, status int, shape func(T) any) {
	c := dispatch.IdempotencyClaimOf(r.Context())
	if c == nil {
		return
	}
	c.Answer = func(result any) (dispatch.IdempotentResponse, error) {
		v, ok := result.(T)
		if !ok {
			return dispatch.IdempotentResponse{}, fmt.Errorf("idempotent answer: the write gave %T, not %T", result, v)
		}
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(shape(v)); err != nil {
			return dispatch.IdempotentResponse{}, err
		}
		return dispatch.IdempotentResponse{Status: status, Body: buf.Bytes()}, nil
	}
}

// claim takes the key, or returns the kept answer, waiting while another
// request with the key is being served.
func (s *server) claim(r *http.Request, c *dispatch.IdempotencyClaim) (*dispatch.IdempotentResponse, error) {
	deadline := time.Now().Add(idempotencyWait)
	for {
		prior, err := s.Store.ClaimIdempotencyKey(r.Context(), c.AccountID, c.Key, c.Hash)
		if err != nil || prior == nil || prior.Status != 0 {
			return prior, err
		}
		if time.Now().After(deadline) {
			return nil, dispatch.Errorf(dispatch.CodeConflict, "a request with this Idempotency-Key is still being served; retry later")
		}
		select {
		case <-r.Context().Done():
			return nil, dispatch.Wrap(dispatch.CodeUnavailable, r.Context().Err(), "the request was cancelled")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// writeRaw replays a kept answer: JSON, or a problem document for errors.
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	if status >= 400 {
		w.Header().Set("Content-Type", "application/problem+json")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	w.Write(body)
}

// recorder keeps a handler's answer so that it can be stored before it is
// sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
