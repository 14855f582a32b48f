package cookiemonster_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// optURL parses s or fails the test; "" gives nil.
func optURL(t *testing.T, s string) *url.URL {
	t.Helper()
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	require.NoError(t, err, s)
	return u
}

// optURLs parses every string of ss with optURL.
func optURLs(t *testing.T, ss ...string) []*url.URL {
	t.Helper()
	us := make([]*url.URL, len(ss))
	for i, s := range ss {
		us[i] = optURL(t, s)
	}
	return us
}

// optPSL is a public suffix list for tests: the public suffix of a domain
// is its longest listed suffix, or its last label when none is listed.
type optPSL []string

func (p optPSL) PublicSuffix(domain string) string {
	best := domain[strings.LastIndexByte(domain, '.')+1:]
	for _, s := range p {
		if (domain == s || strings.HasSuffix(domain, "."+s)) && len(s) > len(best) {
			best = s
		}
	}
	return best
}

func (optPSL) String() string { return "optPSL" }

// ctx is shorthand for a SameSiteContext.
func ssCtx(c, s cm.ContextType) cm.SameSiteContext {
	return cm.SameSiteContext{Context: c, Schemeful: s}
}

// ssRedirect returns ctx with the redirect downgrades d (schemeless) and sd
// (schemeful).
func ssRedirect(ctx cm.SameSiteContext, d, sd cm.RedirectDowngrade) cm.SameSiteContext {
	ctx.RedirectDowngrade, ctx.SchemefulRedirectDowngrade = d, sd
	return ctx
}

const (
	ssCross  = cm.ContextCrossSite
	ssUnsafe = cm.ContextLaxMethodUnsafe
	ssLax    = cm.ContextLax
	ssStrict = cm.ContextStrict
)

func TestContextTypeOrderAndString(t *testing.T) {
	assert.Equal(t, cm.ContextType(0), cm.ContextCrossSite, "zero value is cross-site")
	assert.Less(t, cm.ContextCrossSite, cm.ContextLaxMethodUnsafe)
	assert.Less(t, cm.ContextLaxMethodUnsafe, cm.ContextLax)
	assert.Less(t, cm.ContextLax, cm.ContextStrict)

	tests := []struct {
		in   cm.ContextType
		want string
	}{
		{cm.ContextCrossSite, "CrossSite"},
		{cm.ContextLaxMethodUnsafe, "LaxMethodUnsafe"},
		{cm.ContextLax, "Lax"},
		{cm.ContextStrict, "Strict"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.in.String())
	}
}

func TestEffectiveSameSiteString(t *testing.T) {
	tests := []struct {
		in   cm.EffectiveSameSite
		want string
	}{
		{cm.EffectiveNoRestriction, "NoRestriction"},
		{cm.EffectiveLaxMode, "LaxMode"},
		{cm.EffectiveStrictMode, "StrictMode"},
		{cm.EffectiveLaxModeAllowUnsafe, "LaxModeAllowUnsafe"},
		{cm.EffectiveUndefined, "Undefined"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.in.String())
	}
	// The zero value is not a mode.
	assert.Equal(t, cm.EffectiveSameSite(0), cm.EffectiveUndefined)
}

func TestMakeSameSiteContext(t *testing.T) {
	for _, c := range []cm.ContextType{ssCross, ssUnsafe, ssLax, ssStrict} {
		assert.Equal(t, cm.SameSiteContext{Context: c, Schemeful: c}, cm.MakeSameSiteContext(c))
	}
	assert.Equal(t, ssCtx(ssCross, ssCross), cm.SameSiteContext{}, "zero value is cross-site")
}

