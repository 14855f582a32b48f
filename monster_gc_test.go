package cookiemonster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ---- helpers shared by monster_gc_test.go and change_dispatcher_test.go ----

// gcNew returns a Monster on clk with lim and an optional store.
func gcNew(t *testing.T, clk *fakeClock, lim Limits, store PersistentStore) *Monster {
	t.Helper()
	m, err := New(Config{Now: clk.Now, Limits: lim, Store: store})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// gcCookie builds a cookie from explicit fields at the clock's time.
func gcCookie(t *testing.T, now time.Time, d CookieDetails) *CanonicalCookie {
	t.Helper()
	c, st := NewSanitizedCookie(d, now)
	require.NotNil(t, c, "%s: %s", d.Name, st)
	return c
}

// gcSetCookie stores c, set from u as a same-site HTTP response in
// partition c.Partition, and requires that it was accepted.
func gcSetCookie(t *testing.T, m *Monster, c *CanonicalCookie, rawURL string) {
	t.Helper()
	o := NavigationOptions()
	o.Partition = c.Partition
	res, err := m.SetCanonicalCookie(context.Background(), c, mustURL(t, rawURL), o)
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), "%s: %s", c.Name, res.Status)
}

// gcSetLine sets line from rawURL as a same-site HTTP response in partition
// p and requires that it was accepted.
func gcSetLine(t *testing.T, m *Monster, rawURL, line string, p PartitionKey) {
	t.Helper()
	o := NavigationOptions()
	o.Partition = p
	res, err := m.SetCookieLine(context.Background(), mustURL(t, rawURL), line, o)
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), "%q: %s", line, res.Status)
}

// gcAll returns every stored cookie.
func gcAll(t *testing.T, m *Monster) []*CanonicalCookie {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	return all
}

// gcNames returns the sorted names of the stored cookies that keep (nil:
// all) accepts.
func gcNames(t *testing.T, m *Monster, keep func(*CanonicalCookie) bool) []string {
	t.Helper()
	var names []string
	for _, c := range gcAll(t, m) {
		if keep == nil || keep(c) {
			names = append(names, c.Name)
		}
	}
	slices.Sort(names)
	return names
}

// gcSeq returns prefix+NN for n in [from, to], zero-padded to width.
func gcSeq(prefix string, width, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%s%0*d", prefix, width, i))
	}
	return out
}

// gcSorted returns a sorted copy of the concatenation of lists.
func gcSorted(lists ...[]string) []string {
	out := slices.Concat(lists...)
	slices.Sort(out)
	return out
}

// gcWithCause prefixes each name with a cause, as cdRecorder.names renders
// events.
func gcWithCause(cause ChangeCause, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = cause.String() + " " + n
	}
	return out
}

