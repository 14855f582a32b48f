package cookiemonster

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/publicsuffix"
)

// t0 is the fixed creation time of the tests.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func mustCookie(t testing.TB, rawURL, line string) *CanonicalCookie {
	t.Helper()
	c, st := NewCanonicalCookie(mustURL(t, rawURL), line, t0, CreateOptions{})
	require.NotNil(t, c, "%q from %s: %s", line, rawURL, st)
	return c
}

type createCase struct {
	name    string
	url     string
	line    string
	exclude []ExclusionReason // nil: accepted
	warn    []WarningReason
	check   func(t *testing.T, c *CanonicalCookie)
}

func runCreateCases(t *testing.T, cases []createCase, o CreateOptions) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, st := NewCanonicalCookie(mustURL(t, tc.url), tc.line, t0, o)
			assert.Equal(t, tc.exclude, st.Exclusions(), "status %s", st)
			assert.Equal(t, tc.warn, st.Warnings(), "status %s", st)
			if tc.exclude != nil {
				assert.Nil(t, c)
				return
			}
			require.NotNil(t, c)
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}

func domainIs(d string) func(*testing.T, *CanonicalCookie) {
	return func(t *testing.T, c *CanonicalCookie) { assert.Equal(t, d, c.Domain) }
}

func pathIs(p string) func(*testing.T, *CanonicalCookie) {
	return func(t *testing.T, c *CanonicalCookie) { assert.Equal(t, p, c.Path) }
}

func expiryIs(e time.Time) func(*testing.T, *CanonicalCookie) {
	return func(t *testing.T, c *CanonicalCookie) { assert.Equal(t, e, c.Expiry) }
}

var (
	invalidDomain = []ExclusionReason{ExcludeInvalidDomain}
	// domainMismatch: a Domain attribute of another registrable domain
	// than the host's, as Chromium reports it.
	domainMismatch = []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain}
	invalidPrefix  = []ExclusionReason{ExcludeInvalidPrefix}
)

func TestNewCanonicalCookieRequiredCases(t *testing.T) {
	ttl := 34560000 * time.Second // 400 days
	runCreateCases(t, []createCase{
		{name: "name 2048 + value 2048 accepted", url: "https://example.com/",
			line: strings.Repeat("n", 2048) + "=" + strings.Repeat("v", 2048),
			check: func(t *testing.T, c *CanonicalCookie) {
				assert.Len(t, c.Name, 2048)
				assert.Len(t, c.Value, 2048)
			}},
		{name: "name 4097 + empty value rejected", url: "https://example.com/",
			line: strings.Repeat("n", 4097) + "=", exclude: []ExclusionReason{ExcludeNameValuePairExceedsMaxSize}},
		{name: "nameless 4096-byte value accepted", url: "https://example.com/",
			line: strings.Repeat("v", 4096),
			check: func(t *testing.T, c *CanonicalCookie) {
				assert.Equal(t, "", c.Name)
				assert.Len(t, c.Value, 4096)
			}},
		{name: "Path=/ + 1023 bytes kept", url: "https://example.com/dir/page",
			line: "a=b; Path=/" + strings.Repeat("p", 1023), check: pathIs("/" + strings.Repeat("p", 1023))},
		{name: "Path=/ + 1024 bytes ignored, default path used", url: "https://example.com/dir/page",
			line: "a=b; Path=/" + strings.Repeat("p", 1024), warn: []WarningReason{WarnAttributeValueExceedsMaxSize},
			check: pathIs("/dir")},
		{name: "Max-Age=34560001 capped at creation + 34560000 s", url: "https://example.com/",
			line: "a=b; Max-Age=34560001", check: expiryIs(t0.Add(ttl))},
		{name: "Expires ten years ahead capped at creation + 34560000 s", url: "https://example.com/",
			line: "a=b; Expires=" + t0.AddDate(10, 0, 0).Format(httpTimeFormat), check: expiryIs(t0.Add(ttl))},
		{name: "__Host- accepted from https", url: "https://example.com/",
			line: "__Host-a=b; Secure; Path=/", check: domainIs("example.com")},
		{name: "__Host- without Path=/ rejected", url: "https://example.com/",
			line: "__Host-a=b; Secure", exclude: invalidPrefix},
		{name: "__Host- with Domain rejected", url: "https://example.com/",
			line: "__Host-a=b; Secure; Path=/; Domain=example.com", exclude: invalidPrefix},
		{name: "__Host- from http rejected", url: "http://example.com/",
			line: "__Host-a=b; Secure; Path=/", exclude: invalidPrefix},
		{name: "__HoSt- with Domain rejected (case-insensitive)", url: "https://example.com/",
			line: "__HoSt-a=b; Secure; Path=/; Domain=example.com", exclude: invalidPrefix},
		{name: "=__Secure-x=1 rejected (hidden prefix)", url: "https://example.com/",
			line: "=__Secure-x=1", exclude: invalidPrefix},
		{name: "Domain=co.uk from www.example.co.uk rejected", url: "https://www.example.co.uk/",
			line: "a=b; Domain=co.uk", exclude: domainMismatch},
		{name: "Domain=example.co.uk from www.example.co.uk accepted", url: "https://www.example.co.uk/",
			line: "a=b; Domain=example.co.uk", check: domainIs(".example.co.uk")},
		// Chromium 156 refuses a tab inside a value.
		{name: "tab inside the value refused", url: "https://example.com/",
			line: "a=b\tc", exclude: []ExclusionReason{ExcludeDisallowedCharacter}},
	}, CreateOptions{})
}

