package cookiemonster_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// explainT0 is the fake clock's start in the explanation tests.
var explainT0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

// Options of the explanation tests.
var (
	explainHTTPLax     = cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextLax), cm.PartitionKey{})
	explainHTTPStrict  = cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextStrict), cm.PartitionKey{})
	explainHTTPCross   = cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextCrossSite), cm.PartitionKey{})
	explainHTTPUnsafe  = cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextLaxMethodUnsafe), cm.PartitionKey{})
	explainScriptLax   = cm.ScriptOptions(cm.MakeSameSiteContext(cm.ContextLax), cm.PartitionKey{})
	explainLegacyCross = cm.Options{IncludeHTTPOnly: true, AccessSemantics: cm.SemanticsLegacy}
)

// explainWith returns o with its same-site context replaced by c.
func explainWith(o cm.Options, c cm.SameSiteContext) cm.Options {
	o.SameSite = c
	return o
}

// explainURL parses s; "" is a nil URL.
func explainURL(t *testing.T, s string) *url.URL {
	t.Helper()
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// explainMonster returns a memory-only Monster on a fake clock.
func explainMonster(t *testing.T) (*cm.Monster, *cm.FakeClock) {
	t.Helper()
	clk := cm.NewFakeClock(explainT0)
	m, err := cm.New(cm.Config{Now: clk.Now})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, m.Close()) })
	return m, clk
}

// explainPrior is a set that a row makes before the one it explains.
type explainPrior struct {
	url, line string
	opts      cm.Options
}

// explainSetAll makes the sets of prior, each of which must store its
// cookie.
func explainSetAll(t *testing.T, m *cm.Monster, prior []explainPrior) {
	t.Helper()
	for _, p := range prior {
		res, err := m.SetCookieLine(context.Background(), explainURL(t, p.url), p.line, p.opts)
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%q from %s: %s", p.line, p.url, res.Status)
	}
}