// gcMinus returns all without the names in drop, sorted.
func gcMinus(all []string, drop ...[]string) []string {
	gone := make(map[string]bool)
	for _, l := range drop {
		for _, n := range l {
			gone[n] = true
		}
	}
	var out []string
	for _, n := range all {
		if !gone[n] {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// ---- per-eTLD+1 GC ----

// 181 cookies on one site: the 31 least recently accessed go, whatever their
// creation order.
func TestGCPerKeyEvictsLeastRecentlyAccessed(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	rec := cdRecord(m)
	var all []string
	for i := range 180 {
		clk.Advance(time.Minute)
		name := fmt.Sprintf("c%03d", i)
		all = append(all, name)
		host := "https://example.com/"
		if i < 10 {
			host = "https://www.example.com/" // same key, host-only on www
		}
		gcSetLine(t, m, host, name+"=v", PartitionKey{})
	}
	require.Len(t, gcAll(t, m), 180, "180 is the limit, not above it")
	assert.Equal(t, gcWithCause(CauseInserted, all), rec.names())

	// Reading www.example.com refreshes c000..c009 (the oldest by creation).
	clk.Advance(time.Minute)
	inc, _, err := m.Cookies(context.Background(), mustURL(t, "https://www.example.com/"), NavigationOptions())
	require.NoError(t, err)
	require.Len(t, inc, 10)

	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", "c180=v", PartitionKey{})
	all = append(all, "c180")
	evicted := gcSeq("c", 3, 10, 40)
	want := append([]string{"Inserted c180"}, gcWithCause(CauseEvicted, evicted)...)
	assert.Equal(t, want, rec.names(), "31 evictions, least recently accessed first")
	assert.Equal(t, gcMinus(all, evicted), gcNames(t, m, nil))
	assert.Len(t, gcAll(t, m), 150)
}

// gcSpec is one cookie of the mixed-priority case.
type gcSpec struct {
	name   string
	prio   Priority
	secure bool
}

func gcGroup(prefix string, n int, prio Priority, secure bool) []gcSpec {
	width := 1
	if n > 10 {
		width = 2
	}
	out := make([]gcSpec, n)
	for i := range out {
		out[i] = gcSpec{name: fmt.Sprintf("%s%0*d", prefix, width, i), prio: prio, secure: secure}
	}
	return out
}

// A mixed case computed by hand from the six rounds.
//
// 181 cookies: LOW 35 non-secure + 5 secure; MEDIUM 15 non-secure + 45
// secure; HIGH 6 non-secure + 75 secure. purge_goal = 181-150 = 31.
//
//	(LOW,protect):  40 > 30; 40-max(5,30)=10 → L_ns_00..09; goal 21
//	(LOW,all):      30 ≤ 30, skipped
//	(MED,protect):  60 > 50; 60-max(45,50)=10 → M_ns_00..09; goal 11
//	(HIGH,protect): 81 > 70; 81-max(75,70)=6 → H_ns_0..5; goal 5
//	(MED,all):      50 ≤ 50, skipped
//	(HIGH,all):     75 > 70; 5 → the 5 LRA HIGH: H_s_00..03 and H_s_05,
//	                which ties H_s_04 on last access but was created earlier.
//
// The groups are interleaved in access order, so L_s_* are among the least
// recently accessed cookies and still survive, and older MEDIUM secure
// cookies outlive younger HIGH non-secure ones.
func TestGCPerKeyMixedPriorities(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	groups := [][]gcSpec{
		gcGroup("L_s_", 5, PriorityLow, true),
		gcGroup("H_s_", 75, PriorityHigh, true),
		gcGroup("M_ns_", 15, PriorityMedium, false),
		gcGroup("L_ns_", 35, PriorityLow, false),
		gcGroup("H_ns_", 6, PriorityHigh, false),
		gcGroup("M_s_", 45, PriorityMedium, true),
	}
	var order []gcSpec // round-robin: each group keeps its own order
	for step := 0; ; step++ {
		added := false
		for _, g := range groups {
			if step < len(g) {
				order = append(order, g[step])
				added = true
			}
		}
		if !added {
			break
		}
	}
	require.Len(t, order, 181)

	base := t0.Add(-24 * time.Hour)
	access := make(map[string]time.Time)
	creation := make(map[string]time.Time)
	for i, s := range order {
		access[s.name] = base.Add(time.Duration(i) * time.Minute)
		creation[s.name] = access[s.name].Add(-time.Hour)
	}
	access["H_s_05"] = access["H_s_04"]
	creation["H_s_05"] = creation["H_s_04"].Add(-time.Minute)

	rec := cdRecord(m)
	var all []string
	for _, s := range order {
		all = append(all, s.name)
		c := gcCookie(t, clk.Now(), CookieDetails{
			URL: mustURL(t, "https://example.com/"), Name: s.name, Value: "v", Path: "/",
			Secure: s.secure, Priority: s.prio, Creation: creation[s.name], LastAccess: access[s.name],
		})
		gcSetCookie(t, m, c, "https://example.com/")
	}
	evicted := slices.Concat(
		gcSeq("L_ns_", 2, 0, 9),
		gcSeq("M_ns_", 2, 0, 9),
		gcSeq("H_ns_", 1, 0, 5),
		[]string{"H_s_00", "H_s_01", "H_s_02", "H_s_03", "H_s_05"},
	)
	got := rec.names()
	require.Len(t, got, 181+31)
	assert.Equal(t, "Inserted H_s_74", got[180], "the 181st set triggers the GC")
	assert.Equal(t, gcWithCause(CauseEvicted, evicted), got[181:], "round order, then LRA order")
	assert.Equal(t, gcMinus(all, evicted), gcNames(t, m, nil))
}

// Custom limits: every round visited, with the quotas given.
//
// MaxCookiesPerKey 6, purge to 3, quotas 1/1/1; 7 cookies, goal 4.
// LRA order: h1(H,s) h2(H) m1(M,s) l1(L,s) m2(M) h3(H,s) l2(L).
//
//	(LOW,protect):  2 > 1; 2-max(1,1)=1 → l2; goal 3
//	(LOW,all):      1 ≤ 1
//	(MED,protect):  2 > 1; 2-max(1,1)=1 → m2; goal 2
//	(HIGH,protect): 3 > 1; 3-max(2,1)=1 → h2; goal 1
//	(MED,all):      1 ≤ 1
//	(HIGH,all):     2 > 1 → h1; goal 0
func TestGCPerKeyCustomLimitsAllRounds(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookiesPerKey: 6, PurgeCookiesPerKeyTo: 3, QuotaLow: 1, QuotaMedium: 1, QuotaHigh: 1}, nil)
	rec := cdRecord(m)
	specs := []gcSpec{
		{"h1", PriorityHigh, true}, {"h2", PriorityHigh, false}, {"m1", PriorityMedium, true},
		{"l1", PriorityLow, true}, {"m2", PriorityMedium, false}, {"h3", PriorityHigh, true},
		{"l2", PriorityLow, false},
	}
	for _, s := range specs {
		clk.Advance(time.Minute)
		c := gcCookie(t, clk.Now(), CookieDetails{URL: mustURL(t, "https://a.example.com/"), Name: s.name, Value: "v",
			Secure: s.secure, Priority: s.prio})
		gcSetCookie(t, m, c, "https://a.example.com/")
		if s.name == "h3" {
			assert.Len(t, gcAll(t, m), 6, "6 is the limit: no GC yet")
		}
	}
	got := rec.names()
	require.Len(t, got, 7+4)
	assert.Equal(t, []string{"Evicted l2", "Evicted m2", "Evicted h2", "Evicted h1"}, got[7:])
	assert.Equal(t, []string{"h3", "l1", "m1"}, gcNames(t, m, nil))
}

// Custom limits: 11 cookies with MaxCookiesPerKey 10, purged to 7 with the
// quotas given; MEDIUM secure cookies are protected in (MED,protect).
func TestGCPerKeyCustomLimits(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookiesPerKey: 10, PurgeCookiesPerKeyTo: 7, QuotaLow: 1, QuotaMedium: 2, QuotaHigh: 4}, nil)
	rec := cdRecord(m)
	// goal 4. LOW: lA lS(s) lB → (LOW,protect) 3-max(1,1)=2 → lA lB.
	// MED: mS1(s) mA mB mS2(s) mC → (MED,protect) 5-max(2,2)=3, goal 2 → mA mB.
	specs := []gcSpec{
		{"hA", PriorityHigh, false}, {"mS1", PriorityMedium, true}, {"lA", PriorityLow, false},
		{"mA", PriorityMedium, false}, {"lS", PriorityLow, true}, {"mB", PriorityMedium, false},
		{"hS1", PriorityHigh, true}, {"lB", PriorityLow, false}, {"mS2", PriorityMedium, true},
		{"hS2", PriorityHigh, true}, {"mC", PriorityMedium, false},
	}
	for _, s := range specs {
		clk.Advance(time.Minute)
		c := gcCookie(t, clk.Now(), CookieDetails{URL: mustURL(t, "https://example.com/"), Name: s.name, Value: "v",
			Secure: s.secure, Priority: s.prio})
		gcSetCookie(t, m, c, "https://example.com/")
	}
	got := rec.names()
	require.Len(t, got, 11+4)
	assert.Equal(t, []string{"Evicted lA", "Evicted lB", "Evicted mA", "Evicted mB"}, got[11:])
	assert.Equal(t, gcSorted([]string{"hA", "mS1", "lS", "hS1", "mS2", "hS2", "mC"}), gcNames(t, m, nil))
}

