package cookiemonster_test

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// knownDifferences lists the scenarios in which the library does not do
// what Chromium did, each with what Chromium does and what the library
// does. The replay asserts that exactly these differ: when a change makes
// one of them agree, the test fails until its entry is removed here.
var knownDifferences = map[string]string{
	"value-005": `"=a=b": Chromium 156 stores nothing for a nameless cookie whose value holds '='; the library stores the nameless cookie "a=b"`,
	"value-006": `"==a": Chromium 156 stores nothing; the library stores the nameless cookie "=a"`,
	"value-007": `"= a=b": Chromium 156 stores nothing; the library stores the nameless cookie "a=b"`,
}

// knownBlockedDifferences is knownDifferences for the scenarios of the
// profile that blocks third-party cookies which the replay plays (those
// without a cross-site access).
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
	if len(r.Steps) > 0 {
		return replaySteps(t, r).diffs
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
// cookies blocked. The library has no third-party cookie policy, so only the
// scenarios in which no access was cross-site are played; they must agree.
func TestChromiumReplay3PCBlocked(t *testing.T) {
	def := readGolden(t, "testdata/chromium/golden.json", golden.ProfileDefault)
	g := readGolden(t, "testdata/chromium/golden-3pc-blocked.json", golden.Profile3PCBlocked)
	require.Equal(t, def.Chromium, g.Chromium, "both profiles recorded by one browser")
	// The context scenarios, ctx-*, are recorded in both profiles.
	isContext := func(r golden.Result) bool { return len(r.Steps) > 0 && strings.HasPrefix(r.Category, "ctx-") }
	inDefault := map[string]bool{}
	for _, r := range def.Results {
		inDefault[r.ID] = isContext(r)
	}
	var firstParty []golden.Result
	diffs := map[string][]string{}
	skipped := map[string]int{}
	for _, r := range g.Results {
		require.True(t, inDefault[r.ID], "%s: only context scenarios, which the other profile has too", r.ID)
		delete(inDefault, r.ID)
		rep := replaySteps(t, r)
		if rep.crossSite {
			skipped[r.Category]++
			continue
		}
		firstParty = append(firstParty, r)
		diffs[r.ID] = rep.diffs
	}
	for id, ctx := range inDefault {
		assert.False(t, ctx, "%s: missing from the profile that blocks third-party cookies", id)
	}
	require.NotEmpty(t, firstParty)
	agree, known := replayAll(t, firstParty, knownBlockedDifferences, func(r golden.Result) []string { return diffs[r.ID] })
	cats := make([]string, 0, len(skipped))
	n := 0
	for c, k := range skipped {
		cats = append(cats, fmt.Sprintf("%s %d", c, k))
		n += k
	}
	sort.Strings(cats)
	t.Logf("%s: %d scenarios without a cross-site access: %d passed, %d known differences; %d with one are not replayed (%s)",
		g.Profile, len(firstParty), agree, known, n, strings.Join(cats, ", "))
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

	u, err := url.Parse(r.URL)
	require.NoError(t, err)
	set := topLevelOptions(u)
	set.SameSite = cookiemonster.MakeSameSiteContext(cookiemonster.ContextLax) // a response: Strict is Lax
	for _, line := range r.SetCookie {
		_, err := m.SetCookieLine(ctx, u, line, set)
		require.NoError(t, err)
	}
	diffs := compareStored(t, m, r.Cookies)
	for _, q := range r.Requests {
		if !q.Reached {
			continue
		}
		fu, err := url.Parse(q.URL)
		require.NoError(t, err)
		h, err := m.CookieHeader(ctx, fu, topLevelOptions(fu))
		require.NoError(t, err)
		if h != q.Cookie {
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
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	if a.Domain != b.Domain {
		return a.Domain < b.Domain
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.PartitionKey != b.PartitionKey {
		return a.PartitionKey < b.PartitionKey
	}
	return !a.CrossSiteAncestor && b.CrossSiteAncestor
}
