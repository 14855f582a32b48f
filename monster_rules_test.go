package cookiemonster

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the store-level rules of chromium-behavior.md §3–§5 and §7 against
// a memory-only Monster with an injected clock: the exact exclusion reasons
// and warnings of sets and reads, Leave Secure Cookies Alone, HttpOnly
// overwrite protection, the SameSite decision table, CHIPS partitions and
// the read path.

// mrMonster returns a memory-only Monster whose clock starts at t0.
func mrMonster(t *testing.T) (*Monster, *fakeClock) {
	t.Helper()
	clk := newFakeClock(t0)
	m, err := New(Config{Now: clk.Now})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, m.Close()) })
	return m, clk
}

// Options used throughout.
var (
	mrHTTPLax      = HTTPOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
	mrHTTPCross    = HTTPOptions(MakeSameSiteContext(ContextCrossSite), PartitionKey{})
	mrScriptLax    = ScriptOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
	mrScriptStrict = ScriptOptions(MakeSameSiteContext(ContextStrict), PartitionKey{})
)

// mrExcluded returns o with ReturnExcluded set.
func mrExcluded(o Options) Options {
	o.ReturnExcluded = true
	return o
}

// mrSet sets line from rawURL and returns the result.
func mrSet(t *testing.T, m *Monster, rawURL, line string, o Options) AccessResult {
	t.Helper()
	res, err := m.SetCookieLine(context.Background(), mustURL(t, rawURL), line, o)
	require.NoError(t, err)
	return res
}

// mrMustSet sets line from rawURL and requires it to be stored.
func mrMustSet(t *testing.T, m *Monster, rawURL, line string, o Options) {
	t.Helper()
	res := mrSet(t, m, rawURL, line, o)
	require.True(t, res.Status.IsInclude(), "set %q from %s: %s", line, rawURL, res.Status)
}

// mrCookie creates a cookie from line received from rawURL at t0.
func mrCookie(t *testing.T, rawURL, line string, o CreateOptions) *CanonicalCookie {
	t.Helper()
	c, st := NewCanonicalCookie(mustURL(t, rawURL), line, t0, o)
	require.NotNil(t, c, "%q from %s: %s", line, rawURL, st)
	return c
}

// mrPair is "name=value", or the value alone for a nameless cookie.
func mrPair(c *CanonicalCookie) string {
	if c.Name == "" {
		return c.Value
	}
	return c.Name + "=" + c.Value
}

// mrAll returns every stored cookie as "name=value" (plus "@partition" for a
// partitioned cookie), in AllCookies order.
func mrAll(t *testing.T, m *Monster) []string {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	out := []string{}
	for _, c := range all {
		s := mrPair(c)
		if c.IsPartitioned() {
			s += "@" + c.Partition.Site().String()
			if _, nonced := c.Partition.Nonce(); nonced {
				s += "(nonced)"
			}
		}
		out = append(out, s)
	}
	return out
}

// mrFind returns the stored cookie named name (the only one).
func mrFind(t *testing.T, m *Monster, name string) *CanonicalCookie {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	var found *CanonicalCookie
	for _, c := range all {
		if c.Name == name {
			require.Nil(t, found, "two cookies named %q", name)
			found = c
		}
	}
	require.NotNil(t, found, "no cookie named %q", name)
	return found
}

// mrReadResult is what one read returned.
type mrReadResult struct {
	included []string                     // "name=value" in header order
	excluded map[string][]ExclusionReason // "name=value" → reasons
	results  map[string]AccessResult      // "name=value" → result, both kinds
}

// mrRead reads the cookies of rawURL in o, with the excluded ones.
func mrRead(t *testing.T, m *Monster, rawURL string, o Options) mrReadResult {
	t.Helper()
	inc, exc, err := m.Cookies(context.Background(), mustURL(t, rawURL), mrExcluded(o))
	require.NoError(t, err)
	r := mrReadResult{included: []string{}, excluded: map[string][]ExclusionReason{}, results: map[string]AccessResult{}}
	for _, c := range inc {
		p := mrPair(&c.Cookie)
		assert.True(t, c.AccessResult.Status.IsInclude(), "%s included with %s", p, c.AccessResult.Status)
		r.included = append(r.included, p)
		r.results[p] = c.AccessResult
	}
	for _, c := range exc {
		p := mrPair(&c.Cookie)
		require.False(t, c.AccessResult.Status.IsInclude(), "%s excluded without a reason", p)
		r.excluded[p] = c.AccessResult.Status.Exclusions()
		r.results[p] = c.AccessResult
	}
	return r
}

// mrRecord subscribes to every change of m and returns a function that
// lists them so far as "<cause> name=value".
func mrRecord(t *testing.T, m *Monster) func() []string {
	t.Helper()
	var mu sync.Mutex
	var got []string
	cancel := m.Changes().SubscribeAll(func(ch Change) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ch.Cause.String()+" "+mrPair(&ch.Cookie))
	})
	t.Cleanup(cancel)
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

// mrStep is one set that prepares a case; it must be stored.
type mrStep struct {
	url, line string
	opts      Options
}

func mrSetup(t *testing.T, m *Monster, steps []mrStep) {
	t.Helper()
	for _, s := range steps {
		mrMustSet(t, m, s.url, s.line, s.opts)
	}
}

func mrKey(t *testing.T, topLevel string) PartitionKey {
	t.Helper()
	k, err := NewPartitionKey(mustURL(t, topLevel), true)
	require.NoError(t, err)
	return k
}

func mrNonced(t *testing.T, frame string, n byte) PartitionKey {
	t.Helper()
	k, err := NewNoncedPartitionKey(mustURL(t, frame), Nonce{n})
	require.NoError(t, err)
	return k
}

// ---- (a) exclusion reasons at set ----