func TestOptionsConstructors(t *testing.T) {
	pk, err := cm.NewPartitionKey(optURL(t, "https://example.com/"), true)
	require.NoError(t, err)

	var zero cm.Options
	assert.False(t, zero.IncludeHTTPOnly, "zero Options is script-like")
	assert.Equal(t, ssCtx(ssCross, ssCross), zero.SameSite, "zero Options is cross-site")
	assert.False(t, zero.Partition.IsPartitioned())
	assert.True(t, zero.ServerTime.IsZero())
	assert.False(t, zero.ReturnExcluded)
	assert.Equal(t, cm.SemanticsUnknown, zero.AccessSemantics)
	assert.False(t, zero.SkipAccessTimeUpdate)

	tests := []struct {
		name string
		got  cm.Options
		want cm.Options
	}{
		{"NavigationOptions", cm.NavigationOptions(),
			cm.Options{IncludeHTTPOnly: true, SameSite: ssCtx(ssStrict, ssStrict)}},
		{"HTTPOptions", cm.HTTPOptions(ssCtx(ssLax, ssUnsafe), pk),
			cm.Options{IncludeHTTPOnly: true, SameSite: ssCtx(ssLax, ssUnsafe), Partition: pk}},
		{"HTTPOptions zero", cm.HTTPOptions(cm.SameSiteContext{}, cm.PartitionKey{}),
			cm.Options{IncludeHTTPOnly: true}},
		{"ScriptOptions", cm.ScriptOptions(ssCtx(ssStrict, ssCross), pk),
			cm.Options{SameSite: ssCtx(ssStrict, ssCross), Partition: pk}},
		{"ScriptOptions zero is zero Options", cm.ScriptOptions(cm.SameSiteContext{}, cm.PartitionKey{}),
			cm.Options{}},
		{"AllInclusiveOptions", cm.AllInclusiveOptions(),
			cm.Options{IncludeHTTPOnly: true, SameSite: ssCtx(ssStrict, ssStrict), SkipAccessTimeUpdate: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.got)
		})
	}
}

func TestEffectiveSameSiteFor(t *testing.T) {
	creation := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	window := creation.Add(cm.LaxAllowUnsafeMaxAge)
	assert.Equal(t, 2*time.Minute, cm.LaxAllowUnsafeMaxAge)

	tests := []struct {
		name string
		ss   cm.SameSite
		now  time.Time
		sem  cm.AccessSemantics
		want cm.EffectiveSameSite
	}{
		{"None", cm.SameSiteNone, creation, cm.SemanticsUnknown, cm.EffectiveNoRestriction},
		{"None legacy", cm.SameSiteNone, creation, cm.SemanticsLegacy, cm.EffectiveNoRestriction},
		{"Lax", cm.SameSiteLax, creation, cm.SemanticsUnknown, cm.EffectiveLaxMode},
		{"Lax old", cm.SameSiteLax, creation.Add(time.Hour), cm.SemanticsNonLegacy, cm.EffectiveLaxMode},
		{"Lax legacy", cm.SameSiteLax, creation, cm.SemanticsLegacy, cm.EffectiveLaxMode},
		{"Strict", cm.SameSiteStrict, creation, cm.SemanticsUnknown, cm.EffectiveStrictMode},
		{"Strict legacy", cm.SameSiteStrict, creation, cm.SemanticsLegacy, cm.EffectiveStrictMode},
		{"Unspecified at creation", cm.SameSiteUnspecified, creation, cm.SemanticsUnknown, cm.EffectiveLaxModeAllowUnsafe},
		{"Unspecified at creation+2min", cm.SameSiteUnspecified, window, cm.SemanticsUnknown, cm.EffectiveLaxModeAllowUnsafe},
		{"Unspecified at creation+2min+1ns", cm.SameSiteUnspecified, window.Add(time.Nanosecond), cm.SemanticsUnknown, cm.EffectiveLaxMode},
		{"Unspecified nonlegacy at creation+2min", cm.SameSiteUnspecified, window, cm.SemanticsNonLegacy, cm.EffectiveLaxModeAllowUnsafe},
		{"Unspecified nonlegacy at creation+2min+1ns", cm.SameSiteUnspecified, window.Add(time.Nanosecond), cm.SemanticsNonLegacy, cm.EffectiveLaxMode},
		{"Unspecified an hour old", cm.SameSiteUnspecified, creation.Add(time.Hour), cm.SemanticsUnknown, cm.EffectiveLaxMode},
		{"Unspecified created in the future", cm.SameSiteUnspecified, creation.Add(-time.Hour), cm.SemanticsUnknown, cm.EffectiveLaxModeAllowUnsafe},
		{"Unspecified legacy young", cm.SameSiteUnspecified, creation, cm.SemanticsLegacy, cm.EffectiveNoRestriction},
		{"Unspecified legacy old", cm.SameSiteUnspecified, creation.Add(time.Hour), cm.SemanticsLegacy, cm.EffectiveNoRestriction},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cm.EffectiveSameSiteFor(tt.ss, creation, tt.now, tt.sem))
		})
	}
}