func TestNewCanonicalCookieControlCharacters(t *testing.T) {
	var cases []createCase
	for _, ctl := range []string{"\r", "\n", "\x00", "\x01", "\x7f"} {
		for _, line := range []string{"a" + ctl + "b=c", "a=b" + ctl + "c", "a=b; Path=/x" + ctl + "y", "a=b; Foo" + ctl + "=1"} {
			cases = append(cases, createCase{name: strings.ReplaceAll(line, ctl, "<ctl>") + " " + url.QueryEscape(ctl),
				url: "https://example.com/", line: line, exclude: []ExclusionReason{ExcludeDisallowedCharacter}})
		}
	}
	runCreateCases(t, cases, CreateOptions{})
}

func TestNewCanonicalCookieDomain(t *testing.T) {
	cases := []createCase{
		{name: "no Domain: host-only", url: "https://www.example.com/", line: "a=b", check: domainIs("www.example.com")},
		{name: "empty Domain: host-only", url: "https://www.example.com/", line: "a=b; Domain=", check: domainIs("www.example.com")},
		{name: "last Domain wins, empty included", url: "https://www.example.com/",
			line: "a=b; Domain=example.com; Domain=", check: domainIs("www.example.com")},
		{name: "Domain = host", url: "https://www.example.com/", line: "a=b; Domain=www.example.com", check: domainIs(".www.example.com")},
		{name: "leading dot and upper case", url: "https://www.example.com/", line: "a=b; Domain=.EXAMPLE.com", check: domainIs(".example.com")},
		{name: "host upper case", url: "https://WWW.Example.COM/", line: "a=b", check: domainIs("www.example.com")},
		{name: "sibling rejected", url: "https://www.example.com/", line: "a=b; Domain=other.example.com", exclude: invalidDomain},
		{name: "other site rejected", url: "https://www.example.com/", line: "a=b; Domain=example.org", exclude: domainMismatch},
		{name: "suffix that is not a label boundary", url: "https://www.myexample.com/", line: "a=b; Domain=example.com", exclude: domainMismatch},
		{name: "public suffix rejected", url: "https://www.example.com/", line: "a=b; Domain=com", exclude: domainMismatch},
		{name: "percent rejected", url: "https://www.example.com/", line: "a=b; Domain=ex%61mple.com", exclude: invalidDomain},
		{name: "IDN domain to punycode", url: "https://www.xn--bcher-kva.com/", line: "a=b; Domain=BÜCHER.com",
			warn: []WarningReason{WarnDomainNonASCII}, check: domainIs(".xn--bcher-kva.com")},
		{name: "IDN host", url: "https://bücher.com/", line: "a=b", check: domainIs("xn--bcher-kva.com")},
		{name: "public suffix host, Domain itself: host cookie", url: "https://co.uk/", line: "a=b; Domain=co.uk", check: domainIs("co.uk")},
		{name: "public suffix host, no Domain", url: "https://co.uk/", line: "a=b", check: domainIs("co.uk")},
		// An unknown TLD is a one-label registry (Chromium 156).
		{name: "unknown TLD host, Domain parent accepted", url: "https://www.foo.izzle/", line: "a=b; Domain=foo.izzle", check: domainIs(".foo.izzle")},
		{name: "unknown TLD host, Domain itself: domain cookie", url: "https://a0001.izzle/", line: "a=b; Domain=a0001.izzle", check: domainIs(".a0001.izzle")},
		{name: "unknown TLD itself, Domain refused", url: "https://a.foo.test/", line: "a=b; Domain=test", exclude: domainMismatch},
		{name: ".test: Domain parent", url: "https://a.foo.test/", line: "a=b; Domain=foo.test", check: domainIs(".foo.test")},
		{name: ".test: Domain the host itself", url: "https://a.foo.test/", line: "a=b; Domain=a.foo.test", check: domainIs(".a.foo.test")},
		{name: ".internal: Domain parent", url: "https://a.corp.internal/", line: "a=b; Domain=corp.internal", check: domainIs(".corp.internal")},
		{name: "subdomain of localhost: Domain parent", url: "http://a.b.localhost/", line: "a=b; Domain=b.localhost", check: domainIs(".b.localhost")},
		{name: "IDN under an unknown TLD", url: "https://www.bücher.example/", line: "a=b; Domain=bücher.example", warn: []WarningReason{WarnDomainNonASCII}, check: domainIs(".xn--bcher-kva.example")},
		{name: "IPv4 host", url: "http://127.0.0.1:8080/", line: "a=b", check: domainIs("127.0.0.1")},
		{name: "IPv4 host with Domain = host", url: "http://192.168.0.1/", line: "a=b; Domain=192.168.0.1", check: domainIs("192.168.0.1")},
		{name: "IPv4 host with Domain = .host", url: "http://192.168.0.1/", line: "a=b; Domain=.192.168.0.1", check: domainIs("192.168.0.1")},
		{name: "IPv4 host with another Domain", url: "http://192.168.0.1/", line: "a=b; Domain=168.0.1", exclude: invalidDomain},
		// An IPv4 host in another form is the dotted quad (Chromium 156's URL
		// parser; recorded in the combo-ip scenarios).
		{name: "IPv4 short form host", url: "http://127.1/", line: "a=b", check: domainIs("127.0.0.1")},
		{name: "IPv4 decimal host", url: "http://2130706433/", line: "a=b; Domain=127.0.0.1", check: domainIs("127.0.0.1")},
		{name: "IPv4 hexadecimal host", url: "http://0x7f.0.0.1/", line: "a=b", check: domainIs("127.0.0.1")},
		{name: "IPv4 octal host", url: "http://0177.0.0.1/", line: "a=b; Domain=.127.0.0.1", check: domainIs("127.0.0.1")},
		{name: "IPv4 host with a trailing dot", url: "http://127.0.0.1./", line: "a=b", check: domainIs("127.0.0.1")},
		{name: "IPv4 host, Domain in another form", url: "http://127.0.0.1/", line: "a=b; Domain=127.1", exclude: invalidDomain},
		{name: "host ending in a number that is no IPv4", url: "http://foo.1/", line: "a=b", exclude: []ExclusionReason{ExcludeFailureToStore}},
		{name: "IPv6 host", url: "http://[::1]:8080/", line: "a=b", check: domainIs("[::1]")},
		{name: "IPv6 host in another form", url: "http://[0:0::1]/", line: "a=b; Domain=[::1]", check: domainIs("[::1]")},
		{name: "localhost", url: "http://localhost/", line: "a=b; Domain=localhost", check: domainIs("localhost")},
		{name: "private registry is a suffix", url: "https://foo.blogspot.com/", line: "a=b; Domain=blogspot.com", exclude: domainMismatch},
		{name: "private registry subdomain", url: "https://www.foo.blogspot.com/", line: "a=b; Domain=foo.blogspot.com", check: domainIs(".foo.blogspot.com")},
	}
	// The default list and an explicit publicsuffix.List decide alike.
	for _, psl := range []PublicSuffixList{nil, publicsuffix.List} {
		name := "default list"
		if psl != nil {
			name = "publicsuffix.List"
		}
		t.Run(name, func(t *testing.T) {
			runCreateCases(t, cases, CreateOptions{PublicSuffixList: psl})
		})
	}
}

