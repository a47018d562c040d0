package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// mockOIDC is an OpenID provider for tests: discovery, keys, an authorize
// endpoint that signs the user in at once, and a token endpoint that
// checks the client secret and the PKCE verifier and issues an RS256 ID
// token with the nonce it was given (or a wrong one, for the test of the
// nonce check).
type mockOIDC struct {
	srv          *httptest.Server
	key          *rsa.PrivateKey
	clientID     string
	clientSecret string

	mu       sync.Mutex
	email    string
	groups   []string
	badNonce bool
	grants   map[string]url.Values // code → the authorize request
	pkceSeen bool
}

func newMockOIDC(t *testing.T, clientID, clientSecret string) *mockOIDC {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	m := &mockOIDC{key: key, clientID: clientID, clientSecret: clientSecret, grants: map[string]url.Values{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", m.discovery)
	mux.HandleFunc("GET /jwks", m.jwks)
	mux.HandleFunc("GET /authorize", m.authorize)
	mux.HandleFunc("POST /token", m.token)
	m.srv = httptest.NewServer(mux)
	t.Cleanup(m.srv.Close)
	return m
}

// signIn sets who signs in next.
func (m *mockOIDC) signIn(email string, groups ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.email, m.groups, m.badNonce = email, groups, false
}

func (m *mockOIDC) discovery(w http.ResponseWriter, r *http.Request) {
	u := m.srv.URL
	json.NewEncoder(w).Encode(map[string]any{"issuer": u, "authorization_endpoint": u + "/authorize",
		"token_endpoint": u + "/token", "jwks_uri": u + "/jwks", "response_types_supported": []string{"code"},
		"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported": []string{"S256"}})
}

func (m *mockOIDC) jwks(w http.ResponseWriter, r *http.Request) {
	b64 := base64.RawURLEncoding.EncodeToString
	json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{"kty": "RSA", "alg": "RS256", "use": "sig",
		"kid": "k1", "n": b64(m.key.N.Bytes()), "e": b64(big.NewInt(int64(m.key.E)).Bytes())}}})
}

func (m *mockOIDC) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != m.clientID || q.Get("response_type") != "code" || q.Get("state") == "" || q.Get("nonce") == "" {
		http.Error(w, "bad authorize request", http.StatusBadRequest)
		return
	}
	code := base64.RawURLEncoding.EncodeToString(sha256.New().Sum([]byte(q.Get("state"))))[:20]
	m.mu.Lock()
	m.grants[code] = q
	m.pkceSeen = q.Get("code_challenge_method") == "S256" && q.Get("code_challenge") != ""
	m.mu.Unlock()
	to, _ := url.Parse(q.Get("redirect_uri"))
	to.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
	http.Redirect(w, r, to.String(), http.StatusFound)
}

func (m *mockOIDC) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	grant, found := m.grants[r.PostFormValue("code")]
	delete(m.grants, r.PostFormValue("code"))
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	switch {
	case id != m.clientID || secret != m.clientSecret:
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	case !found || base64.RawURLEncoding.EncodeToString(sum[:]) != grant.Get("code_challenge"):
		http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
		return
	}
	nonce := grant.Get("nonce")
	if m.badNonce {
		nonce = "another-nonce"
	}
	now := time.Now()
	claims := map[string]any{"iss": m.srv.URL, "sub": "user-" + m.email, "aud": m.clientID, "iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "nonce": nonce, "email": m.email, "email_verified": true, "groups": m.groups}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300,
		"id_token": m.sign(claims)})
}

// sign makes a compact RS256 JWS of claims.
func (m *mockOIDC) sign(claims map[string]any) string {
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	input := enc(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, m.key, crypto.SHA256, sum[:])
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// setBadNonce makes the next ID tokens carry a nonce nobody asked for.
func (m *mockOIDC) setBadNonce(bad bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.badNonce = bad
}

// sawPKCE reports whether the last authorize request had an S256 challenge.
func (m *mockOIDC) sawPKCE() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pkceSeen
}
