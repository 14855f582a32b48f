package cookiemonster

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The garbage-collection expectations of Chromium's CookieMonster unit
// tests (net/cookies/cookie_monster_unittest.cc), restated as data: the
// priority- and secure-aware eviction of one eTLD+1 (180 → 150), the
// global purge (3300 → 3000 among cookies unused for 30 days), the
// per-partition limits, and the host tests. Each row runs against a fresh
// Monster on a fake clock that moves 1 ms per cookie set, so that least
// recently accessed is least recently set, as in Chromium's tests. See
// chromium_monster_test.go for the known differences and the tests not
// ported. Rows come from the instantiation with origin-bound cookies off.

// cmGCRun is a Monster for a garbage-collection row.
type cmGCRun struct {
	t     *testing.T
	clock *fakeClock
	m     *Monster
}

func newCMGCRun(t *testing.T, store PersistentStore) *cmGCRun {
	t.Helper()
	r := &cmGCRun{t: t, clock: newFakeClock(cmT0)}
	cfg := Config{Now: r.clock.Now}
	if store != nil {
		cfg.Store = store
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r.m = m
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return r
}

// set sets line from u as Chromium's SetCookie does, one millisecond after
// the previous set, and reports whether it was stored.
func (r *cmGCRun) set(u, line string, part PartitionKey) bool {
	r.t.Helper()
	r.clock.Advance(time.Millisecond)
	pu, err := url.Parse(u)
	if err != nil {
		r.t.Fatalf("url %q: %v", u, err)
	}
	res, err := r.m.SetCookieLine(context.Background(), pu, line, Options{SameSite: MakeSameSiteContext(ContextStrict), Partition: part})
	if err != nil {
		r.t.Fatalf("set %q: %v", line, err)
	}
	return res.Status.IsInclude()
}

// names returns the names of the cookies GetCookies(u) sends, in order.
func (r *cmGCRun) names(u string, part PartitionKey) []string {
	r.t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		r.t.Fatalf("url %q: %v", u, err)
	}
	line, err := r.m.CookieHeader(context.Background(), pu, Options{SameSite: MakeSameSiteContext(ContextStrict), Partition: part})
	if err != nil {
		r.t.Fatalf("get %s: %v", u, err)
	}
	var out []string
	for _, pair := range strings.Split(line, "; ") {
		if n, _, ok := strings.Cut(pair, "="); ok {
			out = append(out, n)
		}
	}
	return out
}

func (r *cmGCRun) all() []*CanonicalCookie {
	r.t.Helper()
	all, err := r.m.AllCookies(context.Background())
	if err != nil {
		r.t.Fatalf("AllCookies: %v", err)
	}
	return all
}

// ---- priority-aware eviction ----

// cmPrioRow is a TestPriorityCookieCase call: cookies set in the order the
// pattern gives ("2MN 3LS": two Medium non-secure, then three Low secure),
// and how many survive per priority and per secureness. Like Chromium, the
// row also checks that the survivors of each priority and secureness are
// its most recently set cookies.
type cmPrioRow struct {
	id, pattern                          string
	low, medium, high, nonsecure, secure int
}