func TestNewCanonicalCookiePath(t *testing.T) {
	runCreateCases(t, []createCase{
		{name: "default from directory", url: "https://a.com/x/y/z", line: "a=b", check: pathIs("/x/y")},
		{name: "default at root", url: "https://a.com/x", line: "a=b", check: pathIs("/")},
		{name: "default for empty path", url: "https://a.com", line: "a=b", check: pathIs("/")},
		{name: "default keeps trailing-slash directory", url: "https://a.com/x/", line: "a=b", check: pathIs("/x")},
		{name: "default is escaped", url: "https://a.com/a%20b/c", line: "a=b", check: pathIs("/a%20b")},
		// The URL's path as a browser has it (Chromium 156, recorded in
		// the combo-path scenarios).
		{name: "default after a dot segment", url: "https://a.com/a/./b/c", line: "a=b", check: pathIs("/a/b")},
		{name: "default after a double-dot segment", url: "https://a.com/a/../b/c", line: "a=b", check: pathIs("/b")},
		{name: "default for a path ending in a dot", url: "https://a.com/a/b/.", line: "a=b", check: pathIs("/a/b")},
		{name: "default for a path ending in two dots", url: "https://a.com/a/b/..", line: "a=b", check: pathIs("/a")},
		{name: "default with escaped dots", url: "https://a.com/a/%2e/b/%2E%2e/c/d", line: "a=b", check: pathIs("/a/c")},
		{name: "two dots above the root", url: "https://a.com/../../x/y", line: "a=b", check: pathIs("/x")},
		{name: "dots inside a segment are kept", url: "https://a.com/a/b./.c/..d/e", line: "a=b", check: pathIs("/a/b./.c/..d")},
		{name: "three dots are a name", url: "https://a.com/a/.../b", line: "a=b", check: pathIs("/a/...")},
		{name: "backslash is a slash", url: "https://a.com/a\\b/c", line: "a=b", check: pathIs("/a/b")},
		{name: "escaped backslash is kept", url: "https://a.com/a%5Cb/c", line: "a=b", check: pathIs("/a%5Cb")},
		{name: "empty segments are kept", url: "https://a.com//a/b", line: "a=b", check: pathIs("//a")},
		{name: "attribute verbatim", url: "https://a.com/x/y", line: "a=b; Path=/Q/%7e/../", check: pathIs("/Q/%7e/../")},
		{name: "relative attribute ignored", url: "https://a.com/x/y", line: "a=b; Path=rel", check: pathIs("/x")},
		{name: "empty attribute ignored", url: "https://a.com/x/y", line: "a=b; Path=", check: pathIs("/x")},
		{name: "last Path wins", url: "https://a.com/", line: "a=b; Path=/one; path=/two", check: pathIs("/two")},
	}, CreateOptions{})
}