func TestMonsterRulesSetExclusions(t *testing.T) {
	keyA := mrKey(t, "https://top-a.com/")
	nonced := mrNonced(t, "https://top-a.com/", 1)
	x := strings.Repeat

	cases := []struct {
		name   string
		setup  []mrStep
		url    string
		line   string                              // SetCookieLine, unless cookie is set
		cookie func(t *testing.T) *CanonicalCookie // SetCanonicalCookie
		opts   Options
		// exclude nil: stored.
		exclude   []ExclusionReason
		warn      []WarningReason
		survivors []string
	}{
		{name: "accepted", url: "https://example.com/", line: "a=b", opts: mrHTTPLax, survivors: []string{"a=b"}},
		{name: "NoncookieableScheme ftp", url: "ftp://example.com/", line: "a=b", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeNoncookieableScheme}},
		{name: "DomainMismatch cookie for another domain", url: "https://example.com/", opts: mrHTTPLax,
			cookie:  func(t *testing.T) *CanonicalCookie { return mrCookie(t, "https://other.com/", "a=b", CreateOptions{}) },
			exclude: []ExclusionReason{ExcludeDomainMismatch}},
		{name: "DomainMismatch cookie for a sibling host", url: "https://a.example.com/", opts: mrHTTPLax,
			cookie: func(t *testing.T) *CanonicalCookie {
				return mrCookie(t, "https://b.example.com/", "a=b", CreateOptions{})
			},
			exclude: []ExclusionReason{ExcludeDomainMismatch}},
		{name: "SecureOnly Secure from http", url: "http://example.com/", line: "a=b; Secure", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeSecureOnly},
			warn:    []WarningReason{WarnTentativelyAllowingSecureSourceScheme}},
		{name: "Secure from http://localhost is allowed", url: "http://localhost/", line: "a=b; Secure", opts: mrHTTPLax,
			warn:      []WarningReason{WarnSecureAccessGrantedNonCryptographic, WarnTentativelyAllowingSecureSourceScheme},
			survivors: []string{"a=b"}},
		{name: "HTTPOnly from script", url: "https://example.com/", line: "a=b; HttpOnly", opts: mrScriptLax,
			exclude: []ExclusionReason{ExcludeHTTPOnly}},
		{name: "SameSiteNoneInsecure", url: "https://example.com/", line: "a=b; SameSite=None", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeSameSiteNoneInsecure},
			warn:    []WarningReason{WarnSameSiteNoneInsecure}},
		{name: "SameSiteNoneInsecure is legacy-allowed", url: "https://example.com/", line: "a=b; SameSite=None",
			opts:      Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextLax), AccessSemantics: SemanticsLegacy},
			warn:      []WarningReason{WarnSameSiteNoneInsecure},
			survivors: []string{"a=b"}},
		{name: "SameSiteStrict cross-site set", url: "https://example.com/", line: "a=b; SameSite=Strict", opts: mrHTTPCross,
			exclude: []ExclusionReason{ExcludeSameSiteStrict}},
		{name: "SameSiteLax cross-site set", url: "https://example.com/", line: "a=b; SameSite=Lax", opts: mrHTTPCross,
			exclude: []ExclusionReason{ExcludeSameSiteLax}},
		{name: "SameSiteUnspecifiedTreatedAsLax cross-site set", url: "https://example.com/", line: "a=b", opts: mrHTTPCross,
			exclude: []ExclusionReason{ExcludeSameSiteUnspecifiedTreatedAsLax},
			warn:    []WarningReason{WarnSameSiteUnspecifiedCrossSiteContext}},
		{name: "SameSite=Strict set in a Lax context is allowed", url: "https://example.com/", line: "a=b; SameSite=Strict",
			opts: mrHTTPLax, survivors: []string{"a=b"}},
		{name: "SameSiteUnspecifiedTreatedAsLax set in a LaxMethodUnsafe context", url: "https://example.com/", line: "a=b",
			opts:    HTTPOptions(MakeSameSiteContext(ContextLaxMethodUnsafe), PartitionKey{}),
			exclude: []ExclusionReason{ExcludeSameSiteUnspecifiedTreatedAsLax},
			// Chromium's ApplySameSiteCookieWarningToStatus adds the Lax-allow-unsafe warning for sets too, and
			// an unspecified-treated-as-Lax exclusion does not clear the SameSite warnings.
			warn: []WarningReason{WarnSameSiteUnspecifiedLaxAllowUnsafe}},
		{name: "SameSite=None;Secure cross-site set is allowed", url: "https://example.com/", line: "a=b; SameSite=None; Secure",
			opts: mrHTTPCross, survivors: []string{"a=b"}},
		{name: "OverwriteSecure",
			setup: []mrStep{{"https://example.com/", "a=1; Secure", mrHTTPLax}},
			url:   "http://example.com/", line: "a=2", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeOverwriteSecure}, survivors: []string{"a=1"}},
		{name: "OverwriteHTTPOnly",
			setup: []mrStep{{"https://example.com/", "a=1; HttpOnly", mrHTTPLax}},
			url:   "https://example.com/", line: "a=2", opts: mrScriptLax,
			exclude: []ExclusionReason{ExcludeOverwriteHTTPOnly}, survivors: []string{"a=1"}},
		{name: "OverwriteSecure and OverwriteHTTPOnly together",
			setup: []mrStep{{"https://example.com/", "a=1; Secure; HttpOnly", mrHTTPLax}},
			url:   "http://example.com/", line: "a=2", opts: mrScriptLax,
			exclude: []ExclusionReason{ExcludeOverwriteSecure, ExcludeOverwriteHTTPOnly}, survivors: []string{"a=1"}},
		{name: "InvalidDomain foreign", url: "https://example.com/", line: "a=b; Domain=other.com", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain}},
		{name: "InvalidDomain public suffix", url: "https://example.com/", line: "a=b; Domain=com", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain}},
		{name: "InvalidPrefix __Secure- from http", url: "http://example.com/", line: "__Secure-a=b; Secure", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeInvalidPrefix}},
		{name: "InvalidPrefix __Host- with Domain", url: "https://example.com/", line: "__Host-a=b; Secure; Path=/; Domain=example.com",
			opts: mrHTTPLax, exclude: []ExclusionReason{ExcludeInvalidPrefix}},
		{name: "InvalidPrefix hidden in a nameless value", url: "https://example.com/", line: "=__Host-a=b; Secure; Path=/",
			opts: mrHTTPLax, exclude: []ExclusionReason{ExcludeInvalidPrefix}},
		{name: "InvalidPartitioned without Secure", url: "https://example.com/", line: "a=b; Partitioned; SameSite=None",
			opts: Options{Partition: keyA}, exclude: []ExclusionReason{ExcludeInvalidPartitioned}},
		{name: "InvalidPartitioned from http", url: "http://example.com/", line: "a=b; Partitioned; Secure",
			opts: HTTPOptions(MakeSameSiteContext(ContextLax), keyA), exclude: []ExclusionReason{ExcludeInvalidPartitioned}},
		{name: "name+value of 4096 bytes is accepted", url: "https://example.com/", line: "a=" + x("v", 4095), opts: mrHTTPLax,
			survivors: []string{"a=" + x("v", 4095)}},
		{name: "NameValuePairExceedsMaxSize 4097 bytes", url: "https://example.com/", line: "a=" + x("v", 4096), opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeNameValuePairExceedsMaxSize}},
		{name: "DisallowedCharacter CTL in value", url: "https://example.com/", line: "a=b\x01c", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeDisallowedCharacter}},
		{name: "DisallowedCharacter LF", url: "https://example.com/", line: "a=b\nc", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeDisallowedCharacter}},
		{name: "NoCookieContent empty", url: "https://example.com/", line: "", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "NoCookieContent blanks", url: "https://example.com/", line: " \t ", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "FailureToStore URL without a host", url: "http:///path", line: "a=b", opts: mrHTTPLax,
			exclude: []ExclusionReason{ExcludeFailureToStore}},
		{name: "FailureToStore canonical cookie from a URL without a host", url: "http:///path", opts: mrHTTPLax,
			cookie: func(t *testing.T) *CanonicalCookie {
				return mrCookie(t, "https://example.com/", "a=b", CreateOptions{})
			},
			exclude: []ExclusionReason{ExcludeFailureToStore}},
		{name: "AnonymousContext unpartitioned cookie in a nonced context", url: "https://example.com/",
			opts: HTTPOptions(MakeSameSiteContext(ContextLax), nonced),
			cookie: func(t *testing.T) *CanonicalCookie {
				return mrCookie(t, "https://example.com/", "a=b", CreateOptions{})
			},
			exclude: []ExclusionReason{ExcludeAnonymousContext}},
		{name: "nonced context partitions a line without Partitioned", url: "https://example.com/", line: "a=b",
			opts: HTTPOptions(MakeSameSiteContext(ContextLax), nonced), survivors: []string{"a=b@https://top-a.com(nonced)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := mrMonster(t)
			mrSetup(t, m, tc.setup)
			before := mrAll(t, m)
			var res AccessResult
			var err error
			if tc.cookie != nil {
				res, err = m.SetCanonicalCookie(context.Background(), tc.cookie(t), mustURL(t, tc.url), tc.opts)
			} else {
				res, err = m.SetCookieLine(context.Background(), mustURL(t, tc.url), tc.line, tc.opts)
			}
			require.NoError(t, err)
			assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)
			if len(tc.warn) == 0 {
				assert.Empty(t, res.Status.Warnings(), "status %s", res.Status)
			} else {
				assert.Equal(t, tc.warn, res.Status.Warnings(), "status %s", res.Status)
			}
			want := tc.survivors
			if want == nil {
				want = before
			}
			assert.Equal(t, want, mrAll(t, m), "stored cookies")
		})
	}
}

