package cookiemonster_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// rhNow is the time of the restricted handle tests.
var rhNow = time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)

// rhURL parses a URL of the tests.
func rhURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

// rhMonster returns a memory Monster on the tests' clock with the policy.
func rhMonster(t *testing.T, policy cm.Policy) *cm.Monster {
	t.Helper()
	m, err := cm.New(cm.Config{Now: func() time.Time { return rhNow }, Policy: policy})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// rhHTTP stores the lines as the response of a top-level navigation to raw.
func rhHTTP(t *testing.T, m *cm.Monster, raw string, lines ...string) {
	t.Helper()
	u := rhURL(t, raw)
	part, err := cm.NewPartitionKey(u, false)
	require.NoError(t, err)
	for _, l := range lines {
		res, err := m.SetCookieLine(context.Background(), u, l, cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextLax), part))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %v", l, res.Status)
	}
}

// rhFrame returns the handle of a frame at raw embedded in the ancestors.
func rhFrame(t *testing.T, m *cm.Monster, raw string, ancestors ...string) *cm.RestrictedHandle {
	t.Helper()
	var fc cm.FrameContext
	for _, a := range ancestors {
		fc.Ancestors = append(fc.Ancestors, rhURL(t, a))
	}
	h, err := m.Restricted(rhURL(t, raw), fc)
	require.NoError(t, err)
	return h
}

// rhStore returns the CookieStore of the document at raw in h's frame.
func rhStore(t *testing.T, h *cm.RestrictedHandle, raw string) *cm.CookieStore {
	t.Helper()
	cs, err := h.CookieStore(rhURL(t, raw))
	require.NoError(t, err)
	return cs
}

// everyKind are cookies of every SameSite, Secure and HttpOnly kind that
// https://www.example.com sets.
var everyKind = []string{
	"u=1; Path=/", "l=1; SameSite=Lax; Path=/", "s=1; SameSite=Strict; Path=/",
	"n=1; SameSite=None; Secure; Path=/", "h=1; HttpOnly; Path=/", "hn=1; HttpOnly; SameSite=None; Secure; Path=/",
}

func TestRestrictedConstructor(t *testing.T) {
	m := rhMonster(t, nil)
	nonce := cm.Nonce{1}
	for _, tc := range []struct {
		name      string
		origin    string
		ancestors []string
		nonce     *cm.Nonce
		// want
		err        error
		origStr    string
		top        string
		sfc        string
		partSite   string
		crossBit   bool
		thirdParty bool
	}{
		{name: "top-level", origin: "https://www.example.com/some/page?q#f",
			origStr: "https://www.example.com", top: "https://www.example.com/", sfc: "https://example.com", partSite: "https://example.com"},
		{name: "non-default port", origin: "http://localhost:8080/x",
			origStr: "http://localhost:8080", top: "http://localhost:8080/", sfc: "http://localhost", partSite: "http://localhost"},
		{name: "upper case and default port", origin: "HTTPS://WWW.Example.COM:443/",
			origStr: "https://www.example.com", top: "https://www.example.com/", sfc: "https://example.com", partSite: "https://example.com"},
		{name: "same-site iframe", origin: "https://sub.example.com/f", ancestors: []string{"https://www.example.com/"},
			origStr: "https://sub.example.com", top: "https://www.example.com/", sfc: "https://example.com", partSite: "https://example.com"},
		{name: "cross-site iframe: null site for cookies", origin: "https://www.example.com/f", ancestors: []string{"https://www.example.org/"},
			origStr: "https://www.example.com", top: "https://www.example.org/", sfc: "", partSite: "https://example.org", crossBit: true, thirdParty: true},
		{name: "A in B in A: null site for cookies", origin: "https://sub.example.com/n", ancestors: []string{"https://www.example.com/", "https://www.example.org/f"},
			origStr: "https://sub.example.com", top: "https://www.example.com/", sfc: "", partSite: "https://example.com", crossBit: true, thirdParty: true},
		{name: "https iframe in an http page: schemefully cross-site", origin: "https://www.example.com/f", ancestors: []string{"http://www.example.com/"},
			origStr: "https://www.example.com", top: "http://www.example.com/", sfc: "http://example.com", partSite: "http://example.com", crossBit: true, thirdParty: true},
		{name: "anonymous iframe: nonced partition", origin: "https://www.example.com/f", ancestors: []string{"https://www.example.org/"}, nonce: &nonce,
			origStr: "https://www.example.com", top: "https://www.example.org/", sfc: "", partSite: "https://example.org", crossBit: true, thirdParty: true},
		{name: "ftp origin", origin: "ftp://www.example.com/", err: cm.ErrInvalidOrigin},
		{name: "no host", origin: "https:///x", err: cm.ErrInvalidOrigin},
		{name: "bad port", origin: "https://www.example.com:99999/", err: cm.ErrInvalidOrigin},
		{name: "file origin", origin: "file:///tmp/x", err: cm.ErrInvalidOrigin},
		{name: "ancestor without a host", origin: "https://www.example.com/", ancestors: []string{"about:blank"}, err: cm.ErrInvalidOrigin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := cm.FrameContext{Nonce: tc.nonce}
			for _, a := range tc.ancestors {
				fc.Ancestors = append(fc.Ancestors, rhURL(t, a))
			}
			h, err := m.Restricted(rhURL(t, tc.origin), fc)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.Nil(t, h)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.origStr, h.Origin())
			assert.Equal(t, tc.top, h.TopFrame().String())
			assert.Equal(t, tc.sfc, h.SiteForCookies().Site().String())
			assert.Equal(t, tc.partSite, h.Partition().Site().String())
			assert.Equal(t, tc.crossBit, h.Partition().CrossSiteAncestor())
			_, nonced := h.Partition().Nonce()
			assert.Equal(t, tc.nonce != nil, nonced)
			assert.Equal(t, tc.thirdParty, h.ThirdParty())
		})
	}
	_, err := m.Restricted(nil, cm.FrameContext{})
	assert.ErrorIs(t, err, cm.ErrNilURL)
	_, err = m.Restricted(rhURL(t, "https://www.example.com/"), cm.FrameContext{Ancestors: []*url.URL{nil}})
	assert.ErrorIs(t, err, cm.ErrNilURL)
}

// TestRestrictedOtherOrigin checks that every call with a URL outside the
// handle's origin is refused and reads or writes nothing.
func TestRestrictedOtherOrigin(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, nil)
	rhHTTP(t, m, "https://www.example.com/", "a=1; Path=/")
	rhHTTP(t, m, "https://sub.example.com/", "b=1; Domain=example.com; Path=/")
	h := rhFrame(t, m, "https://www.example.com/")
	for _, raw := range []string{
		"https://sub.example.com/", "http://www.example.com/", "https://www.example.com:8443/",
		"https://www.example.org/", "wss://www.example.com/", "https://user@www.example.co/",
	} {
		t.Run(raw, func(t *testing.T) {
			u := rhURL(t, raw)
			got, err := h.DocumentCookie(ctx, u)
			assert.ErrorIs(t, err, cm.ErrOriginMismatch)
			assert.Empty(t, got)
			res, err := h.SetDocumentCookie(ctx, u, "x=1; Domain=example.com")
			assert.ErrorIs(t, err, cm.ErrOriginMismatch)
			assert.True(t, res.Status.HasExclusion(cm.ExcludeFailureToStore))
			inc, exc, err := h.Cookies(ctx, u)
			assert.ErrorIs(t, err, cm.ErrOriginMismatch)
			assert.Nil(t, inc)
			assert.Nil(t, exc)
			cs, err := h.CookieStore(u)
			assert.ErrorIs(t, err, cm.ErrOriginMismatch)
			assert.Nil(t, cs)
		})
	}
	for _, call := range []func() error{
		func() error { _, err := h.DocumentCookie(ctx, nil); return err },
		func() error { _, err := h.SetDocumentCookie(ctx, nil, "x=1"); return err },
		func() error { _, _, err := h.Cookies(ctx, nil); return err },
		func() error { _, err := h.CookieStore(nil); return err },
	} {
		assert.ErrorIs(t, call(), cm.ErrNilURL)
	}
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	assert.Len(t, all, 2, "nothing was written")
	// A URL of the origin, any path, query and fragment, is the origin's.
	got, err := h.DocumentCookie(ctx, rhURL(t, "HTTPS://WWW.EXAMPLE.COM:443/p/q?x#y"))
	require.NoError(t, err)
	assert.Equal(t, "a=1; b=1", got)
}