func TestNewCanonicalCookieExpiry(t *testing.T) {
	server := t0.Add(-time.Hour) // the server's clock is an hour behind
	expired := alreadyExpired()
	in := func(d time.Duration) time.Time { return t0.Add(d) }
	cases := []struct {
		name   string
		line   string
		server time.Time
		want   time.Time
	}{
		{"session", "a=b", time.Time{}, time.Time{}},
		{"Max-Age", "a=b; Max-Age=60", time.Time{}, in(time.Minute)},
		{"Max-Age leading zeros", "a=b; Max-Age=0060", time.Time{}, in(time.Minute)},
		{"Max-Age plus sign", "a=b; Max-Age=+60", time.Time{}, in(time.Minute)},
		{"Max-Age=0 already expired", "a=b; Max-Age=0", time.Time{}, expired},
		{"Max-Age negative already expired", "a=b; Max-Age=-5", time.Time{}, expired},
		{"Max-Age int64 overflow saturates then caps", "a=b; Max-Age=99999999999999999999999", time.Time{}, in(MaxExpiryAge)},
		{"Max-Age negative overflow already expired", "a=b; Max-Age=-99999999999999999999999", time.Time{}, expired},
		{"Max-Age beats Expires", "a=b; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Max-Age=60", time.Time{}, in(time.Minute)},
		{"Max-Age beats Expires in either order", "a=b; Max-Age=60; Expires=Wed, 09 Jun 2027 10:18:14 GMT", time.Time{}, in(time.Minute)},
		{"non-numeric Max-Age falls back to Expires", "a=b; Max-Age=1x; Expires=Wed, 09 Jun 2026 10:18:14 GMT", time.Time{},
			time.Date(2026, 6, 9, 10, 18, 14, 0, time.UTC)},
		{"non-numeric Max-Age alone: session", "a=b; Max-Age=soon", time.Time{}, time.Time{}},
		{"empty Max-Age: session", "a=b; Max-Age=", time.Time{}, time.Time{}},
		{"Expires", "a=b; Expires=Wed, 09 Jun 2026 10:18:14 GMT", time.Time{}, time.Date(2026, 6, 9, 10, 18, 14, 0, time.UTC)},
		{"Expires with server skew", "a=b; Expires=Wed, 09 Jun 2026 10:18:14 GMT", server, time.Date(2026, 6, 9, 11, 18, 14, 0, time.UTC)},
		{"Expires in the past", "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT", time.Time{}, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"invalid Expires: session", "a=b; Expires=tomorrow", time.Time{}, time.Time{}},
		// Chromium 156 reads a year before 1601 as the earliest time it
		// holds: the cookie is already expired, not a session cookie.
		{"Expires year 1600: already expired", "a=b; Expires=Wed, 09 Jun 1600 10:18:14 GMT", time.Time{}, expired},
		{"Expires year 1000: already expired", "a=b; Expires=Wed, 01 Jan 1000 00:00:00 GMT", time.Time{}, expired},
		{"Expires year 1600, day 31 of June: invalid, session", "a=b; Expires=31 Jun 1600 10:18:14 GMT", time.Time{}, time.Time{}},
		{"Expires year 1601: that date", "a=b; Expires=Mon, 01 Jan 1601 00:00:01 GMT", time.Time{}, time.Date(1601, 1, 1, 0, 0, 1, 0, time.UTC)},
		{"Expires two-digit year", "a=b; Expires=Wed, 09-Jun-26 10:18:14 GMT", time.Time{}, time.Date(2026, 6, 9, 10, 18, 14, 0, time.UTC)},
		{"Expires ten years ahead: cap", "a=b; Expires=Fri, 01 Mar 2036 12:00:00 GMT", time.Time{}, in(MaxExpiryAge)},
		// Expires is read as Chromium reads it, not by RFC 6265bis §5.1.1.
		{"Expires five-digit year: cap", "a=b; Expires=Thu, 12-Aug-31841 20:49:07 GMT", time.Time{}, in(MaxExpiryAge)},
		{"Expires day with letters: session", "a=b; Expires=1st Jun 2026 10:18:14", time.Time{}, time.Time{}},
		{"Expires time with letters: session", "a=b; Expires=09 Jun 2026 10:18:14Z", time.Time{}, time.Time{}},
		{"Expires three-digit hour", "a=b; Expires=09 Jun 2026 010:18:14", time.Time{}, time.Date(2026, 6, 9, 10, 18, 14, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, st := NewCanonicalCookie(mustURL(t, "https://example.com/"), tc.line, t0, CreateOptions{ServerTime: tc.server})
			require.NotNil(t, c, "%s", st)
			assert.Equal(t, tc.want, c.Expiry)
			assert.Equal(t, !tc.want.IsZero(), c.IsPersistent())
		})
	}
	t.Run("already expired is expired at creation", func(t *testing.T) {
		c := mustCookie(t, "https://example.com/", "a=b; Max-Age=0")
		assert.True(t, c.IsExpired(t0))
		c = mustCookie(t, "https://example.com/", "a=b; Max-Age=60")
		assert.False(t, c.IsExpired(t0.Add(59*time.Second)))
		assert.True(t, c.IsExpired(t0.Add(60*time.Second)))
		assert.False(t, mustCookie(t, "https://example.com/", "a=b").IsExpired(t0.AddDate(100, 0, 0)))
	})
}