// ---- (a) exclusion reasons at get ----

func TestMonsterRulesGetExclusions(t *testing.T) {
	legacyLax := Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextLax), AccessSemantics: SemanticsLegacy}
	cases := []struct {
		name     string
		setup    []mrStep
		canon    []func(t *testing.T, m *Monster) // extra SetCanonicalCookie setups
		url      string
		opts     Options
		included []string
		excluded map[string][]ExclusionReason
		warn     map[string][]WarningReason // "name=value" → warnings; unlisted: none
	}{
		{name: "HTTPOnly to script",
			setup: []mrStep{{"https://example.com/", "h=1; HttpOnly", mrHTTPLax}, {"https://example.com/", "v=1", mrHTTPLax}},
			url:   "https://example.com/", opts: mrScriptStrict,
			included: []string{"v=1"}, excluded: map[string][]ExclusionReason{"h=1": {ExcludeHTTPOnly}}},
		{name: "HTTPOnly to HTTP is sent",
			setup: []mrStep{{"https://example.com/", "h=1; HttpOnly", mrHTTPLax}},
			url:   "https://example.com/", opts: NavigationOptions(),
			included: []string{"h=1"}, excluded: map[string][]ExclusionReason{}},
		{name: "SecureOnly to http",
			setup: []mrStep{{"https://example.com/", "s=1; Secure", mrHTTPLax}},
			url:   "http://example.com/", opts: NavigationOptions(),
			included: []string{}, excluded: map[string][]ExclusionReason{"s=1": {ExcludeSecureOnly}},
			// The cookie came from port 443 and is host-only: the port differs (a warning unless port-bound).
			warn: map[string][]WarningReason{"s=1": {WarnPortMismatch}}},
		{name: "Secure to http://localhost is sent with a warning",
			setup: []mrStep{{"http://localhost/", "s=1; Secure", mrHTTPLax}},
			url:   "http://localhost/", opts: NavigationOptions(),
			included: []string{"s=1"}, excluded: map[string][]ExclusionReason{},
			warn: map[string][]WarningReason{"s=1": {WarnSecureAccessGrantedNonCryptographic}}},
		{name: "DomainMismatch is never returned for another key",
			setup: []mrStep{{"https://other.com/", "o=1", mrHTTPLax}, {"https://example.com/", "e=1", mrHTTPLax}},
			url:   "https://example.com/", opts: NavigationOptions(),
			included: []string{"e=1"}, excluded: map[string][]ExclusionReason{}},
		{name: "DomainMismatch for a host cookie of a sibling host of the same key",
			// Chromium's FindCookiesForRegistryControlledHost takes every cookie of the key as a candidate, so
			// a host cookie of www.example.com read at a.example.com comes back excluded for its domain.
			setup: []mrStep{{"https://www.example.com/", "w=1", mrHTTPLax}, {"https://www.example.com/", "d=1; Domain=example.com", mrHTTPLax}},
			url:   "https://a.example.com/", opts: NavigationOptions(),
			included: []string{"d=1"}, excluded: map[string][]ExclusionReason{"w=1": {ExcludeDomainMismatch}}},
		{name: "NotOnPath",
			setup: []mrStep{{"https://example.com/", "p=1; Path=/foo", mrHTTPLax}, {"https://example.com/", "q=1; Path=/", mrHTTPLax}},
			url:   "https://example.com/bar", opts: NavigationOptions(),
			included: []string{"q=1"}, excluded: map[string][]ExclusionReason{"p=1": {ExcludeNotOnPath}}},
		{name: "NotOnPath /foo is not on /foobar",
			setup: []mrStep{{"https://example.com/", "p=1; Path=/foo", mrHTTPLax}},
			url:   "https://example.com/foobar", opts: NavigationOptions(),
			included: []string{}, excluded: map[string][]ExclusionReason{"p=1": {ExcludeNotOnPath}}},
		{name: "SameSite cross-site read",
			setup: []mrStep{
				{"https://example.com/", "st=1; SameSite=Strict", mrHTTPLax},
				{"https://example.com/", "lx=1; SameSite=Lax", mrHTTPLax},
				{"https://example.com/", "un=1", mrHTTPLax},
				{"https://example.com/", "no=1; SameSite=None; Secure", mrHTTPLax},
			},
			url: "https://example.com/", opts: mrHTTPCross,
			included: []string{"no=1"},
			excluded: map[string][]ExclusionReason{
				"st=1": {ExcludeSameSiteStrict},
				"lx=1": {ExcludeSameSiteLax},
				"un=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
			},
			warn: map[string][]WarningReason{"un=1": {WarnSameSiteUnspecifiedCrossSiteContext}}},
		{name: "SameSiteStrict in a Lax context",
			setup: []mrStep{{"https://example.com/", "st=1; SameSite=Strict", mrHTTPLax}, {"https://example.com/", "lx=1; SameSite=Lax", mrHTTPLax}},
			url:   "https://example.com/", opts: mrHTTPLax,
			included: []string{"lx=1"}, excluded: map[string][]ExclusionReason{"st=1": {ExcludeSameSiteStrict}}},
		{name: "SameSiteNoneInsecure stored under legacy semantics, read under today's",
			canon: []func(t *testing.T, m *Monster){func(t *testing.T, m *Monster) {
				c := mrCookie(t, "https://example.com/", "n=1; SameSite=None", CreateOptions{})
				res, err := m.SetCanonicalCookie(context.Background(), c, mustURL(t, "https://example.com/"), legacyLax)
				require.NoError(t, err)
				require.True(t, res.Status.IsInclude(), "legacy set: %s", res.Status)
			}},
			url: "https://example.com/", opts: NavigationOptions(),
			included: []string{}, excluded: map[string][]ExclusionReason{"n=1": {ExcludeSameSiteNoneInsecure}},
			warn: map[string][]WarningReason{"n=1": {WarnSameSiteNoneInsecure}}},
		{name: "SameSiteNoneInsecure read under legacy semantics is sent",
			canon: []func(t *testing.T, m *Monster){func(t *testing.T, m *Monster) {
				c := mrCookie(t, "https://example.com/", "n=1; SameSite=None", CreateOptions{})
				res, err := m.SetCanonicalCookie(context.Background(), c, mustURL(t, "https://example.com/"), legacyLax)
				require.NoError(t, err)
				require.True(t, res.Status.IsInclude(), "legacy set: %s", res.Status)
			}},
			url: "https://example.com/", opts: Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextStrict), AccessSemantics: SemanticsLegacy},
			included: []string{"n=1"}, excluded: map[string][]ExclusionReason{},
			warn: map[string][]WarningReason{"n=1": {WarnSameSiteNoneInsecure}}},
		{name: "WarnShadowingDomain",
			setup: []mrStep{
				{"https://www.example.com/", "a=host", mrHTTPLax},
				{"https://www.example.com/", "a=dom; Domain=example.com", mrHTTPLax},
				{"https://www.example.com/", "b=dom; Domain=example.com", mrHTTPLax},
			},
			url: "https://www.example.com/", opts: NavigationOptions(),
			included: []string{"a=host", "a=dom", "b=dom"}, excluded: map[string][]ExclusionReason{},
			warn: map[string][]WarningReason{"a=dom": {WarnShadowingDomain}}},
		{name: "WarnShadowingDomain also when the host cookie is not on the path",
			setup: []mrStep{
				{"https://www.example.com/", "a=host; Path=/x", mrHTTPLax},
				{"https://www.example.com/", "a=dom; Domain=example.com", mrHTTPLax},
			},
			url: "https://www.example.com/", opts: NavigationOptions(),
			included: []string{"a=dom"}, excluded: map[string][]ExclusionReason{"a=host": {ExcludeNotOnPath}},
			warn: map[string][]WarningReason{"a=dom": {WarnShadowingDomain}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := mrMonster(t)
			mrSetup(t, m, tc.setup)
			for _, f := range tc.canon {
				f(t, m)
			}
			r := mrRead(t, m, tc.url, tc.opts)
			assert.Equal(t, tc.included, r.included, "included")
			assert.Equal(t, tc.excluded, r.excluded, "excluded")
			for p, res := range r.results {
				want := tc.warn[p]
				if len(want) == 0 {
					assert.Empty(t, res.Status.Warnings(), "warnings of %s: %s", p, res.Status)
				} else {
					assert.Equal(t, want, res.Status.Warnings(), "warnings of %s: %s", p, res.Status)
				}
			}
			for p := range tc.warn {
				assert.Contains(t, r.results, p, "warned cookie %s not returned", p)
			}
		})
	}
}

