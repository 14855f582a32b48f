package cookiemonster_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// e2eHop is what the server saw of one request.
type e2eHop struct {
	Hop    string // "METHOD host/path"
	Cookie string // the Cookie header, "" when absent
}

// e2eEnv is one https test server reached under the host names site-a.test,
// site-b.test, site-c.test and their subdomains, and a client that sends
// through a Transport of a Monster with an injected clock (no Jar).
type e2eEnv struct {
	srv    *httptest.Server
	port   string
	clock  *cm.FakeClock
	m      *cm.Monster
	client *http.Client

	mu   sync.Mutex
	hops []e2eHop
}

func newE2EEnv(t *testing.T) *e2eEnv {
	e := &e2eEnv{clock: cm.NewFakeClock(jarT0)}
	e.srv = httptest.NewTLSServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	addr := e.srv.Listener.Addr().String()
	_, e.port, _ = net.SplitHostPort(addr)

	base := e.srv.Client().Transport.(*http.Transport).Clone()
	// The test certificate is for example.com; verify against that name
	// whatever host the URL names.
	base.TLSClientConfig.ServerName = "example.com"
	var d net.Dialer
	base.DialContext = func(ctx context.Context, network, hostport string) (net.Conn, error) {
		h, _, err := net.SplitHostPort(hostport)
		if err != nil {
			return nil, err
		}
		for _, site := range []string{"site-a.test", "site-b.test", "site-c.test"} {
			if h == site || strings.HasSuffix(h, "."+site) {
				return d.DialContext(ctx, network, addr)
			}
		}
		return nil, fmt.Errorf("e2e: no route to %q", hostport)
	}
	t.Cleanup(base.CloseIdleConnections)

	var err error
	e.m, err = cm.New(cm.Config{Now: e.clock.Now, PublicSuffixList: jarPSL{}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.m.Close() })
	e.client = &http.Client{Transport: e.m.Transport(base)}
	return e
}

// serve records the request, then sets the Set-Cookie lines of the "set"
// query values and redirects (302) to the "to" query value when present.
func (e *e2eEnv) serve(w http.ResponseWriter, r *http.Request) {
	h, _, _ := net.SplitHostPort(r.Host)
	e.mu.Lock()
	e.hops = append(e.hops, e2eHop{Hop: r.Method + " " + h + r.URL.Path, Cookie: r.Header.Get("Cookie")})
	e.mu.Unlock()
	q := r.URL.Query()
	for _, line := range q["set"] {
		w.Header().Add("Set-Cookie", line)
	}
	if to := q.Get("to"); to != "" {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	_, _ = io.WriteString(w, "ok")
}

// url returns https://host:port/path with the query key/value pairs kv.
func (e *e2eEnv) url(host, path string, kv ...string) string {
	u := "https://" + host + ":" + e.port + path
	if len(kv) > 0 {
		q := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Add(kv[i], kv[i+1])
		}
		u += "?" + q.Encode()
	}
	return u
}

// page returns the URL of a page of host, for a RequestContext.
func (e *e2eEnv) page(host string) *url.URL {
	u, err := url.Parse(e.url(host, "/page"))
	if err != nil {
		panic(err)
	}
	return u
}

// do sends one request (following redirects) in the request context rc
// (nil: none, a user-typed navigation) and returns the hops the server saw.
func (e *e2eEnv) do(t *testing.T, rc *cm.RequestContext, method, rawURL string) []e2eHop {
	t.Helper()
	e.mu.Lock()
	e.hops = nil
	e.mu.Unlock()
	ctx := context.Background()
	if rc != nil {
		ctx = cm.WithRequestContext(ctx, *rc)
	}
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("x=1")
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	require.NoError(t, err)
	resp, err := e.client.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]e2eHop(nil), e.hops...)
}

// cookieAt is do for a single-hop request; it returns the Cookie header.
func (e *e2eEnv) cookieAt(t *testing.T, rc *cm.RequestContext, method, rawURL string) string {
	t.Helper()
	hops := e.do(t, rc, method, rawURL)
	require.Len(t, hops, 1)
	return hops[0].Cookie
}

// storedPartitions maps "name@domain" of every stored cookie to its
// partition key string.
func (e *e2eEnv) storedPartitions(t *testing.T) map[string]string {
	t.Helper()
	all, err := e.m.AllCookies(context.Background())
	require.NoError(t, err)
	out := map[string]string{}
	for _, c := range all {
		out[c.Name+"@"+c.Domain] = c.Partition.String()
	}
	return out
}