func TestNewCanonicalCookiePrefixes(t *testing.T) {
	runCreateCases(t, []createCase{
		{name: "__Secure- with Secure over https", url: "https://a.com/", line: "__Secure-a=b; Secure"},
		{name: "__Secure- without Secure", url: "https://a.com/", line: "__Secure-a=b", exclude: invalidPrefix},
		{name: "__Secure- over http", url: "http://a.com/", line: "__Secure-a=b; Secure", exclude: invalidPrefix},
		{name: "__secure- lower case checked too", url: "https://a.com/", line: "__secure-a=b", exclude: invalidPrefix},
		{name: "__Secure- over http://localhost", url: "http://localhost/", line: "__Secure-a=b; Secure",
			warn: []WarningReason{WarnTentativelyAllowingSecureSourceScheme}},
		{name: "__Host- Path=/ given after another Path", url: "https://a.com/x/y", line: "__Host-a=b; Path=/x; Secure; Path=/"},
		{name: "__Host- with Path=/x", url: "https://a.com/", line: "__Host-a=b; Secure; Path=/x", exclude: invalidPrefix},
		{name: "__Host- empty Domain allowed", url: "https://a.com/", line: "__Host-a=b; Secure; Path=/; Domain="},
		{name: "__Host- on an IP with Domain = host", url: "https://10.0.0.1/", line: "__Host-a=b; Secure; Path=/; Domain=10.0.0.1"},
		{name: "__Http- needs HttpOnly", url: "https://a.com/", line: "__Http-a=b; Secure", exclude: invalidPrefix},
		{name: "__Http- with HttpOnly and Secure", url: "https://a.com/", line: "__Http-a=b; Secure; HttpOnly"},
		{name: "__Host-Http- all rules", url: "https://a.com/", line: "__Host-Http-a=b; Secure; HttpOnly; Path=/"},
		{name: "__Host-Http- without HttpOnly", url: "https://a.com/", line: "__Host-Http-a=b; Secure; Path=/", exclude: invalidPrefix},
		{name: "prefix only in the middle is no prefix", url: "http://a.com/", line: "x__Host-a=b"},
		{name: "nameless hidden __Host-", url: "https://a.com/", line: "__Host-x=1; Secure; Path=/"},
		{name: "nameless value hides __Host-", url: "https://a.com/", line: "=__Host-x=1; Secure; Path=/", exclude: invalidPrefix},
		{name: "nameless value hides __secure- (case)", url: "https://a.com/", line: "__sEcUrE-x", exclude: invalidPrefix},
		{name: "nameless value after whitespace", url: "https://a.com/", line: "=  __Secure-x", exclude: invalidPrefix},
	}, CreateOptions{})
}

