package electron_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/electron"
)

func TestSetStores(t *testing.T) {
	created := t0.Add(time.Second) // mustSet advances the clock first
	sec := func(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }
	tests := []struct {
		name    string
		details electron.Details
		want    electron.Cookie
	}{
		{"defaults: host-only, default path, lax session cookie",
			electron.Details{URL: "https://example.com/a/b", Name: "n", Value: "v"},
			electron.Cookie{Name: "n", Value: "v", Domain: "example.com", HostOnly: true, Path: "/a", Session: true, SameSite: "lax"}},
		{"without a name",
			electron.Details{URL: "https://example.com/", Value: "3"},
			electron.Cookie{Value: "3", Domain: "example.com", HostOnly: true, Path: "/", Session: true, SameSite: "lax"}},
		{"sameSite unspecified",
			electron.Details{URL: "https://example.com/", Name: "n", SameSite: electron.SameSiteUnspecified},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", Session: true, SameSite: "unspecified"}},
		{"sameSite no_restriction is Secure by default",
			electron.Details{URL: "https://example.com/", Name: "n", SameSite: electron.SameSiteNoRestriction},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", Secure: true, Session: true, SameSite: "no_restriction"}},
		{"sameSite strict",
			electron.Details{URL: "https://example.com/", Name: "n", SameSite: electron.SameSiteStrict},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", Session: true, SameSite: "strict"}},
		{"domain makes a domain cookie",
			electron.Details{URL: "https://www.example.com/", Name: "n", Domain: "example.com"},
			electron.Cookie{Name: "n", Domain: ".example.com", Path: "/", Session: true, SameSite: "lax"}},
		{"domain is canonicalized",
			electron.Details{URL: "https://www.example.com/", Name: "n", Domain: ".Example.COM"},
			electron.Cookie{Name: "n", Domain: ".example.com", Path: "/", Session: true, SameSite: "lax"}},
		{"domain of an IP address is the host",
			electron.Details{URL: "http://127.0.0.1", Name: "n", Domain: "127.0.0.1"},
			electron.Cookie{Name: "n", Domain: "127.0.0.1", HostOnly: true, Path: "/", Session: true, SameSite: "lax"}},
		{"path",
			electron.Details{URL: "https://example.com/a/b", Name: "n", Path: "/x"},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/x", Session: true, SameSite: "lax"}},
		{"path is escaped",
			electron.Details{URL: "https://example.com/", Name: "n", Path: "/a b"},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/a%20b", Session: true, SameSite: "lax"}},
		{"secure and httpOnly",
			electron.Details{URL: "https://example.com/", Name: "n", Secure: new(true), HTTPOnly: true},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", Secure: true, HTTPOnly: true, Session: true, SameSite: "lax"}},
		{"secure on http://localhost",
			electron.Details{URL: "http://localhost:8080/", Name: "n", Secure: new(true)},
			electron.Cookie{Name: "n", Domain: "localhost", HostOnly: true, Path: "/", Secure: true, Session: true, SameSite: "lax"}},
		{"expirationDate",
			electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: at(time.Hour)},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", ExpirationDate: sec(t0.Add(time.Hour)), SameSite: "lax"}},
		{"expirationDate keeps microseconds",
			electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: at(time.Hour + 123456*time.Microsecond)},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", ExpirationDate: 1772370000.123456, SameSite: "lax"}},
		{"expirationDate is capped at 400 days",
			electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: at(1000 * 24 * time.Hour)},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", ExpirationDate: sec(created.Add(cookiemonster.MaxExpiryAge)), SameSite: "lax"}},
		{"expirationDate far beyond Go's range is capped too",
			electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: new(1e300)},
			electron.Cookie{Name: "n", Domain: "example.com", HostOnly: true, Path: "/", ExpirationDate: sec(created.Add(cookiemonster.MaxExpiryAge)), SameSite: "lax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
			mustSet(t, clk, c, tt.details)
			got, err := c.Get(context.Background(), electron.Filter{})
			require.NoError(t, err)
			assert.Equal(t, []electron.Cookie{tt.want}, got)
		})
	}
}

func TestSetExpiredStoresNothing(t *testing.T) {
	for _, exp := range []*float64{new(0.0), at(-time.Second), new(-1e300)} {
		clk := newClock()
		c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
		require.NoError(t, c.Set(context.Background(), electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: exp}))
		got, err := c.Get(context.Background(), electron.Filter{})
		require.NoError(t, err)
		assert.Equal(t, []electron.Cookie{}, got, "expirationDate %v", *exp)
	}
}

func TestSetOverwrites(t *testing.T) {
	clk := newClock()
	c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
	for _, v := range []string{"No", "Yes"} {
		mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: "DidOverwrite", Value: v})
		got, err := c.Get(context.Background(), electron.Filter{URL: "https://example.com/"})
		require.NoError(t, err)
		assert.Equal(t, []pair{{"DidOverwrite", v}}, pairs(got))
	}
	// An HttpOnly cookie is overwritten by an HttpOnly one only.
	mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: "h", Value: "1", HTTPOnly: true})
	err := c.Set(context.Background(), electron.Details{URL: "https://example.com/", Name: "h", Value: "2"})
	require.ErrorIs(t, err, cookiemonster.ExcludeOverwriteHTTPOnly)
	mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: "h", Value: "3", HTTPOnly: true})
	got, err := c.Get(context.Background(), electron.Filter{Name: new("h")})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"h", "3"}}, pairs(got))
}

