package cookiemonster

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// macaronClock is the fixed clock of the macaron-wpt cases.
var macaronClock = time.Date(2024, 2, 22, 0, 0, 0, 0, time.UTC)

// macaronOverrides are the macaron-wpt cases where the file and the
// behaviour implemented disagree, keyed by "<file>/<case name>", with the
// header produced and the rule that decides it.
var macaronOverrides = map[string]struct{ want, why string }{
	"value/Set cookie but ignore value after LF":                      {"", "a LF inside the line rejects the whole cookie (6265bis §5.6, Chromium); the file predates that rule"},
	"name/Set a nameless cookie (that has an = in its value)":         {"", "Chromium 156 stores no nameless cookie whose value holds '=' (=test=2)"},
	"name/Set a nameless cookie (that has multiple ='s in its value)": {"", "Chromium 156 stores no nameless cookie whose value holds '=' (===test=2b)"},
}

// macaronCase is one case of a macaron-wpt file, all formats together.
type macaronCase struct {
	Cookie      json.RawMessage `json:"cookie"`
	Expected    string          `json:"expected"`
	Name        string          `json:"name"`
	DefaultPath *bool           `json:"defaultPath"`
	Location    string          `json:"location"`
	Path        string          `json:"path"`
	Match       *bool           `json:"match"`
}

// lines returns the Set-Cookie strings of the case: one string or a list.
func (c macaronCase) lines(t *testing.T) []string {
	t.Helper()
	var one string
	if err := json.Unmarshal(c.Cookie, &one); err == nil {
		return []string{one}
	}
	var many []string
	require.NoError(t, json.Unmarshal(c.Cookie, &many), "cookie %s is neither a string nor a list", c.Cookie)
	return many
}

// macaronRun is how one case is run: where from, which lines, where to read,
// and what the file expects.
type macaronRun struct {
	from, to *url.URL
	lines    []string
	expected string
}

func TestMacaronWPT(t *testing.T) {
	const host = "example.org"
	cookiePy := mustURL(t, "http://"+host+"/cookies/resources/cookie.py")
	echo := mustURL(t, "http://"+host+"/cookies/resources/echo-cookie.html")
	nameHTML := mustURL(t, "http://"+host+"/cookies/name/name.html")
	orderingFrom := mustURL(t, "http://"+host+"/cookies/ordering/ordering.sub.html")
	matchHTML := mustURL(t, "http://"+host+"/cookies/path/match.html")

	files := []struct {
		name  string
		count int
		run   func(t *testing.T, c macaronCase) macaronRun
	}{
		{"name", 27, nil},
		{"value", 28, nil},
		{"encoding", 6, nil},
		{"ordering", 4, func(t *testing.T, c macaronCase) macaronRun {
			lines := c.lines(t)
			for i := range lines {
				lines[i] = strings.ReplaceAll(lines[i], "{{host}}", host)
			}
			ref, err := url.Parse(strings.ReplaceAll(c.Location, "{{host}}", host))
			require.NoError(t, err)
			return macaronRun{from: orderingFrom, to: orderingFrom.ResolveReference(ref), lines: lines, expected: c.Expected}
		}},
		{"path", 8, func(t *testing.T, c macaronCase) macaronRun {
			line := c.Name + "=1; Path=" + c.Path
			want := c.Name + "=1"
			if c.Match != nil && !*c.Match {
				want = ""
			}
			return macaronRun{from: matchHTML, to: matchHTML, lines: []string{line}, expected: want}
		}},
	}
	// The default run: set from cookie.py, read at echo-cookie.html, or at
	// name.html when the cookie sets its own path.
	defaultRun := func(t *testing.T, c macaronCase) macaronRun {
		to := echo
		if c.DefaultPath != nil && !*c.DefaultPath {
			to = nameHTML
		}
		return macaronRun{from: cookiePy, to: to, lines: c.lines(t), expected: c.Expected}
	}

	used := make(map[string]bool)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			var cases []macaronCase
			require.NoError(t, json.Unmarshal(readVector(t, "macaron-wpt", "wpt", f.name+".json"), &cases), "%s.json", f.name)
			require.Equal(t, f.count, len(cases), "cases in %s.json", f.name)
			run := f.run
			if run == nil {
				run = defaultRun
			}
			ran := 0
			for _, tc := range cases {
				t.Run(tc.Name, func(t *testing.T) {
					ran++
					r := run(t, tc)
					ctx := context.Background()
					m, err := New(Config{Now: func() time.Time { return macaronClock }})
					require.NoError(t, err)
					setOpts := HTTPOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
					for _, line := range r.lines {
						_, err := m.SetCookieLine(ctx, r.from, line, setOpts)
						require.NoError(t, err)
					}
					got, err := m.CookieHeader(ctx, r.to, ScriptOptions(MakeSameSiteContext(ContextStrict), PartitionKey{}))
					require.NoError(t, err)
					want := r.expected
					key := f.name + "/" + tc.Name
					if o, ok := macaronOverrides[key]; ok {
						used[key] = true
						assert.NotEqual(t, r.expected, o.want, "override of %s must differ from the file", key)
						want = o.want
					}
					assert.Equal(t, want, got, "set %q from %s, read at %s", r.lines, r.from, r.to)
				})
			}
			assert.Equal(t, f.count, ran, "cases run in %s.json", f.name)
		})
	}
	for key := range macaronOverrides {
		assert.True(t, used[key], "override %q names no case of the files", key)
	}
}
