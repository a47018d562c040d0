package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

func riderBody(first, phone string) map[string]any {
	return map[string]any{"first_name": first, "last_name": "Becker", "phone": phone, "street": "Am Hang 3",
		"city": "Bitburg", "lat": 49.96, "lon": 6.51}
}

// Phone numbers are stored in E.164; a landline is fine for a senior and
// flagged, and then the senior is called rather than sent SMS.
func TestCreateRiderNormalisesPhone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var landline, mobile dispatch.Rider
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/riders", riderBody("Gerda", "0651 12345")).decode(t, &landline)
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/riders", riderBody("Hilde", "0171/1234567")).decode(t, &mobile)
	if landline.Phone != "+4965112345" || landline.PhoneMobile || landline.ContactPreference != "call" {
		t.Fatalf("landline: %+v", landline)
	}
	if mobile.Phone != "+491711234567" || !mobile.PhoneMobile || mobile.ContactPreference != "sms" {
		t.Fatalf("mobile: %+v", mobile)
	}
	r := e.want(http.StatusUnprocessableEntity, coordinator, "PATCH", fmt.Sprintf("/api/v1/riders/%d", landline.ID),
		map[string]any{"contact_preference": "sms"})
	wantField(t, r, "contact_preference")
	var changed dispatch.Rider
	e.want(http.StatusOK, coordinator, "PATCH", fmt.Sprintf("/api/v1/riders/%d", landline.ID),
		map[string]any{"phone": "+49 (0) 160 5555555", "contact_preference": "sms"}).decode(t, &changed)
	if changed.Phone != "+491605555555" || changed.FirstName != "Gerda" {
		t.Fatalf("changed: %+v", changed)
	}
	var audit struct{ Items []struct{ Action string } }
	e.want(http.StatusOK, coordinator, "GET", fmt.Sprintf("/api/v1/audit?entity=rider&id=%d", landline.ID), nil).decode(t, &audit)
	if len(audit.Items) != 2 || audit.Items[0].Action != "create" || audit.Items[1].Action != "update" {
		t.Fatalf("audit: %+v", audit)
	}
}

// Bad input is answered with 400, 413 or 422 and never a 500.
func TestRiderInputErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		body   any
		status int
		field  string
	}{
		{raw(`{"first_name": "Gerda",`), 400, ""},
		{raw(``), 400, ""},
		{raw(`{"first_name": "A"} {"x": 1}`), 400, ""},
		{raw(`{"first_name": 7}`), 400, "first_name"},
		{raw(`{"lat": "north"}`), 400, "lat"},
		{raw(`{"first_name": "A", "shoe_size": 38}`), 400, "shoe_size"},
		{raw(`[1, 2]`), 400, ""},
		{raw(`{"notes": "` + strings.Repeat("x", 70<<10) + `"}`), 413, ""},
		{riderBody("", "0651 12345"), 422, "first_name"},
		{riderBody("Gerda", "12"), 422, "phone"},
		{riderBody("Gerda", "0651 CALLME"), 422, "phone"},
		{map[string]any{"first_name": "Gerda", "last_name": "B", "street": "S", "city": "C", "lat": 0, "lon": 0}, 422, "lat"},
		{map[string]any{"first_name": "Gerda", "last_name": "B", "street": "S", "city": "C", "lat": 91, "lon": 6}, 422, "lat"},
		{invalid(map[string]any{"first_name": "Gerda", "last_name": "B", "street": "S", "city": "C", "lat": 49, "lon": 6,
			"language": "fr"}), 422, "language"},
	}
	for _, tt := range tests {
		r := e.want(tt.status, coordinator, "POST", "/api/v1/riders", tt.body)
		if tt.field != "" {
			wantField(t, r, tt.field)
		}
	}
	nul := riderBody("Ger\u0000da", "")
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/riders", invalid(nul)), "first_name")
	wantField(t, e.want(http.StatusBadRequest, coordinator, "GET", "/api/v1/riders?q=%FF%00", raw("")), "q")
	wantField(t, e.want(http.StatusBadRequest, relative, "GET", "/api/v1/places?q=%00", raw("")), "q")
	wantField(t, e.want(http.StatusBadRequest, coordinator, "POST", "/api/v1/riders", riderBody("Gerda", ""),
		"Idempotency-Key", "k\xff"), "Idempotency-Key")
	wantField(t, e.want(http.StatusUnprocessableEntity, nobody, "POST", "/api/v1/auth/login",
		invalid(map[string]any{"email": "a\u0000@example.org", "password": "x"})), "email")
	e.want(http.StatusNotFound, coordinator, "GET", "/api/v1/riders/999999", nil)
	e.want(http.StatusNotFound, coordinator, "PATCH", "/api/v1/riders/999999", map[string]any{"notes": "x"})
	e.want(http.StatusBadRequest, coordinator, "GET", "/api/v1/riders?limit=0", raw(""))
}

