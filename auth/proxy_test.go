package auth

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func mustProxies(t testing.TB, list string) TrustedProxies {
	t.Helper()
	p, err := ParseTrustedProxies(list)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestClientAddr believes X-Forwarded-For only from a trusted proxy, and
// then only as far as our own proxies wrote it: the right-most address
// that is not a trusted proxy.
func TestClientAddr(t *testing.T) {
	t.Parallel()
	trusted := mustProxies(t, "10.0.0.0/8, 192.0.2.7, 2001:db8::/32")
	tests := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no header", "198.51.100.1:4711", nil, "198.51.100.1"},
		{"untrusted peer: header ignored", "198.51.100.1:4711", []string{"203.0.113.9"}, "198.51.100.1"},
		{"trusted peer", "10.0.0.1:4711", []string{"203.0.113.9"}, "203.0.113.9"},
		{"trusted single address", "192.0.2.7:80", []string{"203.0.113.9"}, "203.0.113.9"},
		{"trusted peer without header", "10.0.0.1:4711", nil, "10.0.0.1"},
		{"forged left part ignored", "10.0.0.1:4711", []string{"1.1.1.1, 203.0.113.9"}, "203.0.113.9"},
		{"chain of our proxies", "10.0.0.1:4711", []string{"1.1.1.1, 203.0.113.9, 10.0.0.2, 192.0.2.7"}, "203.0.113.9"},
		{"several headers", "10.0.0.1:4711", []string{"1.1.1.1", "203.0.113.9, 10.0.0.3"}, "203.0.113.9"},
		{"only proxies", "10.0.0.1:4711", []string{"10.0.0.9, 10.0.0.2"}, "10.0.0.9"},
		{"with port", "10.0.0.1:4711", []string{"203.0.113.9:5555"}, "203.0.113.9"},
		{"ipv6", "[2001:db8::1]:443", []string{"2001:db8::2, [2a00:1450::1]:80"}, "2a00:1450::1"},
		{"mapped ipv4 peer", "[::ffff:10.0.0.1]:4711", []string{"203.0.113.9"}, "203.0.113.9"},
		{"garbage last: stop at the proxy", "10.0.0.1:4711", []string{"203.0.113.9, junk"}, "10.0.0.1"},
		{"garbage further left", "10.0.0.1:4711", []string{"junk, 203.0.113.9"}, "203.0.113.9"},
		{"empty entries", "10.0.0.1:4711", []string{" , 203.0.113.9 ,"}, "203.0.113.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/login", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := trusted.ClientAddr(r); got != tt.want {
				t.Errorf("ClientAddr = %q, want %q", got, tt.want)
			}
			if got, want := (TrustedProxies{}).ClientAddr(r), netip.MustParseAddrPort(tt.peer).Addr().Unmap().String(); got != want {
				t.Errorf("trusting nobody: %q, want the peer %q", got, want)
			}
		})
	}
}

// TestForwardedHTTPS believes X-Forwarded-Proto from a trusted proxy only.
func TestForwardedHTTPS(t *testing.T) {
	t.Parallel()
	trusted := mustProxies(t, "10.0.0.0/8")
	tests := []struct {
		peer, proto string
		want        bool
	}{
		{"10.0.0.1:4711", "https", true},
		{"10.0.0.1:4711", "HTTPS", true},
		{"10.0.0.1:4711", "https, http", true},
		{"10.0.0.1:4711", "http", false},
		{"10.0.0.1:4711", "", false},
		{"198.51.100.1:4711", "https", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/login", nil)
		r.RemoteAddr = tt.peer
		if tt.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		if got := trusted.ForwardedHTTPS(r); got != tt.want {
			t.Errorf("from %s with %q: %v, want %v", tt.peer, tt.proto, got, tt.want)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"", " ", "10.0.0.1", "10.0.0.0/8,192.0.2.7", " 10.0.0.0/8 , ", "2001:db8::/32", "::ffff:10.0.0.0/104"} {
		if _, err := ParseTrustedProxies(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"10.0.0.256", "10.0.0.0/33", "proxy.local", "10.0.0.1;10.0.0.2", "fe80::1%eth0", "::ffff:10.0.0.0/64", "10.0.0.1:80"} {
		_, err := ParseTrustedProxies("10.0.0.1," + bad)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: err = %v, want one naming the entry", bad, err)
		}
	}
	p := mustProxies(t, "::ffff:10.0.0.0/104")
	if !p.trusts(netip.MustParseAddr("10.1.2.3")) {
		t.Error("an IPv4-mapped network does not hold its IPv4 addresses")
	}
}

// FuzzClientAddr: whatever the header says, the answer is an IP address,
// and from an untrusted peer it is the peer's.
func FuzzClientAddr(f *testing.F) {
	for _, s := range []string{"203.0.113.9", "1.1.1.1, 203.0.113.9, 10.0.0.2", "junk", "[::1]:80, ,", ""} {
		f.Add(s)
	}
	trusted := mustProxies(f, "10.0.0.0/8")
	f.Fuzz(func(t *testing.T, xff string) {
		r := httptest.NewRequest("POST", "/login", nil)
		r.Header.Set("X-Forwarded-For", xff)
		r.RemoteAddr = "198.51.100.1:4711"
		if got := trusted.ClientAddr(r); got != "198.51.100.1" {
			t.Fatalf("untrusted peer: %q", got)
		}
		r.RemoteAddr = "10.0.0.1:4711"
		if _, err := netip.ParseAddr(trusted.ClientAddr(r)); err != nil {
			t.Fatalf("trusted peer, header %q: %v", xff, err)
		}
	})
}
