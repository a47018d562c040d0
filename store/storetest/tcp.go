package storetest

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
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
	socket := filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%s", port))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go forward(ln, socket)
	q := u.Query()
	q.Del("host")
	q.Del("port")
	u.RawQuery = q.Encode()
	u.Host = ln.Addr().String()
	return u.String()
}

// forward copies every connection on ln to the Unix socket and back.
func forward(ln net.Listener, socket string) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("unix", socket)
		if err != nil {
			c.Close()
			continue
		}
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}
