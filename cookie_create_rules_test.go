package cookiemonster

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNamelessValueHoldingEquals: Chromium 156 stores no nameless cookie
// whose value holds '=' (recorded: value-005…007), since "=a=b" would be
// sent as the cookie "a=b"; a hidden prefix is the only reason reported
// when the value hides one.
func TestNamelessValueHoldingEquals(t *testing.T) {
	u := mustURL(t, "https://www.example.com/dir/page")
	cases := []struct {
		line        string
		name, value string
		want        []ExclusionReason
	}{
		{"=a=b", "", "", []ExclusionReason{ExcludeAmbiguousSerialization}},
		{"==a", "", "", []ExclusionReason{ExcludeAmbiguousSerialization}},
		{"= a=b", "", "", []ExclusionReason{ExcludeAmbiguousSerialization}},
		{"=a=", "", "", []ExclusionReason{ExcludeAmbiguousSerialization}},
		{"=__Secure-a=b; Secure", "", "", []ExclusionReason{ExcludeInvalidPrefix}},
		{"=__Host-a=b; Secure; Path=/", "", "", []ExclusionReason{ExcludeInvalidPrefix}},
		{"=ab", "", "ab", nil},
		{"ab", "", "ab", nil},
		{"a==b", "a", "=b", nil},
		{"a=b=c", "a", "b=c", nil},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			c, st := NewCanonicalCookie(u, tc.line, t0, CreateOptions{})
			assert.Equal(t, tc.want, st.Exclusions())
			if tc.want != nil {
				assert.Nil(t, c)
				return
			}
			require.NotNil(t, c)
			assert.Equal(t, [2]string{tc.name, tc.value}, [2]string{c.Name, c.Value})
		})
	}
	// Explicit fields are refused the same way.
	_, st := NewSanitizedCookie(CookieDetails{URL: u, Value: "a=b"}, t0)
	assert.Equal(t, []ExclusionReason{ExcludeAmbiguousSerialization}, st.Exclusions())
}

// TestDefaultPathKeepsSemicolon: a default path taken from a URL path that
// holds ';' keeps it, as Chromium 156 stores it (probed: /a/b;x/c gives
// /a/b;x), and such a cookie loads from storage and is sent on that path.
func TestDefaultPathKeepsSemicolon(t *testing.T) {
	cases := []struct{ url, line, path string }{
		{"http://www.example.com/a/b;x/c", "a=b", "/a/b;x"},
		{"http://fool/;/", "*", "/;"},
		{"http://www.example.com/;/", "a=b", "/;"},
		{"http://www.example.com/a;b", "a=b", "/"},
		{"http://www.example.com/a/b;x/c", "a=b; Path=/p;q", "/p"},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			c, st := NewCanonicalCookie(mustURL(t, tc.url), tc.line, t0, CreateOptions{})
			require.NotNil(t, c, "%s", st)
			assert.Equal(t, tc.path, c.Path)
			again, err := NewCanonicalCookieFromStorage(*c)
			require.NoError(t, err)
			assert.Equal(t, tc.path, again.Path)
		})
	}

	m, err := New(Config{Now: func() time.Time { return t0 }})
	require.NoError(t, err)
	defer func() { _ = m.Close() }()
	ctx := context.Background()
	_, err = m.SetCookieLine(ctx, mustURL(t, "http://www.example.com/a/b;x/c"), "a=b", NavigationOptions())
	require.NoError(t, err)
	for u, want := range map[string]string{
		"http://www.example.com/a/b;x":   "a=b",
		"http://www.example.com/a/b;x/d": "a=b",
		"http://www.example.com/a/b":     "",
		"http://www.example.com/a/b;xy":  "",
	} {
		h, err := m.CookieHeader(ctx, mustURL(t, u), NavigationOptions())
		require.NoError(t, err)
		assert.Equal(t, want, h, u)
	}
}

// TestIPv4HostForms: a URL host whose last label is a number is an IPv4
// address in any of the URL Standard's forms, as Chromium 156 stores it
// (probed: http://0x7f.1/ gives 127.0.0.1, http://16843009/ 1.1.1.1,
// http://3.2.4/ 3.2.0.4); a Domain attribute must name the address
// exactly as the canonical host is written (Domain=0x7f.0.0.1 and
// Domain=127.1 were refused by Chromium with InvalidDomain).
func TestIPv4HostForms(t *testing.T) {
	cases := []struct {
		url, line, domain string
		want              []ExclusionReason
	}{
		{"http://0x7f.1/", "a=1", "127.0.0.1", nil},
		{"http://16843009/", "a=1", "1.1.1.1", nil},
		{"http://3.2.4/", "a=1", "3.2.0.4", nil},
		{"http://0177.0.0.01/", "a=1", "127.0.0.1", nil},
		{"http://0x7f.1/", "a=1; Domain=127.0.0.1", "127.0.0.1", nil},
		{"http://0x7f.1/", "a=1; Domain=0x7f.0.0.1", "", []ExclusionReason{ExcludeInvalidDomain}},
		{"http://0x7f.1/", "a=1; Domain=127.1", "", []ExclusionReason{ExcludeInvalidDomain}},
		{"http://a.123/", "a=1", "", []ExclusionReason{ExcludeFailureToStore}},
		{"http://1.2.3.256/", "a=1", "", []ExclusionReason{ExcludeFailureToStore}},
	}
	for _, tc := range cases {
		t.Run(tc.url+" "+tc.line, func(t *testing.T) {
			c, st := NewCanonicalCookie(mustURL(t, tc.url), tc.line, t0, CreateOptions{})
			assert.Equal(t, tc.want, st.Exclusions())
			if tc.want == nil {
				require.NotNil(t, c)
				assert.Equal(t, tc.domain, c.Domain)
			}
		})
	}
}