func cmPrioRows() []cmPrioRow {
	r := func(test, pattern string, l, m, h, n, s int) cmPrioRow {
		return cmPrioRow{test + "/" + pattern, pattern, l, m, h, n, s}
	}
	const ns, sec, mix = "TestPriorityAwareGarbageCollectionNonSecure", "TestPriorityAwareGarbageCollectionSecure", "TestPriorityAwareGarbageCollectionMixed"
	return []cmPrioRow{
		r(ns, "181LN", 150, 0, 0, 150, 0),
		r(ns, "181MN", 0, 150, 0, 150, 0),
		r(ns, "181HN", 0, 0, 150, 150, 0),
		r(ns, "10HN 171MN", 0, 140, 10, 150, 0),
		r(ns, "141MN 40LN", 30, 120, 0, 150, 0),
		r(ns, "101HN 80MN", 0, 50, 100, 150, 0),
		r(ns, "31LN 50MN 100HN", 30, 50, 70, 150, 0),
		r(ns, "51MN 100HN 30LN", 30, 50, 70, 150, 0),
		r(ns, "101HN 50MN 30LN", 30, 50, 70, 150, 0),
		r(ns, "81HN 60MN 40LN", 30, 50, 70, 150, 0),
		r(ns, "21HN 60MN 40LN 60HN", 30, 50, 70, 150, 0),
		r(ns, "11HN 10MN 20LN 110MN 20LN 10HN", 30, 99, 21, 150, 0),
		r(ns, "11LN 10MN 140HN 10MN 10LN", 21, 20, 109, 150, 0),
		r(ns, "11MN 10HN 10LN 60MN 90HN", 10, 50, 90, 150, 0),
		r(ns, "11MN 10HN 10LN 90MN 60HN", 10, 70, 70, 150, 0),
		r(ns, "50LN 131HN", 30, 0, 120, 150, 0),
		r(ns, "131HN 50LN", 30, 0, 120, 150, 0),
		r(ns, "50HN 50LN 81HN", 30, 0, 120, 150, 0),
		r(ns, "81HN 50LN 50HN", 30, 0, 120, 150, 0),

		r(sec, "181LS", 150, 0, 0, 0, 150),
		r(sec, "181MS", 0, 150, 0, 0, 150),
		r(sec, "181HS", 0, 0, 150, 0, 150),
		r(sec, "10HS 171MS", 0, 140, 10, 0, 150),
		r(sec, "141MS 40LS", 30, 120, 0, 0, 150),
		r(sec, "101HS 80MS", 0, 50, 100, 0, 150),
		r(sec, "31LS 50MS 100HS", 30, 50, 70, 0, 150),
		r(sec, "51MS 100HS 30LS", 30, 50, 70, 0, 150),
		r(sec, "101HS 50MS 30LS", 30, 50, 70, 0, 150),
		r(sec, "81HS 60MS 40LS", 30, 50, 70, 0, 150),
		r(sec, "21HS 60MS 40LS 60HS", 30, 50, 70, 0, 150),
		r(sec, "11HS 10MS 20LS 110MS 20LS 10HS", 30, 99, 21, 0, 150),
		r(sec, "11LS 10MS 140HS 10MS 10LS", 21, 20, 109, 0, 150),
		r(sec, "11MS 10HS 10LS 60MS 90HS", 10, 50, 90, 0, 150),
		r(sec, "11MS 10HS 10LS 90MS 60HS", 10, 70, 70, 0, 150),

		r(mix, "1LN 180LS", 150, 0, 0, 0, 150),
		r(mix, "1MN 180MS", 0, 150, 0, 0, 150),
		r(mix, "1HN 180HS", 0, 0, 150, 0, 150),
		r(mix, "180LS 1LN", 150, 0, 0, 0, 150),
		r(mix, "180MS 1MN", 0, 150, 0, 0, 150),
		r(mix, "180HS 1HN", 0, 0, 150, 0, 150),
		r(mix, "39LN 1LS 141HN", 30, 0, 120, 149, 1),
		r(mix, "29LN 1LS 59MN 1MS 91HS", 30, 50, 70, 78, 72),
		r(mix, "180LS 1MN", 149, 1, 0, 1, 149),
		r(mix, "180LS 1HN", 149, 0, 1, 1, 149),
		r(mix, "1MN 180LS", 149, 1, 0, 1, 149),
		r(mix, "1HN 180LS", 149, 0, 1, 1, 149),
		r(mix, "180MS 1HN", 0, 149, 1, 1, 149),
		r(mix, "1HN 180MS", 0, 149, 1, 1, 149),
		r(mix, "1LS 180LN", 150, 0, 0, 149, 1),
		r(mix, "100LS 81LN", 150, 0, 0, 50, 100),
		r(mix, "150LS 31LN", 150, 0, 0, 0, 150),
		r(mix, "1LS 180HN", 1, 0, 149, 149, 1),
		r(mix, "100LS 81HN", 69, 0, 81, 81, 69),
		r(mix, "150LS 31HN", 119, 0, 31, 31, 119),
		r(mix, "50HN 50LS 81HS", 30, 0, 120, 39, 111),
		r(mix, "11MS 10HN 10LS 90MN 60HN", 10, 70, 70, 129, 21),
		r(mix, "40LS 40LN 101HS", 49, 0, 101, 9, 141),
		r(mix, "100HS 100LN 100MN", 30, 76, 70, 106, 70),
	}
}

