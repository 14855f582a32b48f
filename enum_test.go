package cookiemonster_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

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