func TestExplainSet(t *testing.T) {
	long := strings.Repeat("x", 5000)
	cases := []struct {
		name   string
		prior  []explainPrior
		url    string
		line   string
		opts   cm.Options
		status string // the status the set must give, so the row is real
		want   []string
	}{
		{name: "nil URL", url: "", line: "a=b", opts: explainHTTPLax,
			status: "ExcludeFailureToStore",
			want:   []string{"no URL was given to set the cookie from"},
		},
		{name: "invalid port", url: "http://example.com:99999/", line: "a=b", opts: explainHTTPLax,
			status: "ExcludeFailureToStore",
			want:   []string{"http://example.com:99999/ has an invalid port"},
		},
		{name: "scheme", url: "ftp://example.com/x", line: "a=b", opts: explainHTTPLax,
			status: "ExcludeNoncookieableScheme",
			want:   []string{"cookies cannot be set from ftp://example.com: only http, https, ws and wss URLs take cookies"},
		},
		{name: "secure from http", url: "http://example.com/", line: "sid=1; Secure", opts: explainHTTPLax,
			status: "ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme",
			want: []string{
				`Secure cookie "sid" set over http://example.com, which is not a secure origin`,
				`warning: Secure cookie "sid" set over http://example.com is recorded as set from a secure origin`,
			},
		},
		{name: "httponly from script", url: "https://example.com/", line: "sid=1; HttpOnly", opts: explainScriptLax,
			status: "ExcludeHTTPOnly",
			want:   []string{`HttpOnly cookie "sid" cannot be set by script`},
		},
		{name: "control char", url: "https://example.com/", line: "a=b\nc", opts: explainHTTPLax,
			status: "ExcludeDisallowedCharacter",
			want:   []string{"the line holds the control character 0x0A at offset 3"},
		},
		{name: "DEL", url: "https://example.com/", line: "a=b; Path=/\x7f", opts: explainHTTPLax,
			status: "ExcludeDisallowedCharacter",
			want:   []string{"the line holds the control character 0x7F at offset 11"},
		},
		{name: "tab in value", url: "https://example.com/", line: "a=b\tc", opts: explainHTTPLax,
			status: "ExcludeDisallowedCharacter",
			want:   []string{"the line holds a tab (0x09) inside the cookie's value, at offset 3"},
		},
		{name: "tab in name", url: "https://example.com/", line: "a\tb=c", opts: explainHTTPLax,
			status: "ExcludeDisallowedCharacter",
			want:   []string{"the line holds a tab (0x09) inside the cookie's name, at offset 1"},
		},
		{name: "tab in attribute", url: "https://example.com/", line: "a=b; Path=/x\ty", opts: explainHTTPLax,
			status: "ExcludeDisallowedCharacter",
			want:   []string{"the line holds a tab (0x09) inside an attribute, at offset 12"},
		},
		{name: "empty line", url: "https://example.com/", line: "", opts: explainHTTPLax,
			status: "ExcludeNoCookieContent",
			want:   []string{"the line is empty"},
		},
		{name: "no name or value", url: "https://example.com/", line: " = ; Path=/", opts: explainHTTPLax,
			status: "ExcludeNoCookieContent",
			want:   []string{"the line has neither a name nor a value before its first ';'"},
		},
		{name: "too long", url: "https://example.com/", line: "big=" + long, opts: explainHTTPLax,
			status: "ExcludeNameValuePairExceedsMaxSize",
			want:   []string{`cookie "big" has a name and value of 5003 bytes together; the limit is 4096`},
		},
		{name: "attribute too long", url: "https://example.com/", line: "a=b; Path=/" + long, opts: explainHTTPLax,
			status: "Include; WarnAttributeValueExceedsMaxSize",
			want:   []string{"warning: the attribute Path (5001 bytes) has a value over the limit of 1024 bytes, so the parser ignored it"},
		},
		{name: "attributes too long", url: "https://example.com/", line: "a=b; Path=/" + long + "; Domain=" + long, opts: explainHTTPLax,
			status: "Include; WarnAttributeValueExceedsMaxSize",
			want:   []string{"warning: the attributes Path (5001 bytes) and Domain (5000 bytes) have values over the limit of 1024 bytes, so the parser ignored them"},
		},
		{name: "public suffix", url: "https://a.example.com/", line: "a=b; Domain=com", opts: explainHTTPLax,
			status: "ExcludeDomainMismatch, ExcludeInvalidDomain",
			want: []string{
				"Domain=com is not within example.com, the site of the host a.example.com",
				"Domain=com is a public suffix: a cookie for it would reach every site under it",
			},
		},
		{name: "other site", url: "https://a.example.com/", line: "a=b; Domain=other.example", opts: explainHTTPLax,
			status: "ExcludeDomainMismatch, ExcludeInvalidDomain",
			want: []string{
				"Domain=other.example is not within example.com, the site of the host a.example.com",
				"Domain=other.example does not cover the host a.example.com",
			},
		},
		{name: "sibling", url: "https://a.example.com/", line: "a=b; Domain=b.example.com", opts: explainHTTPLax,
			status: "ExcludeInvalidDomain",
			want:   []string{"Domain=b.example.com does not cover the host a.example.com"},
		},
		{name: "ip host", url: "http://192.0.2.1/", line: "a=b; Domain=example.com", opts: explainHTTPLax,
			status: "ExcludeInvalidDomain",
			want:   []string{"Domain=example.com is not the host 192.0.2.1, and a cookie from an IP address can only be for that address"},
		},
		{name: "percent", url: "https://example.com/", line: "a=b; Domain=ex%61mple.com", opts: explainHTTPLax,
			status: "ExcludeInvalidDomain",
			want:   []string{"Domain=ex%61mple.com holds a '%', which no domain may"},
		},
		{name: "malformed domain", url: "https://example.com/", line: "a=b; Domain=exa mple.com", opts: explainHTTPLax,
			status: "ExcludeInvalidDomain",
			want:   []string{`Domain="exa mple.com" is not a valid domain name`},
		},
		{name: "empty label", url: "https://a.example.com/", line: "a=b; Domain=example.com..", opts: explainHTTPLax,
			status: "ExcludeDomainMismatch, ExcludeInvalidDomain",
			want: []string{
				"Domain=example.com.. ends in an empty label, which puts it in no site",
				"Domain=example.com.. ends in an empty label, so it is not a valid domain",
			},
		},
		{name: "host without site", url: "http://localhost/", line: "a=b; Domain=foo.localhost", opts: explainHTTPLax,
			status: "ExcludeInvalidDomain",
			want:   []string{"the host localhost has no registrable domain (it is a public suffix or a bare name), so Domain=foo.localhost may only name the host itself"},
		},
		{name: "non-ascii domain", url: "https://xn--exmple-cua.com/", line: "a=b; Domain=exämple.com", opts: explainHTTPLax,
			status: "Include; WarnDomainNonASCII",
			want:   []string{"warning: Domain=exämple.com holds non-ASCII characters"},
		},
		{name: "secure prefix", url: "https://example.com/", line: "__Secure-id=1", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__Secure-id" needs Secure; this line has no Secure attribute`},
		},
		{name: "secure prefix over http", url: "http://example.com/", line: "__Secure-id=1; Secure", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__Secure-id" needs Secure; this line is set over http://example.com, which is not a secure origin`},
		},
		{name: "host prefix domain", url: "https://example.com/", line: "__Host-id=1; Secure; Path=/; Domain=example.com", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__Host-id" needs Secure, Path=/ and no Domain; this line has Domain=example.com`},
		},
		{name: "host prefix all wrong", url: "http://example.com/", line: "__Host-id=1; Secure; Path=/a; Domain=example.com", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__Host-id" needs Secure, Path=/ and no Domain; this line has Path=/a and Domain=example.com, and is set over http://example.com, which is not a secure origin`},
		},
		{name: "host prefix no path", url: "https://example.com/", line: "__host-id=1; Secure", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__host-id" needs Secure, Path=/ and no Domain; this line has no Path attribute`},
		},
		{name: "http prefix", url: "https://example.com/", line: "__Http-id=1; Secure", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__Http-id" needs Secure and HttpOnly; this line has no HttpOnly attribute`},
		},
		{name: "host-http prefix", url: "https://example.com/", line: "__Host-Http-id=1; Path=/", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`"__Host-Http-id" needs Secure, HttpOnly, Path=/ and no Domain; this line has no Secure attribute and no HttpOnly attribute`},
		},
		{name: "hidden prefix", url: "https://example.com/", line: "=__Host-id=1; Secure; Path=/", opts: explainHTTPLax,
			status: "ExcludeInvalidPrefix",
			want:   []string{`the nameless cookie's value "__Host-id=1" starts with __Host-, which a server would read as the name of a prefixed cookie`},
		},
		{name: "partitioned", url: "https://example.com/", line: "a=b; Partitioned", opts: explainHTTPLax,
			status: "ExcludeInvalidPartitioned",
			want:   []string{`Partitioned cookie "a" needs Secure; this line has no Secure attribute`},
		},
		{name: "partitioned over http", url: "http://example.com/", line: "a=b; Partitioned; Secure", opts: explainHTTPLax,
			status: "ExcludeInvalidPartitioned",
			want:   []string{`Partitioned cookie "a" needs Secure; this line is set over http://example.com, which is not a secure origin`},
		},
		{name: "ambiguous", url: "https://example.com/", line: "=a=b", opts: explainHTTPLax,
			status: "ExcludeAmbiguousSerialization",
			want:   []string{`the nameless cookie with the value "a=b" would be sent as the cookie "a"`},
		},
		{name: "strict cross-site", url: "https://example.com/", line: "a=b; SameSite=Strict", opts: explainHTTPCross,
			status: "ExcludeSameSiteStrict",
			want:   []string{`SameSite=Strict cookie "a" cannot be set from a cross-site context`},
		},
		{name: "lax cross-site", url: "https://example.com/", line: "a=b; SameSite=Lax", opts: explainHTTPCross,
			status: "ExcludeSameSiteLax",
			want:   []string{`SameSite=Lax cookie "a" cannot be set from a cross-site context`},
		},
		{name: "unspecified cross-site", url: "https://example.com/", line: "a=b", opts: explainHTTPCross,
			status: "ExcludeSameSiteUnspecifiedTreatedAsLax; WarnSameSiteUnspecifiedCrossSiteContext",
			want: []string{
				`"a" has no SameSite attribute, so it is treated as SameSite=Lax and cannot be set from a cross-site context`,
				`warning: "a" has no SameSite attribute and is set from a cross-site context, where default rules treat it as SameSite=Lax`,
			},
		},
		{name: "unspecified unsafe", url: "https://example.com/", line: "a=b", opts: explainHTTPUnsafe,
			status: "ExcludeSameSiteUnspecifiedTreatedAsLax; WarnSameSiteUnspecifiedLaxAllowUnsafe",
			want: []string{
				`"a" has no SameSite attribute, so it is treated as SameSite=Lax and cannot be set from a cross-site context`,
				`warning: "a" has no SameSite attribute, and the context is a cross-site top-level request with an unsafe method (such as POST)`,
			},
		},
		{name: "unspecified legacy", url: "https://example.com/", line: "a=b", opts: explainLegacyCross,
			status: "Include; WarnSameSiteUnspecifiedCrossSiteContext",
			want:   []string{`warning: "a" has no SameSite attribute and is set from a cross-site context, where default rules treat it as SameSite=Lax`},
		},
		{name: "none insecure", url: "https://example.com/", line: "a=b; SameSite=None", opts: explainHTTPLax,
			status: "ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure",
			want: []string{
				`SameSite=None needs Secure; "a" has no Secure attribute`,
				`warning: "a" is SameSite=None without Secure, which current rules refuse`,
			},
		},
		{name: "none insecure legacy", url: "https://example.com/", line: "a=b; SameSite=None", opts: explainLegacyCross,
			status: "Include; WarnSameSiteNoneInsecure",
			want:   []string{`warning: "a" is SameSite=None without Secure, which current rules refuse`},
		},
		{name: "overwrite secure", prior: []explainPrior{{"https://example.com/", "a=1; Secure", explainHTTPLax}},
			url: "http://example.com/", line: "a=2", opts: explainHTTPLax,
			status: "ExcludeOverwriteSecure",
			want:   []string{`cookie "a" set over http://example.com would overwrite or shadow a Secure cookie of the same name, which only a secure origin may do`},
		},
		{name: "overwrite httponly", prior: []explainPrior{{"https://example.com/", "a=1; HttpOnly", explainHTTPLax}},
			url: "https://example.com/", line: "a=2", opts: explainScriptLax,
			status: "ExcludeOverwriteHTTPOnly",
			want:   []string{`a script cannot overwrite the stored HttpOnly cookie "a"`},
		},
		{name: "localhost secure", url: "http://localhost:8080/", line: "a=b; Secure", opts: explainHTTPLax,
			status: "Include; WarnSecureAccessGrantedNonCryptographic, WarnTentativelyAllowingSecureSourceScheme",
			want: []string{
				`warning: Secure cookie "a" is set over http://localhost:8080, which is allowed only for localhost and loopback addresses`,
				`warning: Secure cookie "a" set over http://localhost:8080 is recorded as set from a secure origin`,
			},
		},
		{name: "downgrade strict", url: "https://example.com/", line: "a=b; SameSite=Strict",
			opts:   explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextLax, Schemeful: cm.ContextCrossSite}),
			status: "ExcludeSameSiteStrict; WarnLaxCrossDowngradeStrictSameSite",
			want: []string{
				`SameSite=Strict cookie "a" cannot be set from a cross-site context`,
				`warning: SameSite=Strict cookie "a": the context is a cross-site top-level navigation when schemes are ignored, but cross-site when http and https are told apart`,
			},
		},
		{name: "downgrade lax", url: "https://example.com/", line: "a=b; SameSite=Lax",
			opts:   explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextLax, Schemeful: cm.ContextCrossSite}),
			status: "ExcludeSameSiteLax; WarnLaxCrossDowngradeLaxSameSite",
			want: []string{
				`SameSite=Lax cookie "a" cannot be set from a cross-site context`,
				`warning: SameSite=Lax cookie "a": the context is a cross-site top-level navigation when schemes are ignored, but cross-site when http and https are told apart`,
			},
		},
		{name: "redirect", url: "https://example.com/", line: "a=b; SameSite=Lax",
			opts: explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextLax, Schemeful: cm.ContextLax,
				RedirectDowngrade: cm.RedirectDowngradeLaxToCross, SchemefulRedirectDowngrade: cm.RedirectDowngradeLaxToCross}),
			status: "Include; WarnCrossSiteRedirectDowngradeChangesInclusion",
			want:   []string{`warning: a cross-site redirect in the request's chain would change whether cookie "a" is set, were redirects taken into account`},
		},
		{name: "nameless secure", url: "http://example.com/", line: "abc; Secure", opts: explainHTTPLax,
			status: "ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme",
			want: []string{
				"nameless Secure cookie set over http://example.com, which is not a secure origin",
				"warning: nameless Secure cookie set over http://example.com is recorded as set from a secure origin",
			},
		},
		{name: "included", url: "https://example.com/", line: "a=b", opts: explainHTTPLax,
			status: "Include",
			want:   nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := explainMonster(t)
			explainSetAll(t, m, tc.prior)
			u := explainURL(t, tc.url)
			res, err := m.SetCookieLine(context.Background(), u, tc.line, tc.opts)
			if u == nil {
				require.ErrorIs(t, err, cm.ErrNilURL)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tc.status, res.Status.String())
			assert.Equal(t, tc.want, cm.ExplainSet(u, tc.line, res.Status))
		})
	}
}