func TestNewCanonicalCookiePartitioned(t *testing.T) {
	key, err := NewPartitionKey(mustURL(t, "https://top.example/"), true)
	require.NoError(t, err)
	nonced, err := NewNoncedPartitionKey(mustURL(t, "https://top.example/"), Nonce{1})
	require.NoError(t, err)
	partitionIs := func(k PartitionKey) func(*testing.T, *CanonicalCookie) {
		return func(t *testing.T, c *CanonicalCookie) { assert.Equal(t, k, c.Partition) }
	}
	runCreateCases(t, []createCase{
		{name: "Partitioned Secure over https", url: "https://a.com/", line: "a=b; Secure; Partitioned", check: partitionIs(key)},
		{name: "Partitioned without Secure", url: "https://a.com/", line: "a=b; Partitioned", exclude: []ExclusionReason{ExcludeInvalidPartitioned}},
		{name: "Partitioned Secure over http", url: "http://a.com/", line: "a=b; Secure; Partitioned",
			exclude: []ExclusionReason{ExcludeInvalidPartitioned}},
		{name: "no attribute: unpartitioned", url: "https://a.com/", line: "a=b; Secure", check: partitionIs(PartitionKey{})},
	}, CreateOptions{Partition: key})
	runCreateCases(t, []createCase{
		{name: "attribute without key: unpartitioned", url: "https://a.com/", line: "a=b; Secure; Partitioned", check: partitionIs(PartitionKey{})},
		{name: "attribute without key still validated", url: "https://a.com/", line: "a=b; Partitioned", exclude: []ExclusionReason{ExcludeInvalidPartitioned}},
	}, CreateOptions{})
	runCreateCases(t, []createCase{
		{name: "nonced key partitions without the attribute", url: "https://a.com/", line: "a=b", check: partitionIs(nonced)},
		{name: "nonced key accepts Partitioned without Secure", url: "https://a.com/", line: "a=b; Partitioned", check: partitionIs(nonced)},
	}, CreateOptions{Partition: nonced})
}

func TestNewCanonicalCookieSource(t *testing.T) {
	cases := []struct {
		url, line string
		scheme    SourceScheme
		port      int
		warn      []WarningReason
	}{
		{"https://a.com/", "a=b", SourceSchemeSecure, 443, nil},
		{"http://a.com/", "a=b", SourceSchemeNonSecure, 80, nil},
		{"http://a.com:8080/", "a=b", SourceSchemeNonSecure, 8080, nil},
		{"wss://a.com/", "a=b", SourceSchemeSecure, 443, nil},
		{"ws://a.com:81/", "a=b", SourceSchemeNonSecure, 81, nil},
		{"http://localhost/", "a=b; Secure", SourceSchemeSecure, 443, []WarningReason{WarnTentativelyAllowingSecureSourceScheme}},
		{"http://localhost:8000/", "a=b; Secure", SourceSchemeSecure, 8000, []WarningReason{WarnTentativelyAllowingSecureSourceScheme}},
		{"http://a.com/", "a=b; Secure", SourceSchemeSecure, 443, []WarningReason{WarnTentativelyAllowingSecureSourceScheme}},
		{"https://a.com:8443/", "a=b; Secure", SourceSchemeSecure, 8443, nil},
	}
	for _, tc := range cases {
		t.Run(tc.url+" "+tc.line, func(t *testing.T) {
			c, st := NewCanonicalCookie(mustURL(t, tc.url), tc.line, t0, CreateOptions{})
			require.NotNil(t, c, "%s", st)
			assert.Equal(t, tc.scheme, c.SourceScheme)
			assert.Equal(t, tc.port, c.SourcePort)
			assert.Equal(t, tc.warn, st.Warnings())
			assert.Equal(t, t0, c.Creation)
			assert.Equal(t, t0, c.LastAccess)
			assert.Equal(t, t0, c.LastUpdate)
		})
	}
}

