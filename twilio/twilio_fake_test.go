package twilio

import (
	"testing"

	"github.com/fahrdienst/fahrdienst/twilio/twiliotest"
)

// The fake Twilio lives in twiliotest so that the store's and the
// service's tests use the same one; these names keep this package's tests
// short.
const (
	testAccountSID = twiliotest.AccountSID
	testAuthToken  = twiliotest.AuthToken
	testFrom       = twiliotest.From
)

var magicNumbers = twiliotest.MagicNumbers

type capturedRequest = twiliotest.Request

type fakeTwilio = twiliotest.Twilio

func newFakeTwilio(t *testing.T) *fakeTwilio { return twiliotest.NewTwilio(t) }

var twilioError = twiliotest.WriteError

var sign = twiliotest.Sign
