package web

import "testing"

func TestTemplatesParse(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"login", "invite", "intake", "book", "trip", "family", "board", "shuttles", "people",
		"driver_detail", "messages", "driver", "error",
		"rider", "driver_form", "places", "place", "shuttle_new"} {
		if pages[p] == nil {
			t.Errorf("page %s missing", p)
		}
	}
}