// Only MaxCookiesPerKey given: the purge target and quotas scale from
// Chromium's 180/150 (10 → 8).
func TestGCPerKeyCustomMaxOnly(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookiesPerKey: 10}, nil)
	var all []string
	for i := range 11 {
		clk.Advance(time.Minute)
		name := fmt.Sprintf("k%02d", i)
		all = append(all, name)
		gcSetLine(t, m, "https://example.com/", name+"=v", PartitionKey{})
		if i == 9 {
			require.Len(t, gcAll(t, m), 10)
		}
	}
	assert.Equal(t, all[3:], gcNames(t, m, nil), "the three least recently accessed go")
}

// Expired cookies are deleted first (cause Expired), and when that brings
// the key back under the limit nothing is evicted.
func TestGCPerKeyExpiredFirstAvoidsEviction(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	var all []string
	for i := range 180 {
		name := fmt.Sprintf("c%03d", i)
		line := name + "=v"
		if i == 5 || i == 77 || i == 150 {
			line += "; Max-Age=60"
		}
		all = append(all, name)
		gcSetLine(t, m, "https://example.com/", line, PartitionKey{})
	}
	clk.Advance(2 * time.Minute)
	rec := cdRecord(m)
	gcSetLine(t, m, "https://example.com/", "c180=v", PartitionKey{})
	all = append(all, "c180")
	got := rec.names()
	require.NotEmpty(t, got)
	assert.Equal(t, "Inserted c180", got[0])
	assert.ElementsMatch(t, []string{"Expired c005", "Expired c077", "Expired c150"}, got[1:])
	assert.Equal(t, gcMinus(all, []string{"c005", "c077", "c150"}), gcNames(t, m, nil))
}

