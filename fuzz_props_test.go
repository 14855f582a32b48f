package cookiemonster

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/publicsuffix"
)

// leakHosts are the hosts FuzzNoLeak sets cookies from and reads them for:
// the model's universe, an IPv6 loopback, a single-label host and a
// subdomain of a private public suffix.
var leakHosts = append(slices.Clone(modelHosts), "[::1]", "localhost", "a.foo.github.io")

// leakRequest is one request FuzzNoLeak reads the store for.
type leakRequest struct {
	u *url.URL
	o Options
}

// leakRequests returns requests of the leak universe: every host and
// path by both schemes, each in two of the 32 combinations of context,
// HTTP or script access and partition, chosen by seed.
func leakRequests(t *testing.T, keys []PartitionKey, seed byte) []leakRequest {
	var opts []Options
	for _, ct := range modelContexts {
		for _, script := range []bool{false, true} {
			for _, k := range keys {
				opts = append(opts, Options{IncludeHTTPOnly: !script, SameSite: SameSiteContext{Context: ct, Schemeful: ct}, Partition: k})
			}
		}
	}
	var reqs []leakRequest
	for _, host := range leakHosts {
		for _, path := range modelPaths {
			for _, scheme := range []string{"http", "https"} {
				u := mustURL(t, scheme+"://"+host+path)
				i := len(reqs)
				reqs = append(reqs, leakRequest{u, opts[(i*7+int(seed))%len(opts)]}, leakRequest{u, opts[(i*13+int(seed)+5)%len(opts)]})
			}
		}
	}
	return reqs
}

// secureAccess reports whether u may read Secure cookies: https, or a
// loopback host.
func secureAccess(u *url.URL) bool {
	if u.Scheme == "https" {
		return true
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// cookieHost is u's host as a cookie's Domain names it: lower case, an
// IPv6 address in brackets.
func cookieHost(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host
}

// leakReason returns why the cookie must not be sent with the request
// at now, or "" if it may be. It is written from the rules without the
// store's code: a host cookie goes to its host only, a domain cookie to
// its domain and subdomains (never to an IP); the path must match; Secure
// needs a secure access; HttpOnly needs an HTTP access; SameSite needs the
// context its mode asks for; a partitioned cookie stays in its partition;
// an expired cookie goes nowhere.
func leakReason(c *CanonicalCookie, u *url.URL, o Options, now time.Time) string {
	host := cookieHost(u)
	ctx := o.SameSite.Schemeful
	switch {
	case !c.Expiry.IsZero() && !now.Before(c.Expiry):
		return "expired"
	case strings.HasPrefix(c.Domain, "."):
		d := c.Domain[1:]
		if net.ParseIP(strings.Trim(host, "[]")) != nil || (host != d && !strings.HasSuffix(host, c.Domain)) {
			return "domain"
		}
	case host != c.Domain:
		return "host"
	}
	switch {
	case !modelOnPath(c.Path, u.EscapedPath()):
		return "path"
	case c.Secure && !secureAccess(u):
		return "secure"
	case c.HTTPOnly && !o.IncludeHTTPOnly:
		return "httponly"
	case c.Partition != (PartitionKey{}) && c.Partition != o.Partition:
		return "partition"
	case c.SameSite == SameSiteStrict && ctx < ContextStrict:
		return "samesite strict"
	case c.SameSite == SameSiteLax && ctx < ContextLax:
		return "samesite lax"
	case c.SameSite == SameSiteUnspecified && ctx < ContextLax &&
		!(ctx == ContextLaxMethodUnsafe && now.Sub(c.Creation) <= laxAllowUnsafeAge):
		return "samesite unspecified"
	case c.SameSite == SameSiteNone && !c.Secure:
		return "samesite none insecure"
	}
	return ""
}

// storedReason returns why the cookie should never have been stored from
// a set at u, or "": its domain must cover u's host and must not be a
// public suffix (unless it is the host itself, as a host cookie), and its
// name, value and path hold no control character or ';'.
func storedReason(c *CanonicalCookie, u *url.URL) string {
	host := cookieHost(u)
	if strings.HasPrefix(c.Domain, ".") {
		d := c.Domain[1:]
		if host != d && !strings.HasSuffix(host, c.Domain) {
			return "domain does not cover the host"
		}
		if suffix, _ := publicsuffix.PublicSuffix(d); suffix == d {
			return "domain cookie on a public suffix"
		}
	} else if c.Domain != host {
		return "host cookie of another host"
	}
	for _, s := range []string{c.Name, c.Value, c.Path} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == ';' }) {
			return "control character or ';'"
		}
	}
	return ""
}