// TestRestrictedDocumentCookie reads and writes document.cookie from
// frames in every position, with and without a Policy.
func TestRestrictedDocumentCookie(t *testing.T) {
	ctx := context.Background()
	const (
		a   = "https://www.example.com"
		sub = "https://sub.example.com"
		c   = "https://www.example.org"
	)
	for _, tc := range []struct {
		name      string
		policy    cm.Policy
		frame     string
		ancestors []string
		access    bool // Storage Access
		before    string
		sets      map[string]string // line → the reasons it is refused with, "" when stored
		after     string
		// stored are the cookies the sets added, "name@partition-site/cross-site-ancestor".
		stored []string
	}{
		{
			name: "top-level: every SameSite, HttpOnly hidden and not overwritten", frame: a + "/",
			before: "u=1; l=1; s=1; n=1",
			sets: map[string]string{
				"h=2; Path=/":                                "ExcludeOverwriteHTTPOnly",
				"h2=1; HttpOnly":                             "ExcludeHTTPOnly",
				"x=1; SameSite=Strict":                       "",
				"p=1; Secure; Partitioned; Path=/":           "",
				"bad=1; Domain=example.org":                  "ExcludeDomainMismatch, ExcludeInvalidDomain",
				"y=1; SameSite=None":                         "ExcludeSameSiteNoneInsecure",
				"__Host-z=1; Secure; Domain=www.example.com": "ExcludeInvalidPrefix",
			},
			after:  "u=1; l=1; s=1; n=1; x=1; p=1",
			stored: []string{"x@", "p@https://example.com/false"},
		},
		{
			name: "same-site iframe: Strict and Lax", frame: sub + "/f", ancestors: []string{a + "/"},
			before: "",
			sets: map[string]string{
				"d=1; SameSite=Strict; Domain=example.com; Path=/": "",
			},
			after:  "d=1",
			stored: []string{"d@"},
		},
		{
			name: "cross-site iframe: None only", frame: a + "/f", ancestors: []string{c + "/"},
			before: "n=1",
			sets: map[string]string{
				"x=1; SameSite=None; Secure": "",
				"y=1; SameSite=Lax; Secure":  "ExcludeSameSiteLax",
				"z=1":                        "ExcludeSameSiteUnspecifiedTreatedAsLax",
				"w=1; SameSite=Strict":       "ExcludeSameSiteStrict",
				"p=1; SameSite=None; Secure; Partitioned; Path=/": "",
			},
			after:  "n=1; x=1; p=1",
			stored: []string{"x@", "p@https://example.org/true"},
		},
		{
			name: "cross-site iframe, third-party cookies blocked: partitioned only", policy: rhBlockThirdParty{},
			frame: a + "/f", ancestors: []string{c + "/"},
			before: "",
			sets: map[string]string{
				"x=1; SameSite=None; Secure":                      "ExcludeUserPreferences",
				"p=1; SameSite=None; Secure; Partitioned; Path=/": "",
			},
			after:  "p=1",
			stored: []string{"p@https://example.org/true"},
		},
		{
			name: "cross-site iframe with Storage Access, third-party cookies blocked", policy: rhBlockThirdParty{},
			frame: a + "/f", ancestors: []string{c + "/"}, access: true,
			before: "n=1",
			sets: map[string]string{
				"x=1; SameSite=None; Secure": "",
			},
			after:  "n=1; x=1",
			stored: []string{"x@"},
		},
		{
			name: "top-level, third-party cookies blocked: first-party untouched", policy: rhBlockThirdParty{},
			frame:  a + "/",
			before: "u=1; l=1; s=1; n=1",
			sets:   map[string]string{"x=1": ""},
			after:  "u=1; l=1; s=1; n=1; x=1",
			stored: []string{"x@"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rhMonster(t, tc.policy)
			rhHTTP(t, m, a+"/", everyKind...)
			var fc cm.FrameContext
			for _, an := range tc.ancestors {
				fc.Ancestors = append(fc.Ancestors, rhURL(t, an))
			}
			fc.StorageAccess = tc.access
			doc := rhURL(t, tc.frame)
			h, err := m.Restricted(doc, fc)
			require.NoError(t, err)
			got, err := h.DocumentCookie(ctx, doc)
			require.NoError(t, err)
			assert.Equal(t, tc.before, got)
			before, err := m.AllCookies(ctx)
			require.NoError(t, err)
			for line, why := range tc.sets {
				res, err := h.SetDocumentCookie(ctx, doc, line)
				if why == "" {
					assert.NoError(t, err, line)
					assert.True(t, res.Status.IsInclude(), "%s: %v", line, res.Status)
					continue
				}
				assert.ErrorIs(t, err, cm.ErrCookieRejected, line)
				assert.Equal(t, why, strings.Join(rhNames(res.Status.Exclusions()), ", "), line)
				var se *cm.StatusError
				require.ErrorAs(t, err, &se, line)
				assert.Equal(t, res.Status, se.Status)
			}
			got, err = h.DocumentCookie(ctx, doc)
			require.NoError(t, err)
			assert.Equal(t, tc.after, got)
			after, err := m.AllCookies(ctx)
			require.NoError(t, err)
			var added []string
			for _, c := range after {
				if !rhHas(before, c) {
					added = append(added, rhKey(c))
				}
			}
			assert.ElementsMatch(t, tc.stored, added)
		})
	}
}

// rhNames returns the names of the reasons.
func rhNames(rs []cm.ExclusionReason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

// rhKey names a stored cookie by its name and partition.
func rhKey(c *cm.CanonicalCookie) string {
	if !c.IsPartitioned() {
		return c.Name + "@"
	}
	site, cross, _ := c.Partition.Serialize()
	if cross {
		return c.Name + "@" + site + "/true"
	}
	return c.Name + "@" + site + "/false"
}

// rhHas reports whether list holds c (same name, domain, path, partition).
func rhHas(list []*cm.CanonicalCookie, c *cm.CanonicalCookie) bool {
	for _, x := range list {
		if x.IsEquivalent(c) && x.Value == c.Value {
			return true
		}
	}
	return false
}

// rhBlockThirdParty blocks third-party accesses to unpartitioned cookies
// without Storage Access, as Chromium's default controls do.
type rhBlockThirdParty struct{}

func (rhBlockThirdParty) Decide(a cm.PolicyAccess) cm.PolicyVerdict {
	return cm.PolicyVerdict{Block: a.ThirdParty && !a.StorageAccess && !a.Cookie.IsPartitioned()}
}

func (rhBlockThirdParty) Semantics(*cm.CanonicalCookie) cm.AccessSemantics {
	return cm.SemanticsUnknown
}

// rhRecordPolicy records what it is asked and allows everything.
type rhRecordPolicy struct {
	mu   sync.Mutex
	seen []cm.PolicyAccess
}

func (p *rhRecordPolicy) Decide(a cm.PolicyAccess) cm.PolicyVerdict {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, a)
	return cm.PolicyVerdict{}
}

func (*rhRecordPolicy) Semantics(*cm.CanonicalCookie) cm.AccessSemantics {
	return cm.SemanticsUnknown
}

