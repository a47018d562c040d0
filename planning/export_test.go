package planning

import (
	"context"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// RunPass runs one pass of a planning round on a loaded day, for the
// external tests that need a store (which imports planning for its job
// arguments, so that those tests cannot live in this package).
func RunPass(s *Service, ctx context.Context, day dispatch.PlanningDay, quick bool) (Summary, error) {
	return s.run(ctx, day, quick, 0)
}

// Input is input, for the same external tests.
func Input(day dispatch.PlanningDay, loc *time.Location, pinProposals bool) (PlanInput, map[int64]string, error) {
	return input(day, loc, pinProposals)
}
