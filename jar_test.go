package cookiemonster_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/publicsuffix"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// jarT0 is the injected "now" of the jar tests, a whole second.
var jarT0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// jarPSL is x/net's public suffix list plus "test" as a public suffix, so
// that site-a.test and site-b.test are registrable domains.
type jarPSL struct{}

func (jarPSL) PublicSuffix(d string) string {
	if d == "test" || strings.HasSuffix(d, ".test") {
		return "test"
	}
	return publicsuffix.List.PublicSuffix(d)
}

func (jarPSL) String() string { return "publicsuffix.List + test" }

// jarNewMonster returns a memory-only Monster on clock.
func jarNewMonster(t testing.TB, clock *cm.FakeClock) *cm.Monster {
	t.Helper()
	m, err := cm.New(cm.Config{Now: clock.Now, PublicSuffixList: jarPSL{}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func jarURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

// jarSnap is the observable state of one stored cookie.
type jarSnap struct {
	Name, Value, Domain, Path string
	Expiry                    string // RFC 3339 in UTC; "" for a session cookie
	Secure, HTTPOnly          bool
	SameSite                  string
	Partition                 string // PartitionKey.String(); "" unpartitioned
}

func jarSnapOf(c *cm.CanonicalCookie) jarSnap {
	s := jarSnap{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		Secure: c.Secure, HTTPOnly: c.HTTPOnly,
		SameSite: c.SameSite.String(), Partition: c.Partition.String(),
	}
	if !c.Expiry.IsZero() {
		s.Expiry = c.Expiry.UTC().Format(time.RFC3339Nano)
	}
	return s
}

// jarStored returns every stored cookie, in AllCookies order.
func jarStored(t testing.TB, m *cm.Monster) []jarSnap {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	out := []jarSnap{}
	for _, c := range all {
		out = append(out, jarSnapOf(c))
	}
	return out
}

func jarRFC3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// jarEchoServer serves /echo (the request's Cookie header as the body) and
// sets the Set-Cookie lines given as "set" query values on any path; a "to"
// query value redirects there with 302.
func jarEchoServer(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		for _, line := range q["set"] {
			w.Header().Add("Set-Cookie", line)
		}
		if to := q.Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, r.Header.Get("Cookie"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// jarGet fetches u with c and returns the body.
func jarGet(t testing.TB, c *http.Client, u string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	return jarDo(t, c, req)
}

func jarDo(t testing.TB, c *http.Client, req *http.Request) string {
	t.Helper()
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func jarSetURL(base, path string, lines ...string) string {
	q := url.Values{"set": lines}
	return base + path + "?" + q.Encode()
}

func TestJarNewJarNilIsDropIn(t *testing.T) {
	j, err := cm.NewJar(nil)
	require.NoError(t, err)
	var _ http.CookieJar = j
	require.NotNil(t, j.Monster())

	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "session=abc123; Path=/; HttpOnly")
		w.Header().Add("Set-Cookie", "theme=dark; Path=/; Max-Age=3600")
		http.Redirect(w, r, "/me", http.StatusSeeOther)
	})
	mux.HandleFunc("/me", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Header.Get("Cookie"))
	})
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "session=; Path=/; Max-Age=0")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	client := &http.Client{Jar: j}
	assert.Equal(t, "", jarGet(t, client, srv.URL+"/me"))
	assert.Equal(t, "session=abc123; theme=dark", jarGet(t, client, srv.URL+"/login"))
	assert.Equal(t, "session=abc123; theme=dark", jarGet(t, client, srv.URL+"/me"))
	jarGet(t, client, srv.URL+"/logout")
	assert.Equal(t, "theme=dark", jarGet(t, client, srv.URL+"/me"))

	// The session persists across clients sharing the jar.
	other := &http.Client{Jar: j}
	assert.Equal(t, "theme=dark", jarGet(t, other, srv.URL+"/me"))
}

