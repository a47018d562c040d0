package notify

import (
	"strings"
	"testing"
	"time"
)

// The document reminder names the document and the date in the driver's
// language, and fits an SMS.
func TestDocumentReminder(t *testing.T) {
	loc := berlin(t)
	tx := NewTexts(loc, Agency{Name: "Fahrdienst Bitburg", Phone: "06561 6001"})
	at := time.Date(2027, 1, 15, 0, 0, 0, 0, loc)
	de := tx.DocumentReminder(German, "Hans", "police_certificate", at)
	en := tx.DocumentReminder(English, "Hans", "insurance", at)
	if !strings.Contains(de, "Führungszeugnis") || !strings.Contains(de, "15.01.") || !fits(de) {
		t.Errorf("German: %q", de)
	}
	if !strings.Contains(en, "insurance") || !fits(en) {
		t.Errorf("English: %q", en)
	}
}
