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
	"sync"
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

// knownBlockedDifferences is knownDifferences for the profile that blocks
// third-party cookies.
var knownBlockedDifferences = map[string]string{}

// expiryTolerance absorbs the time between the recorder's clock reading and
// Chromium's creation time of the cookie.
const expiryTolerance = 3 * time.Second

// goldenFiles keeps the golden files read, which both replay tests read.
var goldenFiles struct {
	sync.Mutex
	byPath map[string]*golden.File
}

// readGolden reads and checks a golden file of the given profile.
func readGolden(t *testing.T, path, profile string) *golden.File {
	t.Helper()
	goldenFiles.Lock()
	defer goldenFiles.Unlock()
	if g, ok := goldenFiles.byPath[path]; ok {
		return g
	}
	f, err := os.Open(path)
	require.NoError(t, err, "the golden files are recorded by conformance/chromium")
	defer func() { _ = f.Close() }()
	g, err := golden.Read(f)
	require.NoError(t, err)
	require.NotEmpty(t, g.Chromium)
	require.NotEmpty(t, g.Results)
	require.Equal(t, profile, g.Profile)
	ids := map[string]bool{}
	for _, r := range g.Results {
		require.False(t, ids[r.ID], "%s: scenario recorded twice", r.ID)
		ids[r.ID] = true
		require.Equal(t, len(r.Steps), len(r.StepResults), "%s: a result for each step", r.ID)
	}
	if goldenFiles.byPath == nil {
		goldenFiles.byPath = map[string]*golden.File{}
	}
	goldenFiles.byPath[path] = g
	return g
}

// replay replays one recorded scenario and returns how the library's
// outcome differs.
func replay(t *testing.T, r golden.Result) []string {
	if isScriptScenario(r) {
		return replayScript(t, r, nil)
	}
	if len(r.Steps) > 0 {
		return replaySteps(t, r, nil).diffs
	}
	return replayChromium(t, r)
}

func TestChromiumReplay(t *testing.T) {
	g := readGolden(t, "testdata/chromium/golden.json", golden.ProfileDefault)
	t.Logf("recorded by %s", g.Chromium)
	agree, known := replayAll(t, g.Results, knownDifferences, func(r golden.Result) []string { return replay(t, r) })
	t.Logf("%d passed, %d known differences", agree, known)
}

// TestChromiumReplay3PCBlocked replays the recordings made with third-party
// cookies blocked, Chromium's default, with CookieSettings that block them;
// every scenario must agree.
func TestChromiumReplay3PCBlocked(t *testing.T) {
	def := readGolden(t, "testdata/chromium/golden.json", golden.ProfileDefault)
	g := readGolden(t, "testdata/chromium/golden-3pc-blocked.json", golden.Profile3PCBlocked)
	require.Equal(t, def.Chromium, g.Chromium, "both profiles recorded by one browser")
	// The context scenarios, ctx-*, are recorded in both profiles.
	isContext := func(r golden.Result) bool {
		return len(r.Steps) > 0 && (strings.HasPrefix(r.Category, "ctx-") || isScriptScenario(r))
	}
	inDefault := map[string]bool{}
	for _, r := range def.Results {
		inDefault[r.ID] = isContext(r)
	}
	settings := cookiemonster.NewCookieSettings(nil)
	settings.SetBlockThirdParty(true)
	var played []golden.Result
	diffs := map[string][]string{}
	crossSite := map[string]int{}
	for _, r := range g.Results {
		require.True(t, inDefault[r.ID], "%s: only context scenarios, which the other profile has too", r.ID)
		delete(inDefault, r.ID)
		if isScriptScenario(r) {
			diffs[r.ID] = replayScript(t, r, settings)
			played = append(played, r)
			continue
		}
		rep := replaySteps(t, r, settings)
		if rep.crossSite {
			crossSite[r.Category]++
		}
		played = append(played, r)
		diffs[r.ID] = rep.diffs
	}
	for id, ctx := range inDefault {
		assert.False(t, ctx, "%s: missing from the profile that blocks third-party cookies", id)
	}
	require.NotEmpty(t, played)
	agree, known := replayAll(t, played, knownBlockedDifferences, func(r golden.Result) []string { return diffs[r.ID] })
	cats := make([]string, 0, len(crossSite))
	n := 0
	for c, k := range crossSite {
		cats = append(cats, fmt.Sprintf("%s %d", c, k))
		n += k
	}
	sort.Strings(cats)
	t.Logf("%s: %d scenarios: %d passed, %d known differences; %d of them with a third-party access (%s)",
		g.Profile, len(played), agree, known, n, strings.Join(cats, ", "))
}

