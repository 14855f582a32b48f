package cookiemonster_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestHTTPCookieConversions converts cookies to http.Cookie and back, from
// the Raw line and from the fields alone, and checks every field.
func TestHTTPCookieConversions(t *testing.T) {
	u := jarURL(t, "https://www.example.com/account/login")
	created := jarT0
	cases := []struct {
		line string
		want http.Cookie // without Raw
	}{
		{"sid=1; Path=/; Secure; HttpOnly; SameSite=Lax",
			http.Cookie{Name: "sid", Value: "1", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}},
		{"pref=dark; Domain=example.com; Path=/; Max-Age=3600",
			http.Cookie{Name: "pref", Value: "dark", Domain: ".example.com", Path: "/", Expires: created.Add(time.Hour)}},
		{`q="a b"; SameSite=Strict`,
			http.Cookie{Name: "q", Value: "a b", Quoted: true, Path: "/account", SameSite: http.SameSiteStrictMode}},
		{"__Host-p=1; Path=/; Secure; Partitioned; SameSite=None",
			http.Cookie{Name: "__Host-p", Value: "1", Path: "/", Secure: true, Partitioned: true, SameSite: http.SameSiteNoneMode}},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			opts := cm.CreateOptions{}
			if tc.want.Partitioned {
				pk, err := cm.NewPartitionKey(jarURL(t, "https://top.example/"), false)
				require.NoError(t, err)
				opts.Partition = pk
			}
			c, st := cm.NewCanonicalCookie(u, tc.line, created, opts)
			require.NotNil(t, c, "%v", st)
			hc := c.HTTPCookie()
			assert.Equal(t, c.String(), hc.Raw)
			got := *hc
			got.Raw = ""
			assert.Equal(t, tc.want, got)

			// Back, through Raw, then through the fields alone.
			for _, raw := range []string{hc.Raw, ""} {
				in := *hc
				in.Raw = raw
				back, st := cm.NewCanonicalCookieFromHTTP(u, &in, created, opts)
				require.NotNil(t, back, "raw %q: %v", raw, st)
				assert.Equal(t, *c, *back, "raw %q", raw)
			}
		})
	}

	// Refusals.
	for _, tc := range []struct {
		name string
		hc   *http.Cookie
		want cm.ExclusionReason
	}{
		{"nil cookie", nil, cm.ExcludeFailureToStore},
		{"';' in the value", &http.Cookie{Name: "a", Value: "x; Domain=evil.com"}, cm.ExcludeDisallowedCharacter},
		{"'=' in the name", &http.Cookie{Name: "a=b", Value: "x"}, cm.ExcludeDisallowedCharacter},
		{"CRLF in the path", &http.Cookie{Name: "a", Value: "x", Path: "/\r\nX: y"}, cm.ExcludeDisallowedCharacter},
		{"public-suffix domain", &http.Cookie{Name: "a", Value: "x", Domain: "com"}, cm.ExcludeInvalidDomain},
	} {
		c, st := cm.NewCanonicalCookieFromHTTP(u, tc.hc, created, cm.CreateOptions{})
		assert.Nil(t, c, tc.name)
		assert.True(t, st.HasExclusion(tc.want), "%s: %v", tc.name, st)
	}
	c, st := cm.NewCanonicalCookieFromHTTP(nil, &http.Cookie{Name: "a", Value: "1"}, created, cm.CreateOptions{})
	assert.Nil(t, c)
	assert.Equal(t, []cm.ExclusionReason{cm.ExcludeFailureToStore}, st.Exclusions())
	assert.Nil(t, (*cm.CanonicalCookie)(nil).HTTPCookie())
}
