package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// fieldView is one labelled input with its hint and error, for the "input"
// partial; every input of every form goes through it, so that labels,
// hints, errors and aria attributes are right everywhere.
type fieldView struct {
	Name, Label, Type, Value, Hint, Err, List, Mode, Autocomplete string
	Autofocus                                                     bool
}

// Describedby links the input to its hint and error for screen readers.
func (f fieldView) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "h-"+f.Name)
	}
	if f.Err != "" {
		ids = append(ids, "e-"+f.Name)
	}
	return strings.Join(ids, " ")
}

// field builds a fieldView from the view: name, label key, input type and
// options "autofocus", "hint=KEY", "list=ID", "mode=MODE", "ac=VALUE".
func field(v view, name, label, typ string, opts ...string) fieldView {
	f := fieldView{Name: name, Label: v.T[label], Type: typ, Value: v.Form.Get(name), Err: v.Form.Err(name), Autocomplete: "off",
		Autofocus: v.Form.Get(focusField) == name}
	for _, o := range opts {
		k, val, _ := strings.Cut(o, "=")
		switch k {
		case "autofocus":
			// After an error the focus belongs to the field at fault.
			f.Autofocus = len(v.Form.Errors) == 0
		case "hint":
			f.Hint = exampleDate(v.T[val], v.Now)
		case "list":
			f.List = val
		case "mode":
			f.Mode = val
		case "ac":
			f.Autocomplete = val
		}
	}
	if f.Err != "" && v.focused != nil && !*v.focused {
		f.Autofocus, *v.focused = true, true
	}
	return f
}

// choiceView is a group of radio buttons or checkboxes with a legend.
type choiceView struct {
	Name, Legend, Err, Type string
	Options                 []choice
}

type choice struct {
	Name, Value, Label string
	Checked            bool
}

// radios builds a radio group: options are "value:label key".
func radios(v view, name, legend string, opts ...string) choiceView {
	c := choiceView{Name: name, Legend: v.T[legend], Err: v.Form.Err(name), Type: "radio"}
	for _, o := range opts {
		val, key, _ := strings.Cut(o, ":")
		c.Options = append(c.Options, choice{Name: name, Value: val, Label: v.T[key], Checked: v.Form.Get(name) == val})
	}
	return c
}

// checks builds a group of checkboxes: options are "name:label key".
func checks(v view, legend string, opts ...string) choiceView {
	c := choiceView{Name: legend, Legend: v.T[legend], Type: "checkbox"}
	for _, o := range opts {
		name, key, _ := strings.Cut(o, ":")
		c.Options = append(c.Options, choice{Name: name, Value: "on", Label: v.T[key], Checked: v.Form.Get(name) != ""})
	}
	return c
}

// selectView is a labelled drop-down list with its error.
type selectView struct {
	Name, Label, Err string
	Options          []choice
}

// options builds a drop-down list: options are "value:label key"; the
// first is chosen when nothing else is.
func options(v view, name, label string, opts ...string) selectView {
	s := selectView{Name: name, Label: v.T[label], Err: v.Form.Err(name)}
	for _, o := range opts {
		val, key, _ := strings.Cut(o, ":")
		s.Options = append(s.Options, choice{Value: val, Label: v.T[key], Checked: v.Form.Get(name) == val})
	}
	return s
}

// placeOptions is a drop-down list of places, after an empty choice that
// asks to pick one, so that nobody saves the first place by mistake.
func placeOptions(v view, name, label string, places []dispatch.Place) selectView {
	s := selectView{Name: name, Label: v.T[label], Err: v.Form.Err(name), Options: []choice{{Label: v.T["choose"]}}}
	for _, p := range places {
		id := strconv.FormatInt(p.ID, 10)
		s.Options = append(s.Options, choice{Value: id, Label: p.Name + ", " + p.City, Checked: v.Form.Get(name) == id})
	}
	return s
}

// assignView is the small form that puts one trip on a driver.
type assignView struct {
	V       view
	Trip    int64
	Current int64
	Drivers any
}

func assignArgs(v view, trip, current int64) assignView {
	a := assignView{V: v, Trip: trip, Current: current}
	if d, ok := v.Data.(boardData); ok {
		a.Drivers = d.Drivers
	}
	return a
}

func init() {
	funcs["field"] = field
	funcs["radios"] = radios
	funcs["checks"] = checks
	funcs["options"] = options
	funcs["placeOptions"] = placeOptions
	funcs["assign"] = assignArgs
	funcs["dict"] = dict
	funcs["tel"] = tel
}

// dict passes several values to a partial template.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}

// tel is a tel: link of a phone number, keeping only what a number has, so
// that the link is safe to mark as trusted.
func tel(phone string) template.URL {
	var b strings.Builder
	for _, c := range phone {
		if c == '+' || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	return template.URL("tel:" + b.String())
}