// ---- (b) Leave Secure Cookies Alone ----

func TestMonsterRulesLeaveSecureCookiesAlone(t *testing.T) {
	cases := []struct {
		name     string
		secure   mrStep // set over https first
		url      string // the later set
		line     string
		excluded bool
		after    []string
	}{
		{name: "same name, same host", secure: mrStep{"https://example.com/", "a=1; Secure", mrHTTPLax},
			url: "http://example.com/", line: "a=2", excluded: true},
		{name: "same name, same domain cookie", secure: mrStep{"https://example.com/", "a=1; Secure; Domain=example.com", mrHTTPLax},
			url: "http://example.com/", line: "a=2; Domain=example.com", excluded: true},
		{name: "subdomain host cookie under a secure domain cookie", secure: mrStep{"https://example.com/", "a=1; Secure; Domain=example.com", mrHTTPLax},
			url: "http://www.example.com/", line: "a=2", excluded: true},
		{name: "subdomain host cookie under a secure host cookie", secure: mrStep{"https://example.com/", "a=1; Secure", mrHTTPLax},
			url: "http://www.example.com/", line: "a=2", excluded: true},
		{name: "superdomain cookie over a secure host cookie", secure: mrStep{"https://www.example.com/", "a=1; Secure", mrHTTPLax},
			url: "http://www.example.com/", line: "a=2; Domain=example.com", excluded: true},
		{name: "overlapping paths: new /foo on secure /", secure: mrStep{"https://example.com/", "a=1; Secure; Path=/", mrHTTPLax},
			url: "http://example.com/", line: "a=2; Path=/foo", excluded: true},
		{name: "overlapping paths: new /foo/bar on secure /foo", secure: mrStep{"https://example.com/", "a=1; Secure; Path=/foo", mrHTTPLax},
			url: "http://example.com/", line: "a=2; Path=/foo/bar", excluded: true},
		{name: "new / over secure /foo is allowed (the new path is not on the secure one's)",
			secure: mrStep{"https://example.com/", "a=1; Secure; Path=/foo", mrHTTPLax},
			url:    "http://example.com/", line: "a=2; Path=/", after: []string{"a=1", "a=2"}},
		{name: "superdomain cookie from a sibling host over a secure host cookie",
			secure: mrStep{"https://a.example.com/", "a=1; Secure", mrHTTPLax},
			url:    "http://b.example.com/", line: "a=2; Domain=example.com", excluded: true},
		{name: "deleting from http (Max-Age=0)", secure: mrStep{"https://example.com/", "a=1; Secure", mrHTTPLax},
			url: "http://example.com/", line: "a=; Max-Age=0", excluded: true},
		{name: "non-overlapping paths", secure: mrStep{"https://example.com/", "a=1; Secure; Path=/foo", mrHTTPLax},
			url: "http://example.com/", line: "a=2; Path=/bar", after: []string{"a=1", "a=2"}},
		{name: "different name", secure: mrStep{"https://example.com/", "a=1; Secure", mrHTTPLax},
			url: "http://example.com/", line: "b=2", after: []string{"a=1", "b=2"}},
		{name: "unrelated domain of the same key", secure: mrStep{"https://a.example.com/", "a=1; Secure", mrHTTPLax},
			url: "http://b.example.com/", line: "a=2", after: []string{"a=1", "a=2"}},
		{name: "from https overwrites", secure: mrStep{"https://example.com/", "a=1; Secure", mrHTTPLax},
			url: "https://example.com/", line: "a=2", after: []string{"a=2"}},
		{name: "from http://localhost overwrites", secure: mrStep{"https://localhost/", "a=1; Secure", mrHTTPLax},
			url: "http://localhost/", line: "a=2", after: []string{"a=2"}},
		{name: "an insecure cookie of the same name is overwritten from http", secure: mrStep{"https://example.com/", "a=1", mrHTTPLax},
			url: "http://example.com/", line: "a=2", after: []string{"a=2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := mrMonster(t)
			mrSetup(t, m, []mrStep{tc.secure})
			before, err := m.AllCookies(context.Background())
			require.NoError(t, err)
			require.Len(t, before, 1)
			clk.Advance(time.Second)
			res := mrSet(t, m, tc.url, tc.line, mrHTTPLax)
			after, err := m.AllCookies(context.Background())
			require.NoError(t, err)
			if tc.excluded {
				assert.Equal(t, []ExclusionReason{ExcludeOverwriteSecure}, res.Status.Exclusions(), "status %s", res.Status)
				assert.Empty(t, res.Status.Warnings(), "status %s", res.Status)
				assert.Equal(t, before, after, "the Secure cookie survives unchanged")
				return
			}
			assert.True(t, res.Status.IsInclude(), "status %s", res.Status)
			assert.Equal(t, tc.after, mrAll(t, m))
		})
	}
}

// ---- (c) HttpOnly overwrite protection, creation time, already expired ----