// cmPrioGroup is a cookie's priority and secureness, as "LN", "HS"...
type cmPrioGroup string

// runPrioRow sets the pattern's cookies, Secure ones from https and the
// others from http as Chromium does, and renders what survives as
// "L150 M0 H0 N150 S0", followed by the groups whose survivors are not
// their most recently set cookies.
func runPrioRow(t *testing.T, row cmPrioRow) string {
	r := newCMGCRun(t, nil)
	var groupOf []cmPrioGroup
	byGroup := map[cmPrioGroup][]int{}
	for _, tok := range strings.Fields(row.pattern) {
		n, err := strconv.Atoi(tok[:len(tok)-2])
		if err != nil && len(tok) > 2 {
			t.Fatalf("%s: %v", row.id, err)
		}
		if len(tok) == 2 {
			n = 1
		}
		g := cmPrioGroup(tok[len(tok)-2:])
		prio := map[byte]string{'L': "low", 'M': "medium", 'H': "high"}[g[0]]
		for range n {
			id := len(groupOf)
			u, attr := "http://www.foo.com", ""
			if g[1] == 'S' {
				u, attr = "https://www.foo.com", "secure"
			}
			if !r.set(u, fmt.Sprintf("a%d=b;priority=%s;%s", id, prio, attr), PartitionKey{}) {
				t.Fatalf("%s: cookie a%d refused", row.id, id)
			}
			groupOf = append(groupOf, g)
			byGroup[g] = append(byGroup[g], id)
		}
	}
	survivors := map[cmPrioGroup][]int{}
	for _, name := range r.names("https://www.foo.com", PartitionKey{}) {
		id, err := strconv.Atoi(strings.TrimPrefix(name, "a"))
		if err != nil || id >= len(groupOf) {
			t.Fatalf("%s: unexpected cookie %q", row.id, name)
		}
		survivors[groupOf[id]] = append(survivors[groupOf[id]], id)
	}
	count := func(keep func(cmPrioGroup) bool) int {
		n := 0
		for g, ids := range survivors {
			if keep(g) {
				n += len(ids)
			}
		}
		return n
	}
	out := fmt.Sprintf("L%d M%d H%d N%d S%d",
		count(func(g cmPrioGroup) bool { return g[0] == 'L' }),
		count(func(g cmPrioGroup) bool { return g[0] == 'M' }),
		count(func(g cmPrioGroup) bool { return g[0] == 'H' }),
		count(func(g cmPrioGroup) bool { return g[1] == 'N' }),
		count(func(g cmPrioGroup) bool { return g[1] == 'S' }))
	groups := slices.Sorted(func(yield func(cmPrioGroup) bool) {
		for g := range survivors {
			if !yield(g) {
				return
			}
		}
	})
	for _, g := range groups {
		ids := survivors[g]
		slices.Sort(ids)
		all := byGroup[g]
		if !slices.Equal(ids, all[len(all)-len(ids):]) {
			out += " not-newest:" + string(g)
		}
	}
	return out
}

func TestChromiumCookieMonsterPriorityGC(t *testing.T) {
	rows := cmPrioRows()
	seen := map[string]bool{}
	perTest := map[string]int{}
	for _, row := range rows {
		uniqueRow(t, seen, row.id)
		test, _, _ := strings.Cut(row.id, "/")
		perTest[test]++
		want := fmt.Sprintf("L%d M%d H%d N%d S%d", row.low, row.medium, row.high, row.nonsecure, row.secure)
		var diff []string
		if got := runPrioRow(t, row); got != want {
			diff = append(diff, fmt.Sprintf("survivors: Chromium %q, library %q", want, got))
		}
		checkAgainstChromium(t, row.id, knownMonsterDifferences, diff)
	}
	cmLogCounts(t, perTest, len(rows))
}