func TestSetErrors(t *testing.T) {
	const tail = "DO_NOT_WARN, NO_EXEMPTION"
	type reasons = []cookiemonster.ExclusionReason
	tests := []struct {
		name     string
		existing []electron.Details
		details  electron.Details
		msg      string
		is       error
		excl     reasons
		warn     []cookiemonster.WarningReason
	}{
		{name: "missing url",
			details: electron.Details{Name: "1", Value: "1"},
			msg:     "Missing required option 'url'", is: electron.ErrMissingURL},
		{name: "unknown sameSite",
			details: electron.Details{URL: "https://example.com/", Value: "hithere", SameSite: "garbage"},
			msg:     "Failed to convert 'garbage' to an appropriate cookie same site value", is: electron.ErrInvalidSameSite},
		{name: "url without scheme",
			details: electron.Details{URL: "asdf", Name: "1", Value: "1"},
			msg:     "Failed to set cookie - The cookie was set with an invalid Domain attribute.EXCLUDE_INVALID_DOMAIN, " + tail,
			excl:    reasons{cookiemonster.ExcludeInvalidDomain}},
		{name: "url that does not parse",
			details: electron.Details{URL: "http://%zz/", Name: "1", Value: "1"},
			msg:     "Failed to set cookie - The cookie was set with an invalid Domain attribute.EXCLUDE_INVALID_DOMAIN, " + tail,
			excl:    reasons{cookiemonster.ExcludeInvalidDomain}},
		{name: "url without host",
			details: electron.Details{URL: "http://", Name: "1", Value: "1"},
			msg:     "Failed to set cookie - The cookie was set with an invalid Domain attribute.EXCLUDE_INVALID_DOMAIN, " + tail,
			excl:    reasons{cookiemonster.ExcludeInvalidDomain}},
		{name: "control character",
			details: electron.Details{URL: "http://127.0.0.1", Name: "BadCookie", Value: "test;test"},
			msg:     "Failed to set cookie - The cookie contains ASCII control charactersEXCLUDE_DISALLOWED_CHARACTER, " + tail,
			excl:    reasons{cookiemonster.ExcludeDisallowedCharacter}},
		{name: "no content",
			details: electron.Details{URL: "https://example.com/"},
			msg:     "Failed to set cookie - The cookie contains no content or only whitespace.EXCLUDE_NO_COOKIE_CONTENT, " + tail,
			excl:    reasons{cookiemonster.ExcludeNoCookieContent}},
		{name: "foreign domain",
			details: electron.Details{URL: "https://electronjs.org", Domain: "wssss.iamabaddomain.fun", Name: "cookie1"},
			msg: "Failed to set cookie - The cookie's domain attribute did not match the domain of the URL attempting access." +
				"The cookie was set with an invalid Domain attribute.EXCLUDE_DOMAIN_MISMATCH, EXCLUDE_INVALID_DOMAIN, " + tail,
			excl: reasons{cookiemonster.ExcludeDomainMismatch, cookiemonster.ExcludeInvalidDomain}},
		{name: "non-ASCII domain keeps the creation's warning",
			details: electron.Details{URL: "https://example.com/", Domain: "exämple.com", Name: "n"},
			msg: "Failed to set cookie - The cookie's domain attribute did not match the domain of the URL attempting access." +
				"The cookie was set with an invalid Domain attribute.EXCLUDE_DOMAIN_MISMATCH, EXCLUDE_INVALID_DOMAIN, WARN_DOMAIN_NON_ASCII, NO_EXEMPTION",
			excl: reasons{cookiemonster.ExcludeDomainMismatch, cookiemonster.ExcludeInvalidDomain},
			warn: []cookiemonster.WarningReason{cookiemonster.WarnDomainNonASCII}},
		{name: "invalid prefix",
			details: electron.Details{URL: "https://example.com/", Name: "__Host-a", Domain: "example.com"},
			msg:     "Failed to set cookie - The cookie was set with an invalid __Host- or __Secure- prefix.EXCLUDE_INVALID_PREFIX, " + tail,
			excl:    reasons{cookiemonster.ExcludeInvalidPrefix}},
		{name: "invalid path",
			details: electron.Details{URL: "https://example.com/", Name: "n", Path: "docs"},
			msg:     "Failed to set cookie - The cookie was set with an invalid Path attribute.EXCLUDE_INVALID_PATH, " + tail,
			excl:    reasons{cookiemonster.ExcludeInvalidPath}},
		{name: "ambiguous serialization",
			details: electron.Details{URL: "https://example.com/", Value: "a=b"},
			msg:     "Failed to set cookie - The cookie has an empty name and a value containing '=', which would be read as another cookie.EXCLUDE_AMBIGUOUS_SERIALIZATION, " + tail,
			excl:    reasons{cookiemonster.ExcludeAmbiguousSerialization}},
		{name: "scheme without cookies",
			details: electron.Details{URL: "ftp://example.com/", Name: "n"},
			msg:     "Failed to set cookie - Attempted to set a cookie from a scheme that does not support cookies.EXCLUDE_NONCOOKIEABLE_SCHEME, " + tail,
			excl:    reasons{cookiemonster.ExcludeNoncookieableScheme}},
		{name: "secure from http, without the creation's warning",
			details: electron.Details{URL: "http://example.com/", Name: "n", Secure: new(true)},
			msg:     "Failed to set cookie - The cookie was Secure, but the URL was not allowed to access Secure cookies.EXCLUDE_SECURE_ONLY, " + tail,
			excl:    reasons{cookiemonster.ExcludeSecureOnly}},
		{name: "no_restriction from http is Secure by default",
			details: electron.Details{URL: "http://example.com/", Name: "n", SameSite: electron.SameSiteNoRestriction},
			msg:     "Failed to set cookie - The cookie was Secure, but the URL was not allowed to access Secure cookies.EXCLUDE_SECURE_ONLY, " + tail,
			excl:    reasons{cookiemonster.ExcludeSecureOnly}},
		{name: "no_restriction without Secure",
			details: electron.Details{URL: "https://example.com/", Name: "n", SameSite: electron.SameSiteNoRestriction, Secure: new(false)},
			msg:     "Failed to set cookie - The cookie specified SameSite=None, but it was not Secure.EXCLUDE_SAMESITE_NONE_INSECURE, WARN_SAMESITE_NONE_INSECURE, NO_EXEMPTION",
			excl:    reasons{cookiemonster.ExcludeSameSiteNoneInsecure},
			warn:    []cookiemonster.WarningReason{cookiemonster.WarnSameSiteNoneInsecure}},
		{name: "overwriting an HttpOnly cookie",
			existing: []electron.Details{{URL: "https://example.com/", Name: "n", Value: "1", HTTPOnly: true}},
			details:  electron.Details{URL: "https://example.com/", Name: "n", Value: "2"},
			msg:      "Failed to set cookie - The cookie would have overwritten an HttpOnly cookie, and was not allowed to do so.EXCLUDE_OVERWRITE_HTTP_ONLY, " + tail,
			excl:     reasons{cookiemonster.ExcludeOverwriteHTTPOnly}},
		{name: "overwriting an expired HttpOnly cookie",
			existing: []electron.Details{{URL: "https://example.com/", Name: "n", Value: "1", HTTPOnly: true}},
			details:  electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: new(0.0)},
			msg:      "Failed to set cookie - The cookie would have overwritten an HttpOnly cookie, and was not allowed to do so.EXCLUDE_OVERWRITE_HTTP_ONLY, " + tail,
			excl:     reasons{cookiemonster.ExcludeOverwriteHTTPOnly}},
		{name: "overwriting a Secure HttpOnly cookie from http",
			existing: []electron.Details{{URL: "https://example.com/", Name: "n", Value: "1", Secure: new(true), HTTPOnly: true}},
			details:  electron.Details{URL: "http://example.com/", Name: "n", Value: "2"},
			msg: "Failed to set cookie - The cookie would have overwritten a Secure cookie, and was not allowed to do so." +
				"The cookie would have overwritten an HttpOnly cookie, and was not allowed to do so.EXCLUDE_OVERWRITE_SECURE, EXCLUDE_OVERWRITE_HTTP_ONLY, " + tail,
			excl: reasons{cookiemonster.ExcludeOverwriteSecure, cookiemonster.ExcludeOverwriteHTTPOnly}},
		{name: "shadowing a Secure cookie from http",
			existing: []electron.Details{{URL: "https://www.example.com/", Name: "n", Value: "1", Domain: "example.com", Secure: new(true)}},
			details:  electron.Details{URL: "http://www.example.com/", Name: "n", Value: "2"},
			msg:      "Failed to set cookie - The cookie would have overwritten a Secure cookie, and was not allowed to do so.EXCLUDE_OVERWRITE_SECURE, " + tail,
			excl:     reasons{cookiemonster.ExcludeOverwriteSecure}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
			mustSet(t, clk, c, tt.existing...)
			before, err := c.Get(context.Background(), electron.Filter{})
			require.NoError(t, err)

			err = c.Set(context.Background(), tt.details)
			require.Error(t, err)
			assert.Equal(t, "electron: "+tt.msg, err.Error())
			var se *electron.SetError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.msg, se.Message)
			assert.Equal(t, tt.excl, se.Exclusions)
			assert.Equal(t, tt.warn, se.Warnings)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			for _, r := range tt.excl {
				assert.ErrorIs(t, err, r)
			}
			assert.False(t, errors.Is(err, cookiemonster.ExcludeUserPreferences), "a reason the refusal lacks")

			after, err := c.Get(context.Background(), electron.Filter{})
			require.NoError(t, err)
			assert.Equal(t, before, after, "a refused set changes nothing")
		})
	}
}

