package store_test

import (
	"context"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

func TestSearchRiders(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	erna := mustRider(t, s, "Erna", "Schmidt", "+4965112345")
	mustRider(t, s, "Karl", "Schmitz", "+491701234567")
	gone := mustRider(t, s, "Erwin", "Schneider", "")
	if err := s.DeactivateRider(ctx, system, gone.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		only []int64
		want []string
	}{
		{"schm", nil, []string{"Schmidt", "Schmitz"}},
		{"erna sch", nil, []string{"Schmidt"}},
		{"schmidt", nil, []string{"Schmidt", "Schmitz"}}, // similar names rank below the exact one
		{"0651 123", nil, []string{"Schmidt"}},
		{"0170", nil, []string{"Schmitz"}},
		{"schneider", nil, nil},
		{"schm", []int64{erna.ID}, []string{"Schmidt"}},
		// Empty but not nil: a relative with no seniors sees nobody.
		{"schm", []int64{}, nil},
		{"", []int64{}, nil},
	}
	for _, tt := range tests {
		got, err := s.SearchRiders(ctx, dispatch.RiderFilter{Query: tt.q, Only: tt.only})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range got {
			names = append(names, r.LastName)
		}
		if len(names) != len(tt.want) {
			t.Errorf("search %q = %v, want %v", tt.q, names, tt.want)
			continue
		}
		for i := range names {
			if names[i] != tt.want[i] {
				t.Errorf("search %q = %v, want %v", tt.q, names, tt.want)
			}
		}
	}
}

func TestRiderNotFoundAndAudit(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	_, err := s.Rider(ctx, 999)
	wantCode(t, err, dispatch.CodeNotFound)
	wantCode(t, s.DeactivateRider(ctx, system, 999), dispatch.CodeNotFound)
	r := mustRider(t, s, "Erna", "Schmidt", "")
	r.City = "Trier"
	if _, err := s.UpdateRider(ctx, system, r, []string{"city"}); err != nil {
		t.Fatal(err)
	}
	log, err := s.Audit(ctx, "rider", r.ID, 0)
	if err != nil || len(log) != 2 || log[0].Action != "create" || log[1].Action != "update" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}

// A "%", "_" or "\" typed into a search box is a character of a name, not
// a LIKE wildcard or escape: searching "%" finds only names with a "%".
func TestSearchEscapesWildcards(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	mustRider(t, s, "Erna", "Schmidt", "")
	mustRider(t, s, "Karl", "Hundert%", "")
	mustRider(t, s, "Anna", "Unter_Strich", "")
	mustRider(t, s, `Back\`, "Slash", "")
	mustPlace(t, s, "Praxis Dr. Weber")
	mustPlace(t, s, "Markt 100%")
	mustPlace(t, s, "Apotheke_Nord")
	for q, want := range map[string]string{"%": "Hundert%", "_": "Unter_Strich", `\`: "Slash", `t%`: "Hundert%"} {
		got, err := s.SearchRiders(ctx, dispatch.RiderFilter{Query: q})
		if err != nil || len(got) != 1 || got[0].LastName != want {
			t.Errorf("riders %q: %d found (%v), want only %s", q, len(got), err, want)
		}
	}
	for q, want := range map[string]string{"%": "Markt 100%", "_": "Apotheke_Nord"} {
		got, err := s.Places(ctx, q)
		if err != nil || len(got) != 1 || got[0].Name != want {
			t.Errorf("places %q: %d found (%v), want only %s", q, len(got), err, want)
		}
	}
}