// cmLogCounts logs the rows per Chromium test and in all.
func cmLogCounts(t *testing.T, perTest map[string]int, total int) {
	t.Helper()
	for _, n := range slices.Sorted(func(yield func(string) bool) {
		for k := range perTest {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Logf("%s: %d rows", n, perTest[n])
	}
	t.Logf("%d rows in all", total)
}

// ---- secure-aware eviction and the global purge ----

// cmGCStoreCookies are the cookies of Chromium's
// CreateMonsterFromStoreForGC: one persistent cookie "a=1" on each host
// h00000.izzle, h00001.izzle... (each its own eTLD+1), the Secure ones
// first, created 100 days ago a microsecond apart; the first numOld of
// each kind last accessed daysOld days ago, the others now.
func cmGCStoreCookies(numSecure, numOldSecure, numNonSecure, numOldNonSecure, daysOld int) []*CanonicalCookie {
	now := cmT0
	past := now.Add(-100 * 24 * time.Hour)
	var out []*CanonicalCookie
	for i := range numSecure + numNonSecure {
		secure, rank, numOld := true, i, numOldSecure
		if i >= numSecure {
			secure, rank, numOld = false, i-numSecure, numOldNonSecure
		}
		access := now
		if rank < numOld {
			access = now.Add(-time.Duration(daysOld) * 24 * time.Hour)
		}
		created := past.Add(time.Duration(i) * time.Microsecond)
		out = append(out, &CanonicalCookie{
			Name: "a", Value: "1", Domain: fmt.Sprintf("h%05d.izzle", i), Path: "/path",
			Creation: created, Expiry: now.Add(30 * 24 * time.Hour), LastAccess: access, LastUpdate: created,
			Secure: secure, SameSite: SameSiteNone,
		})
	}
	return out
}

// cmEvictRow is a TestSecureCookieEviction call: cookies set in turn on
// https://www.foo.com, Secure or not, into a Monster that holds, when
// alt is set, old cookies on other hosts (altSecure Secure ones and
// altNonSecure others, all 60 days unused); then how many Secure and
// non-Secure cookies there are in all.
type cmEvictRow struct {
	id                      string
	sets                    []cmEvictSet
	alt                     bool
	altSecure, altNonSecure int
	wantSecure, wantNon     int
}

type cmEvictSet struct {
	n      int
	secure bool
}

func cmEvictRows() []cmEvictRow {
	const id = "EvictSecureCookies/"
	s := func(n int, secure bool) cmEvictSet { return cmEvictSet{n, secure} }
	return []cmEvictRow{
		{id: id + "1", sets: []cmEvictSet{s(180, true), s(1, false)}, wantSecure: 150},
		{id: id + "2", sets: []cmEvictSet{s(180, false), s(20, true)}, wantSecure: 20, wantNon: 149},
		{id: id + "3", sets: []cmEvictSet{s(200, true)}, wantSecure: 169},
		{id: id + "4", sets: []cmEvictSet{s(1, false), s(199, true)}, wantSecure: 169},
		{id: id + "5", sets: []cmEvictSet{s(75, false), s(75, true)}, wantSecure: 75, wantNon: 75},
		{id: id + "6", sets: []cmEvictSet{s(50, true), s(50, false), s(81, true)}, wantSecure: 131, wantNon: 19},
		{id: id + "7", sets: []cmEvictSet{s(50, false), s(50, true), s(81, false)}, wantSecure: 50, wantNon: 100},
		{id: id + "8", sets: []cmEvictSet{s(50, false), s(50, true), s(90, false)}, wantSecure: 50, wantNon: 109},
		{id: id + "9", sets: []cmEvictSet{s(180, false), s(20, true)}, alt: true, altNonSecure: 20, wantSecure: 20, wantNon: 169},
		{id: id + "10", sets: []cmEvictSet{s(1, false)}, alt: true, altSecure: 3300, wantSecure: 2999, wantNon: 1},
		{id: id + "11", sets: []cmEvictSet{s(1, false)}, alt: true, altNonSecure: 3300, wantNon: 3000},
		{id: id + "12", sets: []cmEvictSet{s(1, true)}, alt: true, altNonSecure: 3300, wantSecure: 1, wantNon: 2999},
		{id: id + "13", sets: []cmEvictSet{s(1, false)}, alt: true, altSecure: 1500, altNonSecure: 1800, wantSecure: 1500, wantNon: 1500},
		{id: id + "14", sets: []cmEvictSet{s(1, true)}, alt: true, altSecure: 1500, altNonSecure: 1800, wantSecure: 1501, wantNon: 1499},
	}
}

func runEvictRow(t *testing.T, row cmEvictRow) string {
	var store PersistentStore
	if row.alt {
		store = newCMStore(cmGCStoreCookies(row.altSecure, row.altSecure, row.altNonSecure, row.altNonSecure, 60))
	}
	r := newCMGCRun(t, store)
	id := 0
	for _, s := range row.sets {
		for range s.n {
			line := fmt.Sprintf("a%d=b", id)
			if s.secure {
				line += "; Secure"
			}
			if !r.set("https://www.foo.com", line, PartitionKey{}) {
				t.Fatalf("%s: %q refused", row.id, line)
			}
			id++
		}
	}
	secure, non := 0, 0
	for _, c := range r.all() {
		if c.Secure {
			secure++
		} else {
			non++
		}
	}
	return fmt.Sprintf("secure=%d non-secure=%d", secure, non)
}

// cmGlobalRow is one of Chromium's global garbage-collection tests: a
// Monster loaded with CreateMonsterFromStoreForGC's cookies (or, for
// ephemeral, n cookies set without a store), then one more cookie set,
// which triggers the collection; then how many cookies remain and how
// many of those were unused for 30 days.
type cmGlobalRow struct {
	id                                   string
	ephemeral                            bool
	secure, oldSecure, non, oldNon, days int
	url, line                            string
	want                                 string
}

func cmGlobalRows() []cmGlobalRow {
	const max, safeDays = 3300, 30
	return []cmGlobalRow{
		{id: "GarbageCollectionKeepsRecentEphemeralCookies", ephemeral: true, secure: 2 * max,
			url: "http://newdomain.com", line: "b=2", want: "n=6601 old=0"},
		{id: "GarbageCollectionKeepsRecentCookies", secure: 2 * max, days: 2 * safeDays,
			url: "http://newdomain.com", line: "b=2", want: "n=6601 old=0"},
		{id: "GarbageCollectionKeepsOnlyRecentCookies", secure: 2 * max, oldSecure: max / 2, days: 2 * safeDays,
			url: "http://newdomain.com", line: "b=2", want: "n=4951 old=0"},
		{id: "GarbageCollectionExactlyAllOldCookiesDeleted", secure: 2 * max, oldSecure: max + 300 + 1, days: 2 * safeDays,
			url: "http://newdomain.com", line: "b=2", want: "n=3000 old=0"},
		{id: "GarbageCollectionTriggers5", secure: 2 * max, oldSecure: max * 3 / 2, days: 2 * safeDays,
			url: "http://newdomain.com", line: "b=2", want: "n=3000 old=1349"},
		{id: "GarbageCollectWithSecureCookiesOnly", secure: max, oldSecure: max, days: 2 * safeDays,
			url: "https://newdomain.com", line: "b=2; Secure", want: "n=3000 old=2999"},
	}
}

func runGlobalRow(t *testing.T, row cmGlobalRow) string {
	var r *cmGCRun
	if row.ephemeral {
		// CreateMonsterForGC: secure session cookies set one by one, all
		// created and accessed now.
		r = newCMGCRun(t, nil)
		for i := range row.secure {
			c := &CanonicalCookie{Name: "a", Value: "1", Domain: fmt.Sprintf("h%05d.izzle", i), Path: "/",
				Creation: cmT0, LastAccess: cmT0, LastUpdate: cmT0, Secure: true, SameSite: SameSiteNone}
			res, err := r.m.SetCanonicalCookie(context.Background(), c, cmSimulatedSource(c), AllInclusiveOptions())
			if err != nil || !res.Status.IsInclude() {
				t.Fatalf("%s: cookie %d: %v %v", row.id, i, res.Status, err)
			}
		}
	} else {
		r = newCMGCRun(t, newCMStore(cmGCStoreCookies(row.secure, row.oldSecure, row.non, row.oldNon, row.days)))
	}
	if !r.set(row.url, row.line, PartitionKey{}) {
		t.Fatalf("%s: %q refused", row.id, row.line)
	}
	all := r.all()
	old := 0
	cutoff := r.clock.Now().Add(-30 * 24 * time.Hour)
	for _, c := range all {
		if c.LastAccess.Before(cutoff) {
			old++
		}
	}
	return fmt.Sprintf("n=%d old=%d", len(all), old)
}

func TestChromiumCookieMonsterGlobalGC(t *testing.T) {
	seen := map[string]bool{}
	perTest := map[string]int{}
	total := 0
	for _, row := range cmEvictRows() {
		uniqueRow(t, seen, row.id)
		test, _, _ := strings.Cut(row.id, "/")
		perTest[test]++
		total++
		want := fmt.Sprintf("secure=%d non-secure=%d", row.wantSecure, row.wantNon)
		var diff []string
		if got := runEvictRow(t, row); got != want {
			diff = append(diff, fmt.Sprintf("Chromium %q, library %q", want, got))
		}
		checkAgainstChromium(t, row.id, knownMonsterDifferences, diff)
	}
	for _, row := range cmGlobalRows() {
		uniqueRow(t, seen, row.id)
		perTest[row.id]++
		total++
		var diff []string
		if got := runGlobalRow(t, row); got != row.want {
			diff = append(diff, fmt.Sprintf("Chromium %q, library %q", row.want, got))
		}
		checkAgainstChromium(t, row.id, knownMonsterDifferences, diff)
	}
	cmLogCounts(t, perTest, total)
}

// ---- host and partition limits ----

// cmHostRow is a TestHostGarbageCollectHelper scenario: rounds of cookies
// set on hosts of one or more eTLD+1, "prefix%03d=b" with i counting up
// in each round; after each set the cookie is sent back and no eTLD+1
// sends more than 180 (sharing the limit among its hosts); at the end,
// what each host keeps, which must be the most recently set cookies of its
// eTLD+1.
type cmHostRow struct {
	id     string
	rounds []cmHostRound
	// sameKey lists the URLs whose counts add up against one limit.
	sameKey []string
	want    string
}

type cmHostRound struct {
	urls, prefixes []string // set prefixes[j]%03d on urls[j], for each i
	n              int
}

func cmHostRows() []cmHostRow {
	const foo, gmail = "http://www.foo.com", "http://www.gmail.foo.com"
	const id = "TestHostGarbageCollection/"
	d0, d1, d2 := "http://domain0.test", "http://domain1.test", "http://domain2.test"
	return []cmHostRow{
		{id: id + "one-host", rounds: []cmHostRound{{[]string{foo}, []string{"a"}, 190}},
			want: "www.foo.com:159"},
		{id: id + "two-hosts-one-etld", rounds: []cmHostRound{{[]string{foo, gmail}, []string{"a", "c"}, 190}},
			sameKey: []string{foo, gmail}, want: "www.foo.com:81 www.gmail.foo.com:82"},
		{id: id + "three-etlds", rounds: []cmHostRound{
			{[]string{d0}, []string{"a"}, 190}, {[]string{d1}, []string{"a"}, 190}, {[]string{d2}, []string{"a"}, 190},
			{[]string{d2}, []string{"b"}, 300},
		}, want: "domain0.test:159 domain1.test:159 domain2.test:180"},
	}
}

func runHostRow(t *testing.T, row cmHostRow) []string {
	r := newCMGCRun(t, nil)
	var diff []string
	setOrder := map[string][]string{} // key → the names set under it, in order
	for _, round := range row.rounds {
		for i := range round.n {
			for j, u := range round.urls {
				name := fmt.Sprintf("%s%03d", round.prefixes[j], i)
				if !r.set(u, name+"=b", PartitionKey{}) {
					t.Fatalf("%s: %s refused", row.id, name)
				}
				pu, err := url.Parse(u)
				if err != nil {
					t.Fatalf("%s: %v", row.id, err)
				}
				key := keyOf(r.m.psl, pu.Hostname())
				setOrder[key] = append(setOrder[key], pu.Hostname()+" "+name)
				sent := r.names(u, PartitionKey{})
				if !slices.Contains(sent, name) {
					diff = append(diff, fmt.Sprintf("%s not sent back right after it was set", name))
				}
				urls := row.sameKey
				if urls == nil {
					urls = []string{u}
				}
				total := 0
				for _, o := range urls {
					total += len(r.names(o, PartitionKey{}))
				}
				if total > 180 {
					diff = append(diff, fmt.Sprintf("after %s: %d cookies sent, above 180", name, total))
				}
			}
		}
	}
	perHost := map[string]int{}
	kept := map[string][]string{}
	for _, c := range r.all() {
		perHost[c.Domain]++
		kept[keyOf(r.m.psl, c.Domain)] = append(kept[keyOf(r.m.psl, c.Domain)], c.Domain+" "+c.Name)
	}
	var got []string
	for _, h := range slices.Sorted(func(yield func(string) bool) {
		for h := range perHost {
			if !yield(h) {
				return
			}
		}
	}) {
		got = append(got, fmt.Sprintf("%s:%d", h, perHost[h]))
	}
	if g := strings.Join(got, " "); g != row.want {
		diff = append(diff, fmt.Sprintf("kept: Chromium %q, library %q", row.want, g))
	}
	for key, names := range kept {
		order := setOrder[key]
		slices.Sort(names)
		newest := slices.Clone(order[len(order)-len(names):])
		slices.Sort(newest)
		if !slices.Equal(names, newest) {
			diff = append(diff, fmt.Sprintf("%s keeps cookies other than its %d most recently set", key, len(names)))
		}
	}
	return diff
}

// cmPartitionRow is one of the TestPartitionedCookiesGarbageCollection
// tests: n Partitioned cookies named 0, 1, ... set on
// https://www.foo.com in one partition, with values of the given
// lengths; then which names the partition no longer sends.
type cmPartitionRow struct {
	id       string
	n        int
	valueLen func(i int) int
	wantGone string
	topLevel string
}

func cmPartitionRows() []cmPartitionRow {
	return []cmPartitionRow{
		// 41 cookies of 256 bytes (name and value): 10496 bytes, above
		// the 10240 of a partition's eTLD+1.
		{id: "TestPartitionedCookiesGarbageCollection_Memory", n: 41, topLevel: cmTop1,
			valueLen: func(i int) int {
				if i < 10 {
					return 10240/40 - 1
				}
				return 10240/40 - 2
			}, wantGone: "0"},
		{id: "TestPartitionedCookiesGarbageCollection_MaxCookies", n: 181, topLevel: cmTop,
			valueLen: func(int) int { return 1 }, wantGone: "0"},
	}
}

func runPartitionRow(t *testing.T, row cmPartitionRow) string {
	r := newCMGCRun(t, nil)
	part, err := cmPartition(row.topLevel)
	if err != nil {
		t.Fatalf("%s: %v", row.id, err)
	}
	for i := range row.n {
		line := fmt.Sprintf("%d=%s; secure; path=/; partitioned", i, strings.Repeat("0", row.valueLen(i)))
		if !r.set("https://www.foo.com", line, part) {
			t.Fatalf("%s: cookie %d refused", row.id, i)
		}
	}
	sent := r.names("https://www.foo.com", part)
	var gone []string
	for i := range row.n {
		if !slices.Contains(sent, strconv.Itoa(i)) {
			gone = append(gone, strconv.Itoa(i))
		}
	}
	return strings.Join(gone, " ")
}

func TestChromiumCookieMonsterHostGC(t *testing.T) {
	seen := map[string]bool{}
	perTest := map[string]int{}
	total := 0
	for _, row := range cmHostRows() {
		uniqueRow(t, seen, row.id)
		test, _, _ := strings.Cut(row.id, "/")
		perTest[test]++
		total++
		checkAgainstChromium(t, row.id, knownMonsterDifferences, runHostRow(t, row))
	}
	for _, row := range cmPartitionRows() {
		uniqueRow(t, seen, row.id)
		perTest[row.id]++
		total++
		var diff []string
		if got := runPartitionRow(t, row); got != row.wantGone {
			diff = append(diff, fmt.Sprintf("evicted: Chromium %q, library %q", row.wantGone, got))
		}
		checkAgainstChromium(t, row.id, knownMonsterDifferences, diff)
	}
	cmLogCounts(t, perTest, total)
}
