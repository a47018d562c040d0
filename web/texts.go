package web

import (
	"net/http"
	"time"
)

// texts are the words of the pages in one language, by key.
type texts map[string]string

// langCookie remembers the chosen language, also before logging in.
const langCookie = "fahrdienst_lang"

// languages holds every text of the pages, one map per language; German
// is the default.
var languages = map[string]texts{"de": textsDE, "en": textsEN}

// langOf is the language of a request: the chosen one, else the account's,
// else German.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil {
		if _, ok := languages[c.Value]; ok {
			return c.Value
		}
	}
	if l := accountOf(r).Language; languages[l] != nil {
		return l
	}
	return "de"
}

func textsOf(r *http.Request) texts { return languages[langOf(r)] }

// setLanguage switches the language and goes back to the page.
func (s *server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if _, ok := languages[lang]; !ok {
		lang = "de"
	}
	s.setCookie(w, r, langCookie, lang, s.Now().Add(365*24*time.Hour))
	return redirect(w, r, safeNext(r.PostFormValue("back")))
}