func TestExplainRead(t *testing.T) {
	cases := []struct {
		name    string
		prior   []explainPrior
		advance time.Duration
		url     string
		opts    cm.Options
		cookie  string // the name of the cookie explained
		domain  string // and its domain, when the name is not enough
		status  string
		want    []string
	}{
		{name: "httponly from script", prior: []explainPrior{{"https://example.com/", "sid=1; HttpOnly", explainHTTPLax}},
			url: "https://example.com/", opts: explainScriptLax, cookie: "sid",
			status: "ExcludeHTTPOnly",
			want:   []string{`HttpOnly cookie "sid" is not available to script`},
		},
		{name: "secure over http", prior: []explainPrior{{"https://example.com/", "sid=1; Secure", explainHTTPLax}},
			url: "http://example.com/", opts: explainHTTPStrict, cookie: "sid",
			status: "ExcludeSecureOnly; WarnPortMismatch",
			want: []string{
				`Secure cookie "sid" is not sent to http://example.com`,
				`warning: cookie "sid" was set from port 443 and is used on port 80`,
			},
		},
		{name: "host-only", prior: []explainPrior{{"https://a.example.com/", "a=1", explainHTTPLax}},
			url: "https://b.example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "ExcludeDomainMismatch",
			want:   []string{`host-only cookie "a" for a.example.com is not sent to b.example.com`},
		},
		{name: "domain cookie", prior: []explainPrior{{"https://a.example.com/", "a=1; Domain=a.example.com", explainHTTPLax}},
			url: "https://b.example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "ExcludeDomainMismatch",
			want:   []string{`cookie "a" for a.example.com and its subdomains is not sent to b.example.com`},
		},
		{name: "path", prior: []explainPrior{{"https://example.com/", "a=1; Path=/admin", explainHTTPLax}},
			url: "https://example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "ExcludeNotOnPath",
			want:   []string{`Path=/admin of cookie "a" does not cover /`},
		},
		{name: "strict from lax", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=Strict", explainHTTPLax}},
			url: "https://example.com/", opts: explainHTTPLax, cookie: "a",
			status: "ExcludeSameSiteStrict",
			want:   []string{`SameSite=Strict cookie "a" is withheld from a cross-site request`},
		},
		{name: "lax cross-site", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=Lax", explainHTTPLax}},
			url: "https://example.com/", opts: explainHTTPCross, cookie: "a",
			status: "ExcludeSameSiteLax",
			want:   []string{`SameSite=Lax cookie "a" is withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)`},
		},
		{name: "lax by default", prior: []explainPrior{{"https://example.com/", "a=1", explainHTTPLax}}, advance: time.Hour,
			url: "https://example.com/", opts: explainHTTPUnsafe, cookie: "a",
			status: "ExcludeSameSiteUnspecifiedTreatedAsLax; WarnSameSiteUnspecifiedCrossSiteContext",
			want: []string{
				`"a" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)`,
				`warning: "a" has no SameSite attribute and this is a cross-site request, where default rules treat it as SameSite=Lax`,
			},
		},
		{name: "lax by default, new", prior: []explainPrior{{"https://example.com/", "a=1", explainHTTPLax}}, advance: time.Minute,
			url: "https://example.com/", opts: explainHTTPCross, cookie: "a",
			status: "ExcludeSameSiteUnspecifiedTreatedAsLax; WarnSameSiteUnspecifiedCrossSiteContext",
			want: []string{
				`"a" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation (being less than 2 minutes old, it would go even with an unsafe method such as POST)`,
				`warning: "a" has no SameSite attribute and this is a cross-site request, where default rules treat it as SameSite=Lax`,
			},
		},
		{name: "lax allowing unsafe", prior: []explainPrior{{"https://example.com/", "a=1", explainHTTPLax}}, advance: time.Minute,
			url: "https://example.com/", opts: explainHTTPUnsafe, cookie: "a",
			status: "Include; WarnSameSiteUnspecifiedLaxAllowUnsafe",
			want:   []string{`warning: "a" has no SameSite attribute; it goes with this cross-site top-level request with an unsafe method (such as POST) only because it is less than 2 minutes old`},
		},
		{name: "none insecure", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=None", explainLegacyCross}},
			url: "https://example.com/", opts: explainHTTPCross, cookie: "a",
			status: "ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure",
			want: []string{
				`SameSite=None needs Secure; "a" is not Secure`,
				`warning: "a" is SameSite=None without Secure, which current rules refuse`,
			},
		},
		{name: "none insecure legacy", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=None", explainLegacyCross}},
			url: "https://example.com/", opts: explainLegacyCross, cookie: "a",
			status: "Include; WarnSameSiteNoneInsecure",
			want:   []string{`warning: "a" is SameSite=None without Secure, which current rules refuse`},
		},
		{name: "unspecified legacy", prior: []explainPrior{{"https://example.com/", "a=1", explainLegacyCross}},
			url: "https://example.com/", opts: explainLegacyCross, cookie: "a",
			status: "Include; WarnSameSiteUnspecifiedCrossSiteContext",
			want:   []string{`warning: "a" has no SameSite attribute and this is a cross-site request, where default rules treat it as SameSite=Lax`},
		},
		{name: "scheme", prior: []explainPrior{{"https://example.com/", "a=1", explainHTTPLax}},
			url: "http://example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "Include; WarnPortMismatch, WarnSchemeMismatch",
			want: []string{
				`warning: cookie "a" was set from port 443 and is used on port 80`,
				`warning: cookie "a" was set from a secure origin and is used by http://example.com`,
			},
		},
		{name: "scheme insecure source", prior: []explainPrior{{"http://example.com/", "a=1", explainHTTPLax}},
			url: "https://example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "Include; WarnPortMismatch, WarnSchemeMismatch",
			want: []string{
				`warning: cookie "a" was set from port 80 and is used on port 443`,
				`warning: cookie "a" was set from an insecure origin and is used by https://example.com`,
			},
		},
		{name: "port", prior: []explainPrior{{"https://example.com:8443/", "a=1", explainHTTPLax}},
			url: "https://example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "Include; WarnPortMismatch",
			want:   []string{`warning: cookie "a" was set from port 8443 and is used on port 443`},
		},
		{name: "localhost", prior: []explainPrior{{"http://localhost:8080/", "a=1; Secure", explainHTTPLax}},
			url: "http://localhost:8080/", opts: explainHTTPStrict, cookie: "a",
			status: "Include; WarnSecureAccessGrantedNonCryptographic",
			want:   []string{`warning: Secure cookie "a" is sent to http://localhost:8080, which is allowed only for localhost and loopback addresses`},
		},
		{name: "strict lax downgrade", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=Strict", explainHTTPLax}},
			url: "https://example.com/", opts: explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextStrict, Schemeful: cm.ContextLax}), cookie: "a",
			status: "ExcludeSameSiteStrict; WarnStrictLaxDowngradeStrictSameSite",
			want: []string{
				`SameSite=Strict cookie "a" is withheld from a cross-site request`,
				`warning: SameSite=Strict cookie "a": the context is same-site when schemes are ignored, but a cross-site top-level navigation when http and https are told apart`,
			},
		},
		{name: "strict cross downgrade", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=Strict", explainHTTPLax}},
			url: "https://example.com/", opts: explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextStrict, Schemeful: cm.ContextCrossSite}), cookie: "a",
			status: "ExcludeSameSiteStrict; WarnStrictCrossDowngradeStrictSameSite",
			want: []string{
				`SameSite=Strict cookie "a" is withheld from a cross-site request`,
				`warning: SameSite=Strict cookie "a": the context is same-site when schemes are ignored, but cross-site when http and https are told apart`,
			},
		},
		{name: "strict cross downgrade lax", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=Lax", explainHTTPLax}},
			url: "https://example.com/", opts: explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextStrict, Schemeful: cm.ContextCrossSite}), cookie: "a",
			status: "ExcludeSameSiteLax; WarnStrictCrossDowngradeLaxSameSite",
			want: []string{
				`SameSite=Lax cookie "a" is withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)`,
				`warning: SameSite=Lax cookie "a": the context is same-site when schemes are ignored, but cross-site when http and https are told apart`,
			},
		},
		{name: "lax cross downgrade", prior: []explainPrior{{"https://example.com/", "a=1", explainHTTPLax}}, advance: time.Hour,
			url: "https://example.com/", opts: explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextLax, Schemeful: cm.ContextCrossSite}), cookie: "a",
			status: "ExcludeSameSiteUnspecifiedTreatedAsLax; WarnSameSiteUnspecifiedCrossSiteContext, WarnLaxCrossDowngradeLaxSameSite",
			want: []string{
				`"a" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)`,
				`warning: "a" has no SameSite attribute and this is a cross-site request, where default rules treat it as SameSite=Lax`,
				`warning: cookie "a" without SameSite (treated as Lax): the context is a cross-site top-level navigation when schemes are ignored, but cross-site when http and https are told apart`,
			},
		},
		{name: "redirect", prior: []explainPrior{{"https://example.com/", "a=1; SameSite=Lax", explainHTTPLax}},
			url: "https://example.com/", opts: explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextStrict, Schemeful: cm.ContextStrict,
				RedirectDowngrade: cm.RedirectDowngradeStrictToCross, SchemefulRedirectDowngrade: cm.RedirectDowngradeStrictToCross}), cookie: "a",
			status: "Include; WarnCrossSiteRedirectDowngradeChangesInclusion",
			want:   []string{`warning: a cross-site redirect in the request's chain would change whether cookie "a" is sent, were redirects taken into account`},
		},
		{name: "shadowing", prior: []explainPrior{
			{"https://www.example.com/", "a=1", explainHTTPLax},
			{"https://www.example.com/", "a=2; Domain=example.com", explainHTTPLax}},
			url: "https://www.example.com/", opts: explainHTTPStrict, cookie: "a", domain: ".example.com",
			status: "Include; WarnShadowingDomain",
			want:   []string{`warning: domain cookie "a" for example.com has the name of a host-only cookie of www.example.com, which it may shadow`},
		},
		{name: "nameless", prior: []explainPrior{{"https://example.com/", "abc; Secure; Path=/x", explainHTTPLax}},
			url: "http://example.com/", opts: explainHTTPStrict, cookie: "",
			status: "ExcludeSecureOnly, ExcludeNotOnPath; WarnPortMismatch",
			want: []string{
				"nameless Secure cookie is not sent to http://example.com",
				"Path=/x of nameless cookie does not cover /",
				"warning: nameless cookie was set from port 443 and is used on port 80",
			},
		},
		{name: "included", prior: []explainPrior{{"https://example.com/", "a=1", explainHTTPLax}},
			url: "https://example.com/", opts: explainHTTPStrict, cookie: "a",
			status: "Include",
			want:   nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := explainMonster(t)
			explainSetAll(t, m, tc.prior)
			clk.Advance(tc.advance)
			u := explainURL(t, tc.url)
			o := tc.opts
			o.ReturnExcluded = true
			included, excluded, err := m.Cookies(context.Background(), u, o)
			require.NoError(t, err)
			var found *cm.CookieWithAccessResult
			for i, c := range append(included, excluded...) {
				if c.Cookie.Name == tc.cookie && (tc.domain == "" || c.Cookie.Domain == tc.domain) {
					found = &append(included, excluded...)[i]
					break
				}
			}
			require.NotNil(t, found, "no cookie %q", tc.cookie)
			require.Equal(t, tc.status, found.AccessResult.Status.String())
			assert.Equal(t, tc.want, cm.ExplainRead(u, &found.Cookie, found.AccessResult))
		})
	}
}

