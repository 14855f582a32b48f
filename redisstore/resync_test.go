package redisstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// TestResyncNoSpuriousEviction: a worker that reloads the jar after
// missing part of the log applies the reload as a whole: a site whose 30
// cookies (the limit) were all replaced meanwhile by 30 others is not
// evicted from (the new ones, least recently used, for the old ones) as
// the reload inserts the new ones before it removes the old ones.
func TestResyncNoSpuriousEviction(t *testing.T) {
	client(t)
	ctx := context.Background()
	jar := newJar(t)
	limits := cookiemonster.Limits{MaxCookiesPerKey: 30, PurgeCookiesPerKeyTo: 20}
	cfg := cookiemonster.Config{Limits: limits}
	a := newWorker(t, "a", testRedis.addr, jar, cfg)
	// b's clock is ahead: its read below makes the old cookies the most
	// recently used, so that an eviction would take new ones.
	bcfg := cfg
	bcfg.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	b, gate := newGated(t, "b", jar, bcfg, Options{LogLength: 10})
	const site = "https://www.example.com/"
	for i := range 30 {
		require.True(t, setLine(t, a, site, fmt.Sprintf("old%02d=1; Max-Age=3600", i)))
	}
	settle(t, a, b)
	_, _, err := b.m.Cookies(ctx, mustURL(t, site), httpAccess)
	require.NoError(t, err)
	settle(t, a, b)
	require.Len(t, all(t, b), 30)

	gate.close()
	for i := range 30 {
		n, err := a.m.Remove(ctx, mustURL(t, site), fmt.Sprintf("old%02d", i), cookiemonster.PartitionKey{})
		require.NoError(t, err)
		require.Len(t, n, 1)
		require.True(t, setLine(t, a, site, fmt.Sprintf("new%02d=1; Max-Age=3600", i)))
	}
	// Enough entries for b's store to trim the log past what b applied.
	for i := range 300 {
		require.True(t, setLine(t, a, fmt.Sprintf("https://www.site%d.example/", i%20), fmt.Sprintf("f%03d=1; Max-Age=3600", i)))
	}
	require.NoError(t, a.m.Flush(t.Context()))
	require.True(t, setLine(t, b, "https://www.other.example/", "y=1; Max-Age=3600"))
	require.NoError(t, b.m.Flush(t.Context()))
	length, err := testRedisLen(t, b.store)
	require.NoError(t, err)
	require.Less(t, length, int64(300), "the log was not trimmed")
	b.took()
	gate.open()
	settle(t, a, b)

	want := all(t, a)
	assert.Equal(t, 30+300+1, len(want), "cookies left")
	assert.Equal(t, want, all(t, b), "b")
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cfg)
	assert.Equal(t, want, all(t, fresh), "a fresh worker")
	for _, c := range b.took() {
		assert.NotEqual(t, cookiemonster.CauseEvicted, c.Cause, "b evicted %s", short(&c.Cookie))
	}
}

// newGated is gatedWorker with a Monster configuration.
func newGated(t *testing.T, name, jar string, cfg cookiemonster.Config, opts Options) (*worker, *readGate) {
	t.Helper()
	g := &readGate{}
	t.Cleanup(g.open)
	opts.Jar = jar
	return newWorkerWith(t, name, testRedis.addr, cfg, opts, g), g
}

// TestLostJarOlderRewrite: Redis loses the jar, and a worker that never
// saw it writes a cookie again, at a version below the one the other
// workers hold (their clocks had been pushed ahead). Those workers' reload
// finds the cookie in Redis, older than what they know: they write back
// theirs, the newer write, as they do a cookie Redis lacks, and the fleet
// converges on it; so for a deletion.
func TestLostJarOlderRewrite(t *testing.T) {
	client(t)
	for _, deleted := range []bool{false, true} {
		t.Run(fmt.Sprintf("deleted=%v", deleted), func(t *testing.T) {
			ctx := context.Background()
			jar := newJar(t)
			// a reads none of the log until the end, not even its own
			// writes: only the epoch its writes learned tells it that the
			// entries it reads next are of a jar written again.
			a, gate := newGated(t, "a", jar, cookiemonster.Config{}, Options{})
			require.NoError(t, a.store.CatchUp(ctx))
			gate.close()
			// a's clock an hour ahead: its versions pass any c will make.
			a.store.mu.Lock()
			a.store.clock.last = time.Now().Add(time.Hour).UnixNano()
			a.store.mu.Unlock()
			const site = "https://www.example.com/"
			require.True(t, setLine(t, a, site, "x=a; Max-Age=3600"))
			if deleted {
				n, err := a.m.Remove(ctx, mustURL(t, site), "x", cookiemonster.PartitionKey{})
				require.NoError(t, err)
				require.Len(t, n, 1)
			}
			require.True(t, setLine(t, a, site, "other=1; Max-Age=3600"))
			require.NoError(t, a.m.Flush(ctx))

			// Redis loses the jar; c, new, sets x.
			s := a.store
			require.NoError(t, a.client.Del(ctx, s.siteKey("example.com"), s.sitesKey(), s.logKey(), s.epochKey(), s.seqKey()).Err())
			c := newWorker(t, "c", testRedis.addr, jar, cookiemonster.Config{})
			require.Empty(t, all(t, c))
			require.True(t, setLine(t, c, site, "x=c; Max-Age=3600"))
			require.NoError(t, c.m.Flush(ctx))
			gate.open()
			settle(t, a, c)

			want := []string{"other=1 www.example.com/ Secure", "x=a www.example.com/ Secure"}
			if deleted {
				want = want[:1]
			}
			assert.Equal(t, want, all(t, a), "a")
			assert.Equal(t, want, all(t, c), "c")
			fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
			assert.Equal(t, want, all(t, fresh), "a fresh worker")
		})
	}
}
