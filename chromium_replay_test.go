package cookiemonster_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// knownDifferences lists the scenarios in which the library does not do
// what Chromium did, each with what Chromium does and what the library
// does. The replay asserts that exactly these differ: when a change makes
// one of them agree, the test fails until its entry is removed here.
var knownDifferences = map[string]string{}

// expiryTolerance absorbs the time between the recorder's clock reading and
// Chromium's creation time of the cookie.
const expiryTolerance = 3 * time.Second

func TestChromiumReplay(t *testing.T) {
	data, err := os.ReadFile("testdata/chromium/golden.json")
	require.NoError(t, err, "the golden file is recorded by conformance/chromium")
	var g golden.File
	require.NoError(t, json.Unmarshal(data, &g))
	require.NotEmpty(t, g.Chromium)
	require.NotEmpty(t, g.Results)
	t.Logf("recorded by %s", g.Chromium)

	ids := map[string]bool{}
	agree, known := 0, 0
	for _, r := range g.Results {
		ids[r.ID] = true
		diffs := replayChromium(t, r)
		why, isKnown := knownDifferences[r.ID]
		t.Run(r.ID, func(t *testing.T) {
			if isKnown {
				assert.NotEmpty(t, diffs, "agrees with Chromium now; remove it from knownDifferences (%s)", why)
				return
			}
			assert.Empty(t, diffs, "Set-Cookie %q", r.SetCookie)
		})
		if len(diffs) == 0 {
			agree++
		} else if isKnown {
			known++
		}
	}
	for id := range knownDifferences {
		assert.True(t, ids[id], "knownDifferences names %s, which the golden file lacks", id)
	}
	assert.Equal(t, len(g.Results), agree+known, "every scenario agrees or is a known difference")
	assert.Equal(t, len(knownDifferences), known)
	t.Logf("%d passed, %d known differences", agree, known)
}

// replayChromium plays one recorded scenario through a fresh Monster whose
// clock is the recording's, and returns how the outcome differs.
func replayChromium(t *testing.T, r golden.Result) []string {
	t.Helper()
	ctx := context.Background()
	now := r.Time
	m, err := cookiemonster.New(cookiemonster.Config{Now: func() time.Time { return now }})
	require.NoError(t, err)
	defer func() { _ = m.Close() }()

	var diffs []string
	lines, valid := setCookieHeaders(r.Lines())
	if valid != (r.NavError == "") {
		diffs = append(diffs, fmt.Sprintf("response valid %v, Chromium's navigation error %q", valid, r.NavError))
	}
	serverTime := cookiemonster.ServerTimeFromDate(r.Date) // as Transport reads the Date header
	setFrom := func(raw string) {
		u, err := url.Parse(raw)
		require.NoError(t, err)
		set := topLevelOptions(u)
		set.SameSite = cookiemonster.MakeSameSiteContext(cookiemonster.ContextLax) // a response: Strict is Lax
		set.ServerTime = serverTime
		for _, line := range lines {
			_, err := m.SetCookieLine(ctx, u, line, set)
			require.NoError(t, err)
			now = now.Add(time.Microsecond) // Chromium reads its clock for each line
		}
	}
	setFrom(r.URL)
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)

	got := make([]golden.Cookie, 0, len(all))
	exp := make([]time.Time, 0, len(all))
	for _, c := range all {
		got = append(got, asChromium(c))
		exp = append(exp, c.Expiry)
	}
	idx := make([]int, len(got))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return chromiumLess(got[idx[i]], got[idx[j]]) })
	// The recorder sorts by name, domain and path only; cookies that tie
	// (in different partitions) are put in one order on both sides.
	wantCookies := append([]golden.Cookie(nil), r.Cookies...)
	sort.SliceStable(wantCookies, func(i, j int) bool { return chromiumLess(wantCookies[i], wantCookies[j]) })
	if len(idx) != len(wantCookies) {
		diffs = append(diffs, fmt.Sprintf("stored %d cookies, Chromium %d: %v vs %v", len(idx), len(wantCookies), got, wantCookies))
	} else {
		for k, i := range idx {
			want, have := wantCookies[k], got[i]
			// Expiry compares within a tolerance; the rest exactly.
			if want.Expires == -1 {
				if !exp[i].IsZero() {
					diffs = append(diffs, fmt.Sprintf("%s: Chromium session cookie, library expires %v", want.Name, exp[i]))
				}
			} else {
				wt := time.Unix(0, int64(want.Expires*1e9))
				if exp[i].IsZero() || math.Abs(float64(exp[i].Sub(wt))) > float64(expiryTolerance) {
					diffs = append(diffs, fmt.Sprintf("%s: Chromium expires %v, library %v", want.Name, wt.UTC(), exp[i]))
				}
			}
			want.Expires, have.Expires = 0, 0
			// DevTools reports a string that is not UTF-8 cut short;
			// the Cookie headers carry such a name, value or path.
			for _, f := range [...]struct{ want, have *string }{{&want.Name, &have.Name}, {&want.Value, &have.Value}, {&want.Path, &have.Path}} {
				if !utf8.ValidString(*f.have) {
					*f.want, *f.have = "", ""
				}
			}
			if want.SameSite == "" {
				want.SameSite = "Unspecified"
			}
			if want != have {
				diffs = append(diffs, fmt.Sprintf("cookie %+v, Chromium %+v", have, want))
			}
		}
	}
	for _, q := range r.Requests {
		fu, err := url.Parse(q.URL)
		require.NoError(t, err)
		if fu.Query().Get("s") == r.ID {
			setFrom(q.URL) // the lines again, from another URL
			continue
		}
		if !q.Reached {
			continue
		}
		h, err := m.CookieHeader(ctx, fu, topLevelOptions(fu))
		require.NoError(t, err)
		if h = asJSON(h); h != q.Cookie {
			diffs = append(diffs, fmt.Sprintf("%s: Cookie %q, Chromium %q", q.URL, h, q.Cookie))
		}
	}
	return diffs
}

