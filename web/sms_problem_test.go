package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A number Twilio refuses is shown on the coordinators' driver and senior
// pages, translated, with Twilio's error code; rows written before the
// code was stored alone ("SMS to this number fail: Twilio error N") show
// the same.
func TestSMSProblemShownTranslated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.st.Pool().Exec(ctx, `UPDATE drivers SET sms_problem = '21211' WHERE id = $1`, f.driver.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Pool().Exec(ctx, `UPDATE riders SET sms_problem = 'SMS to this number fail: Twilio error 21610'
		WHERE id = $1`, f.erna.ID); err != nil {
		t.Fatal(err)
	}
	coord := f.client()
	coord.login(f.coordinator)
	for path, want := range map[string]string{
		fmt.Sprintf("/people/drivers/%d", f.driver.ID): "SMS an diese Nummer kommen nicht an (Twilio-Fehler 21211)",
		fmt.Sprintf("/people/riders/%d", f.erna.ID):    "SMS an diese Nummer kommen nicht an (Twilio-Fehler 21610)",
	} {
		_, page := coord.get(path)
		if !strings.Contains(page, want) || strings.Contains(page, "fail:") {
			t.Errorf("%s does not show %q", path, want)
		}
	}
	if _, page := coord.get(fmt.Sprintf("/people/riders/%d", f.karl.ID)); strings.Contains(page, "Twilio") {
		t.Error("a senior without a problem is shown one")
	}
}
