package cookiemonster

// Benchmarks with the shapes of Chromium's cookie_monster_perftest.cc
// (spec/chromium-behavior.md §9). Chromium times a whole batch (20000 sets,
// 20000 queries, one DeleteAll); here every benchmark reports the cost of
// one operation of the batch in the state the batch leaves the store in.
//
// BenchmarkParsedCookieParse (kCookieLine) is not repeated here:
// BenchmarkParseCookie/line=perf/impl=cookiemonster in parsed_test.go is
// the same measurement.

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// perfCookieLine is Chromium's kCookieLine: name "A", value `"b=`, an
// unknown attribute `\""`, Secure, SameSite=None.
const perfCookieLine = `A  = "b=;\""  ;secure;;; samesite=none`

// perfNumCookies is Chromium's kNumCookies.
const perfNumCookies = 20000

// Typed sinks: assigning to an interface would allocate and be counted.
var (
	benchParsedSink *ParsedCookie
	benchResultSink AccessResult
	benchCookieSink []CookieWithAccessResult
	benchKeySink    string // also a Cookie header
)

func BenchmarkParsedCookieParseBig(b *testing.B) {
	line := strings.Repeat("z", 3800) + perfCookieLine
	pc, st := ParseCookie(line)
	require.True(b, st.IsInclude(), "%v", st)
	require.Equal(b, 3801, len(pc.Name()))
	b.ReportAllocs()
	for b.Loop() {
		benchParsedSink, _ = ParseCookie(line)
	}
}

// benchRefill puts copies of cookies back into m directly, without the set
// rules, GC or events: the untimed setup of the delete_all benchmarks.
func benchRefill(m *Monster, cookies []*CanonicalCookie) {
	m.mu.Lock()
	for _, c := range cookies {
		cp := *c
		m.insertLocked(m.keyLocked(cp.Domain), &cp)
	}
	m.mu.Unlock()
}

func newBenchMonster(b *testing.B, cfg Config) *Monster {
	b.Helper()
	m, err := New(cfg)
	require.NoError(b, err)
	return m
}

func benchMustSet(b *testing.B, m *Monster, u string, line string) {
	b.Helper()
	res, err := m.SetCookieLine(context.Background(), mustURL(b, u), line, Options{})
	require.NoError(b, err)
	require.True(b, res.Status.IsInclude(), "%s from %s: %v", line, u, res.Status)
}

// BenchmarkSingleHost is TestAddCookiesOnSingleHost ("single_host"): 20000
// sets of distinct names on one host, whose domain GC keeps 150–180 cookies;
// queries of that host; DeleteAll. Default options: a cross-site,
// script-like access, hence SameSite=None; Secure.
func BenchmarkSingleHost(b *testing.B) {
	ctx := context.Background()
	u := mustURL(b, "https://www.foo.com/")
	lines := make([]string, perfNumCookies)
	for i := range lines {
		lines[i] = fmt.Sprintf("a%03d=b; SameSite=None; Secure", i)
	}
	fill := func(b *testing.B) *Monster {
		m := newBenchMonster(b, Config{})
		for _, l := range lines {
			res, err := m.SetCookieLine(ctx, u, l, Options{})
			require.NoError(b, err)
			require.True(b, res.Status.IsInclude(), "%v", res.Status)
		}
		return m
	}

	b.Run("add", func(b *testing.B) {
		m := newBenchMonster(b, Config{})
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			// Names cycle after 20000; by then the first ones are long
			// evicted, so every set is an insertion, as in Chromium.
			benchResultSink, _ = m.SetCookieLine(ctx, u, lines[i%perfNumCookies], Options{})
			i++
		}
		b.StopTimer()
		all, err := m.AllCookies(ctx)
		require.NoError(b, err)
		require.True(b, len(all) >= 150 && len(all) <= 180, "domain GC keeps 150–180, got %d", len(all))
	})

	b.Run("query", func(b *testing.B) {
		m := fill(b)
		inc, _, err := m.Cookies(ctx, u, Options{})
		require.NoError(b, err)
		require.True(b, len(inc) >= 150 && len(inc) <= 180, "got %d", len(inc))
		b.ReportAllocs()
		for b.Loop() {
			benchCookieSink, _, _ = m.Cookies(ctx, u, Options{})
		}
	})

	// Not in Chromium's test: the same query through CookieHeader, which
	// copies no cookie.
	b.Run("query_header", func(b *testing.B) {
		m := fill(b)
		h, err := m.CookieHeader(ctx, u, Options{})
		require.NoError(b, err)
		require.NotEmpty(b, h)
		b.ReportAllocs()
		for b.Loop() {
			benchKeySink, _ = m.CookieHeader(ctx, u, Options{})
		}
	})

	b.Run("delete_all", func(b *testing.B) {
		m := fill(b)
		all, err := m.AllCookies(ctx)
		require.NoError(b, err)
		_, err = m.DeleteAll(ctx)
		require.NoError(b, err)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			benchRefill(m, all)
			b.StartTimer()
			n, _ := m.DeleteAll(ctx)
			if n != len(all) {
				b.Fatalf("DeleteAll deleted %d, want %d", n, len(all))
			}
		}
	})
}