// explainExclusions returns every defined exclusion reason: the values
// below the first one that String shows as undefined.
func explainExclusions() []cm.ExclusionReason {
	var out []cm.ExclusionReason
	for r := cm.ExclusionReason(0); r.String() != fmt.Sprintf("ExclusionReason(%d)", r); r++ {
		out = append(out, r)
	}
	return out
}

// explainWarnings returns every defined warning reason, as
// explainExclusions does.
func explainWarnings() []cm.WarningReason {
	var out []cm.WarningReason
	for w := cm.WarningReason(0); w.String() != fmt.Sprintf("WarningReason(%d)", w); w++ {
		out = append(out, w)
	}
	return out
}

// TestExplainReasons checks that every defined reason has its own
// explanation, in the documented style, and that an undefined one says so.
func TestExplainReasons(t *testing.T) {
	exclusions, warnings := explainExclusions(), explainWarnings()
	require.Len(t, exclusions, int(cm.ExcludeThirdPartyPhaseout)+1, "the last exclusion reason")
	require.Len(t, warnings, int(cm.WarnThirdPartyPhaseout)+1, "the last warning reason")
	seen := make(map[string]string)
	check := func(name, got string) {
		t.Helper()
		assert.NotEmpty(t, got, name)
		assert.NotEqual(t, name, got)
		assert.False(t, strings.HasSuffix(got, "."), "%s: %q ends with a period", name, got)
		assert.Equal(t, strings.TrimSpace(got), got, name)
		if other, ok := seen[got]; ok {
			t.Errorf("%s and %s share the explanation %q", name, other, got)
		}
		seen[got] = name
	}
	for _, r := range exclusions {
		check(r.String(), r.Explain())
	}
	for _, w := range warnings {
		check(w.String(), w.Explain())
	}
	// Every value past the defined ones is undefined, up to the type's
	// end: the enumeration above missed none.
	for r := int(len(exclusions)); r <= 255; r++ {
		assert.Equal(t, fmt.Sprintf("unknown exclusion reason %d", r), cm.ExclusionReason(r).Explain())
	}
	for w := int(len(warnings)); w <= 255; w++ {
		assert.Equal(t, fmt.Sprintf("unknown warning reason %d", w), cm.WarningReason(w).Explain())
	}
	assert.Equal(t, "a Secure cookie can only be set from or sent to a secure origin (https, or http on localhost)",
		cm.ExcludeSecureOnly.Explain())
	assert.Equal(t, "the cookie is used from another port than the one that set it", cm.WarnPortMismatch.Explain())
}

