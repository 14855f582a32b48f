package cookiemonster_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// fpiOpts are navigation options under the first-party domain fpd.
func fpiOpts(fpd string) cm.Options {
	o := cm.NavigationOptions()
	o.FirstPartyDomain = fpd
	return o
}

// TestFirstPartyIsolationMonster checks the rules of first-party domains
// on the Monster: a cookie set under one first party is visible under it
// only; equivalent cookies of two first parties live side by side; filters
// and deletions select by first party.
func TestFirstPartyIsolationMonster(t *testing.T) {
	ctx := context.Background()
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}})
	require.NoError(t, err)
	u := jarURL(t, "https://tracker.example/")
	for _, tc := range []struct{ fpd, line string }{
		{"site-a.test", "id=a; Max-Age=3600"},
		{"site-b.test", "id=b; Max-Age=3600"},
		{"", "id=none; Max-Age=3600"},
	} {
		res, err := m.SetCookieLine(ctx, u, tc.line, fpiOpts(tc.fpd))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude())
	}
	for fpd, want := range map[string]string{"site-a.test": "id=a", "site-b.test": "id=b", "": "id=none", "site-c.test": ""} {
		h, err := m.CookieHeader(ctx, u, fpiOpts(fpd))
		require.NoError(t, err)
		assert.Equal(t, want, h, "first party %q", fpd)
	}

	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	var got []string
	for _, c := range all {
		got = append(got, c.Value+"@"+c.FirstPartyDomain)
	}
	assert.Equal(t, []string{"a@site-a.test", "b@site-b.test", "none@"}, got)

	a := "site-a.test"
	only, err := m.GetAll(ctx, cm.CookieFilter{FirstPartyDomain: &a})
	require.NoError(t, err)
	require.Len(t, only, 1)
	assert.Equal(t, "a", only[0].Value)

	// An overwrite stays within its first party.
	res, err := m.SetCookieLine(ctx, u, "id=a2; Max-Age=3600", fpiOpts("site-a.test"))
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude())
	h, err := m.CookieHeader(ctx, u, fpiOpts("site-b.test"))
	require.NoError(t, err)
	assert.Equal(t, "id=b", h)

	n, err := m.DeleteMatching(ctx, cm.DeletionInfo{FirstPartyDomain: &a})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	h, err = m.CookieHeader(ctx, u, fpiOpts("site-a.test"))
	require.NoError(t, err)
	assert.Equal(t, "", h)

	// Set by fields carries its first party; the cookie keeps it in a
	// persistent store.
	store := cm.NewMemoryStore(jarPSL{})
	pm, err := cm.New(cm.Config{Store: store, Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}})
	require.NoError(t, err)
	c, st, err := pm.Set(ctx, cm.CookieDetails{URL: u, Name: "k", Value: "v", Expiry: jarT0.Add(3600e9), FirstPartyDomain: "site-a.test"})
	require.NoError(t, err)
	require.NotNil(t, c, "%v", st)
	assert.Equal(t, "site-a.test", c.FirstPartyDomain)
	require.NoError(t, pm.Close())
	kept := store.Cookies()
	require.Len(t, kept, 1)
	assert.Equal(t, "site-a.test", kept[0].FirstPartyDomain)
}