// TestRestrictedPolicySeesTheFrame checks what the Policy is told of the
// frame's accesses: its top-level URL, third-party-ness, Storage Access.
func TestRestrictedPolicySeesTheFrame(t *testing.T) {
	ctx := context.Background()
	p := &rhRecordPolicy{}
	m := rhMonster(t, p)
	rhHTTP(t, m, "https://www.example.com/", "n=1; SameSite=None; Secure; Path=/")
	p.seen = nil
	doc := rhURL(t, "https://www.example.com/f")
	h, err := m.Restricted(doc, cm.FrameContext{Ancestors: []*url.URL{rhURL(t, "https://www.example.org/top")}, StorageAccess: true})
	require.NoError(t, err)
	_, err = h.DocumentCookie(ctx, doc)
	require.NoError(t, err)
	_, err = h.SetDocumentCookie(ctx, doc, "x=1; SameSite=None; Secure")
	require.NoError(t, err)
	cs := rhStore(t, h, "https://www.example.com/f")
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "y", Value: "1", SameSite: cm.CookieSameSiteNone}))
	require.Len(t, p.seen, 3)
	for i, want := range []struct {
		set    bool
		cookie string
	}{{false, "n"}, {true, "x"}, {true, "y"}} {
		a := p.seen[i]
		assert.Equal(t, want.set, a.Set)
		assert.Equal(t, want.cookie, a.Cookie.Name)
		assert.Equal(t, "https://www.example.com/f", a.URL.String())
		assert.Equal(t, "https://www.example.org/top", a.TopFrame.String())
		assert.True(t, a.ThirdParty)
		assert.True(t, a.StorageAccess)
	}
}

// TestRestrictedPartitioned sets partitioned cookies from a cross-site
// iframe and reads them from every frame.
func TestRestrictedPartitioned(t *testing.T) {
	ctx := context.Background()
	const a, c, d = "https://www.example.com", "https://www.example.org", "https://www.example.net"
	m := rhMonster(t, nil)
	rhHTTP(t, m, a+"/", "u=1; Secure; SameSite=None; Path=/", "p=top; Secure; SameSite=None; Partitioned; Path=/")
	inC := rhFrame(t, m, a+"/f", c+"/")
	doc := rhURL(t, a+"/f")
	_, err := inC.SetDocumentCookie(ctx, doc, "p=c; Secure; SameSite=None; Partitioned; Path=/")
	require.NoError(t, err)
	cs := rhStore(t, inC, a+"/f")
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "q", Value: "c", SameSite: cm.CookieSameSiteNone, Partitioned: true}))
	err = cs.Set(ctx, cm.CookieInit{Name: "r", Value: "c", Partitioned: true})
	require.ErrorIs(t, err, cm.ErrCookieNotStored, "SameSite=Strict, the default, from a cross-site frame")
	require.ErrorIs(t, err, cm.ExcludeSameSiteStrict)

	for _, tc := range []struct {
		name      string
		frame     string
		ancestors []string
		want      string
	}{
		{"the same cross-site iframe", a + "/f", []string{c + "/"}, "u=1; p=c; q=c"},
		{"another page of the same top-level site", a + "/g", []string{c + "/again"}, "u=1; p=c; q=c"},
		{"under another top-level site", a + "/f", []string{d + "/"}, "u=1"},
		{"top-level", a + "/", nil, "u=1; p=top"},
		{"A in C in A: the cross-site-ancestor bit differs", a + "/n", []string{a + "/", c + "/f"}, "u=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := rhFrame(t, m, tc.frame, tc.ancestors...)
			got, err := h.DocumentCookie(ctx, rhURL(t, tc.frame))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	items, err := cs.GetAll(ctx, cm.CookieStoreGetOptions{})
	require.NoError(t, err)
	require.Len(t, items, 3)
	assert.Equal(t, []bool{false, true, true}, []bool{items[0].Partitioned, items[1].Partitioned, items[2].Partitioned})
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	var keys []string
	for _, c := range all {
		keys = append(keys, c.Name+"="+c.Value+" "+rhKey(c))
	}
	assert.ElementsMatch(t, []string{
		"p=top p@https://example.com/false", "u=1 u@", "p=c p@https://example.org/true", "q=c q@https://example.org/true",
	}, keys)
}

// TestRestrictedNonced checks a credentialless frame: its cookies live in
// its nonced partition only.
func TestRestrictedNonced(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, nil)
	rhHTTP(t, m, "https://www.example.com/", "u=1; Secure; SameSite=None; Path=/")
	doc := rhURL(t, "https://www.example.com/f")
	h, err := m.Restricted(doc, cm.FrameContext{Ancestors: []*url.URL{rhURL(t, "https://www.example.org/")}, Nonce: &cm.Nonce{7}})
	require.NoError(t, err)
	got, err := h.DocumentCookie(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, "", got, "a nonced frame sees no unpartitioned cookie")
	cs := rhStore(t, h, "https://www.example.com/f")
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "n", Value: "1", SameSite: cm.CookieSameSiteNone}))
	got, err = h.DocumentCookie(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, "n=1", got)
	items, err := cs.GetAll(ctx, cm.CookieStoreGetOptions{})
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.True(t, items[0].Partitioned)
	plain := rhFrame(t, m, "https://www.example.com/f", "https://www.example.org/")
	got, err = plain.DocumentCookie(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, "u=1", got, "the nonced cookie stays in its partition")
}