func TestJarSetCookiesReparsesRaw(t *testing.T) {
	clock := cm.NewFakeClock(jarT0)
	m := jarNewMonster(t, clock)
	j := m.Jar()
	u := jarURL(t, "https://www.example.com/account/login")

	// net/http cannot parse a one-digit day: the cookie becomes a session
	// cookie there, with the attribute in Unparsed.
	hc, err := http.ParseSetCookie("id=1; Expires=Wed, 9 Jun 2027 10:18:14 GMT; Path=/")
	require.NoError(t, err)
	require.True(t, hc.Expires.IsZero(), "precondition: net/http drops the Expires")
	require.NotEmpty(t, hc.Unparsed)
	require.Equal(t, "id=1; Expires=Wed, 9 Jun 2027 10:18:14 GMT; Path=/", hc.Raw)

	// Max-Age with a leading zero is also rejected by net/http.
	hc2, err := http.ParseSetCookie("lz=1; Max-Age=05; Path=/")
	require.NoError(t, err)
	require.Zero(t, hc2.MaxAge, "precondition: net/http drops Max-Age=05")

	// An unknown SameSite value is SameSiteDefaultMode in net/http, and
	// unspecified for us; Priority is unknown to net/http.
	hc3, err := http.ParseSetCookie("pr=1; Path=/; Priority=High; SameSite=Strict")
	require.NoError(t, err)

	j.SetCookies(u, []*http.Cookie{hc, hc2, hc3})
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	require.Len(t, all, 3)
	byName := map[string]*cm.CanonicalCookie{}
	for _, c := range all {
		byName[c.Name] = c
	}
	require.Contains(t, byName, "id")
	assert.True(t, byName["id"].IsPersistent())
	assert.Equal(t, jarRFC3339(time.Date(2027, 6, 9, 10, 18, 14, 0, time.UTC)), jarRFC3339(byName["id"].Expiry))
	assert.Equal(t, "/", byName["id"].Path)
	require.Contains(t, byName, "lz")
	assert.Equal(t, jarRFC3339(jarT0.Add(5*time.Second)), jarRFC3339(byName["lz"].Expiry))
	require.Contains(t, byName, "pr")
	assert.Equal(t, cm.PriorityHigh, byName["pr"].Priority)
	assert.Equal(t, cm.SameSiteStrict, byName["pr"].SameSite)
}

func TestJarSetCookiesRawOfAnotherNameFallsBackToFields(t *testing.T) {
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	j := m.Jar()
	u := jarURL(t, "https://www.example.com/dir/page")

	j.SetCookies(u, []*http.Cookie{
		// Raw names another cookie: the fields win.
		{Name: "b", Value: "2", Path: "/p", Raw: "a=1; Path=/x; Max-Age=60"},
		// Raw is not a cookie at all: the fields win.
		{Name: "c", Value: "3", Raw: "\x01"},
	})
	assert.Equal(t, []jarSnap{
		{Name: "c", Value: "3", Domain: "www.example.com", Path: "/dir", SameSite: "Unspecified"},
		{Name: "b", Value: "2", Domain: "www.example.com", Path: "/p", SameSite: "Unspecified"},
	}, jarStored(t, m))
}

