package cookiemonster

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accCreated is when the cookies of these tests are created; accOld is an
// access time well past the two-minute Lax-allow-unsafe window.
var (
	accCreated = time.Date(2026, 5, 10, 8, 0, 0, 0, time.UTC)
	accOld     = accCreated.Add(time.Hour)
)

func accURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

// accCookie creates the cookie that line, received from rawURL at creation,
// gives; it must be accepted.
func accCookie(t testing.TB, rawURL, line string, creation time.Time, o CreateOptions) *CanonicalCookie {
	t.Helper()
	c, st := NewCanonicalCookie(accURL(t, rawURL), line, creation, o)
	require.NotNil(t, c, "%s from %s: %v", line, rawURL, st)
	return c
}

// accWant is the exact AccessResult a case expects. nil slices: none.
type accWant struct {
	excl     []ExclusionReason
	warn     []WarningReason
	eff      EffectiveSameSite
	secureOK bool
	sem      AccessSemantics
}

func accCheck(t *testing.T, res AccessResult, w accWant) {
	t.Helper()
	assert.Equal(t, w.excl, res.Status.Exclusions(), "exclusions: %v", res.Status)
	assert.Equal(t, w.warn, res.Status.Warnings(), "warnings: %v", res.Status)
	assert.Equal(t, len(w.excl) == 0, res.Status.IsInclude())
	assert.Equal(t, w.eff, res.EffectiveSameSite, "effective SameSite")
	assert.Equal(t, w.secureOK, res.AllowedToAccessSecureCookies, "allowed to access secure cookies")
	assert.Equal(t, w.sem, res.AccessSemantics, "access semantics")
}

func accEx(r ...ExclusionReason) []ExclusionReason { return r }
func accWn(w ...WarningReason) []WarningReason     { return w }

// accCase is one access: a cookie created from from (line at created, zero:
// accCreated), then read from or set at target with opts at now (zero:
// accOld). edit, when set, changes the created cookie.
type accCase struct {
	name    string
	from    string
	line    string
	created time.Time
	create  CreateOptions
	edit    func(*CanonicalCookie)
	target  string // "" means a nil URL
	opts    Options
	now     time.Time
	want    accWant
}

func (tc accCase) cookie(t *testing.T) *CanonicalCookie {
	t.Helper()
	created := tc.created
	if created.IsZero() {
		created = accCreated
	}
	c := accCookie(t, tc.from, tc.line, created, tc.create)
	if tc.edit != nil {
		tc.edit(c)
	}
	return c
}

func (tc accCase) at() time.Time {
	if tc.now.IsZero() {
		return accOld
	}
	return tc.now
}

func (tc accCase) url(t *testing.T) *url.URL {
	if tc.target == "" {
		return nil
	}
	return accURL(t, tc.target)
}

func accPair(c, schemeful ContextType) SameSiteContext {
	return SameSiteContext{Context: c, Schemeful: schemeful}
}

var (
	accNav    = NavigationOptions()
	accScript = ScriptOptions(MakeSameSiteContext(ContextStrict), PartitionKey{})
)

func accCtx(c SameSiteContext) Options { return HTTPOptions(c, PartitionKey{}) }

func accLegacy(o Options) Options {
	o.AccessSemantics = SemanticsLegacy
	return o
}

