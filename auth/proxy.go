package auth

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the reverse proxies (load balancers) whose forwarding
// headers are believed: X-Forwarded-For for the client's address, which
// the login limit counts, and X-Forwarded-Proto for whether the browser
// spoke https, which marks cookies Secure. Any client can send these
// headers, so a request that does not come from one of these networks has
// them ignored. The zero value trusts nobody.
type TrustedProxies struct {
	nets []netip.Prefix
}

// ParseTrustedProxies reads a comma-separated list of IP addresses and
// CIDR networks, such as "10.0.0.0/8, 192.0.2.7". Empty entries are
// skipped, so an empty list trusts nobody; anything else that is not an
// address or network is an error naming the entry.
func ParseTrustedProxies(list string) (TrustedProxies, error) {
	var t TrustedProxies
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		var p netip.Prefix
		var err error
		if strings.Contains(e, "/") {
			p, err = netip.ParsePrefix(e)
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-unmapBits(p.Addr())).Masked()
		} else {
			var a netip.Addr
			if a, err = netip.ParseAddr(e); err == nil && a.Zone() == "" {
				a = a.Unmap()
				p = netip.PrefixFrom(a, a.BitLen())
			}
		}
		if err != nil || !p.IsValid() {
			return TrustedProxies{}, fmt.Errorf("%q is not an IP address or CIDR network", e)
		}
		t.nets = append(t.nets, p)
	}
	return t, nil
}

// unmapBits is what a network of an IPv4-mapped IPv6 address loses in
// prefix length when written as IPv4 (::ffff:10.0.0.0/104 is 10.0.0.0/8).
func unmapBits(a netip.Addr) int {
	if a.Is4In6() {
		return 96
	}
	return 0
}

// trusts tells whether an address belongs to a trusted proxy.
func (t TrustedProxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t.nets {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHost reads an address as proxies write it into X-Forwarded-For:
// bare, or with a port ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseHost(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// peer is the address the connection came from; ok is false where it is
// not an IP address (a test's or a Unix socket's).
func peer(r *http.Request) (netip.Addr, string, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, ok := parseHost(host)
	return a, host, ok
}

// ClientAddr is the client's IP address, the one the login limit counts.
// From a trusted proxy, it is the right-most address of X-Forwarded-For
// that is not a trusted proxy itself: each proxy appends the address it
// was connected from, so the entries to the right of the first untrusted
// one were written by our proxies and the ones to its left by whoever
// sent the request, who may lie. From anyone else it is the connection's
// address, headers ignored.
func (t TrustedProxies) ClientAddr(r *http.Request) string {
	a, host, ok := peer(r)
	if !ok {
		return host
	}
	if !t.trusts(a) {
		return a.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		if strings.TrimSpace(hops[i]) == "" {
			continue
		}
		h, ok := parseHost(hops[i])
		if !ok {
			// Garbage where a proxy should have written an address:
			// believe nothing further left.
			break
		}
		a = h
		if !t.trusts(h) {
			break
		}
	}
	return a.String()
}

// ForwardedHTTPS tells whether a trusted proxy says that the browser spoke
// https to it (X-Forwarded-Proto: https), so that cookies are marked
// Secure even where the public URL's scheme does not say so. The first
// entry counts, the one the outermost proxy wrote; a client who forges it
// only gets cookies its own browser keeps to https.
func (t TrustedProxies) ForwardedHTTPS(r *http.Request) bool {
	a, _, ok := peer(r)
	if !ok || !t.trusts(a) {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}
