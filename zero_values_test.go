package cookiemonster_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

func TestZeroValues(t *testing.T) {
	var c cm.CanonicalCookie
	cases := []struct {
		name       string
		zero, want any
	}{
		{"CanonicalCookie.SourcePort", c.SourcePort, cm.PortUnspecified},
		{"CanonicalCookie.SourceScheme", c.SourceScheme, cm.SourceSchemeUnset},
		{"CanonicalCookie.SameSite", c.SameSite, cm.SameSiteUnspecified},
		{"CanonicalCookie.Priority", c.Priority, cm.PriorityMedium},
		{"CanonicalCookie.Partition", c.Partition.IsPartitioned(), false},
		{"ContextType", cm.ContextType(0), cm.ContextCrossSite},
		{"SameSiteContext", cm.SameSiteContext{}, cm.MakeSameSiteContext(cm.ContextCrossSite)},
		{"EffectiveSameSite", cm.EffectiveSameSite(0), cm.EffectiveUndefined},
		{"AccessResult.EffectiveSameSite", cm.AccessResult{}.EffectiveSameSite, cm.EffectiveUndefined},
		{"AccessSemantics", cm.AccessSemantics(0), cm.SemanticsUnknown},
		{"SessionControl", cm.SessionControl(0), cm.IgnoreSessionControl},
		{"ChangeCause", cm.ChangeCause(0), cm.CauseInserted},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.zero, tc.name)
	}
}

// TestLiteralCookieAnyPort checks that a cookie built as a literal, without
// SourceScheme and SourcePort, is sent on every port without a port or
// scheme warning.
func TestLiteralCookieAnyPort(t *testing.T) {
	created := time.Date(2026, 5, 10, 8, 0, 0, 0, time.UTC)
	now := created.Add(time.Hour)
	literal := cm.CanonicalCookie{Name: "a", Value: "b", Domain: "example.com", Path: "/", Creation: created}
	m, err := cm.New(cm.Config{Now: cm.NewFakeClock(now).Now})
	require.NoError(t, err)
	res, err := m.SetCanonicalCookie(context.Background(), &literal, optURL(t, "https://example.com/"), cm.NavigationOptions())
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), "%v", res.Status)

	for _, raw := range []string{
		"https://example.com/", "https://example.com:443/", "https://example.com:8443/",
		"http://example.com/", "http://example.com:8080/", "http://example.com:1/", "wss://example.com:65535/",
	} {
		t.Run(raw, func(t *testing.T) {
			u := optURL(t, raw)
			res := literal.IncludeForRequestURL(u, cm.NavigationOptions(), now)
			assert.True(t, res.Status.IsInclude(), "%v", res.Status)
			assert.Empty(t, res.Status.Warnings())

			included, _, err := m.Cookies(context.Background(), u, cm.NavigationOptions())
			require.NoError(t, err)
			require.Len(t, included, 1)
			assert.Equal(t, cm.PortUnspecified, included[0].Cookie.SourcePort)
			assert.Empty(t, included[0].AccessResult.Status.Warnings())
		})
	}
}
