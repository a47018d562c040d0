package web

import "net/http"

// favicon serves the embedded icon at the address every browser asks for
// on every page; without it each page view logged a 404.
func favicon(w http.ResponseWriter, r *http.Request) {
	b, err := files.ReadFile("static/favicon.ico")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/x-icon")
	w.Header().Set("Cache-Control", "public, max-age=604800")
	_, _ = w.Write(b)
}
