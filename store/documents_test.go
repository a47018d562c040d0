package store_test

import (
	"context"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/notify"
)

// A document expiring within a month brings the driver one reminder SMS,
// recorded in the SMS log; a second run sends nothing more, and one far
// off nothing at all.
func TestDocumentReminderOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	d := mustDriver(t, s, "+4915100000077", 3, false)
	for _, doc := range []dispatch.DriverDocument{
		{DriverID: d.ID, Kind: dispatch.DocPoliceCertificate, ExpiresOn: "2026-12-10", Required: true},
		{DriverID: d.ID, Kind: dispatch.DocInsurance, ExpiresOn: "2027-06-30", Required: true},
	} {
		if err := s.SetDocument(ctx, system, doc); err != nil {
			t.Fatal(err)
		}
	}
	for want := range []int{1, 0} {
		n, err := s.RemindDocuments(ctx)
		if err != nil || n != 1-want {
			t.Fatalf("run %d: %d reminders, %v", want+1, n, err)
		}
	}
	msgs, err := s.Messages(ctx, dispatch.MessageFilter{DriverID: d.ID})
	if err != nil || len(msgs) != 1 || msgs[0].Kind != string(notify.KindDocumentReminder) {
		t.Fatalf("messages: %v %+v", err, msgs)
	}
}
