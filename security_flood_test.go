package cookiemonster_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestSecurityFloodedResponses: one response with 100 000 Set-Cookie
// headers keeps the site to Chromium's per-site limit (a 181st cookie
// evicts the 31 least recently accessed, here the oldest: the 181st set
// and 3 219 more evictions, 31 sets apart, leave 150 + 30, exactly the
// newest 180), and a 10 MB Set-Cookie line is refused whole for its size
// while the line after it is stored.
func TestSecurityFloodedResponses(t *testing.T) {
	u := &url.URL{Scheme: "https", Host: "flood.example", Path: "/"}
	flood := make([]string, 100_000)
	for i := range flood {
		flood[i] = "c" + strconv.Itoa(i) + "=v; Secure"
	}
	var newest []string
	for i := 99_820; i < 100_000; i++ {
		newest = append(newest, "c"+strconv.Itoa(i))
	}
	cases := []struct {
		name  string
		lines []string
		want  []string // the names the site keeps
	}{
		{"100 000 Set-Cookie headers", flood, newest},
		{"a 10 MB Set-Cookie line", []string{"big=" + strings.Repeat("x", 10<<20), "small=1; Secure"}, []string{"small"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := cm.New(cm.Config{})
			require.NoError(t, err)
			defer m.Close()
			getThrough(t, m.Transport(&fixedResponse{lines: tc.lines}), u)
			all, err := m.AllCookies(t.Context())
			require.NoError(t, err)
			names := make([]string, len(all))
			for i, c := range all {
				names[i] = c.Name
			}
			assert.ElementsMatch(t, tc.want, names)
			h, err := m.CookieHeader(t.Context(), u, cm.NavigationOptions())
			require.NoError(t, err)
			assert.Len(t, strings.Split(h, "; "), len(tc.want), "the Cookie header holds the kept cookies only")
		})
	}
	// The 10 MB line's reason.
	m, err := cm.New(cm.Config{})
	require.NoError(t, err)
	defer m.Close()
	res, err := m.SetCookieLine(t.Context(), u, "big="+strings.Repeat("x", 10<<20), cm.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, []cm.ExclusionReason{cm.ExcludeNameValuePairExceedsMaxSize}, res.Status.Exclusions())
}
