package cookiemonster

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The security suite, part 2: attacks that go through the flow of a
// request (redirect chains, unsafe methods, the Lax+POST window),
// partitions, and script-like access, with the same exact outcomes as
// security_test.go and the same check that no event carries a refused
// cookie. The ground truth is chromium-behavior.md.

// ---- set from a URL without a host ----

// TestSecurityHostlessSchemeReasons is a regression test: a cookie set from
// a URL that has no host by its scheme (file:///x, data:) was refused with
// ExcludeFailureToStore next to ExcludeNoncookieableScheme. Chromium judges
// such a URL with the empty host: a cookie without a domain matches it, and
// IsSetPermittedInContext reports every reason that applies, none of them
// FAILURE_TO_STORE.
func TestSecurityHostlessSchemeReasons(t *testing.T) {
	const (
		file = "file:///etc/passwd"
		data = "data:text/html,hi"
	)
	t.Run("Monster.Set", func(t *testing.T) {
		rows := []struct {
			name    string
			d       CookieDetails
			exclude []ExclusionReason
		}{
			{"file:", CookieDetails{URL: mustURL(t, file), Name: "a", Value: "1"},
				[]ExclusionReason{ExcludeNoncookieableScheme}},
			{"data:", CookieDetails{URL: mustURL(t, data), Name: "a", Value: "1"},
				[]ExclusionReason{ExcludeNoncookieableScheme}},
			{"file: with Secure", CookieDetails{URL: mustURL(t, file), Name: "a", Value: "1", Secure: true},
				[]ExclusionReason{ExcludeSecureOnly, ExcludeNoncookieableScheme}},
			{"file: with SameSite=None, not Secure", CookieDetails{URL: mustURL(t, file), Name: "a", Value: "1", SameSite: SameSiteNone},
				[]ExclusionReason{ExcludeSameSiteNoneInsecure, ExcludeNoncookieableScheme}},
		}
		for _, tc := range rows {
			t.Run(tc.name, func(t *testing.T) {
				e := newSecEnv(t)
				nChanges, nSets := e.marks()
				c, st, err := e.m.Set(context.Background(), tc.d)
				require.NoError(t, err)
				assert.Nil(t, c)
				assert.Equal(t, tc.exclude, st.Exclusions(), "status %s", st)
				sets := e.setsSince(nSets)
				require.Len(t, sets, 1)
				assert.False(t, sets[0].Stored)
				assert.Equal(t, tc.exclude, sets[0].Result.Status.Exclusions())
				assert.Empty(t, e.changesSince(nChanges))
				assert.Equal(t, []string{}, e.stored(t))
			})
		}
	})

	t.Run("IsSetPermittedInContext and SetCanonicalCookie", func(t *testing.T) {
		hostless := &CanonicalCookie{Name: "a", Value: "1", Path: "/", Creation: t0}
		domain := mustCookie(t, "https://www.example.com/", "a=1; Domain=example.com")
		invalid := "https://[fe80::1%25eth0]/"
		rows := []struct {
			name    string
			c       *CanonicalCookie
			source  string
			exclude []ExclusionReason
		}{
			{"no domain from file:", hostless, file, []ExclusionReason{ExcludeNoncookieableScheme}},
			{"no domain from data:", hostless, data, []ExclusionReason{ExcludeNoncookieableScheme}},
			{"a domain cookie from file:", domain, file, []ExclusionReason{ExcludeDomainMismatch, ExcludeNoncookieableScheme}},
			// A URL no parser accepts is still a failure to store.
			{"a domain cookie from an invalid host", domain, invalid, []ExclusionReason{ExcludeFailureToStore}},
		}
		for _, tc := range rows {
			t.Run(tc.name, func(t *testing.T) {
				res := tc.c.IsSetPermittedInContext(mustURL(t, tc.source), secSet, t0)
				assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)

				e := newSecEnv(t)
				nChanges, _ := e.marks()
				res, err := e.m.SetCanonicalCookie(context.Background(), tc.c, mustURL(t, tc.source), secSet)
				require.NoError(t, err)
				assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)
				assert.Empty(t, e.changesSince(nChanges))
				assert.Equal(t, []string{}, e.stored(t))
			})
		}
	})
}
