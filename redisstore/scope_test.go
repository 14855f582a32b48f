package redisstore

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/publicsuffix"

	"github.com/cookiemonster-go/cookiemonster"
)

// scoped describes a worker's cookies with what sets them apart beyond
// name, domain and path: partition and first-party domain.
func scoped(t *testing.T, w *worker) []string {
	t.Helper()
	cs, err := w.m.AllCookies(context.Background())
	require.NoError(t, err)
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s part=%s fpd=%s", short(c), c.Partition.String(), c.FirstPartyDomain))
	}
	return out
}

// sameEverywhere checks that every worker, and a worker that loads the jar
// afresh, hold exactly want.
func sameEverywhere(t *testing.T, jar string, cfg cookiemonster.Config, want []string, ws ...*worker) {
	t.Helper()
	for _, w := range ws {
		assert.Equal(t, want, scoped(t, w), w.name)
	}
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cfg)
	assert.Equal(t, want, scoped(t, fresh), "a fresh worker")
	for _, w := range append(ws, fresh) {
		assert.Empty(t, w.errorsOf(), w.name)
	}
}

func partitionKey(t *testing.T, top string) cookiemonster.PartitionKey {
	t.Helper()
	k, err := cookiemonster.NewPartitionKey(mustURL(t, top), false)
	require.NoError(t, err)
	require.True(t, k.IsPartitioned())
	return k
}

// TestPartitionedPropagation: partitioned (CHIPS) cookies reach the other
// workers, and Redis, with their partition; equivalent cookies of two
// partitions and an unpartitioned one live side by side; a removal, and an
// eviction over the per-partition limit, take only the partition's cookie.
func TestPartitionedPropagation(t *testing.T) {
	client(t)
	ctx := context.Background()
	jar := newJar(t)
	cfg := cookiemonster.Config{Limits: cookiemonster.Limits{MaxPartitionCookiesPerKey: 3}}
	a := newWorker(t, "a", testRedis.addr, jar, cfg)
	b := newWorker(t, "b", testRedis.addr, jar, cfg)
	u := mustURL(t, "https://embed.example/")
	p1, p2 := partitionKey(t, "https://top-one.example/"), partitionKey(t, "https://top-two.example/")
	in := func(p cookiemonster.PartitionKey) cookiemonster.Options {
		o := httpAccess
		o.Partition = p
		return o
	}
	set := func(w *worker, line string, o cookiemonster.Options) {
		t.Helper()
		res, err := w.m.SetCookieLine(ctx, u, line, o)
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %v", line, res.Status)
	}
	set(a, "id=one; Secure; Partitioned; Max-Age=3600", in(p1))
	set(b, "id=two; Secure; Partitioned; Max-Age=3600", in(p2))
	set(a, "id=plain; Secure; Max-Age=3600", httpAccess)
	settle(t, a, b)
	part1, part2 := " part="+p1.String()+" fpd=", " part="+p2.String()+" fpd="
	plain := " part=" + cookiemonster.PartitionKey{}.String() + " fpd="
	want := []string{"id=one embed.example/" + part1, "id=two embed.example/" + part2, "id=plain embed.example/" + plain}
	sameEverywhere(t, jar, cfg, want, a, b)
	for _, w := range []*worker{a, b} {
		h, err := w.m.CookieHeader(ctx, u, in(p1))
		require.NoError(t, err)
		assert.Equal(t, "id=one; id=plain", h, w.name)
	}

	// An overwrite in one partition leaves the other alone.
	b.took()
	set(b, "id=one-b; Secure; Partitioned; Max-Age=3600", in(p1))
	settle(t, a, b)
	want = []string{"id=two embed.example/" + part2, "id=plain embed.example/" + plain, "id=one-b embed.example/" + part1}
	sameEverywhere(t, jar, cfg, want, a, b)

	// A removal in one partition.
	n, err := a.m.Remove(ctx, u, "id", p2)
	require.NoError(t, err)
	require.Len(t, n, 1)
	settle(t, a, b)
	want = []string{"id=plain embed.example/" + plain, "id=one-b embed.example/" + part1}
	sameEverywhere(t, jar, cfg, want, a, b)

	// Above 3 cookies in p1, the least recently used of p1 goes, on every
	// worker; p2 and the unpartitioned cookie stay.
	set(b, "k=2; Secure; Partitioned; Max-Age=3600", in(p2))
	a.took()
	for i := range 3 {
		set(b, fmt.Sprintf("k%d=1; Secure; Partitioned; Max-Age=3600", i), in(p1))
	}
	settle(t, a, b)
	want = []string{"id=plain embed.example/" + plain, "k=2 embed.example/" + part2,
		"k0=1 embed.example/" + part1, "k1=1 embed.example/" + part1, "k2=1 embed.example/" + part1}
	sameEverywhere(t, jar, cfg, want, a, b)
	var evicted []string
	for _, c := range a.took() {
		if c.Cause == cookiemonster.CauseEvicted {
			evicted = append(evicted, fmt.Sprintf("%s remote=%v part=%s", short(&c.Cookie), c.Remote, c.Cookie.Partition.String()))
		}
	}
	assert.Equal(t, []string{"id=one-b embed.example/ remote=true part=" + p1.String()}, evicted)
}