func TestMonsterRulesHTTPOnlyOverwrite(t *testing.T) {
	t.Run("script may not overwrite, HTTP may", func(t *testing.T) {
		m, _ := mrMonster(t)
		mrMustSet(t, m, "https://example.com/", "h=1; HttpOnly", mrHTTPLax)
		res := mrSet(t, m, "https://example.com/", "h=2", mrScriptLax)
		assert.Equal(t, []ExclusionReason{ExcludeOverwriteHTTPOnly}, res.Status.Exclusions())
		assert.Equal(t, []string{"h=1"}, mrAll(t, m))
		assert.True(t, mrFind(t, m, "h").HTTPOnly)

		// Deleting it from script (an already-expired line) is refused too.
		res = mrSet(t, m, "https://example.com/", "h=; Max-Age=0", mrScriptLax)
		assert.Equal(t, []ExclusionReason{ExcludeOverwriteHTTPOnly}, res.Status.Exclusions())
		assert.Equal(t, []string{"h=1"}, mrAll(t, m))

		// Not equivalent (another path): allowed.
		mrMustSet(t, m, "https://example.com/", "h=3; Path=/x", mrScriptLax)
		assert.Equal(t, []string{"h=3", "h=1"}, mrAll(t, m))

		mrMustSet(t, m, "https://example.com/", "h=2", mrHTTPLax)
		assert.Equal(t, []string{"h=3", "h=2"}, mrAll(t, m))
		assert.False(t, mrFind2(t, m, "h", "/").HTTPOnly)
	})

	t.Run("same value keeps the creation time", func(t *testing.T) {
		m, clk := mrMonster(t)
		mrMustSet(t, m, "https://example.com/", "c=1", mrHTTPLax)
		clk.Advance(10 * time.Second)
		mrMustSet(t, m, "https://example.com/", "c=1; Max-Age=100", mrHTTPLax)
		c := mrFind(t, m, "c")
		assert.Equal(t, t0, c.Creation, "identical value: the old creation time")
		assert.Equal(t, t0.Add(10*time.Second), c.LastUpdate)
		assert.Equal(t, t0.Add(110*time.Second), c.Expiry, "the other fields are the new cookie's")

		clk.Advance(10 * time.Second)
		mrMustSet(t, m, "https://example.com/", "c=2", mrHTTPLax)
		c = mrFind(t, m, "c")
		assert.Equal(t, t0.Add(20*time.Second), c.Creation, "different value: a new creation time")
		assert.True(t, c.Expiry.IsZero())
	})

	// Cookies set at the same instant sort in the order they were set; one
	// that overwrites an equivalent with the same value keeps its creation
	// time, so it keeps its place among them (Chromium 156, recorded in the
	// combo-order scenarios: a=1, b=2, a=1 is sent as "a=1; b=2").
	t.Run("same instant: the order of the Cookie header", func(t *testing.T) {
		for _, tc := range []struct {
			lines []string
			want  string
		}{
			{[]string{"a=1", "b=2", "a=1"}, "a=1; b=2"},
			{[]string{"a=1", "b=2", "a=1; HttpOnly"}, "a=1; b=2"},
			{[]string{"a=1; Max-Age=60", "b=2", "a=1"}, "a=1; b=2"},
			{[]string{"a=1", "b=2", "a=3"}, "b=2; a=3"},
			{[]string{"a=1", "b=2", "c=3", "b=2", "a=4"}, "b=2; c=3; a=4"},
			{[]string{"b=2", "a=1"}, "b=2; a=1"},
		} {
			t.Run(strings.Join(tc.lines, ", "), func(t *testing.T) {
				m, _ := mrMonster(t)
				for _, l := range tc.lines {
					mrMustSet(t, m, "https://example.com/", l, mrHTTPLax)
				}
				h, err := m.CookieHeader(context.Background(), mustURL(t, "https://example.com/"), NavigationOptions())
				require.NoError(t, err)
				assert.Equal(t, tc.want, h)
			})
		}
	})

	t.Run("already expired deletes its equivalent and is not stored", func(t *testing.T) {
		m, clk := mrMonster(t)
		causes := mrRecord(t, m)
		mrMustSet(t, m, "https://example.com/", "e=1", mrHTTPLax)
		clk.Advance(time.Second)
		res := mrSet(t, m, "https://example.com/", "e=1; Max-Age=0", mrHTTPLax)
		assert.True(t, res.Status.IsInclude(), "status %s", res.Status)
		assert.Empty(t, mrAll(t, m))

		// With nothing to delete, it is simply not stored.
		res = mrSet(t, m, "https://example.com/", "f=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", mrHTTPLax)
		assert.True(t, res.Status.IsInclude(), "status %s", res.Status)
		assert.Empty(t, mrAll(t, m))

		assert.Equal(t, []string{"Inserted e=1", "ExpiredOverwrite e=1"}, causes())
	})
}

// mrFind2 returns the stored cookie named name with path path.
func mrFind2(t *testing.T, m *Monster, name, path string) *CanonicalCookie {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	for _, c := range all {
		if c.Name == name && c.Path == path {
			return c
		}
	}
	require.Failf(t, "missing cookie", "%s on %s", name, path)
	return nil
}

// ---- (d) the SameSite decision table ----

// mrSameSiteContexts computes the four contexts of the decision table with
// SameSiteInput, for a request to target from other.
func mrSameSiteContexts(t *testing.T, target, other string) map[string]SameSiteContext {
	t.Helper()
	tu, ou := mustURL(t, target), mustURL(t, other)
	return map[string]SameSiteContext{
		"cross-site subresource": SameSiteInput{Method: "GET", URLChain: []*url.URL{tu},
			SiteForCookies: NewSiteForCookies(ou, nil), Initiator: ou}.ForRequest(),
		"cross-site top-level GET": SameSiteInput{Method: "GET", URLChain: []*url.URL{tu},
			SiteForCookies: NewSiteForCookies(tu, nil), Initiator: ou, MainFrameNavigation: true}.ForRequest(),
		"cross-site top-level POST": SameSiteInput{Method: "POST", URLChain: []*url.URL{tu},
			SiteForCookies: NewSiteForCookies(tu, nil), Initiator: ou, MainFrameNavigation: true}.ForRequest(),
		"same-site": SameSiteInput{Method: "GET", URLChain: []*url.URL{tu},
			SiteForCookies: NewSiteForCookies(tu, nil), Initiator: tu}.ForRequest(),
	}
}

func TestMonsterRulesSameSiteTable(t *testing.T) {
	const target = "https://example.com/page"
	ctxs := mrSameSiteContexts(t, target, "https://other.com/")
	require.Equal(t, map[string]SameSiteContext{
		"cross-site subresource":    MakeSameSiteContext(ContextCrossSite),
		"cross-site top-level GET":  MakeSameSiteContext(ContextLax),
		"cross-site top-level POST": MakeSameSiteContext(ContextLaxMethodUnsafe),
		"same-site":                 MakeSameSiteContext(ContextStrict),
	}, ctxs)

	m, clk := mrMonster(t)
	for _, line := range []string{"strict=1; SameSite=Strict", "lax=1; SameSite=Lax", "none=1; SameSite=None; Secure", "unspec=1"} {
		mrMustSet(t, m, "https://example.com/", line, mrHTTPLax)
	}
	// Past the two-minute Lax+POST window: an unspecified cookie is plain Lax.
	clk.Set(t0.Add(3 * time.Minute))

	type cell struct {
		sent   bool
		reason ExclusionReason
	}
	sent := cell{sent: true}
	want := map[string]map[string]cell{
		"cross-site subresource": {
			"strict": {reason: ExcludeSameSiteStrict}, "lax": {reason: ExcludeSameSiteLax},
			"none": sent, "unspec": {reason: ExcludeSameSiteUnspecifiedTreatedAsLax},
		},
		"cross-site top-level GET": {
			"strict": {reason: ExcludeSameSiteStrict}, "lax": sent, "none": sent, "unspec": sent,
		},
		"cross-site top-level POST": {
			"strict": {reason: ExcludeSameSiteStrict}, "lax": {reason: ExcludeSameSiteLax},
			"none": sent, "unspec": {reason: ExcludeSameSiteUnspecifiedTreatedAsLax},
		},
		"same-site": {"strict": sent, "lax": sent, "none": sent, "unspec": sent},
	}
	cells := 0
	for ctxName, row := range want {
		t.Run(ctxName, func(t *testing.T) {
			r := mrRead(t, m, target, HTTPOptions(ctxs[ctxName], PartitionKey{}))
			var wantIncluded []string
			for _, name := range []string{"strict", "lax", "none", "unspec"} {
				cells++
				c := row[name]
				p := name + "=1"
				if c.sent {
					wantIncluded = append(wantIncluded, p)
					continue
				}
				assert.Equal(t, []ExclusionReason{c.reason}, r.excluded[p], "%s in %s", name, ctxName)
			}
			if wantIncluded == nil {
				wantIncluded = []string{}
			}
			assert.Equal(t, wantIncluded, r.included)
			assert.Len(t, r.excluded, 4-len(wantIncluded))
		})
	}
	assert.Equal(t, 16, cells)
}

