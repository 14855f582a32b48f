package cookiemonster_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestSetWithOptions: Set by fields in an access that does not include
// HttpOnly cannot replace an HttpOnly cookie nor set one; Set's own access
// can.
func TestSetWithOptions(t *testing.T) {
	ctx := context.Background()
	u := jarURL(t, "https://www.example.com/")
	script := cm.Options{SameSite: cm.MakeSameSiteContext(cm.ContextStrict)}
	cases := []struct {
		name   string
		d      cm.CookieDetails
		o      *cm.Options // nil: Set
		want   []cm.ExclusionReason
		stored string
	}{
		{"Set replaces the HttpOnly cookie", cm.CookieDetails{URL: u, Name: "h", Value: "2"}, nil, nil, "h=2"},
		{"no HttpOnly access: no overwrite", cm.CookieDetails{URL: u, Name: "h", Value: "2"}, &script,
			[]cm.ExclusionReason{cm.ExcludeOverwriteHTTPOnly}, "h=1"},
		{"no HttpOnly access: no HttpOnly cookie", cm.CookieDetails{URL: u, Name: "n", Value: "1", HTTPOnly: true}, &script,
			[]cm.ExclusionReason{cm.ExcludeHTTPOnly}, "h=1"},
		{"no HttpOnly access: another name", cm.CookieDetails{URL: u, Name: "n", Value: "1"}, &script, nil, "h=1; n=1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := cm.New(cm.Config{Now: cm.NewFakeClock(jarT0).Now})
			require.NoError(t, err)
			_, _, err = m.Set(ctx, cm.CookieDetails{URL: u, Name: "h", Value: "1", HTTPOnly: true})
			require.NoError(t, err)
			var c *cm.CanonicalCookie
			var st cm.InclusionStatus
			if tc.o == nil {
				c, st, err = m.Set(ctx, tc.d)
			} else {
				c, st, err = m.SetWithOptions(ctx, tc.d, *tc.o)
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, st.Exclusions())
			assert.Equal(t, tc.want == nil, c != nil)
			assert.Equal(t, tc.stored, ssHeader(t, m, "https://www.example.com/"))
		})
	}
}