// Expired cookies go first, even when they are the least recently accessed
// (they are not counted as evictions), then eviction runs on the rest.
// The cookies come from a store, so set-time GC never saw them.
func TestGCPerKeyExpiredThenEvicted(t *testing.T) {
	clk := newFakeClock(t0)
	u := mustURL(t, "https://example.com/")
	var stored []*CanonicalCookie
	var expired, live []string
	for i := range 5 {
		name := fmt.Sprintf("e%02d", i)
		expired = append(expired, name)
		created := t0.Add(-10*24*time.Hour + time.Duration(i)*time.Minute)
		stored = append(stored, gcCookie(t, created, CookieDetails{URL: u, Name: name, Value: "v",
			Creation: created, Expiry: t0.Add(-time.Hour)}))
	}
	for i := range 185 {
		name := fmt.Sprintf("r%03d", i)
		live = append(live, name)
		created := t0.Add(-5*24*time.Hour + time.Duration(i)*time.Minute)
		stored = append(stored, gcCookie(t, created, CookieDetails{URL: u, Name: name, Value: "v", Creation: created}))
	}
	m := gcNew(t, clk, Limits{}, NewMemoryStore(nil, stored...))
	rec := cdRecord(m)
	gcSetLine(t, m, "https://example.com/", "t=v", PartitionKey{})

	got := rec.names()
	require.Len(t, got, 1+5+36)
	assert.Equal(t, "Inserted t", got[0])
	assert.ElementsMatch(t, gcWithCause(CauseExpired, expired), got[1:6], "expired ones first")
	evicted := gcSeq("r", 3, 0, 35) // 186 live → 36 to go
	assert.Equal(t, gcWithCause(CauseEvicted, evicted), got[6:])
	assert.Equal(t, gcSorted(gcMinus(live, evicted), []string{"t"}), gcNames(t, m, nil))
}

// GC runs only for the key of a set: a store may load 181 cookies on two
// sites; both stay until a set on each.
func TestGCPerKeyOnlyAfterSetOnThatKey(t *testing.T) {
	clk := newFakeClock(t0)
	var stored []*CanonicalCookie
	for _, site := range []string{"a", "b"} {
		u := mustURL(t, "https://www."+site+"-site.com/")
		for i := range 181 {
			created := t0.Add(-time.Hour + time.Duration(i)*time.Second)
			stored = append(stored, gcCookie(t, created, CookieDetails{URL: u, Name: fmt.Sprintf("%s%03d", site, i),
				Value: "v", Creation: created}))
		}
	}
	m := gcNew(t, clk, Limits{}, NewMemoryStore(nil, stored...))
	rec := cdRecord(m)
	isSite := func(s string) func(*CanonicalCookie) bool {
		return func(c *CanonicalCookie) bool { return strings.HasPrefix(c.Name, s) }
	}
	require.Len(t, gcNames(t, m, isSite("a")), 181, "loading does not GC")
	require.Len(t, gcNames(t, m, isSite("b")), 181)

	// A read on b does not GC b.
	inc, _, err := m.Cookies(context.Background(), mustURL(t, "https://www.b-site.com/"), NavigationOptions())
	require.NoError(t, err)
	require.Len(t, inc, 181)
	assert.Empty(t, rec.names(), "loading and reading fire nothing")

	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://www.a-site.com/", "a999=v", PartitionKey{})
	assert.Len(t, gcNames(t, m, isSite("a")), 150)
	assert.Len(t, gcNames(t, m, isSite("b")), 181, "b is untouched by a set on a")
	got := rec.names()
	require.Len(t, got, 1+32)
	assert.Equal(t, gcWithCause(CauseEvicted, gcSeq("a", 3, 0, 31)), got[1:])

	// An already-expired set is not stored but still runs the GC (spec §3,
	// set step 4): 181 → 150.
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://www.b-site.com/", "b999=gone; Max-Age=0", PartitionKey{})
	assert.Equal(t, gcWithCause(CauseEvicted, gcSeq("b", 3, 0, 30)), rec.names())
	assert.Equal(t, gcSeq("b", 3, 31, 180), gcNames(t, m, isSite("b")))
}

// ---- global GC ----

// gcSiteCookie returns a cookie on its own site, created and last accessed
// at la.
func gcSiteCookie(t *testing.T, now time.Time, name string, secure bool, la time.Time) *CanonicalCookie {
	t.Helper()
	return gcCookie(t, now, CookieDetails{URL: mustURL(t, "https://site-"+strings.ToLower(name)+".com/"),
		Name: name, Value: "v", Secure: secure, Creation: la, LastAccess: la})
}

