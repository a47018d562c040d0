package dispatch

import (
	"encoding/json"
	"time"
)

// AuditEntry is one recorded change, so that a coordinator can find out
// who changed a booking or a person and when. Summary is the change as it
// was recorded, kept as JSON because its shape depends on the entity.
type AuditEntry struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	AccountID *int64          `json:"account_id,omitempty"`
	Actor     string          `json:"actor"`
	Entity    string          `json:"entity"`
	EntityID  int64           `json:"entity_id"`
	Action    string          `json:"action"`
	Summary   json.RawMessage `json:"summary"`
}
