package api

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// unstorable names the first string in a decoded body that PostgreSQL
// cannot store (a NUL; JSON decoding has already replaced broken UTF-8),
// as a dotted JSON path, or "". decodeJSON refuses such a body with a
// field error, so that no handler can pass the NUL on and fail with a 500.
func unstorable(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		return unstorable(v.Elem(), path)
	case reflect.String:
		if !dispatch.Storable(v.String()) {
			return path
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if p := unstorable(v.Field(i), join(path, name)); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if p := unstorable(v.Index(i), path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if p := unstorable(it.Value(), join(path, it.Key().String())); p != "" {
				return p
			}
		}
	}
	return ""
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
