package storetest

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TCPURL is URL reachable over TCP on loopback. When the tests started an
// embedded server, it listens only on a Unix socket in a folder of the
// postgres user, which a program run as another user (the container image's
// unprivileged user) cannot enter; a forwarder in the test process, which
// can, gives it a TCP address. With a TCP server it is URL itself.
func TCPURL(t testing.TB) string {
	t.Helper()
	raw := URL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	dir := u.Query().Get("host")
	if !strings.HasPrefix(dir, "/") {
		return raw
	}
	port := u.Query().Get("port")
	if port == "" {
		port = "5432"
	}
	p := NewProxy(t, "unix", filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%s", port)))
	q := u.Query()
	q.Del("host")
	q.Del("port")
	u.RawQuery = q.Encode()
	u.Host = p.Addr()
	return u.String()
}

// Proxy is a TCP port on loopback that forwards every connection to
// network/target (a TCP address or a Unix socket), so that a test can give
// a TCP address to a server on a socket (TCPURL) or stop "the database" for
// one service alone (Stop cuts every connection and closes the port, as a
// PostgreSQL stop does; Start opens the same port again).
type Proxy struct {
	t               testing.TB
	network, target string
	addr            string
	mu              sync.Mutex
	ln              net.Listener
	conns           []net.Conn
}

// NewProxy starts a Proxy on a free loopback port; the test's cleanup
// stops it.
func NewProxy(t testing.TB, network, target string) *Proxy {
	p := &Proxy{t: t, network: network, target: target, addr: "127.0.0.1:0"}
	p.Start()
	p.addr = p.ln.Addr().String()
	t.Cleanup(p.Stop)
	return p
}

// Addr is the proxy's host:port, the same across Stop and Start.
func (p *Proxy) Addr() string { return p.addr }

// Start opens the port (again) and forwards what it accepts.
func (p *Proxy) Start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go p.forward(ln)
}

// forward copies every connection on ln to the target and back.
func (p *Proxy) forward(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial(p.network, p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

// Stop closes the port and cuts every forwarded connection.
func (p *Proxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
