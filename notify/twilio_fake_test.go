package notify

import (
	"testing"

	"github.com/fahrdienst/fahrdienst/notify/notifytest"
)

// The fake Twilio lives in notifytest so that the store's and the
// service's tests use the same one; these names keep notify's tests short.
const (
	testAccountSID = notifytest.AccountSID
	testAuthToken  = notifytest.AuthToken
	testFrom       = notifytest.From
)

var magicNumbers = notifytest.MagicNumbers

type capturedRequest = notifytest.Request

type fakeTwilio = notifytest.Twilio

func newFakeTwilio(t *testing.T) *fakeTwilio { return notifytest.NewTwilio(t) }

var twilioError = notifytest.WriteError

var sign = notifytest.Sign