func gcSetSite(t *testing.T, m *Monster, c *CanonicalCookie) {
	t.Helper()
	gcSetCookie(t, m, c, "https://"+c.Domain+"/")
}

// Small limits (20 / 15): only cookies unused for 30 days go, non-secure
// first, least recently accessed first; the earliest-access gate stops a
// re-run until some cookie is 30 days old again; inserts of old cookies do
// not reopen it.
func TestGCGlobalPurgeOldOnly(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookies: 20, PurgeCookiesTo: 15}, nil)
	rec := cdRecord(m)
	day := 24 * time.Hour
	old := []struct {
		name   string
		secure bool
		age    time.Duration
	}{
		{"OS0", true, 95 * day}, {"ON0", false, 90 * day}, {"OS1", true, 85 * day}, {"ON1", false, 80 * day},
		{"OS2", true, 75 * day}, {"ON2", false, 70 * day}, {"OS3", true, 65 * day}, {"ON3", false, 60 * day},
	}
	for _, o := range old {
		gcSetSite(t, m, gcSiteCookie(t, clk.Now(), o.name, o.secure, t0.Add(-o.age)))
	}
	setRecent := func(i int, extra string) {
		t.Helper()
		clk.Advance(time.Minute)
		name := fmt.Sprintf("R%02d", i)
		gcSetLine(t, m, "https://site-"+strings.ToLower(name)+".com/", name+"=v"+extra, PartitionKey{})
	}
	for i := range 12 {
		extra := ""
		if i == 5 {
			extra = "; Max-Age=3600"
		}
		setRecent(i, extra)
	}
	require.Len(t, gcAll(t, m), 20)
	rec.names()

	// 21 > 20: goal 6 = the four old non-secure, then the two oldest old secure.
	setRecent(12, "")
	assert.Equal(t, []string{"Inserted R12", "Evicted ON0", "Evicted ON1", "Evicted ON2", "Evicted ON3",
		"Evicted OS0", "Evicted OS1"}, rec.names())
	require.Len(t, gcAll(t, m), 15)

	// OS2 (75 days) keeps the gate open: at 21 again, goal 6 but only OS2
	// and OS3 are old.
	for i := 13; i <= 17; i++ {
		setRecent(i, "")
	}
	rec.names()
	setRecent(18, "")
	assert.Equal(t, []string{"Inserted R18", "Evicted OS2", "Evicted OS3"}, rec.names())
	require.Len(t, gcAll(t, m), 19)

	// Every cookie is recent now: above the maximum, nothing is evicted.
	for i := 19; i <= 25; i++ {
		setRecent(i, "")
	}
	assert.Equal(t, gcWithCause(CauseInserted, gcSeq("R", 2, 19, 25)), rec.names())
	require.Len(t, gcAll(t, m), 26)

	// The gate is closed: a global purge would delete the expired R05, but
	// the next set does not run one.
	clk.Advance(2 * time.Hour)
	setRecent(26, "")
	assert.Equal(t, []string{"Inserted R26"}, rec.names(), "no global purge while nothing is 30 days old")
	// An insert of an old cookie does not reopen the gate.
	gcSetSite(t, m, gcSiteCookie(t, clk.Now(), "OX", false, t0.Add(-100*day)))
	assert.Equal(t, []string{"Inserted OX"}, rec.names(), "inserts never lower the earliest access time")

	// 31 days later everything is old: the next set purges. The expired R05
	// goes first (Expired), then 28-15 = 13 evictions in LRA order.
	clk.Advance(31 * day)
	setRecent(27, "")
	want := []string{"Inserted R27", "Expired R05", "Evicted OX"}
	for _, i := range []int{0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12} {
		want = append(want, fmt.Sprintf("Evicted R%02d", i))
	}
	assert.Equal(t, want, rec.names())
	assert.Equal(t, gcSeq("R", 2, 13, 27), gcNames(t, m, nil))
}

// Recent cookies are never evicted globally, even when that leaves the store
// above the maximum; after the purge the gate stays closed.
func TestGCGlobalRecentNeverEvicted(t *testing.T) {
	clk := newFakeClock(t0)
	var stored []*CanonicalCookie
	for i := range 24 {
		la := t0.Add(-time.Duration(24-i) * time.Hour)
		stored = append(stored, gcSiteCookie(t, la, fmt.Sprintf("R%02d", i), i%2 == 0, la))
	}
	stored = append(stored,
		gcSiteCookie(t, t0, "OS", true, t0.Add(-40*24*time.Hour)),
		gcSiteCookie(t, t0, "ON", false, t0.Add(-31*24*time.Hour)))
	m := gcNew(t, clk, Limits{MaxCookies: 20, PurgeCookiesTo: 15}, NewMemoryStore(nil, stored...))
	rec := cdRecord(m)
	require.Len(t, gcAll(t, m), 26, "loading does not GC")

	gcSetLine(t, m, "https://site-new1.com/", "new1=v", PartitionKey{})
	// goal 27-15 = 12, but only the two old cookies may go: non-secure first.
	assert.Equal(t, []string{"Inserted new1", "Evicted ON", "Evicted OS"}, rec.names())
	require.Len(t, gcAll(t, m), 25, "still above MaxCookies")

	clk.Advance(time.Hour)
	gcSetLine(t, m, "https://site-new2.com/", "new2=v", PartitionKey{})
	assert.Equal(t, []string{"Inserted new2"}, rec.names())
	assert.Len(t, gcAll(t, m), 26)
}