func TestInclusionStatusExplain(t *testing.T) {
	u := explainURL(t, "https://example.com/")
	oversized := "a=b; Path=/" + strings.Repeat("x", 2000)
	_, included := cm.ParseCookie("a=b")
	_, empty := cm.ParseCookie("")
	_, warned := cm.ParseCookie(oversized)
	_, twoReasons := cm.NewCanonicalCookie(explainURL(t, "https://a.example.com/"), "a=b; Domain=com", explainT0, cm.CreateOptions{})
	m, _ := explainMonster(t)
	res, err := m.SetCookieLine(context.Background(), u, "a=b; SameSite=None", explainHTTPLax)
	require.NoError(t, err)
	cases := []struct {
		name   string
		st     cm.InclusionStatus
		status string
		want   string
	}{
		{"zero", cm.InclusionStatus{}, "Include", "included"},
		{"parsed", included, "Include", "included"},
		{"one exclusion", empty, "ExcludeNoCookieContent", "the cookie line has neither a name nor a value"},
		{"warning only", warned, "Include; WarnAttributeValueExceedsMaxSize",
			"included; warning: an attribute whose value exceeds 1024 bytes was ignored"},
		{"two exclusions", twoReasons, "ExcludeDomainMismatch, ExcludeInvalidDomain",
			"the URL's host is not within the cookie's domain, or the Domain attribute is in another site than the host; " +
				"the Domain attribute is not acceptable for the host: a public suffix, another site, not a valid domain, or not the IP address the cookie comes from"},
		{"exclusion and warning", res.Status, "ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure",
			"a SameSite=None cookie must also be Secure; warning: a SameSite=None cookie without Secure is refused by current rules"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.status, tc.st.String())
			assert.Equal(t, tc.want, tc.st.Explain())
		})
	}
}