func TestMonsterRulesLaxAllowUnsafe(t *testing.T) {
	const target = "https://example.com/page"
	post := mrSameSiteContexts(t, target, "https://other.com/")["cross-site top-level POST"]
	require.Equal(t, MakeSameSiteContext(ContextLaxMethodUnsafe), post)

	m, clk := mrMonster(t)
	mrMustSet(t, m, "https://example.com/", "unspec=1", mrHTTPLax)
	mrMustSet(t, m, "https://example.com/", "lax=1; SameSite=Lax", mrHTTPLax)
	opts := HTTPOptions(post, PartitionKey{})

	clk.Set(t0.Add(LaxAllowUnsafeMaxAge))
	r := mrRead(t, m, target, opts)
	assert.Equal(t, []string{"unspec=1"}, r.included, "at creation + 2 min")
	assert.Equal(t, map[string][]ExclusionReason{"lax=1": {ExcludeSameSiteLax}}, r.excluded, "an explicit Lax gets no allowance")
	assert.Equal(t, []WarningReason{WarnSameSiteUnspecifiedLaxAllowUnsafe}, r.results["unspec=1"].Status.Warnings())
	assert.Equal(t, EffectiveLaxModeAllowUnsafe, r.results["unspec=1"].EffectiveSameSite)

	clk.Set(t0.Add(LaxAllowUnsafeMaxAge + time.Second))
	r = mrRead(t, m, target, opts)
	assert.Equal(t, []string{}, r.included, "at creation + 2 min + 1 s")
	assert.Equal(t, map[string][]ExclusionReason{
		"unspec=1": {ExcludeSameSiteUnspecifiedTreatedAsLax},
		"lax=1":    {ExcludeSameSiteLax},
	}, r.excluded)
	assert.Equal(t, []WarningReason{WarnSameSiteUnspecifiedCrossSiteContext}, r.results["unspec=1"].Status.Warnings())
	assert.Equal(t, EffectiveLaxMode, r.results["unspec=1"].EffectiveSameSite)

	// Overwriting with the same value keeps the creation time, so it does
	// not reopen the window.
	mrMustSet(t, m, "https://example.com/", "unspec=1", mrHTTPLax)
	r = mrRead(t, m, target, opts)
	assert.Equal(t, []string{}, r.included, "same value: the old creation time")
	mrMustSet(t, m, "https://example.com/", "unspec=2", mrHTTPLax)
	r = mrRead(t, m, target, opts)
	assert.Equal(t, []string{"unspec=2"}, r.included, "a new value: a new creation time")
}

// ---- (e) CHIPS partitions ----

func TestMonsterRulesPartitionIsolation(t *testing.T) {
	const embed = "https://embed.example/"
	keyA := mrKey(t, "https://top-a.com/")
	keyB := mrKey(t, "https://top-b.com/")
	nonced := mrNonced(t, "https://top-a.com/", 7)
	in := func(k PartitionKey) Options { return ScriptOptions(MakeSameSiteContext(ContextCrossSite), k) }

	m, clk := mrMonster(t)
	res := mrSet(t, m, embed, "p=A; Secure; Path=/; SameSite=None; Partitioned", Options{Partition: keyA})
	require.True(t, res.Status.IsInclude(), "status %s", res.Status)
	assert.Equal(t, []string{"p=A@https://top-a.com"}, mrAll(t, m))

	assert.Equal(t, []string{"p=A"}, mrRead(t, m, embed, in(keyA)).included, "under A")
	for name, k := range map[string]PartitionKey{"B": keyB, "unpartitioned": {}, "nonced": nonced} {
		r := mrRead(t, m, embed, in(k))
		assert.Empty(t, r.included, "under %s", name)
		assert.Empty(t, r.excluded, "under %s: partitioned cookies of other partitions are not candidates", name)
	}
	// Another key of the same site but the other ancestor bit is another partition.
	sameSiteA, err := NewPartitionKey(mustURL(t, "https://top-a.com/"), false)
	require.NoError(t, err)
	assert.Empty(t, mrRead(t, m, embed, in(sameSiteA)).included, "same top-level site, same-site ancestor bit")

	// An unpartitioned cookie of the same name coexists.
	clk.Advance(time.Second)
	res = mrSet(t, m, embed, "p=U; Secure; Path=/; SameSite=None", Options{Partition: keyA})
	require.True(t, res.Status.IsInclude(), "status %s", res.Status)
	assert.Equal(t, []string{"p=A@https://top-a.com", "p=U"}, mrAll(t, m), "not equivalent: both kept")
	assert.Equal(t, []string{"p=A", "p=U"}, mrRead(t, m, embed, in(keyA)).included, "A sees both")
	assert.Equal(t, []string{"p=U"}, mrRead(t, m, embed, in(keyB)).included, "B sees the unpartitioned one")
	assert.Equal(t, []string{"p=U"}, mrRead(t, m, embed, in(PartitionKey{})).included)

	// Each overwrites only its own kind.
	clk.Advance(time.Second)
	mrMustSet(t, m, embed, "p=A2; Secure; Path=/; SameSite=None; Partitioned", Options{Partition: keyA})
	assert.ElementsMatch(t, []string{"p=A2@https://top-a.com", "p=U"}, mrAll(t, m))
	clk.Advance(time.Second)
	mrMustSet(t, m, embed, "p=U2; Secure; Path=/; SameSite=None", Options{})
	assert.ElementsMatch(t, []string{"p=A2@https://top-a.com", "p=U2"}, mrAll(t, m))
	mrMustSet(t, m, embed, "p=B; Secure; Path=/; SameSite=None; Partitioned", Options{Partition: keyB})
	assert.ElementsMatch(t, []string{"p=A2@https://top-a.com", "p=B@https://top-b.com", "p=U2"}, mrAll(t, m))

	// A nonced context hides the unpartitioned cookies and sees only its own.
	assert.Empty(t, mrRead(t, m, embed, in(nonced)).included, "nonced: no unpartitioned cookies")
	mrMustSet(t, m, embed, "n=1; Secure; SameSite=None", Options{Partition: nonced})
	assert.Equal(t, []string{"n=1"}, mrRead(t, m, embed, in(nonced)).included)
	assert.Equal(t, []string{"p=A2", "p=U2"}, mrRead(t, m, embed, in(keyA)).included, "A does not see the nonced partition")

	// A partitioned cookie is not sent to an unpartitioned top-level read
	// either, however same-site the context.
	assert.Equal(t, []string{"p=U2"}, mrRead(t, m, embed, NavigationOptions()).included)
}