func TestJarSetCookiesFromFields(t *testing.T) {
	const https = "https://www.example.com/dir/page"
	const http_ = "http://www.example.com/dir/page"
	base := jarSnap{Name: "a", Value: "1", Domain: "www.example.com", Path: "/dir", SameSite: "Unspecified"}
	with := func(f func(*jarSnap)) []jarSnap {
		s := base
		f(&s)
		return []jarSnap{s}
	}
	cases := []struct {
		name string
		url  string
		c    http.Cookie
		want []jarSnap // nil: refused
	}{
		{"plain", https, http.Cookie{Name: "a", Value: "1"}, with(func(*jarSnap) {})},
		{"Expires", https, http.Cookie{Name: "a", Value: "1", Expires: jarT0.Add(2 * time.Hour)},
			with(func(s *jarSnap) { s.Expiry = jarRFC3339(jarT0.Add(2 * time.Hour)) })},
		{"Expires in another zone", https, http.Cookie{Name: "a", Value: "1", Expires: jarT0.Add(2 * time.Hour).In(time.FixedZone("X", 5*3600))},
			with(func(s *jarSnap) { s.Expiry = jarRFC3339(jarT0.Add(2 * time.Hour)) })},
		{"Expires beyond 400 days is capped", https, http.Cookie{Name: "a", Value: "1", Expires: jarT0.AddDate(3, 0, 0)},
			with(func(s *jarSnap) { s.Expiry = jarRFC3339(jarT0.Add(400 * 24 * time.Hour)) })},
		{"MaxAge", https, http.Cookie{Name: "a", Value: "1", MaxAge: 60},
			with(func(s *jarSnap) { s.Expiry = jarRFC3339(jarT0.Add(time.Minute)) })},
		{"MaxAge beats Expires", https, http.Cookie{Name: "a", Value: "1", MaxAge: 60, Expires: jarT0.Add(2 * time.Hour)},
			with(func(s *jarSnap) { s.Expiry = jarRFC3339(jarT0.Add(time.Minute)) })},
		{"MaxAge<0 of a new cookie stores nothing", https, http.Cookie{Name: "a", Value: "1", MaxAge: -1}, nil},
		{"Expires in the past stores nothing", https, http.Cookie{Name: "a", Value: "1", Expires: jarT0.Add(-time.Hour)}, nil},
		{"Domain", https, http.Cookie{Name: "a", Value: "1", Domain: "example.com"},
			with(func(s *jarSnap) { s.Domain = ".example.com" })},
		{"Domain with a dot", https, http.Cookie{Name: "a", Value: "1", Domain: ".EXAMPLE.com"},
			with(func(s *jarSnap) { s.Domain = ".example.com" })},
		{"Domain of another site", https, http.Cookie{Name: "a", Value: "1", Domain: "example.org"}, nil},
		{"Domain a public suffix", https, http.Cookie{Name: "a", Value: "1", Domain: "com"}, nil},
		{"Path", https, http.Cookie{Name: "a", Value: "1", Path: "/x/y"},
			with(func(s *jarSnap) { s.Path = "/x/y" })},
		{"Secure", https, http.Cookie{Name: "a", Value: "1", Secure: true},
			with(func(s *jarSnap) { s.Secure = true })},
		{"Secure from http", http_, http.Cookie{Name: "a", Value: "1", Secure: true}, nil},
		{"HttpOnly", https, http.Cookie{Name: "a", Value: "1", HttpOnly: true},
			with(func(s *jarSnap) { s.HTTPOnly = true })},
		{"SameSite=Lax", https, http.Cookie{Name: "a", Value: "1", SameSite: http.SameSiteLaxMode},
			with(func(s *jarSnap) { s.SameSite = "Lax" })},
		{"SameSite=Strict", https, http.Cookie{Name: "a", Value: "1", SameSite: http.SameSiteStrictMode},
			with(func(s *jarSnap) { s.SameSite = "Strict" })},
		{"SameSite=None Secure", https, http.Cookie{Name: "a", Value: "1", SameSite: http.SameSiteNoneMode, Secure: true},
			with(func(s *jarSnap) { s.SameSite = "None"; s.Secure = true })},
		{"SameSite=None without Secure", https, http.Cookie{Name: "a", Value: "1", SameSite: http.SameSiteNoneMode}, nil},
		{"SameSite default", https, http.Cookie{Name: "a", Value: "1", SameSite: http.SameSiteDefaultMode},
			with(func(*jarSnap) {})},
		// The Jar is an unpartitioned context: a Partitioned cookie is
		// stored unpartitioned, but still needs Secure.
		{"Partitioned", https, http.Cookie{Name: "a", Value: "1", Partitioned: true, Secure: true, Path: "/"},
			with(func(s *jarSnap) { s.Secure = true; s.Path = "/" })},
		{"Partitioned without Secure", https, http.Cookie{Name: "a", Value: "1", Partitioned: true}, nil},
		{"Quoted", https, http.Cookie{Name: "a", Value: "x y", Quoted: true},
			with(func(s *jarSnap) { s.Value = `"x y"` })},
		{"all together", https, http.Cookie{
			Name: "a", Value: "1", Domain: "example.com", Path: "/", MaxAge: 3600,
			Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode,
		}, []jarSnap{{
			Name: "a", Value: "1", Domain: ".example.com", Path: "/", Expiry: jarRFC3339(jarT0.Add(time.Hour)),
			Secure: true, HTTPOnly: true, SameSite: "Strict",
		}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := jarNewMonster(t, cm.NewFakeClock(jarT0))
			c := tc.c
			require.Empty(t, c.Raw)
			m.Jar().SetCookies(jarURL(t, tc.url), []*http.Cookie{&c})
			want := tc.want
			if want == nil {
				want = []jarSnap{}
			}
			assert.Equal(t, want, jarStored(t, m))
		})
	}
}