func TestIncludeForRequestURL(t *testing.T) {
	const (
		secure = "https://example.com/"
		lax    = EffectiveLaxMode
		none   = EffectiveNoRestriction
		strict = EffectiveStrictMode
		unsafe = EffectiveLaxModeAllowUnsafe
	)
	cases := []accCase{
		// HttpOnly.
		{name: "httponly/zero options, SameSite=None", from: secure, line: "a=b; HttpOnly; SameSite=None; Secure",
			target: secure, opts: Options{},
			want: accWant{excl: accEx(ExcludeHTTPOnly), eff: none, secureOK: true}},
		{name: "httponly/zero options, no SameSite: both reasons, warning cleared", from: secure, line: "a=b; HttpOnly",
			target: secure, opts: Options{},
			want: accWant{excl: accEx(ExcludeHTTPOnly, ExcludeSameSiteUnspecifiedTreatedAsLax), eff: lax, secureOK: true}},
		{name: "httponly/script options", from: secure, line: "a=b; HttpOnly", target: secure, opts: accScript,
			want: accWant{excl: accEx(ExcludeHTTPOnly), eff: lax, secureOK: true}},
		{name: "httponly/IncludeHTTPOnly", from: secure, line: "a=b; HttpOnly", target: secure, opts: accNav,
			want: accWant{eff: lax, secureOK: true}},

		// Secure.
		{name: "secure/to http", from: secure, line: "a=b; Secure", target: "http://example.com/", opts: accNav,
			// No scheme mismatch on top of SECURE_ONLY; port 80 is not the source port 443.
			want: accWant{excl: accEx(ExcludeSecureOnly), warn: accWn(WarnPortMismatch), eff: lax}},
		{name: "secure/to https", from: secure, line: "a=b; Secure", target: secure, opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "secure/to wss", from: secure, line: "a=b; Secure", target: "wss://example.com/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "secure/to ws", from: secure, line: "a=b; Secure", target: "ws://example.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeSecureOnly), warn: accWn(WarnPortMismatch), eff: lax}},
		{name: "secure/to http://localhost", from: "https://localhost/", line: "a=b; Secure",
			target: "http://localhost/", opts: accNav,
			// Trustworthy: no scheme mismatch, and source port 443 is fine.
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},
		{name: "secure/to http://127.0.0.1", from: "https://127.0.0.1/", line: "a=b; Secure",
			target: "http://127.0.0.1/", opts: accNav,
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},
		{name: "secure/to http://[::1]", from: "https://[::1]/", line: "a=b; Secure",
			target: "http://[::1]/", opts: accNav,
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},
		{name: "secure/set from http://localhost, read there", from: "http://localhost/", line: "a=b; Secure",
			target: "http://localhost/", opts: accNav,
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},
		{name: "not secure/to http: access not allowed to secure cookies", from: "http://example.com/", line: "a=b",
			target: "http://example.com/", opts: accNav,
			want: accWant{eff: lax}},

		// Domain.
		{name: "domain/other host", from: secure, line: "a=b", target: "https://other.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/parent of host-only cookie", from: "https://www.example.com/", line: "a=b",
			target: secure, opts: accNav,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/subdomain of host-only cookie", from: secure, line: "a=b",
			target: "https://www.example.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/sibling of domain cookie", from: "https://x.a.example.com/", line: "a=b; Domain=a.example.com",
			target: "https://b.example.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/suffix but not subdomain", from: secure, line: "a=b; Domain=example.com",
			target: "https://badexample.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/domain cookie to itself", from: secure, line: "a=b; Domain=example.com",
			target: secure, opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "domain/domain cookie to subdomain", from: secure, line: "a=b; Domain=example.com",
			target: "https://www.example.com/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "domain/domain cookie to deep subdomain", from: secure, line: "a=b; Domain=example.com",
			target: "https://a.b.example.com/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "domain/host case-insensitive", from: secure, line: "a=b", target: "https://EXAMPLE.com/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},

		// Path.
		{name: "path/exact", from: secure, line: "a=b; Path=/foo", target: "https://example.com/foo", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "path/trailing slash", from: secure, line: "a=b; Path=/foo", target: "https://example.com/foo/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "path/below", from: secure, line: "a=b; Path=/foo", target: "https://example.com/foo/bar?q=1", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "path/prefix but not on path", from: secure, line: "a=b; Path=/foo", target: "https://example.com/foobar", opts: accNav,
			want: accWant{excl: accEx(ExcludeNotOnPath), eff: lax, secureOK: true}},
		{name: "path/root", from: secure, line: "a=b; Path=/foo", target: "https://example.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeNotOnPath), eff: lax, secureOK: true}},
		{name: "path/empty URL path is /", from: secure, line: "a=b; Path=/foo", target: "https://example.com", opts: accNav,
			want: accWant{excl: accEx(ExcludeNotOnPath), eff: lax, secureOK: true}},
		{name: "path/case-sensitive", from: secure, line: "a=b; Path=/foo", target: "https://example.com/FOO", opts: accNav,
			want: accWant{excl: accEx(ExcludeNotOnPath), eff: lax, secureOK: true}},
		{name: "path/cookie path with slash", from: secure, line: "a=b; Path=/foo/", target: "https://example.com/foo", opts: accNav,
			want: accWant{excl: accEx(ExcludeNotOnPath), eff: lax, secureOK: true}},

		// The two-minute Lax+POST rule, with an injected clock.
		{name: "lax+post/unspecified at T+2min in LaxMethodUnsafe", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated.Add(2 * time.Minute),
			want: accWant{warn: accWn(WarnSameSiteUnspecifiedLaxAllowUnsafe), eff: unsafe, secureOK: true}},
		{name: "lax+post/unspecified at T+2min+1s in LaxMethodUnsafe", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated.Add(2*time.Minute + time.Second),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: lax, secureOK: true}},
		{name: "lax+post/unspecified at T in LaxMethodUnsafe", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated,
			want: accWant{warn: accWn(WarnSameSiteUnspecifiedLaxAllowUnsafe), eff: unsafe, secureOK: true}},
		{name: "lax+post/young unspecified cross-site is still excluded", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextCrossSite)), now: accCreated.Add(time.Minute),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: unsafe, secureOK: true}},
		{name: "lax+post/young unspecified in Lax: no warning", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLax)), now: accCreated.Add(time.Minute),
			want: accWant{eff: unsafe, secureOK: true}},
		{name: "lax+post/young SameSite=Lax gets no allowance", from: secure, line: "a=b; SameSite=Lax", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated.Add(time.Second),
			want: accWant{excl: accEx(ExcludeSameSiteLax), eff: lax, secureOK: true}},
		{name: "lax+post/young SameSite=Strict gets no allowance", from: secure, line: "a=b; SameSite=Strict", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated.Add(time.Second),
			want: accWant{excl: accEx(ExcludeSameSiteStrict), eff: strict, secureOK: true}},
		{name: "lax+post/legacy: young unspecified is unrestricted", from: secure, line: "a=b", target: secure,
			opts: accLegacy(accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe))), now: accCreated.Add(time.Second),
			want: accWant{warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: none, secureOK: true, sem: SemanticsLegacy}},

		// SameSite=None without Secure.
		{name: "none insecure/excluded, with its warning", from: secure, line: "a=b; SameSite=None", target: secure, opts: accNav,
			want: accWant{excl: accEx(ExcludeSameSiteNoneInsecure), warn: accWn(WarnSameSiteNoneInsecure), eff: none, secureOK: true}},
		{name: "none insecure/cross-site", from: secure, line: "a=b; SameSite=None", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteNoneInsecure), warn: accWn(WarnSameSiteNoneInsecure), eff: none, secureOK: true}},
		{name: "none insecure/legacy: only the warning", from: secure, line: "a=b; SameSite=None", target: secure,
			opts: accLegacy(accCtx(MakeSameSiteContext(ContextCrossSite))),
			want: accWant{warn: accWn(WarnSameSiteNoneInsecure), eff: none, secureOK: true, sem: SemanticsLegacy}},
		{name: "none insecure/unrelated exclusion clears the warning", from: secure, line: "a=b; SameSite=None",
			target: "https://other.com/", opts: accNav,
			want: accWant{excl: accEx(ExcludeDomainMismatch, ExcludeSameSiteNoneInsecure), eff: none, secureOK: true}},
		{name: "none secure/cross-site", from: secure, line: "a=b; SameSite=None; Secure", target: secure, opts: Options{},
			want: accWant{eff: none, secureOK: true}},

		// Legacy semantics: unspecified is unrestricted, the schemeless Context decides.
		{name: "legacy/unspecified cross-site is sent, warning kept", from: secure, line: "a=b", target: secure,
			opts: accLegacy(accCtx(MakeSameSiteContext(ContextCrossSite))),
			want: accWant{warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: none, secureOK: true, sem: SemanticsLegacy}},
		{name: "legacy/unspecified same-site: no warning", from: secure, line: "a=b", target: secure,
			opts: accLegacy(accNav),
			want: accWant{eff: none, secureOK: true, sem: SemanticsLegacy}},
		{name: "legacy/strict cookie uses schemeless Strict", from: secure, line: "a=b; SameSite=Strict", target: secure,
			opts: accLegacy(accCtx(accPair(ContextStrict, ContextCrossSite))),
			want: accWant{warn: accWn(WarnStrictCrossDowngradeStrictSameSite), eff: strict, secureOK: true, sem: SemanticsLegacy}},
		{name: "legacy/lax cookie uses schemeless Lax", from: secure, line: "a=b; SameSite=Lax", target: secure,
			opts: accLegacy(accCtx(accPair(ContextLax, ContextCrossSite))),
			want: accWant{warn: accWn(WarnLaxCrossDowngradeLaxSameSite), eff: lax, secureOK: true, sem: SemanticsLegacy}},
		{name: "legacy/strict cookie in a schemeless Lax context", from: secure, line: "a=b; SameSite=Strict", target: secure,
			opts: accLegacy(accCtx(accPair(ContextLax, ContextLax))),
			want: accWant{excl: accEx(ExcludeSameSiteStrict), eff: strict, secureOK: true, sem: SemanticsLegacy}},
		{name: "nonlegacy explicitly/same as unknown", from: secure, line: "a=b", target: secure,
			opts: Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextCrossSite), AccessSemantics: SemanticsNonLegacy},
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: lax, secureOK: true, sem: SemanticsNonLegacy}},

		// Schemeful downgrades: the warning stays next to the SameSite
		// exclusion that the downgrade explains.
		{name: "downgrade/{Strict,Lax} strict cookie", from: secure, line: "a=b; SameSite=Strict", target: secure,
			opts: accCtx(accPair(ContextStrict, ContextLax)),
			want: accWant{excl: accEx(ExcludeSameSiteStrict), warn: accWn(WarnStrictLaxDowngradeStrictSameSite), eff: strict, secureOK: true}},
		{name: "downgrade/{Strict,Cross} strict cookie", from: secure, line: "a=b; SameSite=Strict", target: secure,
			opts: accCtx(accPair(ContextStrict, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteStrict), warn: accWn(WarnStrictCrossDowngradeStrictSameSite), eff: strict, secureOK: true}},
		{name: "downgrade/{Strict,Cross} lax cookie", from: secure, line: "a=b; SameSite=Lax", target: secure,
			opts: accCtx(accPair(ContextStrict, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteLax), warn: accWn(WarnStrictCrossDowngradeLaxSameSite), eff: lax, secureOK: true}},
		{name: "downgrade/{Lax,Cross} lax cookie", from: secure, line: "a=b; SameSite=Lax", target: secure,
			opts: accCtx(accPair(ContextLax, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteLax), warn: accWn(WarnLaxCrossDowngradeLaxSameSite), eff: lax, secureOK: true}},
		{name: "downgrade/{Lax,Cross} strict cookie: excluded either way, no warning", from: secure, line: "a=b; SameSite=Strict",
			target: secure, opts: accCtx(accPair(ContextLax, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteStrict), eff: strict, secureOK: true}},
		{name: "downgrade/{Strict,Lax} lax cookie: sent, no warning", from: secure, line: "a=b; SameSite=Lax", target: secure,
			opts: accCtx(accPair(ContextStrict, ContextLax)),
			want: accWant{eff: lax, secureOK: true}},
		{name: "downgrade/{Strict,Cross} none cookie: sent, no warning", from: secure, line: "a=b; SameSite=None; Secure",
			target: secure, opts: accCtx(accPair(ContextStrict, ContextCrossSite)),
			want: accWant{eff: none, secureOK: true}},
		{name: "downgrade/{Strict,Cross} unspecified: warning kept", from: secure, line: "a=b", target: secure,
			opts: accCtx(accPair(ContextStrict, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext, WarnStrictCrossDowngradeLaxSameSite), eff: lax, secureOK: true}},
		{name: "downgrade/{Lax,Cross} unspecified: warning kept", from: secure, line: "a=b", target: secure,
			opts: accCtx(accPair(ContextLax, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext, WarnLaxCrossDowngradeLaxSameSite), eff: lax, secureOK: true}},
		{name: "downgrade/{Strict,LaxMethodUnsafe} young unspecified: sent, Strict→Cross warning", from: secure, line: "a=b",
			target: secure, opts: accCtx(accPair(ContextStrict, ContextLaxMethodUnsafe)), now: accCreated.Add(time.Minute),
			want: accWant{warn: accWn(WarnSameSiteUnspecifiedLaxAllowUnsafe, WarnStrictCrossDowngradeLaxSameSite),
				eff: unsafe, secureOK: true}},
		{name: "downgrade/{LaxMethodUnsafe,Cross} young unspecified: no downgrade warning", from: secure, line: "a=b",
			target: secure, opts: accCtx(accPair(ContextLaxMethodUnsafe, ContextCrossSite)), now: accCreated.Add(time.Minute),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: unsafe, secureOK: true}},

		// Source scheme and port.
		{name: "source/set over https, read over http", from: secure, line: "a=b", target: "http://example.com/", opts: accNav,
			want: accWant{warn: accWn(WarnPortMismatch, WarnSchemeMismatch), eff: lax}},
		{name: "source/set over https, read over http, same port", from: "https://example.com:8080/", line: "a=b",
			target: "http://example.com:8080/", opts: accNav,
			want: accWant{warn: accWn(WarnSchemeMismatch), eff: lax}},
		{name: "source/set over https, read over http://localhost: trustworthy, no mismatch", from: "https://localhost/",
			line: "a=b", target: "http://localhost/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "source/set over https:8443, read over http://localhost:80: port mismatch only", from: "https://localhost:8443/",
			line: "a=b", target: "http://localhost/", opts: accNav,
			want: accWant{warn: accWn(WarnPortMismatch), eff: lax, secureOK: true}},
		{name: "source/set over http, read over https", from: "http://example.com:8080/", line: "a=b",
			target: "https://example.com:8080/", opts: accNav,
			want: accWant{warn: accWn(WarnSchemeMismatch), eff: lax, secureOK: true}},
		{name: "source/set over http, read over https default ports", from: "http://example.com/", line: "a=b",
			target: secure, opts: accNav,
			want: accWant{warn: accWn(WarnPortMismatch, WarnSchemeMismatch), eff: lax, secureOK: true}},
		{name: "source/set over http, read over http://localhost", from: "http://localhost/", line: "a=b",
			target: "http://localhost/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "source/unset scheme never mismatches", from: secure, line: "a=b",
			edit:   func(c *CanonicalCookie) { c.SourceScheme = SourceSchemeUnset },
			target: "http://example.com:443/", opts: accNav,
			want: accWant{eff: lax}},
		{name: "port/host cookie from :8080 read at :9090", from: "https://example.com:8080/", line: "a=b",
			target: "https://example.com:9090/", opts: accNav,
			want: accWant{warn: accWn(WarnPortMismatch), eff: lax, secureOK: true}},
		{name: "port/domain cookie from :8080 read at :9090", from: "https://example.com:8080/", line: "a=b; Domain=example.com",
			target: "https://example.com:9090/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "port/explicit default port matches", from: secure, line: "a=b",
			target: "https://example.com:443/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "port/unspecified source port never mismatches", from: secure, line: "a=b",
			edit:   func(c *CanonicalCookie) { c.SourcePort = PortUnspecified },
			target: "https://example.com:9090/", opts: accNav,
			want: accWant{eff: lax, secureOK: true}},
		{name: "port/secure cookie from http://localhost is 443, read at :80", from: "http://localhost/", line: "a=b; Secure",
			target: "http://localhost:80/", opts: accNav,
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},

		// Unrelated exclusions clear the SameSite warnings, not the others.
		{name: "clear/domain mismatch clears the unspecified cross-site warning", from: secure, line: "a=b",
			target: "https://other.com/", opts: Options{IncludeHTTPOnly: true},
			want: accWant{excl: accEx(ExcludeDomainMismatch, ExcludeSameSiteUnspecifiedTreatedAsLax), eff: lax, secureOK: true}},
		{name: "clear/domain mismatch clears the Lax+POST warning", from: secure, line: "a=b",
			target: "https://other.com/", opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: unsafe, secureOK: true}},
		{name: "clear/not on path clears the cross-site warning, keeps port warning", from: "https://example.com:8080/a/b",
			line: "a=b", target: "https://example.com:9090/", opts: Options{IncludeHTTPOnly: true},
			want: accWant{excl: accEx(ExcludeNotOnPath, ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnPortMismatch), eff: lax, secureOK: true}},
		{name: "clear/every reason at once", from: "https://example.com/foo/x", line: "a=b; Secure; HttpOnly",
			target: "http://other.com/", opts: Options{},
			want: accWant{excl: accEx(ExcludeHTTPOnly, ExcludeSecureOnly, ExcludeDomainMismatch, ExcludeNotOnPath,
				ExcludeSameSiteUnspecifiedTreatedAsLax), warn: accWn(WarnPortMismatch), eff: lax}},

		// A URL with no usable host.
		{name: "nil URL", from: secure, line: "a=b", target: "", opts: accNav,
			want: accWant{excl: accEx(ExcludeFailureToStore), eff: EffectiveUndefined}},
		{name: "hostless URL", from: secure, line: "a=b", target: "file:///etc/passwd", opts: accNav,
			want: accWant{excl: accEx(ExcludeFailureToStore), eff: EffectiveUndefined}},
	}

	// The SameSite decision table: 4 cookie modes × 4 contexts, for a
	// cookie older than two minutes.
	type cell struct {
		excl []ExclusionReason
		warn []WarningReason
	}
	modes := []struct {
		line string
		eff  EffectiveSameSite
		// per ContextCrossSite, ContextLaxMethodUnsafe, ContextLax, ContextStrict
		cells [4]cell
	}{
		{"a=b; SameSite=Strict", strict, [4]cell{
			{excl: accEx(ExcludeSameSiteStrict)}, {excl: accEx(ExcludeSameSiteStrict)}, {excl: accEx(ExcludeSameSiteStrict)}, {}}},
		{"a=b; SameSite=Lax", lax, [4]cell{
			{excl: accEx(ExcludeSameSiteLax)}, {excl: accEx(ExcludeSameSiteLax)}, {}, {}}},
		{"a=b; SameSite=None; Secure", none, [4]cell{{}, {}, {}, {}}},
		{"a=b", lax, [4]cell{
			{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax), warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext)},
			{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax), warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext)},
			{}, {}}},
	}
	for _, m := range modes {
		for ctx := ContextCrossSite; ctx <= ContextStrict; ctx++ {
			cl := m.cells[ctx]
			cases = append(cases, accCase{
				name: "samesite table/" + m.line + "/" + ctx.String(), from: secure, line: m.line, target: secure,
				opts: accCtx(MakeSameSiteContext(ctx)),
				want: accWant{excl: cl.excl, warn: cl.warn, eff: m.eff, secureOK: true},
			})
		}
	}

	runAccCases(t, cases, (*CanonicalCookie).IncludeForRequestURL)
}