// TestFirstPartyIsolationPropagation: under Config.FirstPartyIsolation,
// cookies of one name set under two first-party domains and without one
// reach every worker and Redis apart; an overwrite and a removal under one
// first party leave the others.
func TestFirstPartyIsolationPropagation(t *testing.T) {
	client(t)
	ctx := context.Background()
	jar := newJar(t)
	cfg := cookiemonster.Config{FirstPartyIsolation: true}
	a := newWorker(t, "a", testRedis.addr, jar, cfg)
	b := newWorker(t, "b", testRedis.addr, jar, cfg)
	u := mustURL(t, "https://tracker.example/")
	under := func(fpd string) cookiemonster.Options {
		o := httpAccess
		o.FirstPartyDomain = fpd
		return o
	}
	set := func(w *worker, line, fpd string) {
		t.Helper()
		res, err := w.m.SetCookieLine(ctx, u, line, under(fpd))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %v", line, res.Status)
	}
	set(a, "id=a; Max-Age=3600", "site-a.test")
	set(b, "id=b; Max-Age=3600", "site-b.test")
	set(a, "id=none; Max-Age=3600", "")
	settle(t, a, b)
	unpart := " part=" + cookiemonster.PartitionKey{}.String() + " fpd="
	want := []string{"id=a tracker.example/" + unpart + "site-a.test", "id=b tracker.example/" + unpart + "site-b.test",
		"id=none tracker.example/" + unpart}
	sameEverywhere(t, jar, cfg, want, a, b)
	for fpd, h := range map[string]string{"site-a.test": "id=a", "site-b.test": "id=b", "": "id=none"} {
		for _, w := range []*worker{a, b} {
			got, err := w.m.CookieHeader(ctx, u, under(fpd))
			require.NoError(t, err)
			assert.Equal(t, h, got, "%s under %q", w.name, fpd)
		}
	}

	set(b, "id=a2; Max-Age=3600", "site-a.test")
	fpd := "site-b.test"
	n, err := a.m.DeleteMatching(ctx, cookiemonster.DeletionInfo{FirstPartyDomain: &fpd})
	require.NoError(t, err)
	require.Equal(t, 1, n)
	settle(t, a, b)
	want = []string{"id=none tracker.example/" + unpart, "id=a2 tracker.example/" + unpart + "site-a.test"}
	sameEverywhere(t, jar, cfg, want, a, b)
}

// sharedPSL is the default list with shared.example a public suffix.
type sharedPSL struct{}

func (sharedPSL) PublicSuffix(d string) string {
	if d == "shared.example" || strings.HasSuffix(d, ".shared.example") {
		return "shared.example"
	}
	return publicsuffix.List.PublicSuffix(d)
}

func (sharedPSL) String() string { return "default + shared.example" }

// TestPublicSuffixListPropagation: with a list of its own given to the
// stores and the Monsters, cookies are kept under the storage keys that
// list makes (one.shared.example, not shared.example) and reach every
// worker; a domain cookie on the list's suffix is refused.
func TestPublicSuffixListPropagation(t *testing.T) {
	client(t)
	ctx := context.Background()
	jar := newJar(t)
	cfg := cookiemonster.Config{PublicSuffixList: sharedPSL{}}
	opts := Options{Jar: jar, PublicSuffixList: sharedPSL{}}
	a := newWorkerWith(t, "a", testRedis.addr, cfg, opts)
	b := newWorkerWith(t, "b", testRedis.addr, cfg, opts)
	require.True(t, setLine(t, a, "https://www.one.shared.example/", "x=1; Domain=one.shared.example; Max-Age=3600"))
	require.True(t, setLine(t, b, "https://www.two.shared.example/", "y=1; Max-Age=3600"))
	require.False(t, setLine(t, a, "https://www.one.shared.example/", "z=1; Domain=shared.example; Max-Age=3600"))
	settle(t, a, b)
	want := []string{"x=1 .one.shared.example/ Secure", "y=1 www.two.shared.example/ Secure"}
	assert.Equal(t, want, all(t, a), "a")
	assert.Equal(t, want, all(t, b), "b")
	fresh := newWorkerWith(t, "fresh", testRedis.addr, cfg, opts)
	assert.Equal(t, want, all(t, fresh), "a fresh worker")
	for _, k := range []string{"one.shared.example", "two.shared.example"} {
		n, err := a.client.HLen(ctx, a.store.siteKey(k)).Result()
		require.NoError(t, err)
		assert.Equal(t, int64(1), n, k)
	}
	sites, err := a.client.SMembers(ctx, a.store.sitesKey()).Result()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"one.shared.example", "two.shared.example"}, sites)

	n, err := b.m.Remove(ctx, mustURL(t, "https://www.one.shared.example/"), "x", cookiemonster.PartitionKey{})
	require.NoError(t, err)
	require.Len(t, n, 1)
	settle(t, a, b)
	want = want[1:]
	assert.Equal(t, want, all(t, a), "a")
	assert.Equal(t, want, all(t, b), "b")
	for _, w := range []*worker{a, b, fresh} {
		assert.Empty(t, w.errorsOf(), w.name)
	}
}