// replayAll asserts that of the results, exactly the known ones differ, as
// diffsOf says; it returns how many agree and how many are known
// differences.
func replayAll(t *testing.T, results []golden.Result, known map[string]string, diffsOf func(golden.Result) []string) (agree, knownN int) {
	t.Helper()
	ids := map[string]bool{}
	for _, r := range results {
		ids[r.ID] = true
		diffs := diffsOf(r)
		why, isKnown := known[r.ID]
		what := r.Note
		if what == "" {
			what = fmt.Sprintf("Set-Cookie %q", r.SetCookie)
		}
		t.Run(r.ID, func(t *testing.T) {
			if isKnown {
				assert.NotEmpty(t, diffs, "agrees with Chromium now; remove it from the known differences (%s)", why)
				return
			}
			assert.Empty(t, diffs, what)
		})
		if len(diffs) == 0 {
			agree++
		} else if isKnown {
			knownN++
		}
	}
	for id := range known {
		assert.True(t, ids[id], "the known differences name %s, which the golden file lacks", id)
	}
	assert.Equal(t, len(results), agree+knownN, "every scenario agrees or is a known difference")
	assert.Equal(t, len(known), knownN)
	return agree, knownN
}

// replayChromium plays one recorded single-response scenario through a
// fresh Monster whose clock is the recording's, and returns how the outcome
// differs.
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
	diffs = append(diffs, compareStored(t, m, r.Cookies)...)
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

// compareStored compares the Monster's cookies with those Chromium stored,
// field by field, and returns the differences.
func compareStored(t *testing.T, m *cookiemonster.Monster, want []golden.Cookie) []string {
	t.Helper()
	all, err := m.AllCookies(context.Background())
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
	want = append([]golden.Cookie(nil), want...)
	sort.SliceStable(want, func(i, j int) bool { return chromiumLess(want[i], want[j]) })
	if len(idx) != len(want) {
		names := func(cs []golden.Cookie) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.Name+"@"+c.Domain+c.Path+" "+c.PartitionKey)
			}
			sort.Strings(out)
			return out
		}
		return []string{fmt.Sprintf("stored %d cookies, Chromium %d: %v vs %v", len(idx), len(want), names(got), names(want))}
	}
	var diffs []string
	for k, i := range idx {
		w, have := want[k], got[i]
		// Expiry compares within a tolerance; the rest exactly.
		if w.Expires == -1 {
			if !exp[i].IsZero() {
				diffs = append(diffs, fmt.Sprintf("%s: Chromium session cookie, library expires %v", w.Name, exp[i]))
			}
		} else {
			wt := time.Unix(0, int64(w.Expires*1e9))
			if exp[i].IsZero() || math.Abs(float64(exp[i].Sub(wt))) > float64(expiryTolerance) {
				diffs = append(diffs, fmt.Sprintf("%s: Chromium expires %v, library %v", w.Name, wt.UTC(), exp[i]))
			}
		}
		w.Expires, have.Expires = 0, 0
		// DevTools reports a string that is not UTF-8 cut short; the
		// Cookie headers carry such a name, value or path.
		for _, f := range [...]struct{ want, have *string }{{&w.Name, &have.Name}, {&w.Value, &have.Value}, {&w.Path, &have.Path}} {
			if !utf8.ValidString(*f.have) {
				*f.want, *f.have = "", ""
			}
		}
		if w.SameSite == "" {
			w.SameSite = "Unspecified"
		}
		if w != have {
			diffs = append(diffs, fmt.Sprintf("cookie %+v, Chromium %+v", have, w))
		}
	}
	return diffs
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
		site, cross, err := c.Partition.Serialize()
		if err != nil {
			site = "unserializable partition " + c.Partition.String()
		}
		k.PartitionKey, k.CrossSiteAncestor = site, cross
	}
	return k
}

// chromiumLess orders cookies as the recorder sorts Chromium's.
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
	if a.PartitionKey != b.PartitionKey {
		return a.PartitionKey < b.PartitionKey
	}
	return !a.CrossSiteAncestor && b.CrossSiteAncestor
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
