package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// jobsBackLink is put into the job dashboard's page: River UI is a
// separate application with no way back to Fahrdienst, and coordinators
// reach it from the SMS log. The brand name reads the same in German and
// English.
const jobsBackLink = `<a href="/messages" style="position:fixed;left:1rem;bottom:1rem;z-index:2147483647;` +
	`background:#0b4fa8;color:#fff;padding:0.5rem 1rem;border-radius:0.3rem;font:600 16px system-ui,sans-serif;` +
	`text-decoration:underline">← Fahrdienst</a>`

// withBackLink adds jobsBackLink to the HTML pages of h (its index page;
// scripts, styles and the JSON API pass unchanged). The request asks for
// no compression, so that the page can be edited.
func withBackLink(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Accept-Encoding")
		bw := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(bw, r)
		body := bw.buf.Bytes()
		if strings.HasPrefix(bw.header.Get("Content-Type"), "text/html") {
			if i := bytes.LastIndex(body, []byte("</body>")); i >= 0 {
				body = append(append(append([]byte{}, body[:i]...), jobsBackLink...), body[i:]...)
				bw.header.Set("Content-Length", strconv.Itoa(len(body)))
			}
		}
		for k, v := range bw.header {
			w.Header()[k] = v
		}
		w.WriteHeader(bw.status)
		_, _ = w.Write(body)
	})
}

// bufferedWriter holds a response until the handler is done.
type bufferedWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer
	wrote  bool
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if !b.wrote {
		b.status, b.wrote = status, true
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wrote = true
	return b.buf.Write(p)
}