// The cookies site-a.test sets in step (a).
var e2eSiteACookies = []string{
	"strict=1; Path=/; SameSite=Strict",
	"lax=1; Path=/; SameSite=Lax",
	"none=1; Path=/; SameSite=None; Secure",
	"unspec=1; Path=/",
	"part=1; Path=/; SameSite=None; Secure; Partitioned",
}

// TestE2ECrossSiteBrowsing is one browsing session; its subtests are its
// steps, in order, each building on the store the previous ones left.
func TestE2ECrossSiteBrowsing(t *testing.T) {
	e := newE2EEnv(t)
	const (
		a = "site-a.test"
		b = "site-b.test"
		c = "site-c.test"
	)
	siteB := e.page(b)
	siteC := e.page(c)
	const all = "strict=1; lax=1; none=1; unspec=1; part=1"

	// (a) The user types site-a.test/set; site-a sets every kind of cookie.
	// The response of a top-level navigation is a Lax context: Strict can
	// be set; the Partitioned cookie goes to site-a's own partition.
	kv := []string{}
	for _, l := range e2eSiteACookies {
		kv = append(kv, "set", l)
	}
	assert.Equal(t, []e2eHop{{Hop: "GET site-a.test/set"}}, e.do(t, nil, http.MethodGet, e.url(a, "/set", kv...)))
	assert.Equal(t, map[string]string{
		"strict@site-a.test": "",
		"lax@site-a.test":    "",
		"none@site-a.test":   "",
		"unspec@site-a.test": "",
		"part@site-a.test":   "https://site-a.test (same-site)",
	}, e.storedPartitions(t))

	t.Run("b typed navigation sends all", func(t *testing.T) {
		assert.Equal(t, all, e.cookieAt(t, nil, http.MethodGet, e.url(a, "/b")))
		nav := &cm.RequestContext{Navigation: true}
		assert.Equal(t, all, e.cookieAt(t, nav, http.MethodGet, e.url(a, "/b")))
		// A same-site navigation (a link on a site-a page) too, and a
		// subdomain is the same site.
		fromA := &cm.RequestContext{Initiator: e.page("www." + a), Navigation: true}
		assert.Equal(t, all, e.cookieAt(t, fromA, http.MethodGet, e.url(a, "/b")))
		// A same-site subresource of a site-a page also sends all.
		sub := &cm.RequestContext{TopFrame: e.page(a), Initiator: e.page(a)}
		assert.Equal(t, all, e.cookieAt(t, sub, http.MethodGet, e.url(a, "/b")))
		// The host-only cookies are not sent to another host of the site.
		assert.Equal(t, "", e.cookieAt(t, nil, http.MethodGet, e.url("www."+a, "/b")))
	})

	crossNav := &cm.RequestContext{Initiator: siteB, Navigation: true}
	t.Run("c cross-site GET navigation", func(t *testing.T) {
		assert.Equal(t, "lax=1; none=1; unspec=1; part=1", e.cookieAt(t, crossNav, http.MethodGet, e.url(a, "/c")))
		assert.Equal(t, "lax=1; none=1; unspec=1; part=1", e.cookieAt(t, crossNav, http.MethodHead, e.url(a, "/c")))
	})

	t.Run("d cross-site POST navigation", func(t *testing.T) {
		e.clock.Advance(time.Minute) // one minute after creation
		assert.Equal(t, "none=1; unspec=1; part=1", e.cookieAt(t, crossNav, http.MethodPost, e.url(a, "/d")))
		e.clock.Advance(time.Minute) // exactly two minutes: still allowed
		assert.Equal(t, "none=1; unspec=1; part=1", e.cookieAt(t, crossNav, http.MethodPost, e.url(a, "/d")))
		e.clock.Advance(time.Second) // past two minutes
		assert.Equal(t, "none=1; part=1", e.cookieAt(t, crossNav, http.MethodPost, e.url(a, "/d")))
		// A GET navigation still sends the unspecified (Lax) cookie.
		assert.Equal(t, "lax=1; none=1; unspec=1; part=1", e.cookieAt(t, crossNav, http.MethodGet, e.url(a, "/d")))
		// A same-site POST sends all.
		assert.Equal(t, all, e.cookieAt(t, nil, http.MethodPost, e.url(a, "/d")))
	})

	embedB := &cm.RequestContext{TopFrame: siteB, Initiator: siteB}
	t.Run("e cross-site subresource and partitions", func(t *testing.T) {
		// Only SameSite=None, and not site-a's own partition.
		assert.Equal(t, "none=1", e.cookieAt(t, embedB, http.MethodGet, e.url(a, "/e")))
		// Even a POST subresource.
		assert.Equal(t, "none=1", e.cookieAt(t, embedB, http.MethodPost, e.url(a, "/e")))

		// site-a, embedded under site-b, sets a Partitioned cookie and two
		// that a cross-site response may not set (Lax and unspecified).
		e.do(t, embedB, http.MethodGet, e.url(a, "/e/set",
			"set", "emb=1; Path=/; SameSite=None; Secure; Partitioned",
			"set", "emblax=1; Path=/; SameSite=Lax",
			"set", "embunspec=1; Path=/"))
		parts := e.storedPartitions(t)
		assert.Equal(t, "https://site-b.test (cross-site)", parts["emb@site-a.test"])
		assert.NotContains(t, parts, "emblax@site-a.test")
		assert.NotContains(t, parts, "embunspec@site-a.test")

		// Sent back in that context only.
		assert.Equal(t, "none=1; emb=1", e.cookieAt(t, embedB, http.MethodGet, e.url(a, "/e")))
		// Not in a top-level site-a request, typed or from site-b.
		assert.Equal(t, all, e.cookieAt(t, nil, http.MethodGet, e.url(a, "/e")))
		assert.Equal(t, "lax=1; none=1; unspec=1; part=1", e.cookieAt(t, crossNav, http.MethodGet, e.url(a, "/e")))
		// Not under another top frame.
		embedC := &cm.RequestContext{TopFrame: siteC, Initiator: siteC}
		assert.Equal(t, "none=1", e.cookieAt(t, embedC, http.MethodGet, e.url(a, "/e")))
		// Not in a same-site (site-a in site-a) subresource.
		subA := &cm.RequestContext{TopFrame: e.page(a), Initiator: e.page(a)}
		assert.Equal(t, all, e.cookieAt(t, subA, http.MethodGet, e.url(a, "/e")))
		// Under site-b again, whoever initiated the request inside the
		// site-b page (here a site-a script in the frame).
		embedBfromA := &cm.RequestContext{TopFrame: siteB, Initiator: e.page(a)}
		assert.Equal(t, "none=1; emb=1", e.cookieAt(t, embedBfromA, http.MethodGet, e.url(a, "/e")))
		// A site-b subresource of site-b's own page does not see site-a's
		// cookies at all, and site-b has none yet.
		assert.Equal(t, "", e.cookieAt(t, embedB, http.MethodGet, e.url(b, "/e")))
	})

	t.Run("f redirect chains", func(t *testing.T) {
		// site-b sets its own cookies, typed by the user.
		e.do(t, nil, http.MethodGet, e.url(b, "/setb",
			"set", "bstrict=1; Path=/; SameSite=Strict",
			"set", "blax=1; Path=/; SameSite=Lax",
			"set", "bnone=1; Path=/; SameSite=None; Secure"))
		e.clock.Advance(time.Second)
		const bAll = "bstrict=1; blax=1; bnone=1"
		// chain: site-b/f1 (sets hop=1 on its 302) -> site-a/f2 -> site-b/f3.
		chain := e.url(b, "/f1",
			"set", "hop=1; Path=/; SameSite=Lax",
			"to", e.url(a, "/f2", "to", e.url(b, "/f3")))

		// A link on a site-b page: hops on site-b are same-site with the
		// initiator (Strict); the site-a hop is a cross-site navigation
		// (Lax). The 302's Set-Cookie reaches the store before f3.
		assert.Equal(t, []e2eHop{
			{Hop: "GET site-b.test/f1", Cookie: bAll},
			{Hop: "GET site-a.test/f2", Cookie: "lax=1; none=1; unspec=1; part=1"},
			{Hop: "GET site-b.test/f3", Cookie: bAll + "; hop=1"},
		}, e.do(t, &cm.RequestContext{Initiator: siteB, Navigation: true}, http.MethodGet, chain))

		// A link on a site-a page: the other way round.
		assert.Equal(t, []e2eHop{
			{Hop: "GET site-b.test/f1", Cookie: "blax=1; bnone=1; hop=1"},
			{Hop: "GET site-a.test/f2", Cookie: all},
			{Hop: "GET site-b.test/f3", Cookie: "blax=1; bnone=1; hop=1"},
		}, e.do(t, &cm.RequestContext{Initiator: e.page(a), Navigation: true}, http.MethodGet, chain))

		// Typed by the user: no initiator, every hop is Strict (the
		// redirect-chain downgrade is off by default, as in Chromium).
		assert.Equal(t, []e2eHop{
			{Hop: "GET site-b.test/f1", Cookie: bAll + "; hop=1"},
			{Hop: "GET site-a.test/f2", Cookie: all},
			{Hop: "GET site-b.test/f3", Cookie: bAll + "; hop=1"},
		}, e.do(t, nil, http.MethodGet, chain))

		// A subresource of a site-b page: site-a is cross-site (None, and
		// site-a's cookie partitioned under site-b), site-b is Strict.
		assert.Equal(t, []e2eHop{
			{Hop: "GET site-b.test/f1", Cookie: bAll + "; hop=1"},
			{Hop: "GET site-a.test/f2", Cookie: "none=1; emb=1"},
			{Hop: "GET site-b.test/f3", Cookie: bAll + "; hop=1"},
		}, e.do(t, embedB, http.MethodGet, chain))

		// The same under a site-c page: everything is cross-site.
		assert.Equal(t, []e2eHop{
			{Hop: "GET site-b.test/f1", Cookie: "bnone=1"},
			{Hop: "GET site-a.test/f2", Cookie: "none=1"},
			{Hop: "GET site-b.test/f3", Cookie: "bnone=1"},
		}, e.do(t, &cm.RequestContext{TopFrame: siteC, Initiator: siteC}, http.MethodGet, chain))

		// A cross-site POST navigation that redirects (a 302 turns it into
		// a GET): the POST hop gets the None cookies only (site-a's
		// unspecified cookie is more than two minutes old by now), the
		// GET hop the Lax ones too.
		post := e.url(a, "/f4", "to", e.url(a, "/f5"))
		assert.Equal(t, []e2eHop{
			{Hop: "POST site-a.test/f4", Cookie: "none=1; part=1"},
			{Hop: "GET site-a.test/f5", Cookie: "lax=1; none=1; unspec=1; part=1"},
		}, e.do(t, crossNav, http.MethodPost, post))
	})

	t.Run("g navigation with a top frame", func(t *testing.T) {
		// A main-frame navigation from a site-b page that names that page
		// as TopFrame: the navigated-to document becomes the top frame, so
		// the request must be judged as in (c), and a Partitioned cookie
		// its response sets belongs to site-a's own partition.
		rc := &cm.RequestContext{TopFrame: siteB, Initiator: siteB, Navigation: true}
		got := e.cookieAt(t, rc, http.MethodGet, e.url(a, "/g"))
		e.do(t, rc, http.MethodGet, e.url(a, "/g", "set", "gpart=1; Path=/; Secure; SameSite=None; Partitioned"))
		part := e.storedPartitions(t)["gpart@site-a.test"]
		assert.Equal(t, "lax=1; none=1; unspec=1; part=1", got)
		assert.Equal(t, "https://site-a.test (same-site)", part)
	})
}

