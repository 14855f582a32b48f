package cookiemonster_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestEnumStrings checks every defined value's name, and that a value
// outside them is shown as such rather than as a defined one.
func TestEnumStrings(t *testing.T) {
	cases := []struct {
		in   fmt.Stringer
		want string
	}{
		{cm.SameSiteUnspecified, "Unspecified"},
		{cm.SameSiteNone, "None"},
		{cm.SameSiteLax, "Lax"},
		{cm.SameSiteStrict, "Strict"},
		{cm.SameSite(7), "SameSite(7)"},
		{cm.SameSite(-1), "SameSite(-1)"},

		{cm.PriorityLow, "Low"},
		{cm.PriorityMedium, "Medium"},
		{cm.PriorityHigh, "High"},
		{cm.Priority(9), "Priority(9)"},
		{cm.Priority(-2), "Priority(-2)"},

		{cm.SourceSchemeUnset, "Unset"},
		{cm.SourceSchemeNonSecure, "NonSecure"},
		{cm.SourceSchemeSecure, "Secure"},
		{cm.SourceScheme(5), "SourceScheme(5)"},
		{cm.SourceScheme(-1), "SourceScheme(-1)"},

		{cm.ContextCrossSite, "CrossSite"},
		{cm.ContextLaxMethodUnsafe, "LaxMethodUnsafe"},
		{cm.ContextLax, "Lax"},
		{cm.ContextStrict, "Strict"},
		{cm.ContextType(4), "ContextType(4)"},
		{cm.ContextType(-1), "ContextType(-1)"},

		{cm.NoRedirectDowngrade, "None"},
		{cm.RedirectDowngradeStrictToLax, "StrictToLax"},
		{cm.RedirectDowngradeStrictToCross, "StrictToCross"},
		{cm.RedirectDowngradeLaxToCross, "LaxToCross"},
		{cm.RedirectDowngrade(4), "RedirectDowngrade(4)"},
		{cm.RedirectDowngrade(-1), "RedirectDowngrade(-1)"},

		{cm.EffectiveUndefined, "Undefined"},
		{cm.EffectiveNoRestriction, "NoRestriction"},
		{cm.EffectiveLaxMode, "LaxMode"},
		{cm.EffectiveStrictMode, "StrictMode"},
		{cm.EffectiveLaxModeAllowUnsafe, "LaxModeAllowUnsafe"},
		{cm.EffectiveSameSite(5), "EffectiveSameSite(5)"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.in.String(), "%T %d", tc.in, tc.in)
	}
}

// TestUnknownEnumValuesRefused checks that a cookie with a SameSite,
// Priority, SourceScheme or SourcePort outside the defined values is
// refused however it reaches a Monster, instead of being stored as the
// default.
func TestUnknownEnumValuesRefused(t *testing.T) {
	ctx := context.Background()
	u := optURL(t, "https://www.example.com/")
	created := time.Date(2026, 5, 10, 8, 0, 0, 0, time.UTC)
	valid := cm.CanonicalCookie{Name: "a", Value: "b", Domain: "www.example.com", Path: "/", Creation: created,
		Secure: true, SourceScheme: cm.SourceSchemeSecure, SourcePort: 443}
	cases := []struct {
		name string
		edit func(*cm.CanonicalCookie)
		// loaded says a store's copy loads, with loadedPort; otherwise it
		// is dropped at load.
		loaded     bool
		loadedPort int
	}{
		{"SameSite 7", func(c *cm.CanonicalCookie) { c.SameSite = 7 }, false, 0},
		{"Priority 9", func(c *cm.CanonicalCookie) { c.Priority = 9 }, false, 0},
		{"SourceScheme 5", func(c *cm.CanonicalCookie) { c.SourceScheme = 5 }, false, 0},
		{"SourcePort -3", func(c *cm.CanonicalCookie) { c.SourcePort = -3 }, false, 0},
		// A store's -1 is Chromium's unspecified port, and a stored port
		// past 65535 is invalid, as Chromium reads them.
		{"SourcePort -1", func(c *cm.CanonicalCookie) { c.SourcePort = -1 }, true, cm.PortUnspecified},
		{"SourcePort 70000", func(c *cm.CanonicalCookie) { c.SourcePort = 70000 }, true, cm.PortInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := valid
			tc.edit(&c)
			assert.False(t, c.IsCanonical())

			// SetCanonicalCookie.
			m, err := cm.New(cm.Config{Now: cm.NewFakeClock(created).Now})
			require.NoError(t, err)
			res, err := m.SetCanonicalCookie(ctx, &c, u, cm.NavigationOptions())
			require.NoError(t, err)
			assert.Equal(t, []cm.ExclusionReason{cm.ExcludeFailureToStore}, res.Status.Exclusions())
			assert.Equal(t, cm.EffectiveUndefined, res.EffectiveSameSite)
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			assert.Empty(t, all)

			// Loaded from a store: dropped, or kept with the port as
			// Chromium reads it.
			store := cm.NewMemoryStore(nil, &c)
			m, err = cm.New(cm.Config{Store: store, Now: cm.NewFakeClock(created).Now})
			require.NoError(t, err)
			all, err = m.AllCookies(ctx)
			require.NoError(t, err)
			if !tc.loaded {
				assert.Empty(t, all)
				return
			}
			want := c
			want.SourcePort = tc.loadedPort
			require.Len(t, all, 1)
			assert.Equal(t, want, *all[0])
		})
	}
}

// TestSetUnknownEnumValues checks Monster.Set, which takes explicit fields.
func TestSetUnknownEnumValues(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		d    cm.CookieDetails
	}{
		{"SameSite 7", cm.CookieDetails{Name: "a", Value: "b", SameSite: 7}},
		{"Priority 9", cm.CookieDetails{Name: "a", Value: "b", Priority: 9}},
		{"Priority -2", cm.CookieDetails{Name: "a", Value: "b", Priority: -2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := cm.New(cm.Config{})
			require.NoError(t, err)
			tc.d.URL = optURL(t, "https://www.example.com/")
			c, st, err := m.Set(ctx, tc.d)
			require.NoError(t, err)
			assert.Nil(t, c)
			assert.Equal(t, []cm.ExclusionReason{cm.ExcludeFailureToStore}, st.Exclusions())
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			assert.Empty(t, all)
		})
	}
}

// TestStringLeavesOutUnknownValues: a Set-Cookie line never names a
// SameSite or Priority outside the defined values.
func TestStringLeavesOutUnknownValues(t *testing.T) {
	c := cm.CanonicalCookie{Name: "a", Value: "b", Domain: "www.example.com", Path: "/", Secure: true,
		SameSite: 7, Priority: 9}
	assert.Equal(t, "a=b; Path=/; Secure", c.String())
	c.SameSite, c.Priority = cm.SameSiteLax, cm.PriorityHigh
	assert.Equal(t, "a=b; Path=/; Secure; SameSite=Lax; Priority=High", c.String())
}