// TestExplainReadDirect covers the read explanations that a Monster's read
// does not reach: an unusable URL, an anonymous context, no cookie at all.
func TestExplainReadDirect(t *testing.T) {
	site := explainURL(t, "https://example.com/")
	c, st := cm.NewCanonicalCookie(site, "a=1", explainT0, cm.CreateOptions{})
	require.NotNil(t, c, "%s", st)
	nonced, err := cm.NewNoncedPartitionKey(site, cm.Nonce{1})
	require.NoError(t, err)
	anonymous := explainHTTPLax
	anonymous.Partition = nonced

	cases := []struct {
		name   string
		url    string
		cookie *cm.CanonicalCookie
		res    func(u *url.URL) cm.AccessResult
		status string
		want   []string
	}{
		{name: "nil URL", url: "", cookie: c,
			res:    func(u *url.URL) cm.AccessResult { return c.IncludeForRequestURL(u, explainHTTPStrict, explainT0) },
			status: "ExcludeFailureToStore",
			want:   []string{`no URL was given to send cookie "a" to`},
		},
		{name: "invalid port", url: "https://user:secret@example.com:99999/", cookie: c,
			res:    func(u *url.URL) cm.AccessResult { return c.IncludeForRequestURL(u, explainHTTPStrict, explainT0) },
			status: "ExcludeFailureToStore",
			want:   []string{"https://user:xxxxx@example.com:99999/ has an invalid port"},
		},
		{name: "no host", url: "https:///a", cookie: c,
			res:    func(u *url.URL) cm.AccessResult { return c.IncludeForRequestURL(u, explainHTTPStrict, explainT0) },
			status: "ExcludeFailureToStore",
			want:   []string{"https:///a has no valid host"},
		},
		{name: "anonymous context", url: "https://example.com/", cookie: c,
			res:    func(u *url.URL) cm.AccessResult { return c.IsSetPermittedInContext(u, anonymous, explainT0) },
			status: "ExcludeAnonymousContext",
			want:   []string{`unpartitioned cookie "a" is not available in an anonymous (nonced) context`},
		},
		{name: "nil cookie", url: "http://example.com/", cookie: nil,
			res: func(u *url.URL) cm.AccessResult {
				sec, _ := cm.NewCanonicalCookie(site, "a=1; Secure; SameSite=None", explainT0, cm.CreateOptions{})
				return sec.IncludeForRequestURL(u, explainHTTPCross, explainT0)
			},
			status: "ExcludeSecureOnly; WarnPortMismatch",
			want: []string{
				"a Secure cookie can only be set from or sent to a secure origin (https, or http on localhost)",
				"warning: the cookie is used from another port than the one that set it",
			},
		},
		{name: "included", url: "https://example.com/", cookie: c,
			res:    func(u *url.URL) cm.AccessResult { return c.IncludeForRequestURL(u, explainHTTPStrict, explainT0) },
			status: "Include",
			want:   nil,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := explainURL(t, tc.url)
			res := tc.res(u)
			require.Equal(t, tc.status, res.Status.String())
			assert.Equal(t, tc.want, cm.ExplainRead(u, tc.cookie, res))
		})
	}
}

