package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// siteHost is the host name the clients use for the test server. The
// server listens on 127.0.0.1, but a loopback address counts as a secure
// origin (a browser accepts Secure cookies from http://127.0.0.1), so the
// clients reach it under an ordinary name through [pinnedTransport], which
// connects every request to the server whatever its URL says.
const siteHost = "shop.example.test"

// loginCookies are the Set-Cookie headers of the server's /login page.
var loginCookies = []string{
	"sid=1; Path=/; HttpOnly",
	"pref=dark; Max-Age=3600",
	"bad=1; Domain=example.org", // refused: another site's domain
	"sec=1; Secure",             // refused: Secure from an http page
	"tracker=1; SameSite=None",  // refused: None needs Secure (net/http's cookiejar keeps it)
}

// request is what the server saw of one request.
type request struct {
	Path   string
	Cookie string // the Cookie header, "" when there was none
}

// server is the local site: /login sets loginCookies, every page answers
// with the Cookie header it received.
type server struct {
	srv *httptest.Server

	mu       sync.Mutex
	received []request
}

// newServer starts a server on 127.0.0.1.
func newServer() *server {
	s := &server{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	cookie := r.Header.Get("Cookie")
	s.mu.Lock()
	s.received = append(s.received, request{Path: r.URL.Path, Cookie: cookie})
	s.mu.Unlock()
	if r.URL.Path == "/login" {
		for _, line := range loginCookies {
			w.Header().Add("Set-Cookie", line)
		}
	}
	fmt.Fprint(w, cookie)
}

// url returns the URL of path on the server under siteHost.
func (s *server) url(path string) string {
	_, port, _ := net.SplitHostPort(s.srv.Listener.Addr().String())
	return "http://" + net.JoinHostPort(siteHost, port) + path
}

// requests returns the requests the server has seen, in order.
func (s *server) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.received...)
}

// Close stops the server.
func (s *server) Close() { s.srv.Close() }

// pinnedTransport returns a transport that connects every request to addr,
// whatever the host of its URL, and never through a proxy: the examples
// reach nothing but the local server.
func pinnedTransport(addr string) *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 1,
	}
}