func TestSiteOf(t *testing.T) {
	tests := []struct {
		name string
		url  string
		psl  cm.PublicSuffixList
		want cm.Site
	}{
		{"eTLD+1", "https://www.example.co.uk/x", nil, cm.Site{Scheme: "https", Domain: "example.co.uk"}},
		{"registrable domain itself", "http://example.com", nil, cm.Site{Scheme: "http", Domain: "example.com"}},
		{"port ignored", "https://a.b.example.com:8443/p?q#f", nil, cm.Site{Scheme: "https", Domain: "example.com"}},
		{"ws is http", "ws://chat.example.com/socket", nil, cm.Site{Scheme: "http", Domain: "example.com"}},
		{"wss is https", "wss://chat.example.com/socket", nil, cm.Site{Scheme: "https", Domain: "example.com"}},
		{"upper case", "HTTPS://WWW.EXAMPLE.COM/", nil, cm.Site{Scheme: "https", Domain: "example.com"}},
		{"IDN", "https://www.bücher.de/", nil, cm.Site{Scheme: "https", Domain: "xn--bcher-kva.de"}},
		{"IPv4 has no registrable domain", "http://127.0.0.1:8080/", nil, cm.Site{Scheme: "http", Domain: "127.0.0.1"}},
		{"IPv6 canonicalized", "https://[0:0::1]:443/", nil, cm.Site{Scheme: "https", Domain: "[::1]"}},
		{"localhost", "http://localhost:3000/", nil, cm.Site{Scheme: "http", Domain: "localhost"}},
		{"public suffix host", "https://co.uk/", nil, cm.Site{Scheme: "https", Domain: "co.uk"}},
		{"unknown TLD", "https://www.a0001.izzle/", nil, cm.Site{Scheme: "https", Domain: "a0001.izzle"}},
		{"private registry", "https://www.foo.blogspot.com/", nil, cm.Site{Scheme: "https", Domain: "foo.blogspot.com"}},
		{"trailing dot", "https://home.example.org./", nil, cm.Site{Scheme: "https", Domain: "example.org."}},
		{"custom list", "https://x.a.corp.test/", optPSL{"corp.test"}, cm.Site{Scheme: "https", Domain: "a.corp.test"}},
		{"custom list knows izzle", "https://www.a0001.izzle/", optPSL{}, cm.Site{Scheme: "https", Domain: "a0001.izzle"}},
		{"nil URL", "", nil, cm.Site{}},
		{"data URL", "data:text/plain,hi", nil, cm.Site{}},
		{"file URL without host", "file:///etc/hosts", nil, cm.Site{}},
		{"empty host", "https:///path", nil, cm.Site{}},
		{"relative URL", "/just/a/path", nil, cm.Site{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cm.SiteOf(optURL(t, tt.url), tt.psl)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want.Domain == "", got.IsOpaque())
		})
	}
}

func TestSiteString(t *testing.T) {
	assert.Equal(t, "", cm.Site{}.String())
	assert.Equal(t, "", cm.Site{Scheme: "https"}.String())
	assert.True(t, cm.Site{Scheme: "https"}.IsOpaque())
	assert.Equal(t, "https://example.com", cm.Site{Scheme: "https", Domain: "example.com"}.String())
	assert.Equal(t, "http://[::1]", cm.Site{Scheme: "http", Domain: "[::1]"}.String())
}

func TestSiteSameSiteAs(t *testing.T) {
	httpsEx := cm.Site{Scheme: "https", Domain: "example.com"}
	httpEx := cm.Site{Scheme: "http", Domain: "example.com"}
	httpsOther := cm.Site{Scheme: "https", Domain: "other.com"}
	tests := []struct {
		name                  string
		a, b                  cm.Site
		schemeful, schemeless bool
	}{
		{"identical", httpsEx, httpsEx, true, true},
		{"scheme differs", httpEx, httpsEx, false, true},
		{"domain differs", httpsEx, httpsOther, false, false},
		{"scheme and domain differ", httpEx, httpsOther, false, false},
		{"opaque with opaque", cm.Site{}, cm.Site{}, false, false},
		{"opaque with site", cm.Site{}, httpsEx, false, false},
		{"site with opaque", httpsEx, cm.Site{}, false, false},
		{"opaque with same scheme", cm.Site{Scheme: "https"}, cm.Site{Scheme: "https"}, false, false},
		{"IP", cm.Site{Scheme: "http", Domain: "127.0.0.1"}, cm.Site{Scheme: "http", Domain: "127.0.0.1"}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.schemeful, tt.a.SameSiteAs(tt.b, true), "schemeful")
			assert.Equal(t, tt.schemeless, tt.a.SameSiteAs(tt.b, false), "schemeless")
			assert.Equal(t, tt.schemeful, tt.b.SameSiteAs(tt.a, true), "schemeful, symmetric")
			assert.Equal(t, tt.schemeless, tt.b.SameSiteAs(tt.a, false), "schemeless, symmetric")
		})
	}
}