func TestMonsterRulesPartitionLimits(t *testing.T) {
	const embed = "https://embed.example/"
	keyA := mrKey(t, "https://top-a.com/")
	keyB := mrKey(t, "https://top-b.com/")
	set := func(t *testing.T, m *Monster, clk *fakeClock, k PartitionKey, line string) {
		t.Helper()
		clk.Advance(time.Millisecond)
		o := Options{Partition: k}
		attrs := "; Secure; SameSite=None"
		if k.IsPartitioned() {
			attrs += "; Partitioned"
		}
		mrMustSet(t, m, embed, line+attrs, o)
	}
	count := func(all []*CanonicalCookie) map[string]int {
		n := map[string]int{}
		for _, c := range all {
			n[c.Partition.Site().String()]++
		}
		return n
	}

	t.Run("count", func(t *testing.T) {
		m, clk := mrMonster(t)
		for i := 0; i < 180; i++ {
			set(t, m, clk, PartitionKey{}, fmt.Sprintf("u%03d=1", i))
			set(t, m, clk, keyB, fmt.Sprintf("b%03d=1", i))
		}
		var mu sync.Mutex
		var evicted []string
		cancel := m.Changes().SubscribeAll(func(ch Change) {
			if ch.Cause == CauseEvicted {
				mu.Lock()
				evicted = append(evicted, mrPair(&ch.Cookie)+"@"+ch.Cookie.Partition.Site().String())
				mu.Unlock()
			}
		})
		defer cancel()
		counts := func() map[string]int {
			t.Helper()
			all, err := m.AllCookies(context.Background())
			require.NoError(t, err)
			return count(all)
		}
		for i := 0; i < 180; i++ {
			set(t, m, clk, keyA, fmt.Sprintf("a%03d=1", i))
		}
		assert.Equal(t, map[string]int{"": 180, "https://top-a.com": 180, "https://top-b.com": 180}, counts(),
			"every kind at its limit: nothing evicted, partitioned cookies do not count against the site's 180")
		set(t, m, clk, keyA, "a180=1")
		assert.Equal(t, map[string]int{"": 180, "https://top-a.com": 180, "https://top-b.com": 180}, counts(),
			"A back to its limit, B and the unpartitioned cookies untouched")
		mu.Lock()
		assert.Equal(t, []string{"a000=1@https://top-a.com"}, evicted, "the least recently used cookie of A")
		evicted = nil
		mu.Unlock()

		// And the other way round: the unpartitioned purge (181 → 150)
		// leaves the partitions alone.
		set(t, m, clk, PartitionKey{}, "u180=1")
		assert.Equal(t, map[string]int{"": 150, "https://top-a.com": 180, "https://top-b.com": 180}, counts())
		mu.Lock()
		assert.Len(t, evicted, 31)
		for _, e := range evicted {
			assert.True(t, strings.HasPrefix(e, "u") && strings.HasSuffix(e, "@"), "evicted %s", e)
		}
		mu.Unlock()
	})

	t.Run("bytes", func(t *testing.T) {
		m, clk := mrMonster(t)
		big := strings.Repeat("v", 3998) // name+value = 4000 bytes
		for i := 0; i < 3; i++ {
			set(t, m, clk, PartitionKey{}, fmt.Sprintf("u%d=%s", i, big))
			set(t, m, clk, keyB, fmt.Sprintf("b%d=%s", i, big[:2000]))
		}
		set(t, m, clk, keyA, "a0="+big)
		set(t, m, clk, keyA, "a1="+big)
		all := mrAll(t, m)
		assert.Len(t, all, 8, "8000 bytes in A: under 10240")
		set(t, m, clk, keyA, "a2="+big) // 12000 bytes in A
		var names []string
		allC, err := m.AllCookies(context.Background())
		require.NoError(t, err)
		for _, c := range allC {
			names = append(names, c.Name)
		}
		assert.ElementsMatch(t, []string{"u0", "u1", "u2", "b0", "b1", "b2", "a1", "a2"}, names,
			"A's oldest cookie evicted for bytes; 12000 unpartitioned bytes and B untouched")
	})
}

// ---- (f) the read path ----

func TestMonsterRulesAccessTime(t *testing.T) {
	m, clk := mrMonster(t)
	mrMustSet(t, m, "https://example.com/", "a=1", mrHTTPLax)
	mrMustSet(t, m, "https://example.com/", "s=1; Secure", mrHTTPLax)
	read := func(o Options) {
		t.Helper()
		_, err := m.CookieHeader(context.Background(), mustURL(t, "https://example.com/"), o)
		require.NoError(t, err)
	}

	clk.Set(t0.Add(59 * time.Second))
	read(NavigationOptions())
	assert.Equal(t, t0, mrFind(t, m, "a").LastAccess, "59 s: not updated")

	clk.Set(t0.Add(61 * time.Second))
	read(NavigationOptions())
	assert.Equal(t, t0.Add(61*time.Second), mrFind(t, m, "a").LastAccess, "61 s: updated")

	clk.Set(t0.Add(100 * time.Second))
	read(NavigationOptions())
	assert.Equal(t, t0.Add(61*time.Second), mrFind(t, m, "a").LastAccess, "39 s after the update: not updated")

	clk.Set(t0.Add(200 * time.Second))
	o := NavigationOptions()
	o.SkipAccessTimeUpdate = true
	read(o)
	assert.Equal(t, t0.Add(61*time.Second), mrFind(t, m, "a").LastAccess, "SkipAccessTimeUpdate")

	// Excluded cookies are not touched.
	_, err := m.CookieHeader(context.Background(), mustURL(t, "http://example.com/"), NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, t0.Add(200*time.Second), mrFind(t, m, "a").LastAccess, "an included cookie is updated")
	assert.Equal(t, t0.Add(61*time.Second), mrFind(t, m, "s").LastAccess, "an excluded cookie is not")

	// The returned copy carries the new time.
	clk.Set(t0.Add(300 * time.Second))
	inc, _, err := m.Cookies(context.Background(), mustURL(t, "https://example.com/"), NavigationOptions())
	require.NoError(t, err)
	require.Len(t, inc, 2)
	for _, c := range inc {
		assert.Equal(t, t0.Add(300*time.Second), c.Cookie.LastAccess, "%s", c.Cookie.Name)
	}
}

func TestMonsterRulesNamelessHeader(t *testing.T) {
	m, clk := mrMonster(t)
	header := func() string {
		t.Helper()
		h, err := m.CookieHeader(context.Background(), mustURL(t, "https://example.com/"), NavigationOptions())
		require.NoError(t, err)
		return h
	}
	mrMustSet(t, m, "https://example.com/", "=abc", mrHTTPLax)
	assert.Equal(t, "abc", header())
	clk.Advance(time.Second)
	mrMustSet(t, m, "https://example.com/", "x=1", mrHTTPLax)
	assert.Equal(t, "abc; x=1", header())
	clk.Advance(time.Second)
	mrMustSet(t, m, "https://example.com/", "def", mrHTTPLax)
	assert.Equal(t, "x=1; def", header(), "a second nameless cookie replaces the first")
	c := mrFind(t, m, "")
	assert.Equal(t, "def", c.Value)
	clk.Advance(time.Second)
	st, err := m.SetCookieLine(context.Background(), mustURL(t, "https://example.com/"), "=a=b", mrHTTPLax)
	require.NoError(t, err)
	assert.Equal(t, []ExclusionReason{ExcludeAmbiguousSerialization}, st.Status.Exclusions(), "=a=b would be sent as the cookie a=b")
	assert.Equal(t, "x=1; def", header(), "the nameless cookie def stays")
}