func TestJarSetCookiesFieldsCannotInjectAttributes(t *testing.T) {
	// A value or path built in code that holds "; attr" must not turn into
	// attributes of the cookie. net/http's own Cookie.String drops such
	// bytes; NewSanitizedCookie refuses them. Either is fine; a cookie
	// that gained Domain, Secure or a longer lifetime is not.
	cases := []http.Cookie{
		{Name: "a", Value: "x; Domain=example.com"},
		{Name: "a", Value: "x", Path: "/; Domain=example.com; Max-Age=99999"},
		{Name: "a", Value: "x", Domain: "www.example.com; Max-Age=99999"},
	}
	for _, c := range cases {
		t.Run(c.Value+"|"+c.Path+"|"+c.Domain, func(t *testing.T) {
			m := jarNewMonster(t, cm.NewFakeClock(jarT0))
			m.Jar().SetCookies(jarURL(t, "https://www.example.com/"), []*http.Cookie{&c})
			// A field holding ';' would smuggle attributes in: the cookie
			// is dropped, as net/http drops the bytes.
			assert.Empty(t, jarStored(t, m))
		})
	}
}

func TestJarSetCookiesMaxAgeNegativeDeletes(t *testing.T) {
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	j := m.Jar()
	u := jarURL(t, "https://www.example.com/")
	j.SetCookies(u, []*http.Cookie{{Name: "a", Value: "1", Path: "/"}, {Name: "b", Value: "2", Path: "/"}})
	require.Len(t, jarStored(t, m), 2)

	j.SetCookies(u, []*http.Cookie{{Name: "a", MaxAge: -1, Path: "/"}})
	assert.Equal(t, []jarSnap{{Name: "b", Value: "2", Domain: "www.example.com", Path: "/", SameSite: "Unspecified"}}, jarStored(t, m))

	// A deletion on another path deletes nothing.
	j.SetCookies(u, []*http.Cookie{{Name: "b", MaxAge: -1, Path: "/other"}})
	assert.Len(t, jarStored(t, m), 1)

	// nil cookies and a nil URL are ignored.
	j.SetCookies(u, []*http.Cookie{nil})
	j.SetCookies(nil, []*http.Cookie{{Name: "c", Value: "3"}})
	assert.Len(t, jarStored(t, m), 1)
	assert.Nil(t, j.Cookies(nil))
}