func TestStoreErrors(t *testing.T) {
	ctx := context.Background()
	set := newSet(t, newClock(), nil, cookiemonster.Limits{})
	c := session(t, set, "")
	require.NoError(t, set.Close())

	_, err := c.Get(ctx, electron.Filter{})
	assert.ErrorIs(t, err, cookiemonster.ErrSetClosed)
	assert.Equal(t, `electron: session "": cookiemonster: store set is closed`, err.Error())
	assert.ErrorIs(t, c.Set(ctx, electron.Details{URL: "https://example.com/", Name: "n"}), cookiemonster.ErrSetClosed)
	assert.ErrorIs(t, c.Remove(ctx, "https://example.com/", "n"), cookiemonster.ErrSetClosed)
	assert.ErrorIs(t, c.FlushStore(ctx), cookiemonster.ErrSetClosed)
	// The Details are judged first, as Electron judges them before it
	// reaches the store.
	assert.ErrorIs(t, c.Set(ctx, electron.Details{}), electron.ErrMissingURL)

	_, err = electron.FromPartition(ctx, set, "x")
	assert.ErrorIs(t, err, cookiemonster.ErrSetClosed)
	_, err = electron.FromPartition(ctx, nil, "")
	assert.EqualError(t, err, "electron: nil *cookiemonster.StoreSet")
}