// BenchmarkManyHosts is TestAddCookieOnManyHosts ("many_hosts"): one
// kCookieLine on each of 20000 hosts under "izzle", a TLD the list does not
// know, so 20000 keys; above the global limit but all recent, so nothing is
// evicted.
func BenchmarkManyHosts(b *testing.B) {
	ctx := context.Background()
	urls := make([]*url.URL, perfNumCookies)
	for i := range urls {
		urls[i] = mustURL(b, fmt.Sprintf("https://a%04d.izzle", i))
	}
	fill := func(b *testing.B) *Monster {
		m := newBenchMonster(b, Config{})
		for _, u := range urls {
			res, err := m.SetCookieLine(ctx, u, perfCookieLine, Options{})
			require.NoError(b, err)
			require.True(b, res.Status.IsInclude(), "%v", res.Status)
		}
		return m
	}

	b.Run("add", func(b *testing.B) {
		var m *Monster
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if i%perfNumCookies == 0 {
				// A fresh store every 20000 sets: every set inserts.
				b.StopTimer()
				m = newBenchMonster(b, Config{})
				b.StartTimer()
			}
			benchResultSink, _ = m.SetCookieLine(ctx, urls[i%perfNumCookies], perfCookieLine, Options{})
		}
	})

	b.Run("query", func(b *testing.B) {
		m := fill(b)
		all, err := m.AllCookies(ctx)
		require.NoError(b, err)
		require.Len(b, all, perfNumCookies, "no eviction: all recent")
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			benchCookieSink, _, _ = m.Cookies(ctx, urls[i%perfNumCookies], Options{})
			i++
		}
	})

	b.Run("delete_all", func(b *testing.B) {
		m := fill(b)
		all, err := m.AllCookies(ctx)
		require.NoError(b, err)
		_, err = m.DeleteAll(ctx)
		require.NoError(b, err)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			benchRefill(m, all)
			b.StartTimer()
			n, _ := m.DeleteAll(ctx)
			if n != len(all) {
				b.Fatalf("DeleteAll deleted %d, want %d", n, len(all))
			}
		}
	})
}

// BenchmarkDomainTree is TestDomainTree ("tree"): one domain cookie on each
// of 31 domains (top.com and a binary tree of "a."/"b." labels, 4 levels);
// the probe URL sees the 5 on its ancestry.
func BenchmarkDomainTree(b *testing.B) {
	ctx := context.Background()
	m := newBenchMonster(b, Config{})
	domains := []string{"top.com"}
	for level, start := 0, 0; level < 4; level++ {
		end := len(domains)
		for _, parent := range domains[start:end] {
			domains = append(domains, "a."+parent, "b."+parent)
		}
		start = end
	}
	require.Len(b, domains, 31)
	for _, d := range domains {
		benchMustSet(b, m, "https://"+d+"/", "a=b; domain="+d+"; samesite=none; secure")
	}
	all, err := m.AllCookies(ctx)
	require.NoError(b, err)
	require.Len(b, all, 31)
	probe := mustURL(b, "https://b.a.b.a.top.com/")
	inc, _, err := m.Cookies(ctx, probe, Options{})
	require.NoError(b, err)
	require.Len(b, inc, 5)
	b.ReportAllocs()
	for b.Loop() {
		benchCookieSink, _, _ = m.Cookies(ctx, probe, Options{})
	}
}