func TestJarCookiesQuoted(t *testing.T) {
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	u := jarURL(t, "https://www.example.com/")
	ctx := context.Background()
	for _, line := range []string{`q="hello"`, `p=plain`, `sp="a b"`, `e=""`, `one="`} {
		res, err := m.SetCookieLine(ctx, u, line, cm.NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), line)
	}
	got := m.Jar().Cookies(u)
	want := []*http.Cookie{
		{Name: "q", Value: "hello", Quoted: true},
		{Name: "p", Value: "plain"},
		{Name: "sp", Value: "a b", Quoted: true},
		{Name: "e", Value: "", Quoted: true},
		{Name: "one", Value: `"`},
	}
	assert.Equal(t, want, got)

	req := httptest.NewRequest(http.MethodGet, u.String(), nil)
	for _, c := range got[:3] {
		req.AddCookie(c)
	}
	assert.Equal(t, `q="hello"; p=plain; sp="a b"`, req.Header.Get("Cookie"))
	req.AddCookie(got[3])
	assert.Equal(t, `q="hello"; p=plain; sp="a b"; e=""`, req.Header.Get("Cookie"))
	assert.Empty(t, m.Jar().Cookies(u)[0].Path, "only Name, Value and Quoted are set")
}

func TestJarQuotedValueThroughClient(t *testing.T) {
	srv := jarEchoServer(t)
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	client := &http.Client{Jar: m.Jar()}
	jarGet(t, client, jarSetURL(srv.URL, "/set", `q="hello"`, `sp="a b"`))
	assert.Equal(t, `q="hello"; sp="a b"`, jarGet(t, client, srv.URL+"/echo"))
}

func TestJarSchemes(t *testing.T) {
	clock := cm.NewFakeClock(jarT0)
	m := jarNewMonster(t, clock)
	j := m.Jar()
	set := func(raw string, c *http.Cookie) {
		t.Helper()
		clock.Advance(time.Second)
		c.Path = "/"
		j.SetCookies(jarURL(t, raw), []*http.Cookie{c})
	}
	set("http://h.example.com/", &http.Cookie{Name: "http", Value: "1"})
	set("https://h.example.com/", &http.Cookie{Name: "https", Value: "1", Secure: true})
	set("ws://h.example.com/", &http.Cookie{Name: "ws", Value: "1"})
	set("wss://h.example.com/", &http.Cookie{Name: "wss", Value: "1", Secure: true})
	set("ws://h.example.com/", &http.Cookie{Name: "wsSecure", Value: "1", Secure: true}) // refused
	set("ftp://h.example.com/", &http.Cookie{Name: "ftp", Value: "1"})                   // refused

	names := func(raw string) []string {
		out := []string{}
		for _, c := range j.Cookies(jarURL(t, raw)) {
			out = append(out, c.Name)
		}
		return out
	}
	assert.Equal(t, []string{"http", "ws"}, names("http://h.example.com/"))
	assert.Equal(t, []string{"http", "ws"}, names("ws://h.example.com/"))
	assert.Equal(t, []string{"http", "https", "ws", "wss"}, names("https://h.example.com/"))
	assert.Equal(t, []string{"http", "https", "ws", "wss"}, names("wss://h.example.com/"))
	assert.Equal(t, []string{}, names("ftp://h.example.com/"))
	assert.Equal(t, []string{}, names("https://other.example.com/"))
}

func TestJarStrictAndHTTPOnlyAreSent(t *testing.T) {
	// A Jar request is a user-typed navigation: Strict, Lax and HttpOnly
	// cookies are all sent; partitioned cookies are not.
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	u := jarURL(t, "https://www.example.com/")
	ctx := context.Background()
	pk, err := cm.NewPartitionKey(jarURL(t, "https://top.example/"), true)
	require.NoError(t, err)
	for _, l := range []struct {
		line string
		o    cm.Options
	}{
		{"s=1; SameSite=Strict; HttpOnly", cm.NavigationOptions()},
		{"l=1; SameSite=Lax", cm.NavigationOptions()},
		{"n=1; SameSite=None; Secure", cm.NavigationOptions()},
		{"p=1; SameSite=None; Secure; Partitioned", cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextCrossSite), pk)},
	} {
		res, err := m.SetCookieLine(ctx, u, l.line, l.o)
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %s", l.line, res.Status)
	}
	got := []string{}
	for _, c := range m.Jar().Cookies(u) {
		got = append(got, c.Name)
	}
	assert.Equal(t, []string{"s", "l", "n"}, got)
}