func TestMonsterRulesExpiredDeletedOnRead(t *testing.T) {
	m, clk := mrMonster(t)
	mrMustSet(t, m, "https://example.com/", "e=1; Max-Age=10", mrHTTPLax)
	mrMustSet(t, m, "https://example.com/", "k=1", mrHTTPLax)
	mrMustSet(t, m, "https://example.com/", "x=1; Max-Age=10; Path=/elsewhere", mrHTTPLax)
	events := mrRecord(t, m)

	clk.Set(t0.Add(9 * time.Second))
	r := mrRead(t, m, "https://example.com/", NavigationOptions())
	assert.Equal(t, []string{"e=1", "k=1"}, r.included, "9 s: alive")

	clk.Set(t0.Add(10 * time.Second))
	r = mrRead(t, m, "https://example.com/", NavigationOptions())
	assert.Equal(t, []string{"k=1"}, r.included, "10 s: expired at its expiry instant")
	assert.Empty(t, r.excluded, "expired cookies are deleted, not reported as excluded")
	// Every expired candidate of the key is deleted, the one not on the
	// path too.
	assert.ElementsMatch(t, []string{"Expired e=1", "Expired x=1"}, events(), "deleted by the read itself")
	assert.Equal(t, []string{"k=1"}, mrAll(t, m))
}

// ---- rules the store does not follow yet (skipped: see the BUG lines) ----

// chromium-behavior.md §3 Set, step 2: already_expired = IsExpired(creation),
// the cookie's own creation time, not the current time (Chromium's
// CookieMonster::SetCanonicalCookie: cc->IsExpired(creation_date)).
func TestMonsterRulesAlreadyExpiredIsJudgedAtCreation(t *testing.T) {

	ctx := context.Background()
	src := mustURL(t, "https://example.com/")
	explicit := func(value string, creation, expiry time.Time) *CanonicalCookie {
		return &CanonicalCookie{Name: "e", Value: value, Domain: "example.com", Path: "/",
			Creation: creation, LastAccess: creation, Expiry: expiry,
			SourceScheme: SourceSchemeSecure, SourcePort: 443}
	}

	t.Run("created in the past, expired since: not already expired", func(t *testing.T) {
		m, clk := mrMonster(t)
		causes := mrRecord(t, m)
		mrMustSet(t, m, "https://example.com/", "e=old", mrHTTPLax)
		clk.Set(t0.Add(time.Hour))
		res, err := m.SetCanonicalCookie(ctx, explicit("new", t0, t0.Add(30*time.Minute)), src, mrHTTPLax)
		require.NoError(t, err)
		assert.True(t, res.Status.IsInclude(), "status %s", res.Status)
		// Chromium overwrites (cause Overwrite) and inserts the cookie; the
		// next read or AllCookies deletes it as expired.
		assert.Equal(t, []string{"Inserted e=old", "Overwrite e=old", "Inserted e=new"}, causes())
	})

	t.Run("expiring before its own creation: already expired", func(t *testing.T) {
		m, _ := mrMonster(t)
		res, err := m.SetCanonicalCookie(ctx, explicit("new", t0.Add(time.Hour), t0.Add(30*time.Minute)), src, mrHTTPLax)
		require.NoError(t, err)
		assert.True(t, res.Status.IsInclude(), "status %s", res.Status)
		assert.Empty(t, mrAll(t, m), "not stored")
	})
}

// chromium-behavior.md §5: FAILURE_TO_STORE is the reason for a cookie that
// is malformed or not canonical. Chromium only DCHECKs IsCanonical in
// SetCanonicalCookieAsync; a Go API taking an exported struct has to refuse
// it, or a name such as "a;b" goes out verbatim in the Cookie header.
func TestMonsterRulesSetCanonicalCookieRefusesNonCanonical(t *testing.T) {

	ctx := context.Background()
	src := mustURL(t, "https://example.com/")
	for _, c := range []*CanonicalCookie{
		{Name: "a;b", Value: "x", Domain: "example.com", Path: "/"},
		{Name: "a", Value: "x\r\nSet-Cookie: evil=1", Domain: "example.com", Path: "/"},
		{Name: "", Value: "", Domain: "example.com", Path: "/"},
		{Name: "a", Value: "x", Domain: "example.com", Path: "nopath"},
	} {
		t.Run(fmt.Sprintf("%q=%q path %q", c.Name, c.Value, c.Path), func(t *testing.T) {
			m, _ := mrMonster(t)
			res, err := m.SetCanonicalCookie(ctx, c, src, mrHTTPLax)
			require.NoError(t, err)
			assert.Equal(t, []ExclusionReason{ExcludeFailureToStore}, res.Status.Exclusions(), "status %s", res.Status)
			assert.Empty(t, mrAll(t, m))
			h, err := m.CookieHeader(ctx, src, NavigationOptions())
			require.NoError(t, err)
			assert.Equal(t, "", h)
		})
	}
}

// TestMonsterRulesHeaderOrderAcrossPartitions: the Cookie header sorts
// partitioned and unpartitioned cookies as one list, longer path first,
// then older, as Chromium does.
func TestMonsterRulesHeaderOrderAcrossPartitions(t *testing.T) {
	key := mrKey(t, "https://top.example/")
	part := HTTPOptions(MakeSameSiteContext(ContextLax), key)
	cases := []struct {
		name  string
		steps []mrStep
		read  string
		want  string
	}{
		{"older first, partitioned between", []mrStep{
			{"https://a.example/", "u1=1; Secure", mrHTTPLax},
			{"https://a.example/", "p1=1; Secure; Partitioned", part},
			{"https://a.example/", "u2=1; Secure", mrHTTPLax},
			{"https://a.example/", "p2=1; Secure; Partitioned", part},
		}, "https://a.example/", "u1=1; p1=1; u2=1; p2=1"},
		{"longer path first across partitions", []mrStep{
			{"https://a.example/", "u=1; Secure; Path=/", mrHTTPLax},
			{"https://a.example/", "p=1; Secure; Partitioned; Path=/", part},
			{"https://a.example/", "pl=1; Secure; Partitioned; Path=/x/y", part},
			{"https://a.example/", "ul=1; Secure; Path=/x", mrHTTPLax},
		}, "https://a.example/x/y/z", "pl=1; ul=1; u=1; p=1"},
		{"same name in both", []mrStep{
			{"https://a.example/", "n=p; Secure; Partitioned", part},
			{"https://a.example/", "n=u; Secure", mrHTTPLax},
		}, "https://a.example/", "n=p; n=u"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := mrMonster(t)
			for _, s := range tc.steps {
				mrMustSet(t, m, s.url, s.line, s.opts)
				clk.Advance(time.Second)
			}
			h, err := m.CookieHeader(context.Background(), mustURL(t, tc.read), HTTPOptions(MakeSameSiteContext(ContextStrict), key))
			require.NoError(t, err)
			assert.Equal(t, tc.want, h)
		})
	}
}
