package cookiemonster

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sanNow is the injected clock of the NewSanitizedCookie tests: not UTC and
// with nanoseconds, so the normalization to UTC µs shows; sanNowNorm is it
// normalized.
var (
	sanNow     = time.Date(2026, 5, 10, 10, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))
	sanNowNorm = time.Date(2026, 5, 10, 8, 0, 0, 123456000, time.UTC)
)

func TestNewSanitizedCookie(t *testing.T) {
	site, err := NewPartitionKey(accURL(t, "https://top.example/"), true)
	require.NoError(t, err)
	nonced, err := NewNoncedPartitionKey(accURL(t, "https://top.example/"), Nonce{9})
	require.NoError(t, err)

	// base is an accepted host-only cookie for https://www.example.com:8443/a/b/c.
	base := func() CookieDetails {
		return CookieDetails{URL: accURL(t, "https://www.example.com:8443/a/b/c"), Name: "n", Value: "v"}
	}
	// baseCookie is what base gives.
	baseCookie := func() CanonicalCookie {
		return CanonicalCookie{
			Name: "n", Value: "v", Domain: "www.example.com", Path: "/a/b",
			Creation: sanNowNorm, LastAccess: sanNowNorm, LastUpdate: sanNowNorm,
			SourceScheme: SourceSchemeSecure, SourcePort: 8443,
		}
	}
	on := func(raw string, d CookieDetails) CookieDetails {
		d.URL = accURL(t, raw)
		return d
	}

	type tc struct {
		name string
		d    CookieDetails
		// want is the exact cookie; nil when the cookie is refused.
		want *CanonicalCookie
		excl []ExclusionReason
		warn []WarningReason
	}
	accept := func(name string, d CookieDetails, edit func(*CanonicalCookie), w ...WarningReason) tc {
		c := baseCookie()
		if edit != nil {
			edit(&c)
		}
		return tc{name: name, d: d, want: &c, warn: w}
	}
	refuse := func(name string, d CookieDetails, r ...ExclusionReason) tc {
		return tc{name: name, d: d, excl: r}
	}
	with := func(edit func(*CookieDetails)) CookieDetails {
		d := base()
		edit(&d)
		return d
	}

	long := strings.Repeat("a", 1021) + ".com" // 1025 bytes
	cases := []tc{
		accept("valid host-only cookie", base(), nil),
		accept("all fields kept", with(func(d *CookieDetails) {
			d.Secure, d.HTTPOnly, d.SameSite, d.Priority = true, true, SameSiteStrict, PriorityHigh
		}), func(c *CanonicalCookie) {
			c.Secure, c.HTTPOnly, c.SameSite, c.Priority = true, true, SameSiteStrict, PriorityHigh
		}),
		accept("default path of a one-segment URL path", on("https://www.example.com/x", base()),
			func(c *CanonicalCookie) { c.Path, c.SourcePort = "/", 443 }),
		accept("default path of an empty URL path", on("https://www.example.com", base()),
			func(c *CanonicalCookie) { c.Path, c.SourcePort = "/", 443 }),
		accept("http URL: non-secure source, port 80", on("http://www.example.com/", base()),
			func(c *CanonicalCookie) { c.Path, c.SourceScheme, c.SourcePort = "/", SourceSchemeNonSecure, 80 }),
		accept("Secure from http://localhost: secure source, port 443",
			on("http://localhost/", with(func(d *CookieDetails) { d.Secure = true })),
			func(c *CanonicalCookie) { c.Domain, c.Path, c.Secure, c.SourcePort = "localhost", "/", true, 443 },
			WarnTentativelyAllowingSecureSourceScheme),
		accept("Secure from http://localhost:8080 keeps its port",
			on("http://localhost:8080/", with(func(d *CookieDetails) { d.Secure = true })),
			func(c *CanonicalCookie) { c.Domain, c.Path, c.Secure, c.SourcePort = "localhost", "/", true, 8080 },
			WarnTentativelyAllowingSecureSourceScheme),
		accept("explicit creation and last access", with(func(d *CookieDetails) {
			d.Creation = sanNow.Add(-time.Hour)
			d.LastAccess = sanNow.Add(-time.Minute)
		}), func(c *CanonicalCookie) {
			c.Creation = sanNowNorm.Add(-time.Hour)
			c.LastAccess = sanNowNorm.Add(-time.Minute)
		}),
		accept("explicit creation: last access defaults to it", with(func(d *CookieDetails) {
			d.Creation = sanNow.Add(-time.Hour)
		}), func(c *CanonicalCookie) {
			c.Creation = sanNowNorm.Add(-time.Hour)
			c.LastAccess = sanNowNorm.Add(-time.Hour)
		}),

		// Domain.
		accept(`Domain "example.com"`, with(func(d *CookieDetails) { d.Domain = "example.com" }),
			func(c *CanonicalCookie) { c.Domain = ".example.com" }),
		accept(`Domain ".example.com"`, with(func(d *CookieDetails) { d.Domain = ".example.com" }),
			func(c *CanonicalCookie) { c.Domain = ".example.com" }),
		accept(`Domain "EXAMPLE.COM"`, with(func(d *CookieDetails) { d.Domain = "EXAMPLE.COM" }),
			func(c *CanonicalCookie) { c.Domain = ".example.com" }),
		accept(`Domain of the host itself`, with(func(d *CookieDetails) { d.Domain = "www.example.com" }),
			func(c *CanonicalCookie) { c.Domain = ".www.example.com" }),
		refuse("Domain of another site", with(func(d *CookieDetails) { d.Domain = "other.com" }),
			ExcludeDomainMismatch, ExcludeInvalidDomain),
		refuse("Domain of a sibling", with(func(d *CookieDetails) { d.Domain = "api.example.com" }), ExcludeInvalidDomain),
		refuse("Domain of a subdomain of the host", with(func(d *CookieDetails) { d.Domain = "a.www.example.com" }),
			ExcludeInvalidDomain),
		refuse("Domain a public suffix", with(func(d *CookieDetails) { d.Domain = "com" }),
			ExcludeDomainMismatch, ExcludeInvalidDomain),
		refuse("Domain a multi-label public suffix", on("https://www.example.co.uk/",
			with(func(d *CookieDetails) { d.Domain = "co.uk" })), ExcludeDomainMismatch, ExcludeInvalidDomain),
		refuse("Domain with %", with(func(d *CookieDetails) { d.Domain = "exa%6Dple.com" }), ExcludeInvalidDomain),
		refuse("Domain over 1024 bytes", with(func(d *CookieDetails) { d.Domain = long }),
			ExcludeAttributeValueExceedsMaxSize),

		// Name and value.
		refuse("empty name, '=' in value", with(func(d *CookieDetails) { d.Name, d.Value = "", "a=b" }),
			ExcludeAmbiguousSerialization),
		refuse("empty name and value", with(func(d *CookieDetails) { d.Name, d.Value = "", "" }),
			ExcludeNoCookieContent),
		accept("empty name", with(func(d *CookieDetails) { d.Name = "" }), func(c *CanonicalCookie) { c.Name = "" }),
		accept("empty value", with(func(d *CookieDetails) { d.Value = "" }), func(c *CanonicalCookie) { c.Value = "" }),
		refuse("';' in name", with(func(d *CookieDetails) { d.Name = "a;b" }), ExcludeDisallowedCharacter),
		refuse("'=' in name", with(func(d *CookieDetails) { d.Name = "a=b" }), ExcludeDisallowedCharacter),
		refuse("CTL in name", with(func(d *CookieDetails) { d.Name = "a\x01b" }), ExcludeDisallowedCharacter),
		refuse("DEL in name", with(func(d *CookieDetails) { d.Name = "a\x7fb" }), ExcludeDisallowedCharacter),
		refuse("leading space in name", with(func(d *CookieDetails) { d.Name = " a" }), ExcludeDisallowedCharacter),
		refuse("';' in value", with(func(d *CookieDetails) { d.Value = "x;y" }), ExcludeDisallowedCharacter),
		refuse("NUL in value", with(func(d *CookieDetails) { d.Value = "x\x00y" }), ExcludeDisallowedCharacter),
		refuse("trailing tab in value", with(func(d *CookieDetails) { d.Value = "xy\t" }), ExcludeDisallowedCharacter),
		// Chromium 156 refuses a tab inside a value.
		refuse("inner tab in value", with(func(d *CookieDetails) { d.Value = "x\ty" }), ExcludeDisallowedCharacter),
		accept("inner space and '=' in value", with(func(d *CookieDetails) { d.Value = "x y=z" }),
			func(c *CanonicalCookie) { c.Value = "x y=z" }),
		refuse("name+value 4097 bytes", with(func(d *CookieDetails) { d.Name, d.Value = "n", strings.Repeat("v", 4096) }),
			ExcludeNameValuePairExceedsMaxSize),
		accept("name+value 4096 bytes", with(func(d *CookieDetails) { d.Value = strings.Repeat("v", 4095) }),
			func(c *CanonicalCookie) { c.Value = strings.Repeat("v", 4095) }),

		// Path.
		accept(`Path "/"`, with(func(d *CookieDetails) { d.Path = "/" }), func(c *CanonicalCookie) { c.Path = "/" }),
		accept(`Path "/a%20b"`, with(func(d *CookieDetails) { d.Path = "/a%20b" }),
			func(c *CanonicalCookie) { c.Path = "/a%20b" }),
		accept(`Path of 1024 bytes`, with(func(d *CookieDetails) { d.Path = "/" + strings.Repeat("p", 1023) }),
			func(c *CanonicalCookie) { c.Path = "/" + strings.Repeat("p", 1023) }),
		refuse(`Path of 1025 bytes`, with(func(d *CookieDetails) { d.Path = "/" + strings.Repeat("p", 1024) }),
			ExcludeAttributeValueExceedsMaxSize),
		// A path is stored canonicalized, as Chromium 156 stores a path
		// given to Network.setCookie (see cookie_path_test.go).
		accept(`Path "/a b" is escaped`, with(func(d *CookieDetails) { d.Path = "/a b" }),
			func(c *CanonicalCookie) { c.Path = "/a%20b" }),
		accept(`Path "/a?b" is escaped`, with(func(d *CookieDetails) { d.Path = "/a?b" }),
			func(c *CanonicalCookie) { c.Path = "/a%3Fb" }),
		accept(`Path "/a#b" is escaped`, with(func(d *CookieDetails) { d.Path = "/a#b" }),
			func(c *CanonicalCookie) { c.Path = "/a%23b" }),
		accept(`Path "/ä" is escaped byte by byte`, with(func(d *CookieDetails) { d.Path = "/ä" }),
			func(c *CanonicalCookie) { c.Path = "/%C3%A4" }),
		accept(`Path "/a\x01" is escaped`, with(func(d *CookieDetails) { d.Path = "/a\x01" }),
			func(c *CanonicalCookie) { c.Path = "/a%01" }),
		accept(`Path "/a\tb": an inner tab is escaped`, with(func(d *CookieDetails) { d.Path = "/a\tb" }),
			func(c *CanonicalCookie) { c.Path = "/a%09b" }),
		accept(`Path "/a/./b/../c": dot segments resolved`, with(func(d *CookieDetails) { d.Path = "/a/./b/../c" }),
			func(c *CanonicalCookie) { c.Path = "/a/c" }),
		accept(`Path "/a\\b": a backslash separates segments`, with(func(d *CookieDetails) { d.Path = `/a\b` }),
			func(c *CanonicalCookie) { c.Path = "/a/b" }),
		accept(`Path of 1501 bytes that resolves to "/z"`, with(func(d *CookieDetails) {
			d.Path = "/" + strings.Repeat("a/../", 300) + "z"
		}), func(c *CanonicalCookie) { c.Path = "/z" }),
		refuse(`Path of 1024 bytes escaped to 1026`, with(func(d *CookieDetails) { d.Path = "/" + strings.Repeat("p", 1021) + "\x01p" }),
			ExcludeAttributeValueExceedsMaxSize),
		refuse(`Path "rel"`, with(func(d *CookieDetails) { d.Path = "rel" }), ExcludeInvalidPath),
		refuse(`Path "/a;b"`, with(func(d *CookieDetails) { d.Path = "/a;b" }), ExcludeDisallowedCharacter),
		refuse(`Path "/a\x00b"`, with(func(d *CookieDetails) { d.Path = "/a\x00b" }), ExcludeDisallowedCharacter),
		refuse(`Path "/a\nb"`, with(func(d *CookieDetails) { d.Path = "/a\nb" }), ExcludeDisallowedCharacter),
		refuse(`Path "/a "`, with(func(d *CookieDetails) { d.Path = "/a " }), ExcludeDisallowedCharacter),
		refuse(`Path "/a\t"`, with(func(d *CookieDetails) { d.Path = "/a\t" }), ExcludeDisallowedCharacter),
		refuse(`Path " /a"`, with(func(d *CookieDetails) { d.Path = " /a" }), ExcludeDisallowedCharacter, ExcludeInvalidPath),
		refuse(`Path "r;"`, with(func(d *CookieDetails) { d.Path = "r;" }), ExcludeDisallowedCharacter, ExcludeInvalidPath),
		accept("default path from a URL path with dot segments", on("https://www.example.com:8443/a/b/../c/d", base()),
			func(c *CanonicalCookie) { c.Path = "/a/c" }),
		accept("default path from a URL path with a space", on("https://www.example.com:8443/a%20b/c", base()),
			func(c *CanonicalCookie) { c.Path = "/a%20b" }),

		// Prefixes.
		accept("__Host- with Path / and Secure over https", on("https://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure = "__Host-id", "/", true
		})), func(c *CanonicalCookie) {
			c.Name, c.Domain, c.Path, c.Secure, c.SourcePort = "__Host-id", "example.com", "/", true, 443
		}),
		accept("__Host- over http://localhost is trustworthy", on("http://localhost/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure = "__Host-id", "/", true
		})), func(c *CanonicalCookie) {
			c.Name, c.Domain, c.Path, c.Secure, c.SourcePort = "__Host-id", "localhost", "/", true, 443
		}, WarnTentativelyAllowingSecureSourceScheme),
		refuse("__Host- with a Domain", on("https://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure, d.Domain = "__Host-id", "/", true, "example.com"
		})), ExcludeInvalidPrefix),
		refuse(`__Host- with Path "/x"`, on("https://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure = "__Host-id", "/x", true
		})), ExcludeInvalidPrefix),
		refuse("__Host- over http", on("http://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure = "__Host-id", "/", true
		})), ExcludeInvalidPrefix),
		refuse("__Host- without Secure", on("https://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path = "__Host-id", "/"
		})), ExcludeInvalidPrefix),
		refuse("__HOST- is matched case-insensitively", on("https://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure = "__HOST-id", "/x", true
		})), ExcludeInvalidPrefix),
		refuse("__Secure- without Secure", with(func(d *CookieDetails) { d.Name = "__Secure-id" }), ExcludeInvalidPrefix),
		refuse("__Secure- Secure over http", on("http://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Secure = "__Secure-id", true
		})), ExcludeInvalidPrefix),
		accept("__Secure- with Secure over https", with(func(d *CookieDetails) { d.Name, d.Secure = "__Secure-id", true }),
			func(c *CanonicalCookie) { c.Name, c.Secure = "__Secure-id", true }),
		refuse(`nameless value "__Host-x"`, with(func(d *CookieDetails) { d.Name, d.Value = "", "__Host-x" }),
			ExcludeInvalidPrefix),
		// Refused by Chromium 156; only the prefix is reported, as for the
		// Set-Cookie line "=__Host-x=y".
		refuse(`nameless value "__Host-x=y"`, with(func(d *CookieDetails) { d.Name, d.Value, d.Path, d.Secure = "", "__Host-x=y", "/", true }),
			ExcludeInvalidPrefix),
		refuse(`nameless value "a=b" with other reasons: only those`, with(func(d *CookieDetails) {
			d.Name, d.Value, d.Domain = "", "a=b", "other.com"
		}), ExcludeDomainMismatch, ExcludeInvalidDomain),
		// Chromium 156 stores __Host-A without a path given: the default
		// path of https://www.foo.com is "/".
		accept("__Host- without a path, from a URL whose default path is /", on("https://example.com/x", with(func(d *CookieDetails) {
			d.Name, d.Secure = "__Host-id", true
		})), func(c *CanonicalCookie) {
			c.Name, c.Domain, c.Path, c.Secure, c.SourcePort = "__Host-id", "example.com", "/", true, 443
		}),
		refuse("__Host- without a path, from a URL whose default path is /a", on("https://example.com/a/b", with(func(d *CookieDetails) {
			d.Name, d.Secure = "__Host-id", true
		})), ExcludeInvalidPrefix),
		// Chromium 156 refuses __Host-A with the path "/." (stored as "/").
		refuse(`__Host- with Path "/."`, on("https://example.com/", with(func(d *CookieDetails) {
			d.Name, d.Path, d.Secure = "__Host-id", "/.", true
		})), ExcludeInvalidPrefix),
		refuse(`nameless value "__secure-x"`, with(func(d *CookieDetails) { d.Name, d.Value, d.Secure = "", "__secure-x", true }),
			ExcludeInvalidPrefix),

		// Partitioned.
		refuse("partition key without Secure", with(func(d *CookieDetails) { d.Partition = site }), ExcludeInvalidPartitioned),
		refuse("partition key, Secure over http", on("http://example.com/", with(func(d *CookieDetails) {
			d.Partition, d.Secure = site, true
		})), ExcludeInvalidPartitioned),
		accept("partition key with Secure over https", with(func(d *CookieDetails) { d.Partition, d.Secure = site, true }),
			func(c *CanonicalCookie) { c.Partition, c.Secure = site, true }),
		accept("nonced partition key without Secure", with(func(d *CookieDetails) { d.Partition = nonced }),
			func(c *CanonicalCookie) { c.Partition = nonced }),

		// Expiry.
		accept("expiry 10 years ahead is capped at creation + 400 days",
			with(func(d *CookieDetails) { d.Expiry = sanNow.AddDate(10, 0, 0) }),
			func(c *CanonicalCookie) { c.Expiry = sanNowNorm.Add(400 * 24 * time.Hour) }),
		accept("expiry capped relative to an explicit creation", with(func(d *CookieDetails) {
			d.Creation = sanNow.Add(-24 * time.Hour)
			d.Expiry = sanNow.AddDate(10, 0, 0)
		}), func(c *CanonicalCookie) {
			c.Creation = sanNowNorm.Add(-24 * time.Hour)
			c.LastAccess = c.Creation
			c.Expiry = c.Creation.Add(MaxExpiryAge)
		}),
		accept("expiry exactly at the cap is kept",
			with(func(d *CookieDetails) { d.Expiry = sanNow.Add(MaxExpiryAge) }),
			func(c *CanonicalCookie) { c.Expiry = sanNowNorm.Add(MaxExpiryAge) }),
		accept("expiry within the cap, normalized to UTC µs",
			with(func(d *CookieDetails) { d.Expiry = sanNow.Add(time.Hour + 999*time.Nanosecond) }),
			// 123456789ns + 999ns = 123457788ns, truncated to 123457µs.
			func(c *CanonicalCookie) { c.Expiry = sanNowNorm.Add(time.Hour + time.Microsecond) }),
		accept("expiry in the past is kept", with(func(d *CookieDetails) { d.Expiry = sanNow.Add(-time.Hour) }),
			func(c *CanonicalCookie) { c.Expiry = sanNowNorm.Add(-time.Hour) }),
		accept("zero expiry: session cookie", with(func(d *CookieDetails) { d.Expiry = time.Time{} }), nil),

		// URL.
		refuse("nil URL", with(func(d *CookieDetails) { d.URL = nil }), ExcludeInvalidDomain),
		refuse("empty URL", with(func(d *CookieDetails) { d.URL = &url.URL{} }), ExcludeInvalidDomain),
		refuse("http URL without host", on("http:///x", base()), ExcludeInvalidDomain),
		refuse(`host "..."`, on("http://.../", base()), ExcludeInvalidDomain),
		refuse(`host "."`, on("http://./", base()), ExcludeInvalidDomain),
		refuse(`host ".example.com"`, on("http://.example.com/", base()), ExcludeInvalidDomain),
		refuse("port out of range", on("http://example.com:99999/", base()), ExcludeInvalidDomain),
		refuse("nil URL, empty cookie, last access without creation", CookieDetails{LastAccess: sanNow},
			ExcludeFailureToStore, ExcludeInvalidDomain, ExcludeNoCookieContent),
		// Chromium's CreateSanitizedCookie makes a cookie with an empty
		// domain for a file URL (Network.setCookie takes only http and
		// https URLs, so Chromium 156 cannot show it).
		accept("file URL: empty domain", on("file:///tmp/x", base()), func(c *CanonicalCookie) {
			c.Domain, c.Path, c.SourceScheme, c.SourcePort = "", "/tmp", SourceSchemeNonSecure, PortUnspecified
		}),
		refuse("file URL with a Domain", on("file:///home/user/foo.txt", with(func(d *CookieDetails) { d.Domain = "home" })),
			ExcludeInvalidDomain),

		// Times.
		refuse("last access without creation", with(func(d *CookieDetails) { d.LastAccess = sanNow.Add(-time.Hour) }),
			ExcludeFailureToStore),

		// Values outside the defined ones.
		refuse("SameSite 7", with(func(d *CookieDetails) { d.SameSite = 7 }), ExcludeFailureToStore),
		refuse("SameSite -1", with(func(d *CookieDetails) { d.SameSite = -1 }), ExcludeFailureToStore),
		refuse("Priority 9", with(func(d *CookieDetails) { d.Priority = 9 }), ExcludeFailureToStore),
		refuse("Priority -2", with(func(d *CookieDetails) { d.Priority = -2 }), ExcludeFailureToStore),
		refuse("Priority 9 and a bad path", with(func(d *CookieDetails) { d.Priority, d.Path = 9, "rel" }),
			ExcludeFailureToStore, ExcludeInvalidPath),
		accept("SameSite Strict, Priority Low", with(func(d *CookieDetails) { d.SameSite, d.Priority = SameSiteStrict, PriorityLow }),
			func(c *CanonicalCookie) { c.SameSite, c.Priority = SameSiteStrict, PriorityLow }),

		// Several reasons at once.
		refuse("bad domain, bad path and bad prefix", with(func(d *CookieDetails) {
			d.Name, d.Domain, d.Path = "__Secure-x", "other.com", "rel"
		}), ExcludeDomainMismatch, ExcludeInvalidDomain, ExcludeInvalidPrefix, ExcludeInvalidPath),
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, st := NewSanitizedCookie(c.d, sanNow)
			assert.Equal(t, c.excl, st.Exclusions(), "%v", st)
			assert.Equal(t, c.warn, st.Warnings(), "%v", st)
			if c.want == nil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got, "%v", st)
			assert.Equal(t, *c.want, *got)
			assert.True(t, got.IsCanonical())
			assert.Equal(t, !c.want.Expiry.IsZero(), got.IsPersistent())
		})
	}
}