func TestSiteForCookies(t *testing.T) {
	var zero cm.SiteForCookies
	assert.True(t, zero.IsNull())
	assert.Equal(t, cm.Site{}, zero.Site())

	assert.True(t, cm.NewSiteForCookies(nil, nil).IsNull())
	assert.True(t, cm.NewSiteForCookies(optURL(t, "data:text/plain,x"), nil).IsNull())

	sfc := cm.NewSiteForCookies(optURL(t, "https://www.example.com/page"), nil)
	assert.False(t, sfc.IsNull())
	assert.Equal(t, cm.Site{Scheme: "https", Domain: "example.com"}, sfc.Site())

	custom := cm.NewSiteForCookies(optURL(t, "https://x.a.corp.test/"), optPSL{"corp.test"})
	assert.Equal(t, cm.Site{Scheme: "https", Domain: "a.corp.test"}, custom.Site())
}

func TestSiteForCookiesFromFrames(t *testing.T) {
	tests := []struct {
		name     string
		frames   []string
		wantNull bool
		wantSite cm.Site
		// probe is a request URL; want is ForSubresource's context for it,
		// which shows whether the tree is schemefully same-site.
		probe string
		want  cm.SameSiteContext
	}{
		{name: "no frames", frames: nil, wantNull: true,
			probe: "https://example.com/", want: ssCtx(ssCross, ssCross)},
		{name: "top only", frames: []string{"https://www.example.com/"},
			wantSite: cm.Site{Scheme: "https", Domain: "example.com"},
			probe:    "https://example.com/", want: ssCtx(ssStrict, ssStrict)},
		{name: "same-site subframes", frames: []string{"https://www.example.com/", "https://a.example.com/", "https://b.example.com:8443/"},
			wantSite: cm.Site{Scheme: "https", Domain: "example.com"},
			probe:    "https://cdn.example.com/", want: ssCtx(ssStrict, ssStrict)},
		{name: "wss frame is same scheme as https", frames: []string{"https://example.com/", "wss://example.com/"},
			wantSite: cm.Site{Scheme: "https", Domain: "example.com"},
			probe:    "https://example.com/", want: ssCtx(ssStrict, ssStrict)},
		{name: "cross-site frame", frames: []string{"https://example.com/", "https://other.com/"}, wantNull: true,
			probe: "https://example.com/", want: ssCtx(ssCross, ssCross)},
		{name: "cross-site frame in the middle", frames: []string{"https://example.com/", "https://other.com/", "https://example.com/"}, wantNull: true,
			probe: "https://example.com/", want: ssCtx(ssCross, ssCross)},
		{name: "opaque frame", frames: []string{"https://example.com/", "data:text/html,x"}, wantNull: true,
			probe: "https://example.com/", want: ssCtx(ssCross, ssCross)},
		{name: "opaque top", frames: []string{"data:text/html,x", "https://example.com/"}, wantNull: true,
			probe: "https://example.com/", want: ssCtx(ssCross, ssCross)},
		{name: "scheme-only difference", frames: []string{"https://example.com/", "http://sub.example.com/"},
			wantSite: cm.Site{Scheme: "https", Domain: "example.com"},
			probe:    "https://example.com/", want: ssCtx(ssStrict, ssCross)},
		{name: "scheme-only difference then back", frames: []string{"http://example.com/", "https://example.com/", "http://example.com/"},
			wantSite: cm.Site{Scheme: "http", Domain: "example.com"},
			probe:    "http://example.com/", want: ssCtx(ssStrict, ssCross)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sfc := cm.SiteForCookiesFromFrames(optURLs(t, tt.frames...), nil)
			assert.Equal(t, tt.wantNull, sfc.IsNull())
			assert.Equal(t, tt.wantSite, sfc.Site())
			in := cm.SameSiteInput{URLChain: optURLs(t, tt.probe), SiteForCookies: sfc}
			assert.Equal(t, tt.want, in.ForSubresource())
		})
	}

	// A single frame is the same as NewSiteForCookies.
	u := optURL(t, "https://www.example.com/")
	assert.Equal(t, cm.NewSiteForCookies(u, nil), cm.SiteForCookiesFromFrames([]*url.URL{u}, nil))
	// The list decides what is cross-site.
	frames := optURLs(t, "https://a.example.com/", "https://b.example.com/")
	assert.False(t, cm.SiteForCookiesFromFrames(frames, nil).IsNull())
	assert.True(t, cm.SiteForCookiesFromFrames(frames, optPSL{"example.com"}).IsNull())
	// "test" is not on the default list: a one-label registry, so hosts
	// under corp.test share a site and hosts under other .test names do not.
	frames = optURLs(t, "https://a.corp.test/", "https://b.corp.test/")
	assert.False(t, cm.SiteForCookiesFromFrames(frames, nil).IsNull())
	frames = optURLs(t, "https://a.corp.test/", "https://b.other.test/")
	assert.True(t, cm.SiteForCookiesFromFrames(frames, nil).IsNull())
}