// FuzzNoLeak sets one arbitrary Set-Cookie line from up to three requests
// of the leak universe, then reads the store for 180 requests of the
// universe: no cookie may be stored against the rules or sent where the
// rules forbid it, and no Cookie header may hold a line break or NUL.
func FuzzNoLeak(f *testing.F) {
	for i, l := range conformanceSeeds(f) {
		f.Add(l, []byte{byte(i), byte(i >> 8), byte(i * 7)})
	}
	for _, l := range []string{"a=b; Domain=github.io", "a=b; Domain=127.0.0.1; Secure", "__Host-a=b; Secure; Path=/; Partitioned",
		"a=b; SameSite=Strict; HttpOnly", "a=b; Domain=.example.com; Path=/a", "a\r\nb=c", "a=b\x00c"} {
		f.Add(l, []byte{1, 2, 3, 4, 5, 6})
	}
	keys := modelPartitions(f)
	f.Fuzz(func(t *testing.T, line string, sel []byte) {
		clk := newFakeClock(t0)
		m, err := New(Config{Now: clk.Now})
		require.NoError(t, err)
		defer func() { require.NoError(t, m.Close()) }()
		ctx := context.Background()
		r := &opBytes{b: sel}
		for i := 0; i < 3 && (i == 0 || !r.done()); i++ {
			a, b := r.next(), r.next()
			scheme := "https"
			if a&1 != 0 {
				scheme = "http"
			}
			u := mustURL(t, scheme+"://"+leakHosts[int(a>>1)%len(leakHosts)]+modelPaths[int(b)%len(modelPaths)])
			ct := ContextStrict // a navigation's response, or the selector's context
			if b&0x40 != 0 {
				ct = modelContexts[int(b>>3)%len(modelContexts)]
			}
			o := Options{IncludeHTTPOnly: b&0x80 == 0, SameSite: SameSiteContext{Context: ct, Schemeful: ct},
				Partition: keys[int(a>>5)%len(keys)]}
			_, err := m.SetCookieLine(ctx, u, line, o)
			require.NoError(t, err)
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			for _, c := range all {
				if why := storedReason(c, u); why != "" && c.Creation.Equal(clk.Now()) {
					t.Fatalf("set %q from %s stored %+v: %s", line, u, c, why)
				}
			}
			// The next set's cookies are told apart by their creation.
			clk.Advance(time.Millisecond + time.Duration(r.next())*time.Second)
		}
		now := clk.Now()
		for _, q := range leakRequests(t, keys, r.next()) {
			inc, _, err := m.Cookies(ctx, q.u, q.o)
			require.NoError(t, err)
			for i := range inc {
				if why := leakReason(&inc[i].Cookie, q.u, q.o, now); why != "" {
					t.Fatalf("%q: %s with %+v sends %+v (%s)", line, q.u, q.o, inc[i].Cookie, why)
				}
			}
			h, err := m.CookieHeader(ctx, q.u, q.o)
			require.NoError(t, err)
			if strings.ContainsAny(h, "\r\n\x00") {
				t.Fatalf("%q: %s: Cookie header %q", line, q.u, h)
			}
		}
	})
}

// rtFunc is an http.RoundTripper made of a function.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// frontEnds are four Monsters on one clock, fed the same navigations:
// the Jar's, the Transport's, and for each a Monster fed through
// SetCookieLine and CookieHeader with the options the front end should
// use: a navigation's, and for the Transport also the partition of the
// navigation's site (http.CookieJar has no top-level context, so the Jar
// keeps a Partitioned cookie unpartitioned).
type frontEnds struct {
	clk                     *fakeClock
	jar, forJar, trans, top *Monster
	rt                      http.RoundTripper
	lines                   []string // what the Transport's server answers
	sent                    string   // the Cookie header the Transport sent
}

