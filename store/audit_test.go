package store_test

import (
	"context"
	"testing"
)

// TestAuditLatest checks that a limit keeps the latest changes, listed
// oldest first.
func TestAuditLatest(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	mustRider(t, s, "Erna", "Schmidt", "")
	b := mustRider(t, s, "Karl", "Schmitz", "")
	c := mustRider(t, s, "Erwin", "Schneider", "")
	log, err := s.Audit(ctx, "rider", 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].EntityID != b.ID || log[1].EntityID != c.ID {
		t.Fatalf("audit = %+v, want the creation of %d then %d", log, b.ID, c.ID)
	}
	c.City = "Trier"
	if _, err := s.UpdateRider(ctx, system, c, []string{"city"}); err != nil {
		t.Fatal(err)
	}
	log, err = s.Audit(ctx, "rider", c.ID, 1)
	if err != nil || len(log) != 1 || log[0].Action != "update" {
		t.Fatalf("audit of rider %d = %+v, %v; want its update", c.ID, log, err)
	}
}
