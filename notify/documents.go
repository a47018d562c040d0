package notify

import "time"

// KindDocumentReminder reminds a volunteer that a document (licence check,
// police certificate, insurance) expires soon: without it they are not
// planned.
const KindDocumentReminder MessageKind = "document_reminder"

// documentTexts are the words of the document reminder in one language;
// texts_de.go and texts_en.go fill one each.
type documentTexts struct {
	names    map[string]string // document kind → name
	reminder func(v *vars) string
}

func (t *Texts) documentCat(lang Lang) documentTexts {
	if lang == English {
		return documentTextsEN
	}
	return documentTextsDE
}

// DocumentReminder tells a driver by first name that a document of kind
// (dispatch.DocLicenceCheck ...) expires on a date, and whom to call.
func (t *Texts) DocumentReminder(lang Lang, firstName, kind string, expires time.Time) string {
	c, dc := t.cat(lang), t.documentCat(lang)
	v := t.base()
	v.Name = clean(firstName)
	v.Destination = dc.names[kind]
	if v.Destination == "" {
		v.Destination = clean(kind)
	}
	v.Day = c.day(expires.In(t.loc))
	return fit(dc.reminder, v)
}
