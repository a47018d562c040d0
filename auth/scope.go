package auth

import "github.com/fahrdienst/fahrdienst/dispatch"

// RiderScope is the riders an account may see, as a store filter takes
// them: nil for a coordinator, and for a relative a non-nil copy of their
// riders. The difference matters: the store reads a nil list as "all
// riders", so a relative without seniors must get an empty, non-nil list
// to see nothing rather than everyone.
func RiderScope(a dispatch.Account) []int64 {
	if a.Role == dispatch.RoleCoordinator {
		return nil
	}
	return append([]int64{}, a.RiderIDs...)
}
