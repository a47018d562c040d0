package obs

import "context"

// traceID is the current trace's id, or "" without tracing.
func traceID(ctx context.Context) string { return "" }