// TestExplainGarbage gives ExplainSet and ExplainRead statuses that do not
// belong to the URL, line or cookie they come with, and inputs no set
// would accept: every call returns one readable sentence per reason.
func TestExplainGarbage(t *testing.T) {
	rawURLs := []string{"", "https://example.com/", "http://user:secret@192.0.2.1:8080/p", "http://localhost/",
		"ftp://example.com/", "https://example.com:99999/", "https:///a", "http://[::1]/", "http://xn--exmple-cua.com/"}
	lines := []string{"", " ", ";", "=", "==;;==", "a=b", "a=b\r\nX: 1", "\xff\xfe=\x80; Domain=\xff; Path=\xfe",
		"__Host-\xff=1; Domain=\xff", "=__Secure-", "a=b; Domain=com", "a=b; Domain=.", "a=b; Domain=..", "a\t=\tb\t;\tPath\t=\t/",
		"a=b; Partitioned; Secure; SameSite=None", "x=" + strings.Repeat("\xff", 5000), "a=b; Path=" + strings.Repeat("é", 600),
		"abc; Secure", "=a=b", "a=b; Domain=exämple.com"}
	urls := []*url.URL{nil, {}, {Scheme: "http", Host: "\xff\x00"}, {Scheme: "\x00", Opaque: "\xff"}}
	for _, raw := range rawURLs[1:] {
		urls = append(urls, explainURL(t, raw))
	}
	optionSets := []cm.Options{explainHTTPLax, explainHTTPCross, explainHTTPUnsafe, explainScriptLax, explainLegacyCross,
		explainWith(explainHTTPLax, cm.SameSiteContext{Context: cm.ContextLax, Schemeful: cm.ContextCrossSite,
			SchemefulRedirectDowngrade: cm.RedirectDowngradeLaxToCross})}

	// Gather real statuses of sets and reads of these inputs.
	statuses := map[cm.InclusionStatus]bool{}
	var cookies []*cm.CanonicalCookie
	m, _ := explainMonster(t)
	ctx := context.Background()
	for _, u := range urls {
		for _, line := range append(lines, "a=1; Secure", "a=1; HttpOnly", "a=1; SameSite=Strict") {
			for _, o := range optionSets {
				res, err := m.SetCookieLine(ctx, u, line, o)
				if u == nil {
					require.ErrorIs(t, err, cm.ErrNilURL)
				} else {
					require.NoError(t, err)
				}
				statuses[res.Status] = true
			}
			if c, _ := cm.NewCanonicalCookie(u, line, explainT0, cm.CreateOptions{}); c != nil {
				cookies = append(cookies, c)
			}
		}
	}
	for _, u := range urls {
		for _, o := range optionSets {
			o.ReturnExcluded = true
			included, excluded, err := m.Cookies(ctx, u, o)
			if u == nil {
				require.ErrorIs(t, err, cm.ErrNilURL)
			} else {
				require.NoError(t, err)
			}
			for _, c := range append(included, excluded...) {
				statuses[c.AccessResult.Status] = true
			}
		}
	}
	require.Greater(t, len(statuses), 20)
	cookies = append(cookies, nil, &cm.CanonicalCookie{}, &cm.CanonicalCookie{Name: "\xff", Domain: "\x00", Path: "\xfe"})

	check := func(what string, st cm.InclusionStatus, got []string) {
		t.Helper()
		require.Len(t, got, len(st.Exclusions())+len(st.Warnings()), "%s: %s", what, st)
		for _, s := range got {
			assert.NotEmpty(t, s, what)
			assert.True(t, utf8.ValidString(s), "%s: %q", what, s)
			assert.NotContains(t, s, "secret", what)
			assert.NotContains(t, s, "\n", what)
		}
	}
	for st := range statuses {
		for _, u := range urls {
			for _, line := range lines {
				check(fmt.Sprintf("ExplainSet(%v, %q)", u, line), st, cm.ExplainSet(u, line, st))
			}
			for _, c := range cookies {
				res := cm.AccessResult{Status: st, EffectiveSameSite: cm.EffectiveLaxModeAllowUnsafe}
				check(fmt.Sprintf("ExplainRead(%v, %v)", u, c), st, cm.ExplainRead(u, c, res))
			}
		}
	}
}

