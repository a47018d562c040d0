package auth

import (
	"context"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The login limits, counted over the failures of the last LoginWindow.
// They aim at the attacker, not at the account: a guesser's failures must
// not lock out the real user, who logs in from another address.
//
//   - MaxFailsPerPair is the hard limit on one address guessing one
//     account's password: after 5 failures that address is refused for
//     that email, even with the right password, while the real user at
//     their own address is not affected.
//   - MaxFailsPerAddr stops one address trying many accounts (password
//     spraying). It counts the client's address as TrustedProxies.ClientAddr
//     sees it, so behind a configured load balancer it is the real
//     client's and not the balancer's, which all users share.
//   - MaxFailsPerEmail is a ceiling across all addresses, much higher than
//     the pair limit, against guessing one account from many addresses: it
//     caps that at 100 guesses per 15 minutes. Reaching it takes at least
//     20 addresses of one attacker (each stopped after 5), and only then
//     does the account wait out the window; a lone attacker cannot lock
//     anyone out. docs/decisions/0001-login-limits.md says why a ceiling and
//     not a growing delay.
//
// Failures are counted in the database, so the limits hold across
// instances and for the API and the pages alike.
const (
	LoginWindow      = 15 * time.Minute
	MaxFailsPerPair  = 5
	MaxFailsPerAddr  = 30
	MaxFailsPerEmail = 100
)

// LoginStore is what a login needs of the database.
type LoginStore interface {
	// LoginFailures counts the failures since a time: of this email from
	// this address, of this email from anywhere, and of any email from
	// this address.
	LoginFailures(ctx context.Context, email, addr string, since time.Time) (byPair, byEmail, byAddr int, err error)
	AccountForLogin(ctx context.Context, email string) (dispatch.Account, string, error)
	RecordLoginFailure(ctx context.Context, email, addr string) error
}

// Login checks email and password under the rate limits and returns the
// account; addr is the client's address (TrustedProxies.ClientAddr). Too
// many failures give CodeRateLimited, a wrong email or password
// CodeUnauthorized; an unknown email costs as long as a wrong password, so
// the answer does not tell whether the email exists.
func Login(ctx context.Context, st LoginStore, email, password, addr string, now time.Time) (dispatch.Account, error) {
	byPair, byEmail, byAddr, err := st.LoginFailures(ctx, email, addr, now.Add(-LoginWindow))
	if err != nil {
		return dispatch.Account{}, err
	}
	if byPair >= MaxFailsPerPair || byAddr >= MaxFailsPerAddr || byEmail >= MaxFailsPerEmail {
		return dispatch.Account{}, dispatch.Errorf(dispatch.CodeRateLimited,
			"too many failed logins; try again in %d minutes", int(LoginWindow.Minutes()))
	}
	a, hash, err := st.AccountForLogin(ctx, email)
	if err != nil && dispatch.ErrorCode(err) != dispatch.CodeNotFound {
		return dispatch.Account{}, err
	}
	if err != nil {
		hash = DummyHash
	}
	if !CheckPassword(hash, password) || err != nil {
		if err := st.RecordLoginFailure(ctx, email, addr); err != nil {
			return dispatch.Account{}, err
		}
		return dispatch.Account{}, dispatch.Errorf(dispatch.CodeUnauthorized, "email or password is wrong")
	}
	return a, nil
}
