package notify

import "testing"

func TestMessageStatusOrder(t *testing.T) {
	tests := []struct {
		next, old MessageStatus
		want      bool
	}{
		{StatusSent, StatusQueued, true},
		{StatusDelivered, StatusSent, true},
		{StatusSent, StatusDelivered, false}, // late callback
		{StatusQueued, StatusFailed, false},
		{StatusFailed, StatusDelivered, false}, // the first final status stays
		{StatusRead, StatusDelivered, true},
		{StatusQueued, "", true},
	}
	for _, tt := range tests {
		if got := tt.next.Supersedes(tt.old); got != tt.want {
			t.Errorf("%q.Supersedes(%q) = %v, want %v", tt.next, tt.old, got, tt.want)
		}
	}
	if !StatusUndelivered.Failed() || StatusDelivered.Failed() || !StatusDelivered.Final() || StatusSent.Final() {
		t.Error("Failed/Final misjudged")
	}
}