// Partitioned cookies have no global limit and are not counted or evicted
// by the global purge.
func TestGCGlobalIgnoresPartitionedCookies(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookies: 20, PurgeCookiesTo: 15}, nil)
	pk, err := NewPartitionKey(mustURL(t, "https://top.com/"), true)
	require.NoError(t, err)
	day := 24 * time.Hour
	for i := range 25 {
		la := t0.Add(-200*day + time.Duration(i)*time.Minute)
		gcSetSite(t, m, gcCookie(t, clk.Now(), CookieDetails{URL: mustURL(t, fmt.Sprintf("https://site-p%02d.com/", i)),
			Name: fmt.Sprintf("P%02d", i), Value: "v", Secure: true, Partition: pk, Creation: la, LastAccess: la}))
	}
	for i := range 20 {
		la := t0.Add(-100*day + time.Duration(i)*time.Minute)
		gcSetSite(t, m, gcSiteCookie(t, clk.Now(), fmt.Sprintf("U%02d", i), false, la))
	}
	rec := cdRecord(m)
	gcSetLine(t, m, "https://site-new.com/", "new=v", PartitionKey{})
	assert.Equal(t, append([]string{"Inserted new"}, gcWithCause(CauseEvicted, gcSeq("U", 2, 0, 5))...), rec.names())
	assert.Len(t, gcNames(t, m, func(c *CanonicalCookie) bool { return c.IsPartitioned() }), 25)
	assert.Len(t, gcNames(t, m, func(c *CanonicalCookie) bool { return !c.IsPartitioned() }), 15)
}

// Chromium's sizes: 3300 cookies on 110 sites, 150 old non-secure and 300
// old secure; the 3301st set purges 301: every old non-secure cookie, then
// the 151 least recently accessed old secure ones.
func TestGCGlobalDefaultSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("3300 sets")
	}
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	ctx := context.Background()
	var all, oldNonSecure, oldSecure []string
	for i := range 3300 {
		site, j := i/30, i%30
		name := fmt.Sprintf("n%03d_%02d", site, j)
		all = append(all, name)
		la := t0.Add(-time.Duration(i) * time.Second) // recent
		secure := i%3 == 0
		switch {
		case i%22 == 0:
			la, secure = t0.Add(-31*24*time.Hour-time.Duration(3300-i)*time.Minute), false
			oldNonSecure = append(oldNonSecure, name)
		case i%11 == 5:
			la, secure = t0.Add(-31*24*time.Hour-time.Duration(3300-i)*time.Minute), true
			oldSecure = append(oldSecure, name)
		}
		u := mustURL(t, fmt.Sprintf("https://g%03d.com/", site))
		c, st := NewSanitizedCookie(CookieDetails{URL: u, Name: name, Value: "v", Secure: secure, Creation: la, LastAccess: la}, t0)
		require.NotNil(t, c, st)
		res, err := m.SetCanonicalCookie(ctx, c, u, NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude())
	}
	require.Len(t, oldNonSecure, 150)
	require.Len(t, oldSecure, 300)
	require.Len(t, gcAll(t, m), 3300, "3300 is the limit, not above it")

	rec := cdRecord(m)
	gcSetLine(t, m, "https://trigger.com/", "trigger=v", PartitionKey{})
	evicted := slices.Concat(oldNonSecure, oldSecure[:151])
	assert.Equal(t, append([]string{"Inserted trigger"}, gcWithCause(CauseEvicted, evicted)...), rec.names())
	assert.Equal(t, gcSorted(gcMinus(all, evicted), []string{"trigger"}), gcNames(t, m, nil))
	assert.Len(t, gcAll(t, m), 3000)
}

// ---- partitioned GC ----

func gcPartition(t *testing.T, top string) PartitionKey {
	t.Helper()
	k, err := NewPartitionKey(mustURL(t, top), true)
	require.NoError(t, err)
	return k
}