// TestIncludeDowngradeWarning checks which schemeful-downgrade warning is
// computed (Chromium's IsBreaking*Downgrade) and that the status keeps it
// only next to SameSite exclusions.
func TestIncludeDowngradeWarning(t *testing.T) {
	const (
		cross  = ContextCrossSite
		unsafe = ContextLaxMethodUnsafe
		lax    = ContextLax
		strict = ContextStrict
	)
	type row struct {
		ctx  SameSiteContext
		eff  EffectiveSameSite
		set  bool
		want WarningReason
		ok   bool
	}
	rows := []row{
		// Strict → Lax: only a Strict cookie being read.
		{accPair(strict, lax), EffectiveStrictMode, false, WarnStrictLaxDowngradeStrictSameSite, true},
		{accPair(strict, lax), EffectiveStrictMode, true, 0, false},
		{accPair(strict, lax), EffectiveLaxMode, false, 0, false},
		{accPair(strict, lax), EffectiveLaxModeAllowUnsafe, false, 0, false},
		{accPair(strict, lax), EffectiveNoRestriction, false, 0, false},
		// Strict → Cross or LaxMethodUnsafe: Strict and Lax cookies, read or set.
		{accPair(strict, cross), EffectiveStrictMode, false, WarnStrictCrossDowngradeStrictSameSite, true},
		{accPair(strict, cross), EffectiveStrictMode, true, WarnStrictCrossDowngradeStrictSameSite, true},
		{accPair(strict, unsafe), EffectiveStrictMode, false, WarnStrictCrossDowngradeStrictSameSite, true},
		{accPair(strict, cross), EffectiveLaxMode, false, WarnStrictCrossDowngradeLaxSameSite, true},
		{accPair(strict, cross), EffectiveLaxMode, true, WarnStrictCrossDowngradeLaxSameSite, true},
		{accPair(strict, unsafe), EffectiveLaxMode, false, WarnStrictCrossDowngradeLaxSameSite, true},
		{accPair(strict, unsafe), EffectiveLaxModeAllowUnsafe, false, WarnStrictCrossDowngradeLaxSameSite, true},
		{accPair(strict, cross), EffectiveNoRestriction, false, 0, false},
		// Lax → Cross: Lax cookies read or set; Strict cookies only set.
		{accPair(lax, cross), EffectiveLaxMode, false, WarnLaxCrossDowngradeLaxSameSite, true},
		{accPair(lax, cross), EffectiveLaxMode, true, WarnLaxCrossDowngradeLaxSameSite, true},
		{accPair(lax, cross), EffectiveLaxModeAllowUnsafe, false, WarnLaxCrossDowngradeLaxSameSite, true},
		{accPair(lax, cross), EffectiveStrictMode, true, WarnLaxCrossDowngradeStrictSameSite, true},
		{accPair(lax, cross), EffectiveStrictMode, false, 0, false},
		{accPair(lax, cross), EffectiveNoRestriction, true, 0, false},
		// Lax → LaxMethodUnsafe and LaxMethodUnsafe → Cross are ignored.
		{accPair(lax, unsafe), EffectiveLaxMode, false, 0, false},
		{accPair(unsafe, cross), EffectiveLaxModeAllowUnsafe, false, 0, false},
		{accPair(unsafe, cross), EffectiveLaxMode, true, 0, false},
		// No downgrade.
		{MakeSameSiteContext(strict), EffectiveStrictMode, false, 0, false},
		{MakeSameSiteContext(cross), EffectiveLaxMode, false, 0, false},
	}
	for _, r := range rows {
		w, ok := downgradeWarning(r.ctx, r.eff, r.set)
		assert.Equal(t, r.ok, ok, "%+v", r)
		if r.ok {
			assert.Equal(t, r.want, w, "%+v", r)
		}
	}

	// The downgrade warnings survive in the status only next to SameSite
	// exclusions.
	var st InclusionStatus
	st.addWarning(WarnStrictCrossDowngradeLaxSameSite)
	st.addExclusion(ExcludeSameSiteUnspecifiedTreatedAsLax)
	st.addExclusion(ExcludeSameSiteLax)
	st.addExclusion(ExcludeSameSiteStrict)
	assert.Equal(t, accWn(WarnStrictCrossDowngradeLaxSameSite), st.Warnings())
	st.addExclusion(ExcludeSecureOnly)
	assert.Nil(t, st.Warnings())
}

