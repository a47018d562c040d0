package notify

import "testing"

func TestPermanentCode(t *testing.T) {
	for code, want := range map[int]bool{21211: true, 21614: true, 21610: true, 21408: true, 21612: true, 30003: false, 30004: true, 30005: true, 30006: true, 20003: false, 20429: false, 0: false} {
		if got := PermanentCode(code); got != want {
			t.Errorf("PermanentCode(%d) = %v, want %v", code, got, want)
		}
	}
}