func TestJarSetCookiesFromLaxContext(t *testing.T) {
	// SetCookies stores Strict and HttpOnly cookies.
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	u := jarURL(t, "https://www.example.com/")
	m.Jar().SetCookies(u, []*http.Cookie{
		{Name: "s", Value: "1", SameSite: http.SameSiteStrictMode, HttpOnly: true},
	})
	assert.Equal(t, []jarSnap{{Name: "s", Value: "1", Domain: "www.example.com", Path: "/", HTTPOnly: true, SameSite: "Strict"}}, jarStored(t, m))
}

// ---- Transport ----

func jarTransportClient(srv *httptest.Server, m *cm.Monster) *http.Client {
	return &http.Client{Transport: m.Transport(srv.Client().Transport)}
}

func TestTransportKeepsCallerCookieHeader(t *testing.T) {
	srv := jarEchoServer(t)
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	client := jarTransportClient(srv, m)
	jarGet(t, client, jarSetURL(srv.URL, "/set", "a=1; Path=/"))
	assert.Equal(t, "a=1", jarGet(t, client, srv.URL+"/echo"))

	req, err := http.NewRequest(http.MethodGet, srv.URL+"/echo", nil)
	require.NoError(t, err)
	req.Header.Set("Cookie", "mine=1")
	assert.Equal(t, "mine=1", jarDo(t, client, req))
	assert.Equal(t, "mine=1", req.Header.Get("Cookie"))

	// The Transport does not write into the caller's request.
	req, err = http.NewRequest(http.MethodGet, srv.URL+"/echo", nil)
	require.NoError(t, err)
	assert.Equal(t, "a=1", jarDo(t, client, req))
	assert.Empty(t, req.Header.Values("Cookie"))
}

func TestTransportStoresCookiesNetHTTPDrops(t *testing.T) {
	lines := []string{`a="x"y`, `b=café`, `abc`, `ok=1`}
	srv := jarEchoServer(t)

	// net/http's parser keeps only ok=1.
	resp, err := srv.Client().Get(jarSetURL(srv.URL, "/set", lines...))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, lines, resp.Header.Values("Set-Cookie"))
	kept := []string{}
	for _, c := range resp.Cookies() {
		kept = append(kept, c.Name)
	}
	require.Equal(t, []string{"ok"}, kept, "precondition: net/http drops the others")

	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	client := jarTransportClient(srv, m)
	assert.Equal(t, "", jarGet(t, client, jarSetURL(srv.URL, "/set", lines...)))
	assert.Equal(t, `a="x"y; b=café; abc; ok=1`, jarGet(t, client, srv.URL+"/echo"))

	stored := jarStored(t, m)
	require.Len(t, stored, 4)
	assert.Equal(t, jarSnap{Name: "", Value: "abc", Domain: "127.0.0.1", Path: "/", SameSite: "Unspecified"}, stored[2])

	// A nameless cookie is keyed by the empty name: =de replaces abc;
	// =d=e (it would be sent as the cookie d=e) is refused.
	jarGet(t, client, jarSetURL(srv.URL, "/set", `=de`))
	assert.Equal(t, `a="x"y; b=café; ok=1; de`, jarGet(t, client, srv.URL+"/echo"))
	jarGet(t, client, jarSetURL(srv.URL, "/set", `=d=e`))
	assert.Equal(t, `a="x"y; b=café; ok=1; de`, jarGet(t, client, srv.URL+"/echo"))

	// Through the Jar, net/http mangles what it cannot carry (and logs).
	got := map[string]string{}
	for _, c := range m.Jar().Cookies(jarURL(t, srv.URL+"/")) {
		got[c.Name+"|"+c.Value] = c.Name
	}
	assert.Contains(t, got, `a|"x"y`)
	assert.Contains(t, got, "b|café")
}