// sameSiteRow is one row of the SameSite decision table: an input and the
// context each computation gives.
type sameSiteRow struct {
	name      string
	method    string
	chain     []string
	sfc       []string // frames, top first; nil: null site for cookies
	initiator string   // "": none
	mainFrame bool
	psl       cm.PublicSuffixList

	req, resp, get, set, sub cm.SameSiteContext
}

func TestSameSiteDecisionTable(t *testing.T) {
	ex := []string{"https://example.com/"}
	httpEx := []string{"http://example.com/"}
	rows := []sameSiteRow{
		{name: "same-site, no initiator",
			chain: []string{"https://www.example.com/x"}, sfc: ex,
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "same-site, same-site initiator",
			chain: []string{"https://www.example.com/x"}, sfc: ex, initiator: "https://a.example.com",
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "same-site POST stays strict",
			method: "POST", chain: []string{"https://www.example.com/x"}, sfc: ex, initiator: "https://example.com",
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "same-site main-frame navigation, no initiator",
			chain: []string{"https://example.com/"}, sfc: ex, mainFrame: true,
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "cross-site initiator, main-frame GET",
			method: "GET", chain: []string{"https://example.com/"}, sfc: ex, initiator: "https://other.com", mainFrame: true,
			req: ssCtx(ssLax, ssLax), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "cross-site initiator, main-frame POST",
			method: "POST", chain: []string{"https://example.com/"}, sfc: ex, initiator: "https://other.com", mainFrame: true,
			req: ssCtx(ssUnsafe, ssUnsafe), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "cross-site initiator, subresource",
			chain: []string{"https://example.com/img.png"}, sfc: ex, initiator: "https://other.com",
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "cross-site initiator, subresource POST",
			method: "POST", chain: []string{"https://example.com/api"}, sfc: ex, initiator: "https://other.com",
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "opaque initiator is cross-site",
			chain: []string{"https://example.com/"}, sfc: ex, initiator: "data:text/html,x", mainFrame: true,
			req: ssCtx(ssLax, ssLax), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "null site for cookies",
			chain: []string{"https://example.com/"},
			req:   ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "null site for cookies, main-frame navigation",
			chain: []string{"https://example.com/"}, initiator: "https://other.com", mainFrame: true,
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "null site for cookies from a cross-site frame",
			chain: []string{"https://example.com/"}, sfc: []string{"https://example.com/", "https://other.com/"},
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "site for cookies cross-site with request",
			chain: []string{"https://example.com/"}, sfc: []string{"https://other.com/"},
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "http page to https subresource, same-site initiator",
			chain: []string{"https://example.com/api"}, sfc: httpEx, initiator: "http://example.com",
			req: ssCtx(ssStrict, ssCross), resp: ssCtx(ssLax, ssCross), get: ssCtx(ssStrict, ssCross), set: ssCtx(ssLax, ssCross), sub: ssCtx(ssStrict, ssCross)},
		{name: "http page to https subresource, https initiator",
			chain: []string{"https://example.com/api"}, sfc: httpEx, initiator: "https://www.example.com",
			req: ssCtx(ssStrict, ssCross), resp: ssCtx(ssLax, ssCross), get: ssCtx(ssStrict, ssCross), set: ssCtx(ssLax, ssCross), sub: ssCtx(ssStrict, ssCross)},
		{name: "http page to https subresource, POST",
			method: "POST", chain: []string{"https://example.com/api"}, sfc: httpEx,
			req: ssCtx(ssStrict, ssCross), resp: ssCtx(ssLax, ssCross), get: ssCtx(ssStrict, ssCross), set: ssCtx(ssLax, ssCross), sub: ssCtx(ssStrict, ssCross)},
		{name: "http initiator on https page, subresource",
			chain: []string{"https://example.com/x"}, sfc: ex, initiator: "http://example.com",
			req: ssCtx(ssStrict, ssCross), resp: ssCtx(ssLax, ssCross), get: ssCtx(ssStrict, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "http initiator, main-frame GET",
			chain: []string{"https://example.com/"}, sfc: ex, initiator: "http://example.com", mainFrame: true,
			req: ssCtx(ssStrict, ssLax), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "http initiator, main-frame POST",
			method: "POST", chain: []string{"https://example.com/"}, sfc: ex, initiator: "http://example.com", mainFrame: true,
			req: ssCtx(ssStrict, ssUnsafe), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "scheme-only different frame tree",
			chain: []string{"https://example.com/x"}, sfc: []string{"https://example.com/", "http://example.com/"},
			req: ssCtx(ssStrict, ssCross), resp: ssCtx(ssLax, ssCross), get: ssCtx(ssStrict, ssCross), set: ssCtx(ssLax, ssCross), sub: ssCtx(ssStrict, ssCross)},
		{name: "redirect through cross-site URL stays strict",
			chain: []string{"https://example.com/a", "https://evil.com/r", "https://www.example.com/b"}, sfc: ex, initiator: "https://example.com",
			req:  ssRedirect(ssCtx(ssStrict, ssStrict), cm.RedirectDowngradeStrictToCross, cm.RedirectDowngradeStrictToCross),
			resp: ssRedirect(ssCtx(ssLax, ssLax), cm.RedirectDowngradeLaxToCross, cm.RedirectDowngradeLaxToCross),
			get:  ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "redirect through http URL stays strict",
			chain: []string{"https://example.com/a", "http://example.com/r", "https://example.com/b"}, sfc: ex,
			req:  ssRedirect(ssCtx(ssStrict, ssStrict), cm.NoRedirectDowngrade, cm.RedirectDowngradeStrictToCross),
			resp: ssRedirect(ssCtx(ssLax, ssLax), cm.NoRedirectDowngrade, cm.RedirectDowngradeLaxToCross),
			get:  ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "redirect ending cross-site",
			chain: []string{"https://example.com/a", "https://evil.com/b"}, sfc: ex, initiator: "https://example.com",
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "redirect chain, main-frame, cross-site initiator",
			chain: []string{"https://other.com/a", "https://example.com/b"}, sfc: ex, initiator: "https://other.com", mainFrame: true,
			req: ssCtx(ssLax, ssLax), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "empty URL chain",
			sfc: ex,
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "wss request from https page",
			chain: []string{"wss://chat.example.com/socket"}, sfc: ex, initiator: "https://example.com",
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "ws request from https page",
			chain: []string{"ws://chat.example.com/socket"}, sfc: ex, initiator: "https://example.com",
			req: ssCtx(ssStrict, ssCross), resp: ssCtx(ssLax, ssCross), get: ssCtx(ssStrict, ssCross), set: ssCtx(ssLax, ssCross), sub: ssCtx(ssStrict, ssCross)},
		{name: "IP hosts, ports ignored",
			chain: []string{"http://127.0.0.1:9090/"}, sfc: []string{"http://127.0.0.1:8080/"},
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "different IPs",
			chain: []string{"http://127.0.0.2/"}, sfc: []string{"http://127.0.0.1/"},
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "unknown TLD hosts: one-label registry, different sites",
			chain: []string{"https://b.izzle/"}, sfc: []string{"https://a.izzle/"},
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "custom list splits sites",
			chain: []string{"https://b.corp.test/"}, sfc: []string{"https://a.corp.test/"}, psl: optPSL{"corp.test"},
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssCross, ssCross), set: ssCtx(ssCross, ssCross), sub: ssCtx(ssCross, ssCross)},
		{name: "custom list, same site",
			chain: []string{"https://x.b.corp.test/"}, sfc: []string{"https://b.corp.test/"}, initiator: "https://y.b.corp.test", psl: optPSL{"corp.test"},
			req: ssCtx(ssStrict, ssStrict), resp: ssCtx(ssLax, ssLax), get: ssCtx(ssStrict, ssStrict), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
		{name: "custom list, cross-site initiator",
			chain: []string{"https://b.corp.test/"}, sfc: []string{"https://b.corp.test/"}, initiator: "https://a.corp.test", psl: optPSL{"corp.test"},
			req: ssCtx(ssCross, ssCross), resp: ssCtx(ssCross, ssCross), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict)},
	}

	// Method handling on a cross-site main-frame navigation: the safe
	// methods are exactly GET, HEAD, OPTIONS and TRACE; "" is GET.
	for _, m := range []struct {
		method string
		safe   bool
	}{
		{"", true}, {"GET", true}, {"HEAD", true}, {"OPTIONS", true}, {"TRACE", true},
		{"get", false}, {"Get", false}, {"head", false}, {"POST", false}, {"post", false},
		{"PUT", false}, {"DELETE", false}, {"PATCH", false}, {"CONNECT", false}, {" GET", false},
	} {
		want := ssCtx(ssUnsafe, ssUnsafe)
		if m.safe {
			want = ssCtx(ssLax, ssLax)
		}
		rows = append(rows, sameSiteRow{
			name:   "method " + `"` + m.method + `"`,
			method: m.method, chain: []string{"https://example.com/"}, sfc: ex, initiator: "https://other.com", mainFrame: true,
			req: want, resp: ssCtx(ssLax, ssLax), get: ssCtx(ssLax, ssLax), set: ssCtx(ssLax, ssLax), sub: ssCtx(ssStrict, ssStrict),
		})
	}

	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			in := cm.SameSiteInput{
				Method:              r.method,
				URLChain:            optURLs(t, r.chain...),
				Initiator:           optURL(t, r.initiator),
				MainFrameNavigation: r.mainFrame,
				PublicSuffixList:    r.psl,
			}
			if r.sfc != nil {
				in.SiteForCookies = cm.SiteForCookiesFromFrames(optURLs(t, r.sfc...), r.psl)
			}
			got := map[string]cm.SameSiteContext{
				"ForRequest":     in.ForRequest(),
				"ForResponse":    in.ForResponse(),
				"ForScriptGet":   in.ForScriptGet(),
				"ForScriptSet":   in.ForScriptSet(),
				"ForSubresource": in.ForSubresource(),
			}
			want := map[string]cm.SameSiteContext{
				"ForRequest":     r.req,
				"ForResponse":    r.resp,
				"ForScriptGet":   r.get,
				"ForScriptSet":   r.set,
				"ForSubresource": r.sub,
			}
			for fn, w := range want {
				g := got[fn]
				assert.Equal(t, w, g, fn)
				assert.LessOrEqual(t, g.Schemeful, g.Context, "%s: schemeful above schemeless", fn)
				assert.LessOrEqual(t, w.Schemeful, w.Context, "%s: bad table row", fn)
			}
			// Setting never needs more than Lax.
			assert.LessOrEqual(t, got["ForResponse"].Context, ssLax)
			assert.LessOrEqual(t, got["ForScriptSet"].Context, ssLax)
		})
	}
}

func TestSameSiteInputDoesNotMutate(t *testing.T) {
	chain := optURLs(t, "https://evil.com/a", "https://example.com/b")
	in := cm.SameSiteInput{
		Method:              "POST",
		URLChain:            chain,
		SiteForCookies:      cm.NewSiteForCookies(optURL(t, "https://example.com/"), nil),
		Initiator:           optURL(t, "https://other.com"),
		MainFrameNavigation: true,
	}
	before := in
	_ = in.ForScriptGet()
	_ = in.ForScriptSet()
	_ = in.ForRequest()
	_ = in.ForResponse()
	_ = in.ForSubresource()
	assert.Equal(t, before, in)
	require.Len(t, in.URLChain, 2)
	assert.Equal(t, "https://evil.com/a", in.URLChain[0].String())
	assert.Equal(t, "https://example.com/b", in.URLChain[1].String())
	// The input still computes as a main-frame navigation with an initiator.
	assert.Equal(t, ssCtx(ssUnsafe, ssUnsafe), in.ForRequest())
}