func TestNewCanonicalCookieBadInput(t *testing.T) {
	fail := []ExclusionReason{ExcludeFailureToStore}
	c, st := NewCanonicalCookie(nil, "a=b", t0, CreateOptions{})
	assert.Nil(t, c)
	assert.Equal(t, fail, st.Exclusions())
	c, st = NewCanonicalCookie(mustURL(t, "file:///etc/passwd"), "a=b", t0, CreateOptions{})
	assert.Nil(t, c)
	assert.Equal(t, fail, st.Exclusions())
	c, st = NewCanonicalCookie(mustURL(t, "https://a..com../"), "a=b", t0, CreateOptions{})
	assert.Nil(t, c)
	assert.Equal(t, fail, st.Exclusions())
	// URLs Chromium 156 refuses: a port out of range, a host with a
	// leading dot.
	for _, u := range []string{"http://www.foo.com:70000/", "http://www.foo.com:65536/", "http://.127.0.0.1/path", "http://.foo.com/"} {
		c, st = NewCanonicalCookie(mustURL(t, u), "a=b", t0, CreateOptions{})
		assert.Nil(t, c, u)
		assert.Equal(t, fail, st.Exclusions(), u)
	}
	c, st = NewCanonicalCookie(mustURL(t, "http://www.foo.com:65535/"), "a=b", t0, CreateOptions{})
	require.NotNil(t, c, "%s", st)
	assert.Equal(t, 65535, c.SourcePort)
	c, st = NewCanonicalCookie(mustURL(t, "https://a.com/"), " ", t0, CreateOptions{})
	assert.Nil(t, c)
	assert.Equal(t, []ExclusionReason{ExcludeNoCookieContent}, st.Exclusions())
}

func FuzzURLPath(f *testing.F) {
	for _, p := range []string{"/a/./b", "/a/../b/c", "/a/b/..", "/%2e%2E/x", "/a\\b", "//a", "/a/.../b", "/a%5Cb"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		u, err := url.Parse("http://h" + p)
		if err != nil || u.Host != "h" {
			return
		}
		got := urlPath(u)
		if got == "" || got[0] != '/' {
			t.Fatalf("urlPath(%q) = %q", p, got)
		}
		if again := removeDotSegments(got); again != got {
			t.Fatalf("urlPath(%q) = %q still has dot segments: %q", p, got, again)
		}
	})
}

// TestRequestPathAsBrowser: a request URL's path is matched as a browser
// has it, dot segments resolved and backslashes read as slashes.
func TestRequestPathAsBrowser(t *testing.T) {
	c := mustCookie(t, "https://a.com/b/c/page", "a=b")
	require.Equal(t, "/b/c", c.Path)
	for _, tc := range []struct {
		url  string
		sent bool
	}{
		{"https://a.com/b/c/x", true},
		{"https://a.com/a/../b/c/x", true},
		{"https://a.com/b/./c/x", true},
		{"https://a.com/b/%2e/c", true},
		{"https://a.com/b\\c\\x", true},
		{"https://a.com/b/c/../x", false},
		{"https://a.com/b/c/..", false},
		{"https://a.com/b/c/.", true},
		{"https://a.com/b%5Cc/x", false},
	} {
		t.Run(tc.url, func(t *testing.T) {
			st := c.IncludeForRequestURL(mustURL(t, tc.url), NavigationOptions(), t0).Status
			assert.Equal(t, tc.sent, st.IsInclude(), "%s", st)
			if !tc.sent {
				assert.True(t, st.HasExclusion(ExcludeNotOnPath), "%s", st)
			}
		})
	}
}

func TestMatchingHelpers(t *testing.T) {
	domainCases := []struct {
		domain, host string
		want         bool
	}{
		{"example.com", "example.com", true},
		{"example.com", "www.example.com", false},
		{".example.com", "example.com", true},
		{".example.com", "www.example.com", true},
		{".example.com", "a.b.example.com", true},
		{".example.com", "myexample.com", false},
		{".example.com", "example.com.evil", false},
		{"www.example.com", "example.com", false},
	}
	for _, tc := range domainCases {
		c := &CanonicalCookie{Domain: tc.domain}
		assert.Equal(t, tc.want, c.IsDomainMatch(tc.host), "IsDomainMatch(%q, %q)", tc.domain, tc.host)
	}
	pathCases := []struct {
		cpath, path string
		want        bool
	}{
		{"/", "/", true},
		{"/", "/anything", true},
		{"/foo", "/foo", true},
		{"/foo", "/foo/", true},
		{"/foo", "/foo/bar", true},
		{"/foo", "/foobar", false},
		{"/foo/", "/foo/bar", true},
		{"/foo/", "/foo", false},
		{"/foo", "/", false},
		{"/Foo", "/foo", false},
		{"", "/", false},
		{"/f%6Fo", "/foo", false},
	}
	for _, tc := range pathCases {
		c := &CanonicalCookie{Path: tc.cpath}
		assert.Equal(t, tc.want, c.IsOnPath(tc.path), "IsOnPath(%q, %q)", tc.cpath, tc.path)
	}
}