// TestCookieStoreDefaults checks set(name, value) and the CookieListItem
// of what it stores.
func TestCookieStoreDefaults(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, nil)
	h := rhFrame(t, m, "https://www.example.com/dir/page")
	cs := rhStore(t, h, "https://www.example.com/dir/page#frag")
	assert.Equal(t, "https://www.example.com/dir/page", cs.URL().String(), "no fragment")
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "a", Value: "1"}))
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	c := all[0]
	assert.Equal(t, "a", c.Name)
	assert.Equal(t, "1", c.Value)
	assert.Equal(t, "www.example.com", c.Domain, "host-only")
	assert.Equal(t, "/", c.Path, "not the document's directory")
	assert.True(t, c.Secure)
	assert.False(t, c.HTTPOnly)
	assert.Equal(t, cm.SameSiteStrict, c.SameSite)
	assert.Equal(t, cm.PriorityMedium, c.Priority)
	assert.True(t, c.Expiry.IsZero(), "a session cookie")
	assert.False(t, c.IsPartitioned())
	assert.Equal(t, cm.SourceSchemeSecure, c.SourceScheme)
	assert.Equal(t, 443, c.SourcePort)

	item, err := cs.Get(ctx, cm.CookieStoreGetOptions{Name: new("a")})
	require.NoError(t, err)
	assert.Equal(t, &cm.CookieListItem{Name: "a", Value: "1", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, item)
	b, err := json.Marshal(item)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"a","value":"1","domain":null,"path":"/","expires":null,"secure":true,"sameSite":"strict","partitioned":false}`, string(b))
}

// TestCookieStoreSetAttributes sets cookies with each attribute and checks
// what is stored.
func TestCookieStoreSetAttributes(t *testing.T) {
	ctx := context.Background()
	hour := rhNow.Add(time.Hour)
	for _, tc := range []struct {
		name string
		init cm.CookieInit
		want cm.CookieListItem
		// visible: getAll from the document returns it.
		visible bool
	}{
		{"lax", cm.CookieInit{Name: "a", Value: "1", SameSite: cm.CookieSameSiteLax},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Secure: true, SameSite: cm.CookieSameSiteLax}, true},
		{"none", cm.CookieInit{Name: "a", Value: "1", SameSite: cm.CookieSameSiteNone},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Secure: true, SameSite: cm.CookieSameSiteNone}, true},
		{"expires", cm.CookieInit{Name: "a", Value: "1", Expires: hour},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Expires: hour, Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"maxAge", cm.CookieInit{Name: "a", Value: "1", MaxAge: new(time.Hour)},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Expires: hour, Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"maxAge capped at 400 days", cm.CookieInit{Name: "a", Value: "1", MaxAge: new(1000 * 24 * time.Hour)},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Expires: rhNow.Add(400 * 24 * time.Hour), Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"expires capped at 400 days", cm.CookieInit{Name: "a", Value: "1", Expires: rhNow.AddDate(2, 0, 0)},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Expires: rhNow.Add(400 * 24 * time.Hour), Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"domain: the host", cm.CookieInit{Name: "a", Value: "1", Domain: new("www.example.com")},
			cm.CookieListItem{Name: "a", Value: "1", Domain: "www.example.com", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"domain: a parent, in upper case", cm.CookieInit{Name: "a", Value: "1", Domain: new("EXAMPLE.COM")},
			cm.CookieListItem{Name: "a", Value: "1", Domain: "example.com", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"path gets its slash", cm.CookieInit{Name: "a", Value: "1", Path: new("/dir")},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/dir/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"path with its slash", cm.CookieInit{Name: "a", Value: "1", Path: new("/dir/")},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/dir/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"empty path: the document's default path", cm.CookieInit{Name: "a", Value: "1", Path: new("")},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/dir", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"path resolved", cm.CookieInit{Name: "a", Value: "1", Path: new("/./x/../dir")},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/dir/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"path elsewhere: stored, not visible", cm.CookieInit{Name: "a", Value: "1", Path: new("/other")},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/other/", Secure: true, SameSite: cm.CookieSameSiteStrict}, false},
		{"partitioned", cm.CookieInit{Name: "a", Value: "1", Partitioned: true},
			cm.CookieListItem{Name: "a", Value: "1", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict, Partitioned: true}, true},
		{"name and value trimmed", cm.CookieInit{Name: " \ta ", Value: "\t v w "},
			cm.CookieListItem{Name: "a", Value: "v w", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"nameless", cm.CookieInit{Name: "", Value: "v"},
			cm.CookieListItem{Value: "v", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"__Host- with path /", cm.CookieInit{Name: "__Host-a", Value: "1", Path: new("/")},
			cm.CookieListItem{Name: "__Host-a", Value: "1", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"__Secure- with a domain", cm.CookieInit{Name: "__Secure-a", Value: "1", Domain: new("example.com")},
			cm.CookieListItem{Name: "__Secure-a", Value: "1", Domain: "example.com", Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
		{"name and value 4096 bytes", cm.CookieInit{Name: "n", Value: strings.Repeat("v", 4095)},
			cm.CookieListItem{Name: "n", Value: strings.Repeat("v", 4095), Path: "/", Secure: true, SameSite: cm.CookieSameSiteStrict}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rhMonster(t, nil)
			h := rhFrame(t, m, "https://www.example.com/dir/page")
			cs := rhStore(t, h, "https://www.example.com/dir/page")
			require.NoError(t, cs.Set(ctx, tc.init))
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			require.Len(t, all, 1)
			items, err := cs.GetAll(ctx, cm.CookieStoreGetOptions{})
			require.NoError(t, err)
			if !tc.visible {
				assert.Empty(t, items)
				assert.Equal(t, tc.want.Path, all[0].Path)
				return
			}
			require.Len(t, items, 1)
			assert.Equal(t, tc.want, items[0])
		})
	}
}

// TestCookieStoreValidation checks every rule set and delete apply, with
// the error each refusal is.
func TestCookieStoreValidation(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		init cm.CookieInit
		rule cm.CookieStoreRule
		// reason is the store's reason for ErrCookieNotStored.
		reason cm.ExclusionReason
	}{
		{"name with '='", cm.CookieInit{Name: "a=b", Value: "1"}, cm.ErrNameHasEquals, 0},
		{"empty name and value", cm.CookieInit{}, cm.ErrEmptyNameAndValue, 0},
		{"empty name and value after trimming", cm.CookieInit{Name: " ", Value: "\t"}, cm.ErrEmptyNameAndValue, 0},
		{"empty name, '=' in the value", cm.CookieInit{Value: "a=b"}, cm.ErrNamelessValueHasEquals, 0},
		{"__Http- name", cm.CookieInit{Name: "__Http-a", Value: "1"}, cm.ErrHTTPPrefix, 0},
		{"__http- name", cm.CookieInit{Name: "__http-a", Value: "1"}, cm.ErrHTTPPrefix, 0},
		{"__Host-Http- name", cm.CookieInit{Name: "__Host-Http-a", Value: "1"}, cm.ErrHostHTTPPrefix, 0},
		{"domain with a leading dot", cm.CookieInit{Name: "a", Value: "1", Domain: new(".example.com")}, cm.ErrDomainLeadingDot, 0},
		{"__Host- with a domain", cm.CookieInit{Name: "__Host-a", Value: "1", Domain: new("www.example.com")}, cm.ErrHostPrefixDomain, 0},
		{"__host- with a domain", cm.CookieInit{Name: "__host-a", Value: "1", Domain: new("www.example.com")}, cm.ErrHostPrefixDomain, 0},
		{"__Host- with a domain with a leading dot: the prefix first", cm.CookieInit{Name: "__Host-a", Value: "1", Domain: new(".example.com")}, cm.ErrHostPrefixDomain, 0},
		{"__Host- with a relative path: the prefix first", cm.CookieInit{Name: "__Host-a", Value: "1", Path: new("dir")}, cm.ErrHostPrefixPath, 0},
		{"'=' in a __Http- name: '=' first", cm.CookieInit{Name: "__Http-a=b", Value: "1"}, cm.ErrNameHasEquals, 0},
		{"expires and maxAge with a bad domain: expires first", cm.CookieInit{Name: "a", Value: "1", Expires: rhNow.Add(time.Hour), MaxAge: new(time.Hour), Domain: new(".x")}, cm.ErrExpiresAndMaxAge, 0},
		{"a bad domain and a bad path: the domain first", cm.CookieInit{Name: "a", Value: "1", Domain: new("example.org"), Path: new("dir")}, cm.ErrDomainNotHostSuffix, 0},
		{"domain of another site", cm.CookieInit{Name: "a", Value: "1", Domain: new("example.org")}, cm.ErrDomainNotHostSuffix, 0},
		{"domain off a label boundary", cm.CookieInit{Name: "a", Value: "1", Domain: new("ample.com")}, cm.ErrDomainNotHostSuffix, 0},
		{"domain a public suffix", cm.CookieInit{Name: "a", Value: "1", Domain: new("com")}, cm.ErrDomainNotHostSuffix, 0},
		{"domain a subdomain of the host", cm.CookieInit{Name: "a", Value: "1", Domain: new("x.www.example.com")}, cm.ErrDomainNotHostSuffix, 0},
		{"empty domain", cm.CookieInit{Name: "a", Value: "1", Domain: new("")}, cm.ErrDomainNotHostSuffix, 0},
		{"domain with a trailing dot", cm.CookieInit{Name: "a", Value: "1", Domain: new("example.com.")}, cm.ErrDomainNotHostSuffix, 0},
		{"relative path", cm.CookieInit{Name: "a", Value: "1", Path: new("dir")}, cm.ErrPathNotAbsolute, 0},
		{"__Host- with a path", cm.CookieInit{Name: "__Host-a", Value: "1", Path: new("/dir")}, cm.ErrHostPrefixPath, 0},
		{"expires and maxAge", cm.CookieInit{Name: "a", Value: "1", Expires: rhNow.Add(time.Hour), MaxAge: new(time.Hour)}, cm.ErrExpiresAndMaxAge, 0},
		{"unknown sameSite", cm.CookieInit{Name: "a", Value: "1", SameSite: "Strict"}, cm.ErrInvalidSameSite, 0},
		{"';' in the name", cm.CookieInit{Name: "a;b", Value: "1"}, cm.ErrCookieNotStored, cm.ExcludeDisallowedCharacter},
		{"';' in the value", cm.CookieInit{Name: "a", Value: "1;2"}, cm.ErrCookieNotStored, cm.ExcludeDisallowedCharacter},
		{"control character", cm.CookieInit{Name: "a\x01", Value: "1"}, cm.ErrCookieNotStored, cm.ExcludeDisallowedCharacter},
		{"DEL", cm.CookieInit{Name: "a", Value: "1\x7f"}, cm.ErrCookieNotStored, cm.ExcludeDisallowedCharacter},
		{"tab inside the value", cm.CookieInit{Name: "a", Value: "1\t2"}, cm.ErrCookieNotStored, cm.ExcludeDisallowedCharacter},
		{"name and value over 4096 bytes", cm.CookieInit{Name: "n", Value: strings.Repeat("v", 4096)}, cm.ErrCookieNotStored, cm.ExcludeNameValuePairExceedsMaxSize},
		{"path over 1024 bytes with its slash", cm.CookieInit{Name: "a", Value: "1", Path: new("/" + strings.Repeat("p", 1023))}, cm.ErrCookieNotStored, cm.ExcludeAttributeValueExceedsMaxSize},
		{"path with ';'", cm.CookieInit{Name: "a", Value: "1", Path: new("/a;b")}, cm.ErrCookieNotStored, cm.ExcludeDisallowedCharacter},
		{"nameless value hiding a prefix", cm.CookieInit{Value: "__Secure-x"}, cm.ErrCookieNotStored, cm.ExcludeInvalidPrefix},
		{"__Host- with the default path of the document", cm.CookieInit{Name: "__Host-a", Value: "1", Path: new("")}, cm.ErrCookieNotStored, cm.ExcludeInvalidPrefix},
		{"overwrites an HttpOnly cookie", cm.CookieInit{Name: "h", Value: "2"}, cm.ErrCookieNotStored, cm.ExcludeOverwriteHTTPOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rhMonster(t, nil)
			rhHTTP(t, m, "https://www.example.com/", "h=1; HttpOnly; Path=/")
			h := rhFrame(t, m, "https://www.example.com/dir/page")
			cs := rhStore(t, h, "https://www.example.com/dir/page")
			err := cs.Set(ctx, tc.init)
			require.ErrorIs(t, err, tc.rule)
			var cse *cm.CookieStoreError
			require.ErrorAs(t, err, &cse)
			assert.Equal(t, "set", cse.Method)
			assert.Equal(t, "TypeError", cse.Name)
			assert.Equal(t, tc.rule, cse.Rule)
			assert.Equal(t, "Failed to execute 'set' on 'CookieStore': "+string(tc.rule), cse.Message())
			if tc.reason != 0 {
				assert.ErrorIs(t, err, cm.ErrCookieRejected)
				assert.ErrorIs(t, err, tc.reason)
				assert.Contains(t, err.Error(), tc.reason.String())
			} else {
				assert.NoError(t, cse.Cause)
			}
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			assert.Len(t, all, 1, "nothing stored")
			assert.Equal(t, "1", all[0].Value)
		})
	}
}

// TestCookieStoreGet checks get and getAll: names, the url option, the
// order, what is hidden.
func TestCookieStoreGet(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, nil)
	rhHTTP(t, m, "https://www.example.com/dir/page",
		"a=1; Path=/", "a=2; Path=/dir", "b=1; Domain=example.com; Path=/; Max-Age=60",
		"h=1; HttpOnly; Path=/", "o=1; Path=/other", "nameless; Path=/", "\u00e9=\u00fc; Path=/")
	h := rhFrame(t, m, "https://www.example.com/dir/page")
	cs := rhStore(t, h, "https://www.example.com/dir/page")
	lax := cm.CookieSameSiteLax
	a2 := cm.CookieListItem{Name: "a", Value: "2", Path: "/dir", SameSite: lax}
	a1 := cm.CookieListItem{Name: "a", Value: "1", Path: "/", SameSite: lax}
	b := cm.CookieListItem{Name: "b", Value: "1", Domain: "example.com", Path: "/", Expires: rhNow.Add(time.Minute), SameSite: lax}
	nameless := cm.CookieListItem{Value: "nameless", Path: "/", SameSite: lax}
	e := cm.CookieListItem{Name: "\u00e9", Value: "\u00fc", Path: "/", SameSite: lax}
	for _, tc := range []struct {
		name    string
		opts    cm.CookieStoreGetOptions
		getAll  []cm.CookieListItem
		get     *cm.CookieListItem
		getRule cm.CookieStoreRule // get's error, when it differs from getAll's
		rule    cm.CookieStoreRule
	}{
		{name: "all", getAll: []cm.CookieListItem{a2, a1, b, nameless, e}, getRule: cm.ErrEmptyGetOptions},
		{name: "by name: the longer path first", opts: cm.CookieStoreGetOptions{Name: new("a")}, getAll: []cm.CookieListItem{a2, a1}, get: &a2},
		{name: "a domain cookie", opts: cm.CookieStoreGetOptions{Name: new("b")}, getAll: []cm.CookieListItem{b}, get: &b},
		{name: "HttpOnly: hidden", opts: cm.CookieStoreGetOptions{Name: new("h")}, getAll: []cm.CookieListItem{}},
		{name: "another path: hidden", opts: cm.CookieStoreGetOptions{Name: new("o")}, getAll: []cm.CookieListItem{}},
		{name: "missing", opts: cm.CookieStoreGetOptions{Name: new("x")}, getAll: []cm.CookieListItem{}},
		{name: "the empty name", opts: cm.CookieStoreGetOptions{Name: new("")}, getAll: []cm.CookieListItem{nameless}, get: &nameless},
		{name: "a name is trimmed", opts: cm.CookieStoreGetOptions{Name: new(" \u00e9\t")}, getAll: []cm.CookieListItem{e}, get: &e},
		{name: "a value is not a name", opts: cm.CookieStoreGetOptions{Name: new("nameless")}, getAll: []cm.CookieListItem{}},
		{name: "url: the document with a fragment", opts: cm.CookieStoreGetOptions{URL: new("#x")}, getAll: []cm.CookieListItem{a2, a1, b, nameless, e}, get: &a2},
		{name: "url: the document, absolute", opts: cm.CookieStoreGetOptions{Name: new("a"), URL: new("https://www.example.com/dir/page")}, getAll: []cm.CookieListItem{a2, a1}, get: &a2},
		{name: "url: another query", opts: cm.CookieStoreGetOptions{URL: new("?q")}, rule: cm.ErrURLNotDocument},
		{name: "url: another path", opts: cm.CookieStoreGetOptions{URL: new("/")}, rule: cm.ErrURLNotDocument},
		{name: "url: another origin", opts: cm.CookieStoreGetOptions{URL: new("https://www.example.org/dir/page")}, rule: cm.ErrURLNotDocument},
		{name: "url: another scheme", opts: cm.CookieStoreGetOptions{URL: new("http://www.example.com/dir/page")}, rule: cm.ErrURLNotDocument},
		{name: "url: not a URL", opts: cm.CookieStoreGetOptions{URL: new("http://[::1")}, rule: cm.ErrURLNotDocument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all, err := cs.GetAll(ctx, tc.opts)
			if tc.rule != "" {
				assert.ErrorIs(t, err, tc.rule)
				assert.Nil(t, all)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.getAll, all)
			}
			rule := tc.rule
			if tc.getRule != "" {
				rule = tc.getRule
			}
			got, err := cs.Get(ctx, tc.opts)
			if rule != "" {
				require.ErrorIs(t, err, rule)
				var cse *cm.CookieStoreError
				require.ErrorAs(t, err, &cse)
				assert.Equal(t, "get", cse.Method)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.get, got)
		})
	}
}

// TestCookieStoreDelete checks delete: the name, the path with its slash,
// the domain, the partition, what may not be deleted.
func TestCookieStoreDelete(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		opts  cm.CookieStoreDeleteOptions
		frame []string // the ancestors
		// left are the cookies left, "name=value@path".
		left   []string
		rule   cm.CookieStoreRule
		reason cm.ExclusionReason
	}{
		{name: "by name", opts: cm.CookieStoreDeleteOptions{Name: "a"},
			left: []string{"d=1@/dir", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "missing: nothing", opts: cm.CookieStoreDeleteOptions{Name: "x"},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "path /dir is /dir/: not d's", opts: cm.CookieStoreDeleteOptions{Name: "d", Path: new("/dir")},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "path /dir/", opts: cm.CookieStoreDeleteOptions{Name: "ds", Path: new("/dir/")},
			left: []string{"a=1@/", "d=1@/dir", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "the default path", opts: cm.CookieStoreDeleteOptions{Name: "d", Path: new("")},
			left: []string{"a=1@/", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "a domain cookie needs its domain", opts: cm.CookieStoreDeleteOptions{Name: "dom"},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "a domain cookie", opts: cm.CookieStoreDeleteOptions{Name: "dom", Domain: new("example.com")},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "unpartitioned: not the partitioned one", opts: cm.CookieStoreDeleteOptions{Name: "p"},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/", "=nameless@/"}},
		{name: "partitioned", opts: cm.CookieStoreDeleteOptions{Name: "p", Partitioned: true},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "dom=1@/", "h=1@/", "=nameless@/"}},
		{name: "the nameless cookie", opts: cm.CookieStoreDeleteOptions{Name: ""},
			left: []string{"a=1@/", "d=1@/dir", "ds=1@/dir/", "dom=1@/", "p=1@/ partitioned", "h=1@/"}},
		{name: "HttpOnly: refused", opts: cm.CookieStoreDeleteOptions{Name: "h"}, rule: cm.ErrCookieNotStored, reason: cm.ExcludeOverwriteHTTPOnly},
		{name: "from a cross-site iframe: refused, SameSite=Strict", opts: cm.CookieStoreDeleteOptions{Name: "a"}, frame: []string{"https://www.example.org/"},
			rule: cm.ErrCookieNotStored, reason: cm.ExcludeSameSiteStrict},
		{name: "bad name", opts: cm.CookieStoreDeleteOptions{Name: "a=b"}, rule: cm.ErrNameHasEquals},
		{name: "bad domain", opts: cm.CookieStoreDeleteOptions{Name: "a", Domain: new(".example.com")}, rule: cm.ErrDomainLeadingDot},
		{name: "bad path", opts: cm.CookieStoreDeleteOptions{Name: "a", Path: new("dir")}, rule: cm.ErrPathNotAbsolute},
		{name: "__Host- with a domain", opts: cm.CookieStoreDeleteOptions{Name: "__Host-a", Domain: new("www.example.com")}, rule: cm.ErrHostPrefixDomain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rhMonster(t, nil)
			rhHTTP(t, m, "https://www.example.com/dir/page",
				"a=1; Path=/", "d=1; Path=/dir", "ds=1; Path=/dir/", "dom=1; Domain=example.com; Path=/",
				"p=1; Secure; Partitioned; Path=/", "h=1; HttpOnly; Path=/", "nameless; Path=/")
			h := rhFrame(t, m, "https://www.example.com/dir/page", tc.frame...)
			cs := rhStore(t, h, "https://www.example.com/dir/page")
			err := cs.Delete(ctx, tc.opts)
			all, aerr := m.AllCookies(ctx)
			require.NoError(t, aerr)
			var left []string
			for _, c := range all {
				k := c.Name + "=" + c.Value + "@" + c.Path
				if c.IsPartitioned() {
					k += " partitioned"
				}
				left = append(left, k)
			}
			if tc.rule != "" {
				require.ErrorIs(t, err, tc.rule)
				var cse *cm.CookieStoreError
				require.ErrorAs(t, err, &cse)
				assert.Equal(t, "delete", cse.Method)
				assert.Equal(t, "Failed to execute 'delete' on 'CookieStore': "+string(tc.rule), cse.Message())
				if tc.reason != 0 {
					assert.ErrorIs(t, err, tc.reason)
				}
				assert.Len(t, left, 7, "nothing deleted")
				return
			}
			require.NoError(t, err)
			assert.ElementsMatch(t, tc.left, left)
		})
	}
}

// TestCookieStoreSecureContext checks where the CookieStore API exists.
func TestCookieStoreSecureContext(t *testing.T) {
	m := rhMonster(t, nil)
	for _, tc := range []struct {
		name      string
		doc       string
		ancestors []string
		ok        bool
	}{
		{"https", "https://www.example.com/", nil, true},
		{"http", "http://www.example.com/", nil, false},
		{"http on localhost", "http://localhost:8080/", nil, true},
		{"http on a loopback address", "http://127.0.0.1/", nil, true},
		{"https iframe in an http page", "https://www.example.com/f", []string{"http://www.example.org/"}, false},
		{"https iframe in an https iframe in an http page", "https://www.example.com/f", []string{"http://www.example.org/", "https://www.example.net/"}, false},
		{"https iframe in an https page", "https://www.example.com/f", []string{"https://www.example.org/"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := rhFrame(t, m, tc.doc, tc.ancestors...)
			cs, err := h.CookieStore(rhURL(t, tc.doc))
			if tc.ok {
				require.NoError(t, err)
				assert.NotNil(t, cs)
				return
			}
			assert.ErrorIs(t, err, cm.ErrNotSecureContext)
			assert.Nil(t, cs)
		})
	}
	// On http://localhost the cookie is Secure, from a non-secure source.
	ctx := context.Background()
	h := rhFrame(t, m, "http://localhost:8080/")
	cs := rhStore(t, h, "http://localhost:8080/")
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "a", Value: "1"}))
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.True(t, all[0].Secure)
	assert.Equal(t, cm.SourceSchemeNonSecure, all[0].SourceScheme)
	assert.Equal(t, 8080, all[0].SourcePort)
}

// rhEvents collects the change events of a CookieStore as JSON.
type rhEvents struct {
	mu  sync.Mutex
	got []string
}

func (e *rhEvents) add(ev cm.CookieChangeEvent) {
	b, err := json.Marshal(ev)
	if err != nil {
		b = []byte(err.Error())
	}
	e.mu.Lock()
	e.got = append(e.got, string(b))
	e.mu.Unlock()
}

func (e *rhEvents) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.got
	e.got = nil
	return out
}

// rhJSONList asserts that got holds the JSON values of want, in order.
func rhJSONList(t *testing.T, want, got []string, what string) {
	t.Helper()
	if !assert.Len(t, got, len(want), "%s: %q", what, got) {
		return
	}
	for i := range want {
		assert.JSONEq(t, want[i], got[i], what)
	}
}

// TestCookieStoreChanges checks the change events a document gets, in
// order, exactly.
func TestCookieStoreChanges(t *testing.T) {
	ctx := context.Background()
	now := rhNow
	m, err := cm.New(cm.Config{Now: func() time.Time { return now }})
	require.NoError(t, err)
	defer func() { _ = m.Close() }()
	h := rhFrame(t, m, "https://www.example.com/dir/page")
	doc := rhURL(t, "https://www.example.com/dir/page")
	cs := rhStore(t, h, "https://www.example.com/dir/page")
	var ev rhEvents
	cancel := cs.OnChange(ev.add)
	// The same document in a cross-site iframe sees only SameSite=None.
	cross := rhFrame(t, m, "https://www.example.com/dir/page", "https://www.example.org/")
	csCross := rhStore(t, cross, "https://www.example.com/dir/page")
	var evCross rhEvents
	cancelCross := csCross.OnChange(evCross.add)
	defer cancelCross()

	const (
		a1 = `{"name":"a","value":"1","domain":null,"path":"/","expires":null,"secure":true,"sameSite":"strict","partitioned":false}`
		a2 = `{"name":"a","value":"2","domain":null,"path":"/","expires":null,"secure":true,"sameSite":"strict","partitioned":false}`
		aL = `{"name":"a","value":"2","domain":null,"path":"/","expires":null,"secure":true,"sameSite":"lax","partitioned":false}`
		aD = `{"name":"a","domain":null,"path":"/","secure":true,"sameSite":"lax","partitioned":false}`
	)
	changed := func(item string) string { return `{"changed":[` + item + `],"deleted":[]}` }
	deleted := func(item string) string { return `{"changed":[],"deleted":[` + item + `]}` }
	for _, step := range []struct {
		name  string
		do    func() error
		want  []string
		cross []string
	}{
		{"set", func() error { return cs.Set(ctx, cm.CookieInit{Name: "a", Value: "1"}) }, []string{changed(a1)}, nil},
		{"overwrite: the new cookie only", func() error { return cs.Set(ctx, cm.CookieInit{Name: "a", Value: "2"}) }, []string{changed(a2)}, nil},
		{"the same again: nothing", func() error { return cs.Set(ctx, cm.CookieInit{Name: "a", Value: "2"}) }, nil, nil},
		{"another SameSite", func() error {
			return cs.Set(ctx, cm.CookieInit{Name: "a", Value: "2", SameSite: cm.CookieSameSiteLax})
		}, []string{changed(aL)}, nil},
		{"delete: no value, no expires", func() error { return cs.Delete(ctx, cm.CookieStoreDeleteOptions{Name: "a"}) }, []string{deleted(aD)}, nil},
		{"delete again: nothing", func() error { return cs.Delete(ctx, cm.CookieStoreDeleteOptions{Name: "a"}) }, nil, nil},
		{"HTTP sets, HttpOnly and another path unseen", func() error {
			rhHTTP(t, m, "https://www.example.com/", "v=1; Path=/", "h=1; HttpOnly; Path=/", "o=1; Path=/other", "n=1; SameSite=None; Secure; Path=/")
			return nil
		}, []string{
			changed(`{"name":"v","value":"1","domain":null,"path":"/","expires":null,"secure":false,"sameSite":"lax","partitioned":false}`),
			changed(`{"name":"n","value":"1","domain":null,"path":"/","expires":null,"secure":true,"sameSite":"none","partitioned":false}`),
		}, []string{
			changed(`{"name":"n","value":"1","domain":null,"path":"/","expires":null,"secure":true,"sameSite":"none","partitioned":false}`),
		}},
		{"document.cookie deletes a cookie without SameSite: no sameSite", func() error {
			_, err := h.SetDocumentCookie(ctx, doc, "v=; Max-Age=0; Path=/")
			return err
		}, []string{deleted(`{"name":"v","domain":null,"path":"/","secure":false,"partitioned":false}`)}, nil},
		{"a priority is no change", func() error {
			_, err := h.SetDocumentCookie(ctx, doc, "n=1; SameSite=None; Secure; Path=/; Priority=High")
			return err
		}, nil, nil},
		{"an expiry, partitioned, is a change", func() error {
			return cs.Set(ctx, cm.CookieInit{Name: "p", Value: "1", Expires: rhNow.Add(time.Hour), Partitioned: true})
		}, []string{changed(`{"name":"p","value":"1","domain":null,"path":"/","expires":` +
			strconv.FormatInt(rhNow.Add(time.Hour).UnixMilli(), 10) + `,"secure":true,"sameSite":"strict","partitioned":true}`)}, nil},
		{"a cookie expires: deleted when a read finds it", func() error {
			now = now.Add(2 * time.Hour)
			_, err := h.DocumentCookie(ctx, doc)
			return err
		}, []string{deleted(`{"name":"p","domain":null,"path":"/","secure":true,"sameSite":"strict","partitioned":true}`)}, nil},
	} {
		require.NoError(t, step.do(), step.name)
		rhJSONList(t, step.want, ev.take(), step.name)
		rhJSONList(t, step.cross, evCross.take(), step.name+", cross-site")
	}
	cancel()
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "z", Value: "1"}))
	assert.Empty(t, ev.take(), "cancelled")
}

// TestCookieStoreChangesPolicy checks that a document is not told of the
// changes its Policy hides from it.
func TestCookieStoreChangesPolicy(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, rhBlockThirdParty{})
	cross := rhFrame(t, m, "https://www.example.com/f", "https://www.example.org/")
	cs := rhStore(t, cross, "https://www.example.com/f")
	var ev rhEvents
	defer cs.OnChange(ev.add)()
	rhHTTP(t, m, "https://www.example.com/", "n=1; SameSite=None; Secure; Path=/")
	require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "p", Value: "1", SameSite: cm.CookieSameSiteNone, Partitioned: true}))
	rhJSONList(t, []string{
		`{"changed":[{"domain":null,"expires":null,"name":"p","partitioned":true,"path":"/","sameSite":"none","secure":true,"value":"1"}],"deleted":[]}`,
	}, ev.take(), "the partitioned cookie only")
}

// TestRestrictedZeroValues checks the values not made by Monster.Restricted.
func TestRestrictedZeroValues(t *testing.T) {
	ctx := context.Background()
	u := rhURL(t, "https://www.example.com/")
	for _, h := range []*cm.RestrictedHandle{nil, {}} {
		_, err := h.DocumentCookie(ctx, u)
		assert.ErrorIs(t, err, cm.ErrUnboundHandle)
		_, err = h.SetDocumentCookie(ctx, u, "a=1")
		assert.ErrorIs(t, err, cm.ErrUnboundHandle)
		_, _, err = h.Cookies(ctx, u)
		assert.ErrorIs(t, err, cm.ErrUnboundHandle)
		_, err = h.CookieStore(u)
		assert.ErrorIs(t, err, cm.ErrUnboundHandle)
		assert.Equal(t, "", h.Origin())
		assert.Nil(t, h.TopFrame())
		assert.False(t, h.ThirdParty())
	}
	for _, cs := range []*cm.CookieStore{nil, {}} {
		_, err := cs.Get(ctx, cm.CookieStoreGetOptions{Name: new("a")})
		assert.ErrorIs(t, err, cm.ErrUnboundHandle)
		_, err = cs.GetAll(ctx, cm.CookieStoreGetOptions{})
		assert.ErrorIs(t, err, cm.ErrUnboundHandle)
		assert.ErrorIs(t, cs.Set(ctx, cm.CookieInit{Name: "a", Value: "1"}), cm.ErrUnboundHandle)
		assert.ErrorIs(t, cs.Delete(ctx, cm.CookieStoreDeleteOptions{Name: "a"}), cm.ErrUnboundHandle)
		cs.OnChange(func(cm.CookieChangeEvent) {})()
	}
}

// TestRestrictedClosed checks a handle whose Monster is closed.
func TestRestrictedClosed(t *testing.T) {
	ctx := context.Background()
	m, err := cm.New(cm.Config{})
	require.NoError(t, err)
	h := rhFrame(t, m, "https://www.example.com/")
	cs := rhStore(t, h, "https://www.example.com/")
	require.NoError(t, m.Close())
	u := rhURL(t, "https://www.example.com/")
	_, err = h.DocumentCookie(ctx, u)
	assert.ErrorIs(t, err, cm.ErrClosed)
	_, err = h.SetDocumentCookie(ctx, u, "a=1")
	assert.ErrorIs(t, err, cm.ErrClosed)
	_, err = cs.GetAll(ctx, cm.CookieStoreGetOptions{})
	assert.ErrorIs(t, err, cm.ErrClosed)
	err = cs.Set(ctx, cm.CookieInit{Name: "a", Value: "1"})
	assert.ErrorIs(t, err, cm.ErrClosed)
	var cse *cm.CookieStoreError
	assert.False(t, errors.As(err, &cse), "not a refusal")
}

// TestRestrictedFirstPartyIsolation checks that a handle of an isolating
// Monster reads and writes under the first party of its top-level frame.
func TestRestrictedFirstPartyIsolation(t *testing.T) {
	ctx := context.Background()
	m, err := cm.New(cm.Config{FirstPartyIsolation: true})
	require.NoError(t, err)
	defer func() { _ = m.Close() }()
	doc := rhURL(t, "https://www.example.com/f")
	underOrg := rhFrame(t, m, "https://www.example.com/f", "https://www.example.org/")
	underNet := rhFrame(t, m, "https://www.example.com/f", "https://www.example.net/")
	_, err = underOrg.SetDocumentCookie(ctx, doc, "a=1; SameSite=None; Secure")
	require.NoError(t, err)
	got, err := underOrg.DocumentCookie(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, "a=1", got)
	got, err = underNet.DocumentCookie(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, "", got)
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, "example.org", all[0].FirstPartyDomain)
}

// TestRestrictedConcurrent uses one handle from many goroutines.
func TestRestrictedConcurrent(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, nil)
	h := rhFrame(t, m, "https://www.example.com/")
	cs := rhStore(t, h, "https://www.example.com/")
	var ev rhEvents
	defer cs.OnChange(ev.add)()
	doc := rhURL(t, "https://www.example.com/")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			name := string(rune('a' + i))
			for k := range 20 {
				if k%2 == 0 {
					assert.NoError(t, cs.Set(ctx, cm.CookieInit{Name: name, Value: strings.Repeat("x", k+1)}))
				} else {
					_, err := h.SetDocumentCookie(ctx, doc, name+"="+strings.Repeat("y", k+1))
					assert.NoError(t, err)
				}
				_, err := h.DocumentCookie(ctx, doc)
				assert.NoError(t, err)
				_, err = cs.GetAll(ctx, cm.CookieStoreGetOptions{})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	items, err := cs.GetAll(ctx, cm.CookieStoreGetOptions{})
	require.NoError(t, err)
	assert.Len(t, items, 8)
	assert.Len(t, ev.take(), 8*20, "one event for each set")
}

// TestCookieListItemJSON pins the JSON of items and events.
func TestCookieListItemJSON(t *testing.T) {
	exp := time.UnixMicro(1796648470035096)
	item := cm.CookieListItem{Name: "a", Value: "1", Domain: "example.com", Path: "/p", Expires: exp, Secure: true,
		SameSite: cm.CookieSameSiteNone, Partitioned: true}
	b, err := json.Marshal(item)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"a","value":"1","domain":"example.com","path":"/p","expires":1796648470035.096,"secure":true,"sameSite":"none","partitioned":true}`, string(b))
	b, err = json.Marshal(cm.CookieListItem{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"","value":"","domain":null,"path":"","expires":null,"secure":false,"partitioned":false}`, string(b))
	b, err = json.Marshal(cm.CookieChangeEvent{Deleted: []cm.CookieListItem{item}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"changed":[],"deleted":[{"name":"a","domain":"example.com","path":"/p","secure":true,"sameSite":"none","partitioned":true}]}`, string(b))
	b, err = json.Marshal(cm.CookieChangeEvent{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"changed":[],"deleted":[]}`, string(b))
}

// TestCookieStoreErrorText pins the text of the errors.
func TestCookieStoreErrorText(t *testing.T) {
	assert.Equal(t, "cookiemonster: cookieStore: Cookie name cannot contain '='", cm.ErrNameHasEquals.Error())
	e := &cm.CookieStoreError{Method: "set", Name: "TypeError", Rule: cm.ErrNameHasEquals}
	assert.Equal(t, "cookiemonster: cookieStore.set: TypeError: Cookie name cannot contain '='", e.Error())
	assert.Equal(t, "Failed to execute 'set' on 'CookieStore': Cookie name cannot contain '='", e.Message())
	assert.Equal(t, []error{cm.ErrNameHasEquals}, e.Unwrap())
	assert.Empty(t, (&cm.CookieStoreError{}).Unwrap())
}

// TestRestrictedCookies checks the cookies a frame's script may read and
// why it may not read the others.
func TestRestrictedCookies(t *testing.T) {
	ctx := context.Background()
	m := rhMonster(t, nil)
	rhHTTP(t, m, "https://www.example.com/", everyKind...)
	doc := rhURL(t, "https://www.example.com/f")
	for _, tc := range []struct {
		name      string
		ancestors []string
		included  []string
		excluded  map[string]string
	}{
		{"top-level", nil, []string{"u", "l", "s", "n"}, map[string]string{
			"h": "ExcludeHTTPOnly", "hn": "ExcludeHTTPOnly",
		}},
		{"cross-site iframe", []string{"https://www.example.org/"}, []string{"n"}, map[string]string{
			"u":  "ExcludeSameSiteUnspecifiedTreatedAsLax",
			"l":  "ExcludeSameSiteLax",
			"s":  "ExcludeSameSiteStrict",
			"h":  "ExcludeHTTPOnly, ExcludeSameSiteUnspecifiedTreatedAsLax",
			"hn": "ExcludeHTTPOnly",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := rhFrame(t, m, doc.String(), tc.ancestors...)
			inc, exc, err := h.Cookies(ctx, doc)
			require.NoError(t, err)
			var names []string
			for _, c := range inc {
				names = append(names, c.Cookie.Name)
			}
			assert.Equal(t, tc.included, names)
			why := map[string]string{}
			for _, c := range exc {
				why[c.Cookie.Name] = strings.Join(rhNames(c.AccessResult.Status.Exclusions()), ", ")
			}
			assert.Equal(t, tc.excluded, why)
		})
	}
}

// TestCookieStoreExpiredSet checks that a set whose cookie is already
// expired deletes the cookie, whichever way it expires.
func TestCookieStoreExpiredSet(t *testing.T) {
	ctx := context.Background()
	for _, init := range []cm.CookieInit{
		{Name: "a", Value: "x", MaxAge: new(time.Duration(0))},
		{Name: "a", Value: "x", MaxAge: new(-time.Hour)},
		{Name: "a", Value: "x", Expires: rhNow.Add(-time.Second)},
		{Name: "a", Value: "x", Expires: time.Unix(0, 0)},
	} {
		m := rhMonster(t, nil)
		h := rhFrame(t, m, "https://www.example.com/")
		cs := rhStore(t, h, "https://www.example.com/")
		require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "a", Value: "1"}))
		require.NoError(t, cs.Set(ctx, init), "%+v", init)
		all, err := m.AllCookies(ctx)
		require.NoError(t, err)
		assert.Empty(t, all, "%+v", init)
	}
}

// TestRestrictedCookieSettings runs the handle over CookieSettings: third-
// party blocking with and without a Storage Access grant, and a site
// blocked altogether.
func TestRestrictedCookieSettings(t *testing.T) {
	ctx := context.Background()
	const a, c = "https://www.example.com", "https://www.example.org"
	for _, tc := range []struct {
		name      string
		configure func(*cm.CookieSettings) error
		ancestors []string
		access    bool
		read      string
		setErr    cm.ExclusionReason // 0: the set succeeds
	}{
		{"third-party blocked", func(s *cm.CookieSettings) error { s.SetBlockThirdParty(true); return nil },
			[]string{c + "/"}, false, "p=1", cm.ExcludeUserPreferences},
		{"the frame holds Storage Access, not granted", func(s *cm.CookieSettings) error { s.SetBlockThirdParty(true); return nil },
			[]string{c + "/"}, true, "p=1", cm.ExcludeUserPreferences},
		{"granted, not requested by the frame", func(s *cm.CookieSettings) error {
			s.SetBlockThirdParty(true)
			return s.GrantStorageAccess(a, c)
		}, []string{c + "/"}, false, "p=1", cm.ExcludeUserPreferences},
		{"granted and held", func(s *cm.CookieSettings) error {
			s.SetBlockThirdParty(true)
			return s.GrantStorageAccess(a, c)
		}, []string{c + "/"}, true, "n=1; p=1", 0},
		{"a third-party exception", func(s *cm.CookieSettings) error {
			s.SetBlockThirdParty(true)
			return s.SetContentSetting("[*.]example.com", "[*.]example.org", cm.SettingAllow)
		}, []string{c + "/"}, false, "n=1; p=1", 0},
		{"the site blocked, top-level", func(s *cm.CookieSettings) error {
			return s.SetContentSetting("[*.]example.com", "", cm.SettingBlock)
		}, nil, false, "", cm.ExcludeUserPreferences},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settings := cm.NewCookieSettings(nil)
			m := rhMonster(t, settings)
			// Set before the settings could refuse it.
			rhHTTP(t, m, a+"/", "n=1; SameSite=None; Secure; Path=/")
			require.NoError(t, tc.configure(settings))
			doc := rhURL(t, a+"/f")
			var fc cm.FrameContext
			for _, an := range tc.ancestors {
				fc.Ancestors = append(fc.Ancestors, rhURL(t, an))
			}
			fc.StorageAccess = tc.access
			h, err := m.Restricted(doc, fc)
			require.NoError(t, err)
			cs := rhStore(t, h, a+"/f")
			var ev rhEvents
			defer cs.OnChange(ev.add)()
			// A partitioned cookie is never a third-party one to block.
			if len(tc.ancestors) > 0 {
				require.NoError(t, cs.Set(ctx, cm.CookieInit{Name: "p", Value: "1", SameSite: cm.CookieSameSiteNone, Partitioned: true}))
			}
			got, err := h.DocumentCookie(ctx, doc)
			require.NoError(t, err)
			assert.Equal(t, tc.read, got)
			err = cs.Set(ctx, cm.CookieInit{Name: "x", Value: "1", SameSite: cm.CookieSameSiteNone})
			if tc.setErr == 0 {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, cm.ErrCookieNotStored)
				require.ErrorIs(t, err, tc.setErr)
			}
			// The events: the partitioned cookie, and x when set.
			var names []string
			for _, e := range ev.take() {
				var got struct {
					Changed []struct{ Name string } `json:"changed"`
				}
				require.NoError(t, json.Unmarshal([]byte(e), &got))
				for _, c := range got.Changed {
					names = append(names, c.Name)
				}
			}
			var want []string
			if len(tc.ancestors) > 0 {
				want = append(want, "p")
			}
			if tc.setErr == 0 {
				want = append(want, "x")
			}
			assert.Equal(t, want, names)
		})
	}
}
