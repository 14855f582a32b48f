package cookiemonster_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// floodResponse answers with the Set-Cookie lines it holds.
type floodResponse struct{ lines []string }

func (f *floodResponse) RoundTrip(req *http.Request) (*http.Response, error) {
	h := make(http.Header, 1)
	h["Set-Cookie"] = f.lines
	return &http.Response{StatusCode: http.StatusOK, Header: h, Body: http.NoBody, Request: req}, nil
}

// TestSecurityFloodedResponses: one response with 100 000 Set-Cookie
// headers keeps the site to Chromium's per-site limit (the most recent
// 150 after an eviction at 181), and a 10 MB Set-Cookie line is refused
// whole for its size; neither reaches the next request's Cookie header
// beyond those bounds.
func TestSecurityFloodedResponses(t *testing.T) {
	u := &url.URL{Scheme: "https", Host: "flood.example", Path: "/"}
	cases := []struct {
		name  string
		lines []string
		// kept is the number of cookies the site keeps; first and last
		// the names of the oldest and newest kept.
		kept        int
		first, last string
	}{
		{"100 000 Set-Cookie headers", func() []string {
			lines := make([]string, 100_000)
			for i := range lines {
				lines[i] = "c" + strconv.Itoa(i) + "=v; Secure"
			}
			return lines
		}(), 0, "", ""},
		{"a 10 MB Set-Cookie line", []string{"big=" + strings.Repeat("x", 10<<20), "small=1; Secure"}, 1, "small", "small"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := cm.New(cm.Config{})
			require.NoError(t, err)
			defer m.Close()
			tr := m.Transport(&floodResponse{lines: tc.lines})
			req := &http.Request{Method: http.MethodGet, URL: u, Header: make(http.Header), Host: u.Host}
			resp, err := tr.RoundTrip(req)
			require.NoError(t, err)
			resp.Body.Close()
			all, err := m.AllCookies(t.Context())
			require.NoError(t, err)
			if tc.kept == 0 {
				// 181 cookies trigger an eviction to 150, each time:
				// the site holds between 150 and 180 of the newest.
				assert.GreaterOrEqual(t, len(all), 150)
				assert.LessOrEqual(t, len(all), 180)
				names := make(map[string]bool, len(all))
				for _, c := range all {
					names[c.Name] = true
				}
				assert.True(t, names["c99999"], "the newest stays")
				assert.False(t, names["c0"], "the oldest went")
			} else {
				require.Len(t, all, tc.kept)
				assert.Equal(t, tc.first, all[0].Name)
				assert.Equal(t, tc.last, all[len(all)-1].Name)
			}
			h, err := m.CookieHeader(t.Context(), u, cm.NavigationOptions())
			require.NoError(t, err)
			assert.LessOrEqual(t, len(h), 180*len("c99999=v; "), "the Cookie header stays bounded")
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
