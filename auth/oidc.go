package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig is a county's own sign-in (OpenID Connect) for coordinators:
// the issuer, this service's client, and the claim that makes someone a
// coordinator, so that the county's directory decides who dispatches.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is FAHRDIENST_PUBLIC_URL + "/login/oidc/callback".
	RedirectURL string
	// RoleClaim names the claim (a string or a list of strings, e.g.
	// "groups" or "roles") and RoleValue the value in it that grants the
	// coordinator role.
	RoleClaim, RoleValue string
}

// OIDC signs coordinators in with an OpenID provider: the authorization
// code flow with PKCE (S256), a state checked against the browser's cookie
// and a nonce checked in the ID token. The provider's discovery document is
// fetched on first use, and again after a failure, so that a provider that
// is down at start does not stop the service.
type OIDC struct {
	cfg OIDCConfig

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewOIDC returns the sign-in of cfg; nothing is fetched yet.
func NewOIDC(cfg OIDCConfig) *OIDC { return &OIDC{cfg: cfg} }

// Identity is what the ID token says about the person signing in.
type Identity struct {
	Subject, Email string
	// Coordinator is true when the role claim grants the role.
	Coordinator bool
}

// Flow is one sign-in in progress: what the browser keeps (in a cookie)
// between leaving for the provider and coming back.
type Flow struct {
	State, Nonce, Verifier string
}

// NewFlow makes a fresh state, nonce and PKCE verifier.
func NewFlow() (Flow, error) {
	state, err := NewToken()
	if err != nil {
		return Flow{}, err
	}
	nonce, err := NewToken()
	if err != nil {
		return Flow{}, err
	}
	return Flow{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier()}, nil
}

func (o *OIDC) setup(ctx context.Context) (*oidc.Provider, oauth2.Config, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
		if err != nil {
			return nil, oauth2.Config{}, fmt.Errorf("OpenID provider discovery: %w", err)
		}
		o.provider = p
	}
	return o.provider, oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret,
		RedirectURL: o.cfg.RedirectURL, Endpoint: o.provider.Endpoint(),
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}, nil
}

// AuthURL is where the browser goes to sign in for flow f.
func (o *OIDC) AuthURL(ctx context.Context, f Flow) (string, error) {
	_, oc, err := o.setup(ctx)
	if err != nil {
		return "", err
	}
	return oc.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), nil
}

// ErrOIDC is a sign-in the provider's answer does not support: a wrong
// state or nonce, a token that does not verify, no verified email.
var ErrOIDC = errors.New("single sign-on failed")

// Exchange finishes flow f with the provider's answer (state and code):
// the state must match, the code is exchanged with the PKCE verifier, and
// the ID token must verify (signature, issuer, audience, expiry) and carry
// f's nonce and a verified email.
func (o *OIDC) Exchange(ctx context.Context, f Flow, state, code string) (Identity, error) {
	if f.State == "" || state != f.State || code == "" {
		return Identity{}, fmt.Errorf("%w: state does not match", ErrOIDC)
	}
	p, oc, err := o.setup(ctx)
	if err != nil {
		return Identity{}, err
	}
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("%w: code exchange: %v", ErrOIDC, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("%w: ID token: %v", ErrOIDC, err)
	}
	if idt.Nonce != f.Nonce {
		return Identity{}, fmt.Errorf("%w: nonce does not match", ErrOIDC)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("%w: claims: %v", ErrOIDC, err)
	}
	email, _ := claims["email"].(string)
	if verified, _ := claims["email_verified"].(bool); !verified || email == "" {
		return Identity{}, fmt.Errorf("%w: no verified email", ErrOIDC)
	}
	return Identity{Subject: idt.Subject, Email: strings.ToLower(email),
		Coordinator: hasValue(claims[o.cfg.RoleClaim], o.cfg.RoleValue)}, nil
}

// hasValue reports whether a claim (a string or a list) holds want.
func hasValue(claim any, want string) bool {
	switch v := claim.(type) {
	case string:
		return v == want
	case []any:
		return slices.ContainsFunc(v, func(x any) bool { s, _ := x.(string); return s == want })
	}
	return false
}