func TestTransportDateIsServerTime(t *testing.T) {
	clock := cm.NewFakeClock(jarT0)
	m := jarNewMonster(t, clock)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := clock.Now()
		switch r.URL.Path {
		case "/behind":
			// The server's clock is one hour behind ours.
			date := now.Add(-time.Hour)
			w.Header().Set("Date", date.Format(http.TimeFormat))
			w.Header().Add("Set-Cookie", "skew=1; Path=/; Expires="+date.Add(time.Hour).Format(http.TimeFormat))
		case "/ahead":
			date := now.Add(3 * time.Hour)
			w.Header().Set("Date", date.Format(http.TimeFormat))
			w.Header().Add("Set-Cookie", "ahead=1; Path=/; Expires="+date.Add(30*time.Minute).Format(http.TimeFormat))
		case "/nodate":
			w.Header()["Date"] = nil // no Date: no correction
			w.Header().Add("Set-Cookie", "nodate=1; Path=/; Expires="+now.Add(2*time.Hour).Format(http.TimeFormat))
		case "/baddate":
			w.Header().Set("Date", "yesterday")
			w.Header().Add("Set-Cookie", "baddate=1; Path=/; Expires="+now.Add(2*time.Hour).Format(http.TimeFormat))
		case "/lenient":
			// No weekday and a numeric zone, as Chromium also reads it.
			date := now.Add(-time.Hour)
			w.Header().Set("Date", date.In(time.FixedZone("", 3600)).Format("02 Jan 2006 15:04:05 -0700"))
			w.Header().Add("Set-Cookie", "lenient=1; Path=/; Expires="+date.Add(time.Hour).Format(http.TimeFormat))
		case "/maxage":
			w.Header().Set("Date", now.Add(-time.Hour).Format(http.TimeFormat))
			w.Header().Add("Set-Cookie", "maxage=1; Path=/; Max-Age=60")
		}
	}))
	defer srv.Close()
	client := jarTransportClient(srv, m)
	for _, p := range []string{"/behind", "/ahead", "/nodate", "/baddate", "/lenient", "/maxage"} {
		jarGet(t, client, srv.URL+p)
	}
	exp := map[string]string{}
	for _, s := range jarStored(t, m) {
		exp[s.Name] = s.Expiry
	}
	assert.Equal(t, map[string]string{
		"skew":    jarRFC3339(jarT0.Add(time.Hour)),
		"ahead":   jarRFC3339(jarT0.Add(30 * time.Minute)),
		"nodate":  jarRFC3339(jarT0.Add(2 * time.Hour)),
		"baddate": jarRFC3339(jarT0.Add(2 * time.Hour)),
		"lenient": jarRFC3339(jarT0.Add(time.Hour)),
		"maxage":  jarRFC3339(jarT0.Add(time.Minute)),
	}, exp)
}

func TestJarAndTransportRedirectSetCookieBeforeNextHop(t *testing.T) {
	srv := jarEchoServer(t)
	start := func(base string) string {
		return base + "/start?" + url.Values{"set": {"r=1; Path=/"}, "to": {"/next"}}.Encode()
	}
	t.Run("Transport", func(t *testing.T) {
		m := jarNewMonster(t, cm.NewFakeClock(jarT0))
		assert.Equal(t, "r=1", jarGet(t, jarTransportClient(srv, m), start(srv.URL)))
	})
	t.Run("Jar", func(t *testing.T) {
		m := jarNewMonster(t, cm.NewFakeClock(jarT0))
		client := &http.Client{Jar: m.Jar(), Transport: srv.Client().Transport}
		assert.Equal(t, "r=1", jarGet(t, client, start(srv.URL)))
	})
	t.Run("Transport deletion on redirect", func(t *testing.T) {
		m := jarNewMonster(t, cm.NewFakeClock(jarT0))
		client := jarTransportClient(srv, m)
		jarGet(t, client, jarSetURL(srv.URL, "/set", "r=1; Path=/", "k=2; Path=/"))
		u := srv.URL + "/start?" + url.Values{"set": {"r=; Path=/; Max-Age=0"}, "to": {"/next"}}.Encode()
		assert.Equal(t, "k=2", jarGet(t, client, u))
	})
}

