package auth

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The login limit: failures per email and per address within LoginWindow;
// more are refused even with the right password. Failures are counted in
// the database, so the limit holds across instances and for the API and the
// pages alike.
const (
	LoginWindow      = 15 * time.Minute
	MaxFailsPerEmail = 5
	MaxFailsPerAddr  = 30
)

// LoginStore is what a login needs of the database.
type LoginStore interface {
	LoginFailures(ctx context.Context, email, addr string, since time.Time) (byEmail, byAddr int, err error)
	AccountForLogin(ctx context.Context, email string) (dispatch.Account, string, error)
	RecordLoginFailure(ctx context.Context, email, addr string) error
}

// Login checks email and password under the rate limit and returns the
// account. Too many failures give CodeRateLimited, a wrong email or
// password CodeUnauthorized; an unknown email costs as long as a wrong
// password, so the answer does not tell whether the email exists.
func Login(ctx context.Context, st LoginStore, email, password, addr string, now time.Time) (dispatch.Account, error) {
	byEmail, byAddr, err := st.LoginFailures(ctx, email, addr, now.Add(-LoginWindow))
	if err != nil {
		return dispatch.Account{}, err
	}
	if byEmail >= MaxFailsPerEmail || byAddr >= MaxFailsPerAddr {
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

// RemoteAddr is the client's IP address without the port, the address the
// login limit counts. Behind a reverse proxy it is the proxy's; the
// per-email limit still holds.
func RemoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
