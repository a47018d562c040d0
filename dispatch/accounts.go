package dispatch

// Session kinds. One table holds every token of an account; the kind says
// what a token may do, so that an API token does not log a browser in and
// an invitation link logs nobody in.
const (
	// SessionBrowser is a browser's login, carried in the session cookie.
	SessionBrowser = "session"
	// SessionAPI is an API token, sent as a bearer token.
	SessionAPI = "api"
	// SessionInvite carries an invitation: a relative follows its link
	// once to set a password.
	SessionInvite = "invite"
)

// IdempotentResponse is the stored answer to a request with an
// Idempotency-Key, so that a client retrying a booking over a bad line gets
// the first answer instead of a second booking. Status 0 means the first
// request is still running.
type IdempotentResponse struct {
	Status int
	Body   []byte
}