// BenchmarkDomainLine is TestDomainLine ("line"): 8 domain cookies on each
// of 4 nested domains; the probe URL, the deepest, sees all 32.
func BenchmarkDomainLine(b *testing.B) {
	ctx := context.Background()
	m := newBenchMonster(b, Config{})
	for _, d := range []string{"a.top.com", "b.a.top.com", "a.b.a.top.com", "b.a.b.a.top.com"} {
		for i := range 8 {
			benchMustSet(b, m, "https://"+d+"/", fmt.Sprintf("a%03d=b; domain=%s; samesite=none; secure", i, d))
		}
	}
	probe := mustURL(b, "https://b.a.b.a.top.com/")
	inc, _, err := m.Cookies(ctx, probe, Options{})
	require.NoError(b, err)
	require.Len(b, inc, 32)
	b.ReportAllocs()
	for b.Loop() {
		benchCookieSink, _, _ = m.Cookies(ctx, probe, Options{})
	}
}

// benchFullLoadStore hides MemoryStore's KeyLoader, so that the first access
// waits for the full load, as in Chromium's TestImport.
type benchFullLoadStore struct{ PersistentStore }

// BenchmarkImport is TestImport ("from_store"): a store of 300 domains × 50
// cookies; it times New and the first Cookies call, whose result is empty,
// so what is measured is the full load and import.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	if k := keyOf(nil, "www.Domain_1.com"); k != "domain_1.com" {
		b.Fatalf("keyOf(nil, %q) = %q, want %q", "www.Domain_1.com", k, "domain_1.com")
	}
	var cookies []*CanonicalCookie
	creation := time.Now().Add(-time.Hour)
	for d := range 300 {
		u := mustURL(b, fmt.Sprintf("http://www.Domain_%d.com", d))
		for i := range 50 {
			creation = creation.Add(time.Microsecond) // strictly increasing
			c, st := NewCanonicalCookie(u, fmt.Sprintf("Cookie_%d=1; Path=/", i), creation, CreateOptions{})
			require.True(b, st.IsInclude(), "%v", st)
			cookies = append(cookies, c)
		}
	}
	probe := mustURL(b, "https://www.foo.com/")

	check := newBenchMonster(b, Config{Store: benchFullLoadStore{NewMemoryStore(nil, cookies...)}})
	all, err := check.AllCookies(ctx)
	require.NoError(b, err)
	require.Len(b, all, 15000)

	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		store := benchFullLoadStore{NewMemoryStore(nil, cookies...)}
		b.StartTimer()
		m, _ := New(Config{Store: store})
		inc, _, err := m.Cookies(ctx, probe, Options{})
		if err != nil || len(inc) != 0 {
			b.Fatalf("Cookies = %d cookies, %v; want none", len(inc), err)
		}
		b.StopTimer()
		_ = m.Close()
		b.StartTimer()
	}
}

// BenchmarkImportDuplicates loads one key of 1000 cookies plus 100
// duplicates (newer copies of the newest cookies, as a damaged database may
// hold). Not in Chromium's perftest: it shows the cost of dedupeLocked,
// which restarts its pairwise scan after every duplicate it removes, so it
// is O(duplicates × n²) per key (Chromium groups by unique key instead).
func BenchmarkImportDuplicates(b *testing.B) {
	ctx := context.Background()
	const n, dups = 1000, 100
	var cookies []*CanonicalCookie
	creation := time.Now().Add(-time.Hour)
	for i := range n {
		c, err := NewCanonicalCookieFromStorage(CanonicalCookie{
			Name: fmt.Sprintf("c%d", i), Value: "1", Domain: "www.example.com", Path: "/",
			Creation: creation.Add(time.Duration(i) * time.Microsecond),
		})
		require.NoError(b, err)
		cookies = append(cookies, c)
	}
	for i := n - dups; i < n; i++ {
		d := *cookies[i]
		// A newer copy: the original loses. Both sort after the 900
		// cookies without duplicates, so every restarted scan walks them.
		d.Creation = d.Creation.Add(time.Hour)
		cookies = append(cookies, &d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		store := NewMemoryStore(nil, cookies...)
		b.StartTimer()
		m, _ := New(Config{Store: store})
		all, err := m.AllCookies(ctx)
		if err != nil || len(all) != n {
			b.Fatalf("AllCookies = %d cookies, %v; want %d", len(all), err, n)
		}
	}
}

// BenchmarkGetKey is TestGetKey ("baseline_story"): the storage key of
// "www.foo.com", computed (keyOf) and through the Monster's cache (key).
func BenchmarkGetKey(b *testing.B) {
	b.Run("keyOf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchKeySink = keyOf(nil, "www.foo.com")
		}
	})
	b.Run("cached", func(b *testing.B) {
		m := newBenchMonster(b, Config{})
		key := func(domain string) string {
			m.mu.Lock()
			defer m.mu.Unlock()
			return m.keyLocked(domain)
		}
		require.Equal(b, "foo.com", key("www.foo.com"))
		b.ReportAllocs()
		for b.Loop() {
			benchKeySink = key("www.foo.com")
		}
	})
}