func TestSearchRiders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var page struct {
		Items      []dispatch.Rider
		NextOffset *int64 `json:"next_offset"`
	}
	e.want(http.StatusOK, coordinator, "GET", "/api/v1/riders?q=schm", nil).decode(t, &page)
	if len(page.Items) != 2 {
		t.Fatalf("coordinator: %+v", page.Items)
	}
	e.want(http.StatusOK, coordinator, "GET", "/api/v1/riders?q=0651%20123", nil).decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != e.mine.ID {
		t.Fatalf("by phone: %+v", page.Items)
	}
	e.want(http.StatusOK, coordinator, "GET", "/api/v1/riders?limit=1", nil).decode(t, &page)
	if len(page.Items) != 1 || page.NextOffset == nil || *page.NextOffset != 1 {
		t.Fatalf("page: %+v", page)
	}
	e.want(http.StatusOK, relative, "GET", "/api/v1/riders?q=schm", nil).decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != e.mine.ID {
		t.Fatalf("relative: %+v", page.Items)
	}
}

func TestDriversNeedMobileNumbers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := map[string]any{"first_name": "Eva", "last_name": "Auto", "phone": "0651 12345", "lat": 49.9, "lon": 6.5, "vehicle_seats": 4}
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/drivers", body), "phone")
	body["phone"] = "0171 2222222"
	var d dispatch.Driver
	e.want(http.StatusCreated, coordinator, "POST", "/api/v1/drivers", body).decode(t, &d)
	e.want(http.StatusConflict, coordinator, "POST", "/api/v1/drivers", body)
	path := fmt.Sprintf("/api/v1/drivers/%d", d.ID)
	windows := map[string]any{"windows": []map[string]any{{"weekday": 1, "start": "08:00", "end": "12:00"}, {"weekday": 4, "start": "08:00", "end": "17:00"}}}
	e.want(http.StatusOK, coordinator, "PUT", path+"/availability", windows)
	windows = map[string]any{"windows": []map[string]any{{"weekday": 2, "start": "09:00", "end": "11:00"}}}
	e.want(http.StatusOK, coordinator, "PUT", path+"/availability", windows)
	bad := invalid(map[string]any{"windows": []map[string]any{{"weekday": 8, "start": "09:00", "end": "08:00"}}})
	r := e.want(http.StatusUnprocessableEntity, coordinator, "PUT", path+"/availability", bad)
	wantField(t, r, "windows[0].weekday")
	wantField(t, r, "windows[0].end")
	e.want(http.StatusCreated, coordinator, "POST", path+"/absences", map[string]any{"from": "2026-12-24", "to": "2026-12-26", "reason": "Weihnachten"})
	wantField(t, e.want(http.StatusUnprocessableEntity, coordinator, "POST", path+"/absences", map[string]any{"from": "2026-12-24", "to": "2026-12-20"}), "to")
	var detail struct {
		Availability []dispatch.Window
		Absences     []dispatch.Absence
	}
	e.want(http.StatusOK, coordinator, "GET", path, nil).decode(t, &detail)
	if len(detail.Availability) != 1 || detail.Availability[0].Weekday != 2 || len(detail.Absences) != 1 {
		t.Fatalf("detail: %+v", detail)
	}
	e.want(http.StatusNotFound, coordinator, "PUT", "/api/v1/drivers/999999/availability", windows)
}

// A retry with the same Idempotency-Key and body gets the first answer and
// creates nothing; another body under the key is refused; two concurrent
// identical requests create one rider.
func TestCreateRiderIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := riderBody("Gerda", "0651 12345")
	first := e.want(http.StatusCreated, coordinator, "POST", "/api/v1/riders", body, "Idempotency-Key", "k1")
	again := e.want(http.StatusCreated, coordinator, "POST", "/api/v1/riders", body, "Idempotency-Key", "k1")
	if string(first.Body) != string(again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry answered differently:\n%s\n%s", first.Body, again.Body)
	}
	e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/riders", riderBody("Hilde", ""), "Idempotency-Key", "k1")
	// The key is the coordinator's: the same key of another account is another key.
	e.tokens["second"] = e.tokens[coordinator]
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			e.want(http.StatusCreated, coordinator, "POST", "/api/v1/riders", riderBody("Ida", ""), "Idempotency-Key", "k2")
		})
	}
	wg.Wait()
	var page struct{ Items []dispatch.Rider }
	e.want(http.StatusOK, coordinator, "GET", "/api/v1/riders?q=becker", nil).decode(t, &page)
	if len(page.Items) != 2 {
		t.Fatalf("%d riders, want Gerda and Ida once each", len(page.Items))
	}
	// Invalid input is kept as the answer too.
	bad := riderBody("", "")
	e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/riders", bad, "Idempotency-Key", "k3")
	e.want(http.StatusUnprocessableEntity, coordinator, "POST", "/api/v1/riders", bad, "Idempotency-Key", "k3")
}