// gcBig returns a line whose name and value are n bytes together.
func gcBig(name string, n int, attrs string) string {
	return name + "=" + strings.Repeat("x", n-len(name)) + attrs
}

// 10240 bytes of names and values per (partition, eTLD+1): the least
// recently accessed go until the bytes fit; other partitions, other sites
// and unpartitioned cookies are unaffected.
func TestGCPartitionBytes(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	p := gcPartition(t, "https://top.com/")
	q := gcPartition(t, "https://other-top.com/")
	const attrs = "; Secure; Partitioned; Path=/"
	for i := range 10 {
		clk.Advance(time.Minute)
		host := "https://example.com/"
		if i == 0 {
			host = "https://www.example.com/" // same key; read separately below
		}
		gcSetLine(t, m, host, gcBig(fmt.Sprintf("p%02d", i), 1000, attrs), p)
		gcSetLine(t, m, "https://example.com/", gcBig(fmt.Sprintf("q%02d", i), 1000, attrs), q)
		gcSetLine(t, m, "https://other.com/", gcBig(fmt.Sprintf("o%02d", i), 1000, attrs), p)
		gcSetLine(t, m, "https://example.com/", gcBig(fmt.Sprintf("u%02d", i), 1000, "; Secure; Path=/"), PartitionKey{})
	}
	require.Len(t, gcAll(t, m), 40, "10000 bytes fit")

	// Reading p00 makes it recent.
	clk.Advance(time.Minute)
	o := NavigationOptions()
	o.Partition = p
	inc, _, err := m.Cookies(context.Background(), mustURL(t, "https://www.example.com/"), o)
	require.NoError(t, err)
	require.Len(t, inc, 1)
	require.Equal(t, "p00", inc[0].Cookie.Name)

	rec := cdRecord(m)
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", gcBig("p10", 1000, attrs), p)
	assert.Equal(t, []string{"Inserted p10", "Evicted p01"}, rec.names(), "11000 > 10240: one goes, LRA")

	// Exactly 10240 fits.
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", gcBig("p11", 240, attrs), p)
	assert.Equal(t, []string{"Inserted p11"}, rec.names())
	// One byte over: the least recently accessed (p02) goes.
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", "p12=x"+attrs, p)
	assert.Equal(t, []string{"Inserted p12", "Evicted p02"}, rec.names())

	inP := func(site string) func(*CanonicalCookie) bool {
		return func(c *CanonicalCookie) bool { return c.Partition == p && keyOf(nil, c.Domain) == site }
	}
	wantP := gcSorted([]string{"p00"}, gcSeq("p", 2, 3, 12))
	assert.Equal(t, wantP, gcNames(t, m, inP("example.com")))
	bytes := 0
	for _, c := range gcAll(t, m) {
		if inP("example.com")(c) {
			bytes += len(c.Name) + len(c.Value)
		}
	}
	assert.LessOrEqual(t, bytes, 10240)
	assert.Equal(t, gcSeq("o", 2, 0, 9), gcNames(t, m, inP("other.com")))
	assert.Equal(t, gcSeq("q", 2, 0, 9), gcNames(t, m, func(c *CanonicalCookie) bool { return c.Partition == q }))
	assert.Equal(t, gcSeq("u", 2, 0, 9), gcNames(t, m, func(c *CanonicalCookie) bool { return !c.IsPartitioned() }))
}

// 180 cookies per (partition, eTLD+1): the 181st evicts one (down to 180,
// not to 150 as unpartitioned cookies are).
func TestGCPartitionCount(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	p := gcPartition(t, "https://top.com/")
	var all []string
	for i := range 180 {
		clk.Advance(time.Minute)
		name := fmt.Sprintf("c%03d", i)
		all = append(all, name)
		gcSetLine(t, m, "https://example.com/", name+"=v; Secure; Partitioned", p)
		gcSetLine(t, m, "https://example.com/", "u"+name+"=v", PartitionKey{})
	}
	require.Len(t, gcAll(t, m), 360)
	rec := cdRecord(m)
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", "c180=v; Secure; Partitioned", p)
	all = append(all, "c180")
	assert.Equal(t, []string{"Inserted c180", "Evicted c000"}, rec.names())
	assert.Equal(t, all[1:], gcNames(t, m, func(c *CanonicalCookie) bool { return c.IsPartitioned() }))
	assert.Len(t, gcNames(t, m, func(c *CanonicalCookie) bool { return !c.IsPartitioned() }), 180)
}