// benchGCCookies builds CreateMonsterFromStoreForGC's cookies: n secure
// cookies "a=1" on h%05d.izzle, path /path, created 1000 days ago plus i µs,
// expiring in 30 days, the first old last used 60 days ago and the others
// now.
func benchGCCookies(b *testing.B, n, old int, now time.Time) []*CanonicalCookie {
	cookies := make([]*CanonicalCookie, 0, n)
	base := now.AddDate(0, 0, -1000)
	for i := range n {
		last := now
		if i < old {
			last = now.AddDate(0, 0, -60)
		}
		c, err := NewCanonicalCookieFromStorage(CanonicalCookie{
			Name: "a", Value: "1", Domain: fmt.Sprintf("h%05d.izzle", i), Path: "/path",
			Creation:   base.Add(time.Duration(i) * time.Microsecond),
			Expiry:     now.AddDate(0, 0, 30),
			LastAccess: last, LastUpdate: last,
			Secure: true, Priority: PriorityMedium,
			SourceScheme: SourceSchemeSecure, SourcePort: 443,
		})
		require.NoError(b, err)
		cookies = append(cookies, c)
	}
	return cookies
}

// BenchmarkGC is TestGCTimes: a store loaded with n cookies, old of them
// unused for 60 days, then identical sets of one cookie. Only the warm-up
// set may run the global purge (the earliest access time then says nothing
// is old enough), so the five cases should cost about the same.
func BenchmarkGC(b *testing.B) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		n, old int
	}{
		{"all_recent", 6600, 0},
		{"mostly_recent", 6600, 1650},
		{"balanced", 6600, 3601},
		{"mostly_old", 6600, 2475},
		{"less_than_gc_thresh", 3295, 0},
	} {
		b.Run(tc.name, func(b *testing.B) {
			now := time.Now()
			m := newBenchMonster(b, Config{Store: NewMemoryStore(nil, benchGCCookies(b, tc.n, tc.old, now)...)})
			all, err := m.AllCookies(ctx) // waits for the full load
			require.NoError(b, err)
			require.Len(b, all, tc.n)
			u := mustURL(b, "https://foo.com")
			const line = "z=3; samesite=none; secure"
			benchMustSet(b, m, u.String(), line)
			// The warm-up set ran the only global purge: above 3300, it
			// took the old cookies (all of them, here) and nothing recent.
			want := tc.n + 1
			if want > 3300 {
				want -= min(tc.old, want-3000)
			}
			all, err = m.AllCookies(ctx)
			require.NoError(b, err)
			require.Len(b, all, want)
			b.ReportAllocs()
			for b.Loop() {
				benchResultSink, _ = m.SetCookieLine(ctx, u, line, Options{})
			}
		})
	}
}

// BenchmarkSetWithSubscriber measures SetCookieLine with no subscriber and
// with one no-op SubscribeAll: the cost of change delivery on every write.
func BenchmarkSetWithSubscriber(b *testing.B) {
	u := mustURL(b, "https://www.foo.com/")
	for _, subs := range []int{0, 1} {
		b.Run(fmt.Sprintf("subscribers=%d", subs), func(b *testing.B) {
			m, err := New(Config{})
			require.NoError(b, err)
			if subs > 0 {
				defer m.Changes().SubscribeAll(func(Change) {})()
			}
			ctx := context.Background()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if _, err := m.SetCookieLine(ctx, u, "a"+strconv.Itoa(i%100)+"=b; SameSite=None; Secure", Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
