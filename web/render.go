package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// pageTemplate is one page: the layout, the shared partials and the page's
// own templates, parsed together.
type pageTemplate = template.Template

// parsePages parses every page once at start, so that a broken template
// stops the service at once instead of failing one request later.
func parsePages() (map[string]*pageTemplate, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*pageTemplate{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(files, n)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// funcs are the template helpers; times arrive already in the service's
// zone (see view.Clock) so that these stay pure.
var funcs = template.FuncMap{
	"join": strings.Join,
	"dmy":  displayDate,
	"state": func(t dispatch.Trip) string {
		switch {
		case t.Status == dispatch.TripCancelled || t.Status == dispatch.TripCompleted || t.Status == dispatch.TripOnCall:
			return t.Status
		case t.Assignment == nil:
			return "unassigned"
		}
		return t.Assignment.State
	},
	"driverName": func(t dispatch.Trip) string {
		if t.Assignment == nil {
			return ""
		}
		return t.Assignment.DriverName
	},
	"needs": func(n dispatch.Needs) []string {
		var out []string
		if n.Walker {
			out = append(out, "walker")
		}
		if n.Wheelchair {
			out = append(out, "wheelchair")
		}
		if n.NeedsEscort {
			out = append(out, "escort")
		}
		return out
	},
	"flag": flagText,
	"tr": func(t texts, key string) string {
		if v, ok := t[key]; ok {
			return v
		}
		return key
	},
}

// form is what a person typed and what was wrong with it, so that a page
// with an error shows everything as it was, with the error next to its
// field.
type form struct {
	Values url.Values
	Errors map[string]string
}

// Get is the typed value of a field.
func (f form) Get(name string) string { return f.Values.Get(name) }

// Err is the error text of a field, empty when it is fine.
func (f form) Err(name string) string { return f.Errors[name] }

// view is what every page template gets.
type view struct {
	T       texts
	Lang    string
	Account dispatch.Account
	CSRF    string
	Path    string
	Title   string
	Data    any
	Form    form
	Geo     geoView // the address search and map settings (geo.go)
}

// LoggedIn reports whether a person is logged in.
func (v view) LoggedIn() bool { return v.Account.ID != 0 }

// Coordinator reports whether the page is seen by a coordinator.
func (v view) Coordinator() bool { return v.Account.Role == dispatch.RoleCoordinator }

// newView fills what every page needs from the request.
func (s *server) newView(r *http.Request, titleKey string, data any) view {
	t := textsOf(r)
	v := view{T: t, Lang: langOf(r), Account: accountOf(r), Path: r.URL.Path, Title: t[titleKey], Data: data,
		Form: form{Values: url.Values{}, Errors: map[string]string{}}, Geo: s.geoView(r)}
	if tok := sessionToken(r); tok != "" {
		v.CSRF = s.csrfToken(tok)
	}
	return v
}

// render writes a page, or one named template of it (a fragment for live
// updates). It renders into a buffer first so that a template error is a
// clean 500, not half a page.
func (s *server) render(w http.ResponseWriter, status int, page, name string, v view) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	if name == "" {
		name = "layout"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// page is the handler of a page, or of a fragment of it that a script
// reloads, whose data load reads. Fragments are never cached, so that a
// live update shows the present.
func page[T any](s *server, name, fragment, title string, load func(*http.Request) (T, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := load(r)
		if err != nil {
			return err
		}
		if fragment != "" {
			w.Header().Set("Cache-Control", "no-store")
		}
		return s.render(w, http.StatusOK, name, fragment, s.newView(r, title, d))
	}
}

// errNotFound answers for anything the account may not see as for what
// does not exist, so that a relative learns nothing of others.
var errNotFound = dispatch.Errorf(dispatch.CodeNotFound, "not found")

// handlerFunc is a page handler that returns its error; handle answers it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle is the one adapter that turns errors into pages: not found and
// forbidden alike into 404 (a relative learns nothing of others), a form
// without its token into 403 (it tells nothing of anyone), a missing
// login into the login page, bad input and conflicts into a page that says
// what to do, anything else into a logged 500 without details.
func (s *server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := dispatch.ErrorCode(err)
		status, key := http.StatusInternalServerError, "error_internal"
		switch code {
		case dispatch.CodeUnauthorized:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case dispatch.CodeNotFound, dispatch.CodeForbidden:
			status, key = http.StatusNotFound, "error_not_found"
			if errors.Is(err, errFormToken) {
				status, key = http.StatusForbidden, "error_form_token"
			}
		case dispatch.CodeInvalid, dispatch.CodeMalformed, dispatch.CodeTooLarge:
			status, key = http.StatusBadRequest, "error_invalid"
		case dispatch.CodeConflict:
			status, key = http.StatusConflict, "error_conflict"
		case dispatch.CodeUnavailable:
			status, key = http.StatusServiceUnavailable, "error_unavailable"
			w.Header().Set("Retry-After", dispatch.RetryAfterSeconds)
		case dispatch.CodeRateLimited:
			status, key = http.StatusTooManyRequests, "login_rate_limited"
		}
		if status == http.StatusInternalServerError {
			// The route pattern, not the path: paths carry sign-in tokens
			// (/d/{token}, /invite/{token}) that must not reach the log.
			s.log.ErrorContext(r.Context(), "web", "route", chi.RouteContext(r.Context()).RoutePattern(), "err", err)
		}
		v := s.newView(r, "error_title", nil)
		v.Data = explain(v.T, err, key)
		if rerr := s.render(w, status, "error", "", v); rerr != nil {
			s.log.ErrorContext(r.Context(), "web render error page", "err", rerr)
			http.Error(w, v.T[key], status)
		}
	}
}

// explain says in the reader's language what went wrong: the broken rule
// of the data in its translation, else the general text of the error's
// kind.
func explain(t texts, err error, key string) string {
	var de *dispatch.Error
	if errors.As(err, &de) {
		if k, ok := conflictTexts[de.Rule]; ok {
			return t[k]
		}
	}
	return t[key]
}

// flagText says a trip's flag (a dispatch.Rule name, see
// dispatch/reasons.go) in the reader's language; a flag without a text of
// its own is "please check", never the raw value.
func flagText(t texts, flag string) string {
	if v, ok := t["flag_"+flag]; ok {
		return v
	}
	return t["flag_other"]
}

// conflictTexts are the text keys of the rules of the data.
var conflictTexts = map[dispatch.Rule]string{
	dispatch.RuleRiderOverlap:  "conflict_rider_overlap",
	dispatch.RuleDriverOverlap: "conflict_driver_overlap",
	dispatch.RuleAssigned:      "conflict_assigned",
	dispatch.RuleWheelchair:    "conflict_wheelchair",
	dispatch.RuleSeats:         "conflict_seats",
	dispatch.RuleEmailTaken:    "conflict_email",
	dispatch.RuleNotSubscribed: "conflict_not_subscribed",
	dispatch.RuleSubscribed:    "conflict_subscribed",
}

// headers sets the security headers of every page: no framing, no sniffing,
// scripts and styles from this server only, and no referrer, so that a
// driver's link never leaks to a map site.
func (s *server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", s.contentPolicy())
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// staticHandler serves the stylesheet and the script, cached for a day.
func staticHandler() http.Handler {
	fsys := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsys.ServeHTTP(w, r)
	})
}

// redirect answers a form with 303 See Other, so that reloading the next
// page does not send the form again.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