// FuzzExplain checks that the explanations of any line from any URL, as a
// set and as a read of the cookie it makes, have one readable sentence per
// reason.
func FuzzExplain(f *testing.F) {
	f.Add("https://example.com/a", "a=b; Domain=com")
	f.Add("http://example.com/", "__Host-a=b; Secure; Domain=example.com")
	f.Add("http://localhost:1/", "a=b\x00")
	f.Add("", "\xff=\xff; Path=\xff")
	f.Fuzz(func(t *testing.T, rawURL, line string) {
		u, err := url.Parse(rawURL)
		if err != nil {
			u = nil
		}
		c, st := cm.NewCanonicalCookie(u, line, explainT0, cm.CreateOptions{})
		for _, s := range cm.ExplainSet(u, line, st) {
			if s == "" || !utf8.ValidString(s) {
				t.Fatalf("ExplainSet(%q, %q): %q", rawURL, line, s)
			}
		}
		if c == nil {
			return
		}
		res := c.IncludeForRequestURL(u, cm.Options{}, explainT0)
		got := cm.ExplainRead(u, c, res)
		if len(got) != len(res.Status.Exclusions())+len(res.Status.Warnings()) {
			t.Fatalf("ExplainRead(%q, %q): %q for %s", rawURL, line, got, res.Status)
		}
		for _, s := range got {
			if s == "" || !utf8.ValidString(s) {
				t.Fatalf("ExplainRead(%q, %q): %q", rawURL, line, s)
			}
		}
	})
}

func ExampleExplainSet() {
	m, _ := cm.New(cm.Config{})
	u, _ := url.Parse("http://shop.example.com/cart")
	opts := cm.HTTPOptions(cm.MakeSameSiteContext(cm.ContextLax), cm.PartitionKey{})
	for _, line := range []string{"sid=31d4; Secure", "lang=en; Domain=com"} {
		res, _ := m.SetCookieLine(context.Background(), u, line, opts)
		fmt.Println(line + ": " + res.Status.String())
		for _, s := range cm.ExplainSet(u, line, res.Status) {
			fmt.Println("  " + s)
		}
	}
	// Output:
	// sid=31d4; Secure: ExcludeSecureOnly; WarnTentativelyAllowingSecureSourceScheme
	//   Secure cookie "sid" set over http://shop.example.com, which is not a secure origin
	//   warning: Secure cookie "sid" set over http://shop.example.com is recorded as set from a secure origin
	// lang=en; Domain=com: ExcludeDomainMismatch, ExcludeInvalidDomain
	//   Domain=com is not within example.com, the site of the host shop.example.com
	//   Domain=com is a public suffix: a cookie for it would reach every site under it
}