func TestIsSetPermittedInContext(t *testing.T) {
	const (
		secure = "https://example.com/"
		lax    = EffectiveLaxMode
		none   = EffectiveNoRestriction
		strict = EffectiveStrictMode
		unsafe = EffectiveLaxModeAllowUnsafe
	)
	httpLax := accCtx(MakeSameSiteContext(ContextLax))
	nonced, err := NewNoncedPartitionKey(accURL(t, "https://top.example/"), Nonce{1, 2, 3})
	require.NoError(t, err)
	noncedOpts := HTTPOptions(MakeSameSiteContext(ContextLax), nonced)
	site, err := NewPartitionKey(accURL(t, "https://top.example/"), true)
	require.NoError(t, err)

	cases := []accCase{
		// Schemes.
		{name: "scheme/ftp", from: secure, line: "a=b", target: "ftp://example.com/", opts: httpLax,
			want: accWant{excl: accEx(ExcludeNoncookieableScheme), eff: lax}},
		{name: "scheme/file with host", from: secure, line: "a=b", target: "file://example.com/x", opts: httpLax,
			want: accWant{excl: accEx(ExcludeNoncookieableScheme), eff: lax}},
		{name: "scheme/file without host", from: secure, line: "a=b", target: "file:///tmp/x", opts: httpLax,
			want: accWant{excl: accEx(ExcludeDomainMismatch, ExcludeNoncookieableScheme), eff: lax}},
		{name: "scheme/chrome-extension", from: secure, line: "a=b", target: "chrome-extension://example.com/", opts: httpLax,
			want: accWant{excl: accEx(ExcludeNoncookieableScheme), eff: lax}},
		{name: "scheme/ws", from: "http://example.com/", line: "a=b", target: "ws://example.com/", opts: httpLax,
			want: accWant{eff: lax}},
		{name: "scheme/wss", from: secure, line: "a=b", target: "wss://example.com/", opts: httpLax,
			want: accWant{eff: lax, secureOK: true}},
		{name: "scheme/HTTPS upper case", from: secure, line: "a=b", target: "HTTPS://example.com/", opts: httpLax,
			want: accWant{eff: lax, secureOK: true}},

		// Domain.
		{name: "domain/other host", from: secure, line: "a=b", target: "https://other.com/", opts: httpLax,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/host cookie from a subdomain", from: secure, line: "a=b", target: "https://www.example.com/", opts: httpLax,
			want: accWant{excl: accEx(ExcludeDomainMismatch), eff: lax, secureOK: true}},
		{name: "domain/domain cookie from a subdomain", from: secure, line: "a=b; Domain=example.com",
			target: "https://www.example.com/", opts: httpLax,
			want: accWant{eff: lax, secureOK: true}},

		// Secure.
		{name: "secure/from http", from: secure, line: "a=b; Secure", target: "http://example.com/", opts: httpLax,
			want: accWant{excl: accEx(ExcludeSecureOnly), eff: lax}},
		{name: "secure/from http://localhost", from: "http://localhost/", line: "a=b; Secure",
			target: "http://localhost/", opts: httpLax,
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},
		{name: "secure/from http://127.0.0.1", from: "http://127.0.0.1/", line: "a=b; Secure",
			target: "http://127.0.0.1/", opts: httpLax,
			want: accWant{warn: accWn(WarnSecureAccessGrantedNonCryptographic), eff: lax, secureOK: true}},
		{name: "secure/from https", from: secure, line: "a=b; Secure", target: secure, opts: httpLax,
			want: accWant{eff: lax, secureOK: true}},
		{name: "secure/no port or scheme warnings on set", from: "https://example.com:8080/", line: "a=b",
			target: "http://example.com:9090/", opts: httpLax,
			want: accWant{eff: lax}},

		// HttpOnly.
		{name: "httponly/zero options", from: secure, line: "a=b; HttpOnly; SameSite=None; Secure", target: secure,
			opts: Options{},
			want: accWant{excl: accEx(ExcludeHTTPOnly), eff: none, secureOK: true}},
		{name: "httponly/script options", from: secure, line: "a=b; HttpOnly", target: secure,
			opts: ScriptOptions(MakeSameSiteContext(ContextLax), PartitionKey{}),
			want: accWant{excl: accEx(ExcludeHTTPOnly), eff: lax, secureOK: true}},
		{name: "httponly/http options", from: secure, line: "a=b; HttpOnly", target: secure, opts: httpLax,
			want: accWant{eff: lax, secureOK: true}},

		// SameSite=None.
		{name: "none/insecure", from: secure, line: "a=b; SameSite=None", target: secure, opts: httpLax,
			want: accWant{excl: accEx(ExcludeSameSiteNoneInsecure), warn: accWn(WarnSameSiteNoneInsecure), eff: none, secureOK: true}},
		{name: "none/insecure, legacy: only the warning", from: secure, line: "a=b; SameSite=None", target: secure,
			opts: accLegacy(accCtx(MakeSameSiteContext(ContextCrossSite))),
			want: accWant{warn: accWn(WarnSameSiteNoneInsecure), eff: none, secureOK: true, sem: SemanticsLegacy}},
		{name: "none/secure cross-site", from: secure, line: "a=b; SameSite=None; Secure", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextCrossSite)),
			want: accWant{eff: none, secureOK: true}},
		{name: "none/secure LaxMethodUnsafe", from: secure, line: "a=b; SameSite=None; Secure", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)),
			want: accWant{eff: none, secureOK: true}},

		// A young unspecified cookie gets no Lax+POST allowance for a set.
		{name: "young unspecified/LaxMethodUnsafe", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe)), now: accCreated.Add(30 * time.Second),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedLaxAllowUnsafe), eff: unsafe, secureOK: true}},
		{name: "young unspecified/CrossSite", from: secure, line: "a=b", target: secure,
			opts: accCtx(MakeSameSiteContext(ContextCrossSite)), now: accCreated.Add(30 * time.Second),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: unsafe, secureOK: true}},
		{name: "young unspecified/Lax", from: secure, line: "a=b", target: secure,
			opts: httpLax, now: accCreated.Add(30 * time.Second),
			want: accWant{eff: unsafe, secureOK: true}},

		// Legacy semantics.
		{name: "legacy/unspecified cross-site", from: secure, line: "a=b", target: secure,
			opts: accLegacy(accCtx(MakeSameSiteContext(ContextCrossSite))),
			want: accWant{warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext), eff: none, secureOK: true, sem: SemanticsLegacy}},
		{name: "legacy/strict cookie, schemeless Lax", from: secure, line: "a=b; SameSite=Strict", target: secure,
			opts: accLegacy(accCtx(accPair(ContextLax, ContextCrossSite))),
			want: accWant{warn: accWn(WarnLaxCrossDowngradeStrictSameSite), eff: strict, secureOK: true, sem: SemanticsLegacy}},

		// Schemeful downgrade on set.
		{name: "downgrade/{Strict,Lax} strict cookie: settable, no warning", from: secure, line: "a=b; SameSite=Strict",
			target: secure, opts: accCtx(accPair(ContextStrict, ContextLax)),
			want: accWant{eff: strict, secureOK: true}},
		{name: "downgrade/{Lax,Cross} strict cookie", from: secure, line: "a=b; SameSite=Strict",
			target: secure, opts: accCtx(accPair(ContextLax, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteStrict), warn: accWn(WarnLaxCrossDowngradeStrictSameSite), eff: strict, secureOK: true}},
		{name: "downgrade/{Lax,Cross} unspecified", from: secure, line: "a=b",
			target: secure, opts: accCtx(accPair(ContextLax, ContextCrossSite)),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax),
				warn: accWn(WarnSameSiteUnspecifiedCrossSiteContext, WarnLaxCrossDowngradeLaxSameSite), eff: lax, secureOK: true}},

		// Partitions.
		{name: "partition/nonced context, unpartitioned cookie", from: secure, line: "a=b", target: secure, opts: noncedOpts,
			want: accWant{excl: accEx(ExcludeAnonymousContext), eff: lax, secureOK: true}},
		{name: "partition/nonced context clears SameSite warnings", from: secure, line: "a=b", target: secure,
			opts: HTTPOptions(MakeSameSiteContext(ContextCrossSite), nonced),
			want: accWant{excl: accEx(ExcludeSameSiteUnspecifiedTreatedAsLax, ExcludeAnonymousContext), eff: lax, secureOK: true}},
		{name: "partition/nonced context, nonced cookie", from: secure, line: "a=b", create: CreateOptions{Partition: nonced},
			target: secure, opts: noncedOpts,
			want: accWant{eff: lax, secureOK: true}},
		{name: "partition/unnonced partition context, unpartitioned cookie", from: secure, line: "a=b", target: secure,
			opts: HTTPOptions(MakeSameSiteContext(ContextLax), site),
			want: accWant{eff: lax, secureOK: true}},

		// Reasons accumulate.
		{name: "accumulate/secure+httponly from http, zero options", from: secure, line: "a=b; Secure; HttpOnly; SameSite=None",
			target: "http://example.com/", opts: Options{},
			want: accWant{excl: accEx(ExcludeHTTPOnly, ExcludeSecureOnly), eff: none}},
		{name: "accumulate/secure+httponly unspecified from http, zero options", from: secure, line: "a=b; Secure; HttpOnly",
			target: "http://example.com/", opts: Options{},
			want: accWant{excl: accEx(ExcludeHTTPOnly, ExcludeSecureOnly, ExcludeSameSiteUnspecifiedTreatedAsLax), eff: lax}},
		{name: "accumulate/scheme, domain, secure", from: secure, line: "a=b; Secure", target: "ftp://other.com/", opts: httpLax,
			want: accWant{excl: accEx(ExcludeSecureOnly, ExcludeDomainMismatch, ExcludeNoncookieableScheme), eff: lax}},
		{name: "accumulate/none insecure and httponly keep no warning", from: secure, line: "a=b; SameSite=None; HttpOnly",
			target: secure, opts: ScriptOptions(MakeSameSiteContext(ContextLax), PartitionKey{}),
			want: accWant{excl: accEx(ExcludeHTTPOnly, ExcludeSameSiteNoneInsecure), eff: none, secureOK: true}},

		{name: "nil URL", from: secure, line: "a=b", target: "", opts: httpLax,
			want: accWant{excl: accEx(ExcludeFailureToStore), eff: EffectiveUndefined}},
	}

	// Every SameSite mode needs at least a Lax context to be set.
	modes := []struct {
		line   string
		eff    EffectiveSameSite
		reason ExclusionReason
		warn   []WarningReason
	}{
		{"a=b; SameSite=Strict", strict, ExcludeSameSiteStrict, nil},
		{"a=b; SameSite=Lax", lax, ExcludeSameSiteLax, nil},
		{"a=b", lax, ExcludeSameSiteUnspecifiedTreatedAsLax, accWn(WarnSameSiteUnspecifiedCrossSiteContext)},
	}
	for _, m := range modes {
		for ctx := ContextCrossSite; ctx <= ContextStrict; ctx++ {
			w := accWant{eff: m.eff, secureOK: true}
			if ctx < ContextLax {
				w.excl, w.warn = accEx(m.reason), m.warn
			}
			cases = append(cases, accCase{
				name: "samesite table/" + m.line + "/" + ctx.String(), from: secure, line: m.line, target: secure,
				opts: accCtx(MakeSameSiteContext(ctx)), want: w,
			})
		}
	}

	runAccCases(t, cases, (*CanonicalCookie).IsSetPermittedInContext)
}