func TestIsEquivalent(t *testing.T) {
	key, err := NewPartitionKey(mustURL(t, "https://top.example/"), true)
	require.NoError(t, err)
	base := CanonicalCookie{Name: "a", Value: "1", Domain: ".example.com", Path: "/"}
	mod := func(f func(*CanonicalCookie)) *CanonicalCookie { c := base; f(&c); return &c }
	cases := []struct {
		name string
		o    *CanonicalCookie
		want bool
	}{
		{"identical", mod(func(*CanonicalCookie) {}), true},
		{"other value, times, flags", mod(func(c *CanonicalCookie) {
			c.Value, c.Secure, c.HTTPOnly, c.Creation, c.SameSite, c.SourcePort = "2", true, true, t0, SameSiteStrict, 8080
		}), true},
		{"other name", mod(func(c *CanonicalCookie) { c.Name = "A" }), false},
		{"host-only vs domain", mod(func(c *CanonicalCookie) { c.Domain = "example.com" }), false},
		{"other path", mod(func(c *CanonicalCookie) { c.Path = "/x" }), false},
		{"partitioned vs not", mod(func(c *CanonicalCookie) { c.Partition = key }), false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, base.IsEquivalent(tc.o), tc.name)
		assert.Equal(t, tc.want, tc.o.IsEquivalent(&base), tc.name+" (reversed)")
	}
}

func TestIsEquivalentForSecureCookieMatching(t *testing.T) {
	existing := &CanonicalCookie{Name: "a", Domain: ".example.com", Path: "/foo", Secure: true}
	cases := []struct {
		name   string
		domain string
		path   string
		cname  string
		want   bool
	}{
		{"same domain and path", ".example.com", "/foo", "a", true},
		{"host cookie on the same domain", "example.com", "/foo", "a", true},
		{"subdomain", "www.example.com", "/foo", "a", true},
		{"deeper subdomain, deeper path", ".a.b.example.com", "/foo/bar", "a", true},
		{"superdomain", ".com", "/foo", "a", true},
		{"path above the existing path", ".example.com", "/", "a", false},
		{"sibling path", ".example.com", "/foobar", "a", false},
		{"unrelated domain", ".example.org", "/foo", "a", false},
		{"lookalike domain", ".myexample.com", "/foo", "a", false},
		{"other name", ".example.com", "/foo", "b", false},
	}
	for _, tc := range cases {
		c := &CanonicalCookie{Name: tc.cname, Domain: tc.domain, Path: tc.path}
		assert.Equal(t, tc.want, c.isEquivalentForSecureCookieMatching(existing), tc.name)
	}
}

func TestSortAndCookieLine(t *testing.T) {
	mk := func(name, path string, created time.Duration) *CanonicalCookie {
		return &CanonicalCookie{Name: name, Value: "v" + name, Path: path, Creation: t0.Add(created)}
	}
	cookies := []*CanonicalCookie{
		mk("short-old", "/", 0),
		mk("long-new", "/a/b", 2*time.Second),
		mk("mid", "/a", time.Second),
		mk("long-old", "/a/c", time.Second),
		mk("short-new", "/", 3*time.Second),
		mk("tie-1", "/", 0),
	}
	SortCookies(cookies)
	var names []string
	for _, c := range cookies {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"long-old", "long-new", "mid", "short-old", "tie-1", "short-new"}, names)
	nameless := &CanonicalCookie{Value: "bare"}
	assert.Equal(t, "long-old=vlong-old; bare; mid=vmid", CookieLine([]*CanonicalCookie{cookies[0], nameless, cookies[2]}))
	assert.Equal(t, "", CookieLine(nil))
}

func TestCanonicalStringRoundTrip(t *testing.T) {
	key, err := NewPartitionKey(mustURL(t, "https://top.example/"), true)
	require.NoError(t, err)
	u := mustURL(t, "https://www.example.com/dir/page")
	lines := map[string]string{
		"a=b":            "a=b; Path=/dir",
		"bare":           "=bare; Path=/dir",
		"a=b; Max-Age=0": "a=b; Path=/dir; Expires=Mon, 01 Jan 1601 00:00:00 GMT",
		"a=b; Domain=EXAMPLE.com; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=strict; Priority=HIGH; Partitioned": "a=b; Domain=example.com; Path=/; Expires=Sun, 01 Mar 2026 13:00:00 GMT; Secure; HttpOnly; SameSite=Strict; Priority=High; Partitioned",
		"__Host-x=1; Secure; Path=/; SameSite=None; Priority=low":                                                      "__Host-x=1; Path=/; Secure; SameSite=None; Priority=Low",
	}
	for line, want := range lines {
		c, st := NewCanonicalCookie(u, line, t0, CreateOptions{Partition: key})
		require.NotNil(t, c, "%q: %s", line, st)
		assert.Equal(t, want, c.String())
		again, st := NewCanonicalCookie(u, c.String(), t0, CreateOptions{Partition: key})
		require.NotNil(t, again, "%q: %s", c.String(), st)
		assert.Equal(t, c, again, line)
	}
}
