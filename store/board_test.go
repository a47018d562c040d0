package store_test

import (
	"context"
	"testing"
	"time"
)

// The board names the places of its trips, one out of use among them, and
// no others.
func TestBoardNamesPlaces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	p := mustPlace(t, s, "Praxis Weber")
	closed := mustPlace(t, s, "Praxis Lentz")
	mustPlace(t, s, "Apotheke")
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	if _, err := book(t, s, mustRider(t, s, "Anna", "A", ""), p, at, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := book(t, s, mustRider(t, s, "Berta", "B", ""), closed, at.Add(2*time.Hour), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeactivatePlace(ctx, system, closed.ID); err != nil {
		t.Fatal(err)
	}
	b, err := s.Board(ctx, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.PlaceNames) != 2 || b.PlaceNames[p.ID] != "Praxis Weber" || b.PlaceNames[closed.ID] != "Praxis Lentz" {
		t.Fatalf("place names = %v", b.PlaceNames)
	}
}