func newFrontEnds(t *testing.T) *frontEnds {
	fe := &frontEnds{clk: newFakeClock(t0)}
	for _, m := range []**Monster{&fe.jar, &fe.forJar, &fe.trans, &fe.top} {
		var err error
		*m, err = New(Config{Now: fe.clk.Now})
		require.NoError(t, err)
		mm := *m
		t.Cleanup(func() { require.NoError(t, mm.Close()) })
	}
	fe.rt = fe.trans.Transport(rtFunc(func(req *http.Request) (*http.Response, error) {
		fe.sent = req.Header.Get("Cookie")
		h := http.Header{"Set-Cookie": fe.lines}
		return &http.Response{StatusCode: http.StatusOK, Header: h, Body: http.NoBody, Request: req}, nil
	}))
	return fe
}

// topOptions are the options of a navigation to u, in u's partition.
func topOptions(t *testing.T, u *url.URL) Options {
	k, err := NewPartitionKeyFromSite(SiteOf(u, nil), false)
	require.NoError(t, err)
	o := NavigationOptions()
	o.Partition = k
	return o
}

// navigate sends a GET navigation to u through the front ends, the
// response setting lines, and fails unless each front end sent the Cookie
// header of its reference Monster and stores what it stores.
func (fe *frontEnds) navigate(t *testing.T, u *url.URL, lines []string) {
	ctx := context.Background()
	// The Jar, as http.Client uses it.
	want, err := fe.forJar.CookieHeader(ctx, u, NavigationOptions())
	require.NoError(t, err)
	var parts []string
	for _, c := range fe.jar.Jar().Cookies(u) {
		parts = append(parts, strings.TrimPrefix(c.Name+"="+c.Value, "="))
	}
	require.Equal(t, want, strings.Join(parts, "; "), "Jar.Cookies(%s)", u)
	// The Transport.
	top := topOptions(t, u)
	want, err = fe.top.CookieHeader(ctx, u, top)
	require.NoError(t, err)
	fe.lines = lines
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	require.NoError(t, err)
	resp, err := fe.rt.RoundTrip(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, want, fe.sent, "the Transport's Cookie header for %s", u)
	if len(lines) == 0 {
		return
	}
	// The response.
	var hcs []*http.Cookie
	for _, line := range lines {
		hc, err := http.ParseSetCookie(line)
		require.NoError(t, err)
		hcs = append(hcs, hc)
		_, err = fe.forJar.SetCookieLine(ctx, u, line, NavigationOptions())
		require.NoError(t, err)
		_, err = fe.top.SetCookieLine(ctx, u, line, top)
		require.NoError(t, err)
	}
	fe.jar.Jar().SetCookies(u, hcs)
	sameCookies(t, fe.forJar, fe.jar, "the Jar's, after %q from %s", lines, u)
	sameCookies(t, fe.top, fe.trans, "the Transport's, after %q from %s", lines, u)
}

// sameCookies fails unless got holds exactly the cookies of want.
func sameCookies(t *testing.T, want, got *Monster, msg string, args ...any) {
	t.Helper()
	w, err := want.AllCookies(context.Background())
	require.NoError(t, err)
	g, err := got.AllCookies(context.Background())
	require.NoError(t, err)
	require.Equal(t, w, g, append([]any{msg}, args...)...)
}

// FuzzFrontEndsAgree sends the model's Set-Cookie lines (those net/http
// can parse) and the model's requests through the Jar and the Transport as
// top-level navigations, and checks each against a Monster fed the same
// lines through SetCookieLine with the options the front end should use:
// the same Cookie headers and the same stored cookies, field for field.
// So the Jar's conversion of an http.Cookie back to a line, and the
// Transport's reading of raw lines and its navigation context, change
// nothing.
func FuzzFrontEndsAgree(f *testing.F) {
	for _, s := range modelSeeds(16, 200) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		fe := newFrontEnds(t)
		r := &opBytes{b: ops}
		for step := 0; !r.done() && step < modelSteps; step++ {
			fe.clk.Advance(time.Millisecond)
			switch k := r.next() % 4; {
			case k < 2:
				s := readSet(r)
				if _, err := http.ParseSetCookie(s.line()); err != nil {
					continue
				}
				fe.navigate(t, mustURL(t, s.url()), []string{s.line()})
			case k == 2:
				fe.navigate(t, mustURL(t, modelReadURL(r)), nil)
			default:
				fe.clk.Advance(modelAdvances[r.pick(len(modelAdvances))])
			}
		}
	})
}

// modelReadURL decodes a URL of the universe from one byte.
func modelReadURL(r *opBytes) string {
	a := r.next()
	return modelURL(a&1 == 0, int(a>>1)%len(modelHosts), int(a>>4)%len(modelPaths))
}