// setCookieHeaders returns the Set-Cookie header values that an HTTP/1.1
// response made of the raw lines carries, as Chromium's HTTP parser reads
// it, and whether the response is valid at all. CR and LF each end a header
// line, so a value stops at the first of them; what follows is a header
// line of its own, a Set-Cookie one only when it says so (none in the
// corpus), otherwise not a cookie: Chromium drops a line without a colon.
// A NUL anywhere fails the response (net::ERR_INVALID_HTTP_RESPONSE).
func setCookieHeaders(raw []string) ([]string, bool) {
	var out []string
	for _, l := range raw {
		if strings.IndexByte(l, 0) >= 0 {
			return nil, false
		}
		value, rest, more := cutHeaderLine(l)
		out = append(out, value)
		for more {
			var part string
			part, rest, more = cutHeaderLine(rest)
			if name, v, ok := strings.Cut(part, ":"); ok && strings.EqualFold(name, "Set-Cookie") {
				out = append(out, v)
			}
		}
	}
	return out, true
}

// cutHeaderLine cuts s at its first CR or LF.
func cutHeaderLine(s string) (line, rest string, found bool) {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

// asJSON returns s as the golden file holds it: a JSON string carries no
// invalid UTF-8, and Go's encoder writes U+FFFD for each invalid byte.
func asJSON(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		return s
	}
	var out string
	if json.Unmarshal(b, &out) != nil {
		return s
	}
	return out
}

// topLevelOptions returns the options of a top-level navigation to u typed
// by the user, as the recorder's Page.navigate is: same-site, strict, in the
// partition of u's site, which Chromium gives a top-level document.
func topLevelOptions(u *url.URL) cookiemonster.Options {
	o := cookiemonster.NavigationOptions()
	if k, err := cookiemonster.NewPartitionKey(u, false); err == nil {
		o.Partition = k
	}
	return o
}

// asChromium maps a cookie to the fields Chromium reports.
func asChromium(c *cookiemonster.CanonicalCookie) golden.Cookie {
	k := golden.Cookie{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		Secure: c.Secure, HTTPOnly: c.HTTPOnly,
		SameSite: c.SameSite.String(), Priority: c.Priority.String(),
		SourceScheme: c.SourceScheme.String(), SourcePort: int64(c.SourcePort),
	}
	if c.IsPartitioned() {
		site, _, err := c.Partition.Serialize()
		if err != nil {
			site = "unserializable partition " + c.Partition.String()
		}
		k.PartitionKey = site
	}
	return k
}

// chromiumLess orders cookies as the recorder sorts Chromium's, by the
// names and paths DevTools reports, then by partition.
func chromiumLess(a, b golden.Cookie) bool {
	if an, bn := reported(a.Name), reported(b.Name); an != bn {
		return an < bn
	}
	if a.Domain != b.Domain {
		return a.Domain < b.Domain
	}
	if ap, bp := reported(a.Path), reported(b.Path); ap != bp {
		return ap < bp
	}
	return a.PartitionKey < b.PartitionKey
}

// reported returns s as far as DevTools reports it: up to its first byte
// that is not part of valid UTF-8.
func reported(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return s[:i]
		}
		i += n
	}
	return s
}

// TestSetCookieHeaders pins the reading of raw header lines the replay
// assumes of Chromium's HTTP parser (recorded in the combo-ctl-00, -0a and
// -0d scenarios).
func TestSetCookieHeaders(t *testing.T) {
	for _, tc := range []struct {
		raw   []string
		want  []string
		valid bool
	}{
		{[]string{"a=b"}, []string{"a=b"}, true},
		{[]string{"a=b\nc"}, []string{"a=b"}, true},
		{[]string{"a=b; Pa\rth=/"}, []string{"a=b; Pa"}, true},
		{[]string{"\na=b"}, []string{""}, true},
		{[]string{"a=b\r\nSet-Cookie: c=d", "e=f"}, []string{"a=b", " c=d", "e=f"}, true},
		{[]string{"a=b\nX-Other: c=d"}, []string{"a=b"}, true},
		{[]string{"a=b", "c\x00=d"}, nil, false},
	} {
		got, valid := setCookieHeaders(tc.raw)
		assert.Equal(t, tc.valid, valid, "%q", tc.raw)
		assert.Equal(t, tc.want, got, "%q", tc.raw)
	}
}