// TestFirstPartyIsolationTransport: with Config.FirstPartyIsolation, the
// Transport gives each request the first party of its top-level site: a
// third-party cookie set under site-a is not sent under site-b, and a
// navigation is its own first party; the Jar keys a URL by its own site.
func TestFirstPartyIsolationTransport(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, line := range r.URL.Query()["set"] {
			w.Header().Add("Set-Cookie", line)
		}
		_, _ = io.WriteString(w, r.Header.Get("Cookie"))
	}))
	t.Cleanup(srv.Close)
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.TLSClientConfig.ServerName = "example.com" // the test certificate's name
	addr := srv.Listener.Addr().String()
	var d net.Dialer
	base.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}
	t.Cleanup(base.CloseIdleConnections)

	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now, PublicSuffixList: jarPSL{}, FirstPartyIsolation: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	c := &http.Client{Transport: m.Transport(base)}
	under := func(top string) context.Context {
		return cm.WithRequestContext(context.Background(), cm.RequestContext{TopFrame: jarURL(t, top), Initiator: jarURL(t, top)})
	}
	get := func(ctx context.Context, rawURL string) string {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		require.NoError(t, err)
		return jarDo(t, c, req)
	}
	third := "https://cdn.site-c.test/"
	get(under("https://www.site-a.test/"), third+"?"+url.Values{"set": {"t=1; SameSite=None; Secure"}}.Encode())
	assert.Equal(t, "t=1", get(under("https://www.site-a.test/"), third))
	assert.Equal(t, "t=1", get(under("https://site-a.test/"), third), "the same first party")
	assert.Equal(t, "", get(under("https://www.site-b.test/"), third), "another first party")
	assert.Equal(t, "", get(context.Background(), third), "a navigation to the tracker is its own first party")
	get(context.Background(), third+"?"+url.Values{"set": {"own=1; SameSite=None; Secure"}}.Encode())
	assert.Equal(t, "own=1", get(context.Background(), third))
	assert.Equal(t, "t=1", get(under("https://www.site-a.test/"), third))

	m.Jar().SetCookies(jarURL(t, "https://www.site-b.test/"), []*http.Cookie{{Name: "j", Value: "1"}})
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	var got []string
	for _, ck := range all {
		got = append(got, ck.Name+"@"+ck.FirstPartyDomain)
	}
	assert.ElementsMatch(t, []string{"t@site-a.test", "own@site-c.test", "j@site-b.test"}, got)
	assert.Equal(t, "j=1", m.Jar().Cookies(jarURL(t, "https://www.site-b.test/"))[0].String())
}

// TestFirstPartyGetRemove: Get and Remove see the cookies without a
// first-party domain only.
func TestFirstPartyGetRemove(t *testing.T) {
	ctx := context.Background()
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now})
	require.NoError(t, err)
	u := jarURL(t, "https://www.example.com/")
	for _, fpd := range []string{"", "site-a.test"} {
		res, err := m.SetCookieLine(ctx, u, "id="+fpd, fpiOpts(fpd))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude())
	}
	got, err := m.Get(ctx, u, "id", cm.PartitionKey{})
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "", got.FirstPartyDomain)
	removed, err := m.Remove(ctx, u, "id", cm.PartitionKey{})
	require.NoError(t, err)
	require.Len(t, removed, 1)
	assert.Equal(t, "", removed[0].FirstPartyDomain)
	h, err := m.CookieHeader(ctx, u, fpiOpts("site-a.test"))
	require.NoError(t, err)
	assert.Equal(t, "id=site-a.test", h, "the other first party's cookie stays")
}

// TestFirstPartyLoad: cookies that differ only in their first-party
// domain are distinct cookies when a store loads them, not duplicates.
func TestFirstPartyLoad(t *testing.T) {
	ctx := context.Background()
	var cookies []*cm.CanonicalCookie
	for _, fpd := range []string{"site-a.test", "site-b.test", ""} {
		c, st := cm.NewCanonicalCookie(jarURL(t, "https://tracker.example/"), "id="+fpd+"; Max-Age=3600", jarT0, cm.CreateOptions{})
		require.NotNil(t, c, "%v", st)
		c.FirstPartyDomain = fpd
		cookies = append(cookies, c)
	}
	store := cm.NewMemoryStore(nil, cookies...)
	m, err := cm.New(cm.Config{Store: store, Now: cm.NewFakeClock(jarT0).Now})
	require.NoError(t, err)
	defer m.Close()
	for _, fpd := range []string{"site-a.test", "site-b.test", ""} {
		h, err := m.CookieHeader(ctx, jarURL(t, "https://tracker.example/"), fpiOpts(fpd))
		require.NoError(t, err)
		assert.Equal(t, "id="+fpd, h)
	}
	assert.Len(t, store.Cookies(), 3, "nothing deleted from the store")
}