// TestNewSanitizedCookieZeroNow checks that a zero now is the current time.
func TestNewSanitizedCookieZeroNow(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Microsecond)
	c, st := NewSanitizedCookie(CookieDetails{URL: accURL(t, "https://example.com/"), Name: "n", Value: "v"}, time.Time{})
	after := time.Now().UTC()
	require.NotNil(t, c, "%v", st)
	assert.False(t, c.Creation.Before(before))
	assert.False(t, c.Creation.After(after))
	assert.Equal(t, time.UTC, c.Creation.Location())
	assert.Equal(t, c.Creation, c.LastAccess)
}

func TestNewCanonicalCookieFromStorage(t *testing.T) {
	site, err := NewPartitionKey(accURL(t, "https://top.example/"), false)
	require.NoError(t, err)
	nonced, err := NewNoncedPartitionKey(accURL(t, "https://top.example/"), Nonce{7})
	require.NoError(t, err)
	created := time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC)

	valid := func() CanonicalCookie {
		return CanonicalCookie{
			Name: "n", Value: "v", Domain: ".example.com", Path: "/p",
			Creation: created, Expiry: created.Add(30 * 24 * time.Hour),
			LastAccess: created.Add(time.Hour), LastUpdate: created.Add(time.Minute),
			Secure: true, HTTPOnly: true, SameSite: SameSiteLax, Priority: PriorityHigh,
			Partition: site, SourceScheme: SourceSchemeSecure, SourcePort: 443,
		}
	}
	type tc struct {
		name string
		edit func(*CanonicalCookie)
		// bad is a substring of the error; "" means the cookie loads.
		bad string
		// loaded, when set, changes valid() into the expected result.
		loaded func(*CanonicalCookie)
	}
	cases := []tc{
		{name: "valid stored cookie round-trips"},
		{name: "host cookie", edit: func(c *CanonicalCookie) { c.Domain = "www.example.com" }},
		{name: "empty domain (extension cookie)", edit: func(c *CanonicalCookie) { c.Domain = "" }},
		{name: "IP host", edit: func(c *CanonicalCookie) { c.Domain = "192.0.2.1" }},
		{name: "session cookie", edit: func(c *CanonicalCookie) { c.Expiry = time.Time{} }},
		{name: "nameless cookie", edit: func(c *CanonicalCookie) { c.Name = "" }},
		{name: "valueless cookie", edit: func(c *CanonicalCookie) { c.Value = "" }},
		{name: "no times at all", edit: func(c *CanonicalCookie) {
			c.Creation, c.Expiry, c.LastAccess, c.LastUpdate = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		}},
		{name: "legacy expiry beyond 400 days still loads", edit: func(c *CanonicalCookie) {
			c.Expiry = created.AddDate(10, 0, 0)
		}},
		{name: "name+value over 4096 bytes still loads", edit: func(c *CanonicalCookie) {
			c.Value = strings.Repeat("v", 5000)
		}},
		{name: "nonced partition without Secure", edit: func(c *CanonicalCookie) { c.Partition, c.Secure = nonced, false }},
		{name: "__Host- Secure, host, path /", edit: func(c *CanonicalCookie) {
			c.Name, c.Domain, c.Path = "__Host-n", "example.com", "/"
		}},
		{name: "__Secure- Secure", edit: func(c *CanonicalCookie) { c.Name = "__Secure-n" }},

		// Source port and scheme normalization.
		{name: "SourcePort 70000 becomes PortInvalid", edit: func(c *CanonicalCookie) { c.SourcePort = 70000 },
			loaded: func(c *CanonicalCookie) { c.SourcePort = PortInvalid }},
		{name: "SourcePort -2 is kept", edit: func(c *CanonicalCookie) { c.SourcePort = PortInvalid }},
		{name: "SourcePort 0 (unspecified) is kept", edit: func(c *CanonicalCookie) { c.SourcePort = PortUnspecified }},
		{name: "SourcePort -1 (Chromium's unspecified) becomes PortUnspecified", edit: func(c *CanonicalCookie) { c.SourcePort = -1 },
			loaded: func(c *CanonicalCookie) { c.SourcePort = PortUnspecified }},
		{name: "SourcePort 65535 is kept", edit: func(c *CanonicalCookie) { c.SourcePort = 65535 }},
		{name: "SourcePort 1<<40 becomes PortInvalid", edit: func(c *CanonicalCookie) { c.SourcePort = 1 << 40 },
			loaded: func(c *CanonicalCookie) { c.SourcePort = PortInvalid }},
		{name: "every SameSite, Priority and SourceScheme", edit: func(c *CanonicalCookie) {
			c.SameSite, c.Priority, c.SourceScheme = SameSiteStrict, PriorityLow, SourceSchemeUnset
		}},
		{name: "SameSite None, SourceScheme NonSecure", edit: func(c *CanonicalCookie) {
			c.SameSite, c.SourceScheme = SameSiteNone, SourceSchemeNonSecure
		}},

		// Not canonical.
		{name: "';' in name", edit: func(c *CanonicalCookie) { c.Name = "a;b" }, bad: "name"},
		{name: "'=' in name", edit: func(c *CanonicalCookie) { c.Name = "a=b" }, bad: "name"},
		{name: "CTL in value", edit: func(c *CanonicalCookie) { c.Value = "a\x01b" }, bad: "value"},
		{name: "';' in value", edit: func(c *CanonicalCookie) { c.Value = "a;b" }, bad: "value"},
		{name: "empty name and value", edit: func(c *CanonicalCookie) { c.Name, c.Value = "", "" }, bad: "empty name and value"},
		{name: "last access without creation", edit: func(c *CanonicalCookie) { c.Creation = time.Time{} },
			bad: "last access without creation"},
		{name: `Path ""`, edit: func(c *CanonicalCookie) { c.Path = "" }, bad: "path"},
		{name: `Path "x"`, edit: func(c *CanonicalCookie) { c.Path = "x" }, bad: "path"},
		{name: `Domain "EXAMPLE.com"`, edit: func(c *CanonicalCookie) { c.Domain = "EXAMPLE.com" }, bad: "domain"},
		{name: `Domain ".EXAMPLE.com"`, edit: func(c *CanonicalCookie) { c.Domain = ".EXAMPLE.com" }, bad: "domain"},
		{name: `Domain with a space`, edit: func(c *CanonicalCookie) { c.Domain = "exa mple.com" }, bad: "domain"},
		{name: "__Host- not Secure", edit: func(c *CanonicalCookie) {
			c.Name, c.Domain, c.Path, c.Secure, c.Partition = "__Host-n", "example.com", "/", false, PartitionKey{}
		}, bad: "prefix"},
		{name: "__Host- on a domain cookie", edit: func(c *CanonicalCookie) {
			c.Name, c.Path = "__Host-n", "/"
		}, bad: "prefix"},
		{name: "__Host- with path /p", edit: func(c *CanonicalCookie) {
			c.Name, c.Domain = "__Host-n", "example.com"
		}, bad: "prefix"},
		{name: "__Secure- not Secure", edit: func(c *CanonicalCookie) {
			c.Name, c.Secure, c.Partition = "__Secure-n", false, PartitionKey{}
		}, bad: "prefix"},
		{name: "hidden prefix in a nameless value", edit: func(c *CanonicalCookie) { c.Name, c.Value = "", "__Host-x" },
			bad: "nameless"},
		{name: "partitioned not Secure", edit: func(c *CanonicalCookie) { c.Secure = false }, bad: "partitioned"},

		// Values outside the defined ones.
		{name: "SameSite 7", edit: func(c *CanonicalCookie) { c.SameSite = 7 },
			bad: "cookiemonster: stored cookie is not canonical: SameSite(7)"},
		{name: "SameSite -1", edit: func(c *CanonicalCookie) { c.SameSite = -1 },
			bad: "cookiemonster: stored cookie is not canonical: SameSite(-1)"},
		{name: "Priority 9", edit: func(c *CanonicalCookie) { c.Priority = 9 },
			bad: "cookiemonster: stored cookie is not canonical: Priority(9)"},
		{name: "Priority -2", edit: func(c *CanonicalCookie) { c.Priority = -2 },
			bad: "cookiemonster: stored cookie is not canonical: Priority(-2)"},
		{name: "SourceScheme 5", edit: func(c *CanonicalCookie) { c.SourceScheme = 5 },
			bad: "cookiemonster: stored cookie is not canonical: SourceScheme(5)"},
		{name: "SourceScheme -1", edit: func(c *CanonicalCookie) { c.SourceScheme = -1 },
			bad: "cookiemonster: stored cookie is not canonical: SourceScheme(-1)"},
		{name: "SourcePort -5", edit: func(c *CanonicalCookie) { c.SourcePort = -5 },
			bad: "cookiemonster: stored cookie is not canonical: source port -5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := valid()
			if c.edit != nil {
				c.edit(&in)
			}
			orig := in
			got, err := NewCanonicalCookieFromStorage(in)
			assert.Equal(t, orig, in, "the argument is a copy")
			if c.bad != "" {
				require.Error(t, err)
				assert.Nil(t, got)
				assert.True(t, errors.Is(err, ErrNotCanonical), "%v", err)
				assert.Contains(t, err.Error(), c.bad)
				assert.False(t, in.isCanonicalForFromStorage())
				return
			}
			require.NoError(t, err)
			require.NotNil(t, got)
			want := in
			if c.loaded != nil {
				c.loaded(&want)
			}
			assert.Equal(t, want, *got)
			assert.True(t, got.isCanonicalForFromStorage())
		})
	}

	// The legacy long expiry loads but is not IsCanonical.
	long := valid()
	long.Expiry = created.AddDate(10, 0, 0)
	got, err := NewCanonicalCookieFromStorage(long)
	require.NoError(t, err)
	assert.Equal(t, created.AddDate(10, 0, 0), got.Expiry)
	assert.False(t, got.IsCanonical())
	assert.True(t, got.isCanonicalForFromStorage())

	// The result does not alias the argument.
	v := valid()
	got, err = NewCanonicalCookieFromStorage(v)
	require.NoError(t, err)
	got.Value = "changed"
	assert.Equal(t, "v", v.Value)
}