func TestTransportAndJarShareTheStore(t *testing.T) {
	srv := jarEchoServer(t)
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	jarGet(t, jarTransportClient(srv, m), jarSetURL(srv.URL, "/set", "t=1; Path=/"))
	viaJar := &http.Client{Jar: m.Jar(), Transport: srv.Client().Transport}
	jarGet(t, viaJar, jarSetURL(srv.URL, "/set", "j=2; Path=/"))
	assert.Equal(t, "t=1; j=2", jarGet(t, viaJar, srv.URL+"/echo"))
	assert.Equal(t, "t=1; j=2", jarGet(t, jarTransportClient(srv, m), srv.URL+"/echo"))
}

func TestTransportNilBaseUsesDefaultTransport(t *testing.T) {
	srv := jarEchoServer(t)
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	client := &http.Client{Transport: m.Transport(nil)}
	jarGet(t, client, jarSetURL(srv.URL, "/set", "d=1; Path=/"))
	assert.Equal(t, "d=1", jarGet(t, client, srv.URL+"/echo"))
}

func TestTransportBaseError(t *testing.T) {
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	boom := &jarErrRT{}
	client := &http.Client{Transport: m.Transport(boom)}
	_, err := client.Get("https://www.example.com/")
	require.Error(t, err)
	assert.ErrorIs(t, err, errJarBoom)
}

var errJarBoom = &jarErr{}

type jarErr struct{}

func (*jarErr) Error() string { return "boom" }

type jarErrRT struct{}

func (*jarErrRT) RoundTrip(*http.Request) (*http.Response, error) { return nil, errJarBoom }

func TestTransportScopesCookiesToRequestHost(t *testing.T) {
	// http.Client gives a Jar req.Host when it is set (net/http issue
	// #38988): the cookies belong to the host the request was sent to.
	srv := jarEchoServer(t)
	send := func(client *http.Client, raw string) string {
		req, err := http.NewRequest(http.MethodGet, raw, nil)
		require.NoError(t, err)
		req.Host = "www.example.com"
		return jarDo(t, client, req)
	}
	viaJar := jarNewMonster(t, cm.NewFakeClock(jarT0))
	send(&http.Client{Jar: viaJar.Jar(), Transport: srv.Client().Transport}, jarSetURL(srv.URL, "/set", "h=1; Path=/"))
	require.Equal(t, "www.example.com", jarStored(t, viaJar)[0].Domain)

	viaTransport := jarNewMonster(t, cm.NewFakeClock(jarT0))
	client := jarTransportClient(srv, viaTransport)
	send(client, jarSetURL(srv.URL, "/set", "h=1; Path=/"))
	assert.Equal(t, "www.example.com", jarStored(t, viaTransport)[0].Domain)
	assert.Equal(t, "h=1", send(client, srv.URL+"/echo"))
}

func TestJarConcurrentUse(t *testing.T) {
	m := jarNewMonster(t, cm.NewFakeClock(jarT0))
	j := m.Jar()
	u := jarURL(t, "https://www.example.com/")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				j.SetCookies(u, []*http.Cookie{{Name: "g" + string(rune('a'+g)), Value: strings.Repeat("x", i%7+1), Path: "/"}})
				_ = j.Cookies(u)
			}
		}()
	}
	wg.Wait()
	assert.Len(t, j.Cookies(u), 8)
}
