package cookiemonster

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// httpStateClock is the fixed clock of the http-state suites.
var httpStateClock = time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)

// wptOverrides are the cases where the file and the behaviour implemented
// disagree, with the value produced and the rule that decides it; they are
// the ones listed in testdata/conformance/README.md.
var wptOverrides = map[string]struct{ want, why string }{
	"attribute0023":         {"foo=bar", "the last Path attribute wins (/cookie-parser-result)"},
	"disabled-chromium0022": {"", "a CR inside the line rejects the whole cookie"},
	"disabled-path0029":     {"", "paths are matched as encoded; %6F is not decoded"},
	"optional-domain0042":   {"foo=bar", "an empty Domain= is the last Domain attribute: a host-only cookie"},
	"name0017":              {"", "Chromium 156 stores no nameless cookie whose value holds '=' (=a=bar)"},
	"name0025":              {"", "Chromium 156 stores no nameless cookie whose value holds '=' (===a=bar)"},
}

func TestWPTHTTPState(t *testing.T) {
	data := readVector(t, "wpt-http-state", "http-state-wpt.json")
	var cases []struct {
		Test     string   `json:"test"`
		Received []string `json:"received"`
		SentTo   *string  `json:"sent-to"`
		Expected string   `json:"expected"`
	}
	require.NoError(t, json.Unmarshal(data, &cases))
	require.Equal(t, 221, len(cases), "cases in http-state-wpt.json")
	overridden := 0
	for _, tc := range cases {
		t.Run(tc.Test, func(t *testing.T) {
			ctx := context.Background()
			m, err := New(Config{Now: func() time.Time { return httpStateClock }})
			require.NoError(t, err)
			from := mustURL(t, "http://home.example.org:8888/cookie-parser?"+tc.Test)
			setOpts := HTTPOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
			for _, line := range tc.Received {
				_, err := m.SetCookieLine(ctx, from, line, setOpts)
				require.NoError(t, err)
			}
			to := mustURL(t, "http://home.example.org:8888/cookie-parser-result?"+tc.Test)
			if tc.SentTo != nil {
				ref, err := url.Parse(*tc.SentTo)
				require.NoError(t, err)
				to = from.ResolveReference(ref)
			}
			got, err := m.CookieHeader(ctx, to, NavigationOptions())
			require.NoError(t, err)
			want := tc.Expected
			if o, ok := wptOverrides[tc.Test]; ok {
				overridden++
				assert.NotEqual(t, tc.Expected, o.want, "override of %s must differ from the file", tc.Test)
				want = o.want
			}
			assert.Equal(t, want, got, "received %q, sent to %s", tc.Received, to)
		})
	}
	assert.Equal(t, len(wptOverrides), overridden, "every override names a case of the file")
}