func TestE2EPartitionedCookieOfNestedSameSiteFrame(t *testing.T) {
	e := newE2EEnv(t)
	const a = "site-a.test"
	// A site-a subresource of a site-a page sets a partitioned cookie in
	// (site-a, same-site); a site-a subresource of a site-b page does not
	// see it, and the cookie it sets is kept apart.
	subA := &cm.RequestContext{TopFrame: e.page(a), Initiator: e.page(a)}
	embedB := &cm.RequestContext{TopFrame: e.page("site-b.test"), Initiator: e.page("site-b.test")}
	e.do(t, subA, http.MethodGet, e.url(a, "/s", "set", "p=first; Path=/; Secure; SameSite=None; Partitioned"))
	e.do(t, embedB, http.MethodGet, e.url(a, "/s", "set", "p=third; Path=/; Secure; SameSite=None; Partitioned"))
	assert.Equal(t, "p=first", e.cookieAt(t, subA, http.MethodGet, e.url(a, "/s")))
	assert.Equal(t, "p=first", e.cookieAt(t, nil, http.MethodGet, e.url(a, "/s")))
	assert.Equal(t, "p=third", e.cookieAt(t, embedB, http.MethodGet, e.url(a, "/s")))

	all, err := e.m.AllCookies(context.Background())
	require.NoError(t, err)
	got := []string{}
	for _, c := range all {
		got = append(got, c.Value+" "+c.Partition.String())
	}
	assert.ElementsMatch(t, []string{
		"first https://site-a.test (same-site)",
		"third https://site-b.test (cross-site)",
	}, got)
}