// Custom partition limits, and the cause seen by every kind of subscriber.
func TestGCPartitionCustomLimitsEvictedCause(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxPartitionCookiesPerKey: 3, MaxPartitionBytesPerKey: 100}, nil)
	p := gcPartition(t, "https://top.com/")
	rec := cdRecord(m)
	var urlRec cdRecorder
	cancel := m.Changes().SubscribeURL(mustURL(t, "https://example.com/"), p, urlRec.record)
	defer cancel()
	for i := range 3 {
		clk.Advance(time.Minute)
		gcSetLine(t, m, "https://example.com/", fmt.Sprintf("c%d=v; Secure; Partitioned", i), p)
	}
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", "c3=v; Secure; Partitioned", p)
	// Bytes: 4*3 = 12 ≤ 100; count 4 > 3 → one goes.
	want := []string{"Inserted c0", "Inserted c1", "Inserted c2", "Inserted c3", "Evicted c0"}
	assert.Equal(t, want, rec.names())
	assert.Equal(t, want, urlRec.names())
	clk.Advance(time.Minute)
	gcSetLine(t, m, "https://example.com/", gcBig("big", 95, "; Secure; Partitioned"), p)
	// 3*3 + 95 = 104 > 100 (and 4 > 3): c1 goes → 101, still > 100: c2 goes.
	assert.Equal(t, []string{"Inserted big", "Evicted c1", "Evicted c2"}, rec.names())
	assert.Equal(t, []string{"big", "c3"}, gcNames(t, m, nil))
}

// Expired partitioned cookies go first (Expired) and count towards the
// bytes no longer.
func TestGCPartitionExpiredFirst(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{}, nil)
	p := gcPartition(t, "https://top.com/")
	for i := range 10 {
		extra := ""
		if i == 4 {
			extra = "; Max-Age=60"
		}
		gcSetLine(t, m, "https://example.com/", gcBig(fmt.Sprintf("p%02d", i), 1000, "; Secure; Partitioned"+extra), p)
	}
	clk.Advance(2 * time.Minute)
	rec := cdRecord(m)
	gcSetLine(t, m, "https://example.com/", gcBig("p10", 1000, "; Secure; Partitioned"), p)
	assert.Equal(t, []string{"Inserted p10", "Expired p04"}, rec.names())
	assert.Equal(t, gcMinus(gcSeq("p", 2, 0, 10), []string{"p04"}), gcNames(t, m, nil))
}

// Inconsistent limits are refused, the error naming the field.
func TestGCLimitsValidation(t *testing.T) {
	for _, tc := range []struct {
		lim  Limits
		want string
	}{
		{Limits{MaxCookiesPerKey: 10, PurgeCookiesPerKeyTo: 11},
			"cookiemonster: inconsistent limits: Limits.PurgeCookiesPerKeyTo (11) is greater than Limits.MaxCookiesPerKey (10)"},
		{Limits{MaxCookies: 20, PurgeCookiesTo: 21},
			"cookiemonster: inconsistent limits: Limits.PurgeCookiesTo (21) is greater than Limits.MaxCookies (20)"},
		{Limits{MaxCookiesPerKey: -1}, "cookiemonster: inconsistent limits: Limits.MaxCookiesPerKey is -1, below 1"},
		{Limits{QuotaLow: -1}, "cookiemonster: inconsistent limits: Limits.QuotaLow is -1, negative"},
		{Limits{MaxPartitionBytesPerKey: -5}, "cookiemonster: inconsistent limits: Limits.MaxPartitionBytesPerKey is -5, below 1"},
		{Limits{SafeFromGlobalPurge: -time.Hour}, "cookiemonster: inconsistent limits: Limits.SafeFromGlobalPurge is -1h0m0s, negative"},
		{Limits{MaxCookiesPerKey: 10, QuotaLow: 20, QuotaMedium: 20, QuotaHigh: 20},
			"cookiemonster: inconsistent limits: Limits.QuotaLow + QuotaMedium + QuotaHigh (20 + 20 + 20) is greater than Limits.PurgeCookiesPerKeyTo (8)"},
	} {
		_, err := New(Config{Limits: tc.lim})
		require.ErrorIs(t, err, ErrBadLimits, "%+v", tc.lim)
		assert.Equal(t, tc.want, err.Error())
	}
	_, err := New(Config{Limits: Limits{MaxCookiesPerKey: 10, PurgeCookiesPerKeyTo: 10}})
	assert.NoError(t, err, "purging to the maximum is allowed")
	// A purge target alone scales the default quotas with it.
	assert.Equal(t, [3]int{2, 3, 5}, func() [3]int {
		l := Limits{PurgeCookiesPerKeyTo: 10}.withDefaults()
		return [3]int{l.QuotaLow, l.QuotaMedium, l.QuotaHigh}
	}())
	_, err = New(Config{Limits: Limits{PurgeCookiesPerKeyTo: 10}})
	assert.NoError(t, err)
}