// runAccCases runs decide (IncludeForRequestURL or IsSetPermittedInContext)
// on every case, checking the result and that the cookie is unchanged.
func runAccCases(t *testing.T, cases []accCase, decide func(*CanonicalCookie, *url.URL, Options, time.Time) AccessResult) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cookie(t)
			before := *c
			accCheck(t, decide(c, tc.url(t), tc.opts, tc.at()), tc.want)
			assert.Equal(t, before, *c, "deciding must not change the cookie")
		})
	}
}

// TestIncludeForRequestURLZeroNow checks that a zero now means the current
// time: a cookie created a minute ago is still in its Lax+POST window.
func TestIncludeForRequestURLZeroNow(t *testing.T) {
	created := time.Now().Add(-time.Minute)
	c := accCookie(t, "https://example.com/", "a=b", created, CreateOptions{})
	o := accCtx(MakeSameSiteContext(ContextLaxMethodUnsafe))
	res := c.IncludeForRequestURL(accURL(t, "https://example.com/"), o, time.Time{})
	assert.Equal(t, EffectiveLaxModeAllowUnsafe, res.EffectiveSameSite)
	assert.True(t, res.Status.IsInclude(), "%v", res.Status)

	old := accCookie(t, "https://example.com/", "a=b", time.Now().Add(-time.Hour), CreateOptions{})
	res = old.IsSetPermittedInContext(accURL(t, "https://example.com/"), o, time.Time{})
	assert.Equal(t, EffectiveLaxMode, res.EffectiveSameSite)
	assert.Equal(t, accEx(ExcludeSameSiteUnspecifiedTreatedAsLax), res.Status.Exclusions())
}
