package redisstore

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
)

// TestConformance runs the store conformance suite: each backing is a jar
// of its own on the test server, reached through a client whose hook can
// make writes fail (Break) or wait (Stall).
func TestConformance(t *testing.T) {
	client(t) // skips, or fails, without a server
	storetest.Run(t, func() (*storetest.Backing, error) {
		c := redis.NewClient(&redis.Options{Addr: testRedis.addr})
		t.Cleanup(func() { _ = c.Close() })
		return faultBacking(newJar(t), c), nil
	})
}

// faultBacking is a conformance backing on jar through c, whose writes a
// faultHook it adds makes fail (Break) or wait (Stall).
func faultBacking(jar string, c redis.UniversalClient) *storetest.Backing {
	h := &faultHook{}
	c.AddHook(h)
	return &storetest.Backing{
		Open: func() (cookiemonster.PersistentStore, error) {
			return Open(Options{Client: c, Jar: jar})
		},
		SessionCookies: true,
		Break: func() (func() error, error) {
			h.broken.Store(true)
			return func() error { h.broken.Store(false); return nil }, nil
		},
		Stall: func() (func() error, error) {
			ch := make(chan struct{})
			h.stall.Store(&ch)
			return func() error { h.stall.Store(nil); close(ch); return nil }, nil
		},
	}
}

// errBroken is the error of a write while a faultHook is broken.
var errBroken = errors.New("test: writes are broken")

// faultHook fails (broken) or holds (stall) every pipeline that writes.
type faultHook struct {
	broken atomic.Bool
	stall  atomic.Pointer[chan struct{}]
}

func (h *faultHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *faultHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }

func (h *faultHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		writes := false
		for _, c := range cmds {
			switch c.Name() {
			case "evalsha", "eval", "hset", "hdel", "sadd":
				writes = true
			}
		}
		if writes {
			if ch := h.stall.Load(); ch != nil {
				<-*ch
			}
			if h.broken.Load() {
				return errBroken
			}
		}
		return next(ctx, cmds)
	}
}

func TestOpenOptions(t *testing.T) {
	c := client(t)
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"no client", Options{Jar: "a"}},
		{"no jar", Options{Client: c}},
		{"brace in jar", Options{Client: c, Jar: "a{b"}},
		{"negative log length", Options{Client: c, Jar: "a", LogLength: -1}},
	} {
		_, err := Open(tc.opts)
		assert.ErrorIs(t, err, ErrOptions, tc.name)
	}
}

// TestMonsterThroughRedis: two Monsters on one jar, one after the other:
// what the first sets, the second loads, site by site (LoadKey) and whole.
func TestMonsterThroughRedis(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	jar := newJar(t)
	var mu sync.Mutex
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	open := func() *cookiemonster.Monster {
		s, err := Open(Options{Client: c, Jar: jar})
		require.NoError(t, err)
		m, err := cookiemonster.New(cookiemonster.Config{Store: s, Now: func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(time.Millisecond) // every cookie its own creation time
			return now
		}})
		require.NoError(t, err)
		return m
	}
	m := open()
	for _, l := range []struct{ url, line string }{
		{"https://www.a.example/", "sid=1; Secure; HttpOnly; Max-Age=3600"},
		{"https://www.a.example/", "dom=2; Domain=a.example; Max-Age=3600"},
		{"https://b.example/", "b=3; Max-Age=3600"},
	} {
		u, err := url.Parse(l.url)
		require.NoError(t, err)
		res, err := m.SetCookieLine(ctx, u, l.line, cookiemonster.NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), res.Status.String())
	}
	require.NoError(t, m.Close())

	m2 := open()
	defer func() { _ = m2.Close() }()
	u, err := url.Parse("https://www.a.example/")
	require.NoError(t, err)
	h, err := m2.CookieHeader(ctx, u, cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "sid=1; dom=2", h)
	all, err := m2.AllCookies(ctx)
	require.NoError(t, err)
	var names []string
	for _, c := range all {
		names = append(names, c.Domain+" "+c.Name)
	}
	assert.ElementsMatch(t, []string{"www.a.example sid", ".a.example dom", "b.example b"}, names)
}

// TestRetryAfterFailure: while writes fail, Flush reports the error and
// OnError hears it; the queued cookies are kept and written once Redis
// answers again: nothing added is lost.
func TestRetryAfterFailure(t *testing.T) {
	client(t)
	ctx := context.Background()
	h := &faultHook{}
	c := redis.NewClient(&redis.Options{Addr: testRedis.addr})
	c.AddHook(h)
	t.Cleanup(func() { _ = c.Close() })
	var heard atomic.Int64
	jar := newJar(t)
	s, err := Open(Options{Client: c, Jar: jar, OnError: func(err error) {
		if errors.Is(err, errBroken) {
			heard.Add(1)
		}
	}})
	require.NoError(t, err)
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	mk := func(name string) *cookiemonster.CanonicalCookie {
		return &cookiemonster.CanonicalCookie{Name: name, Value: "1", Domain: "a.example", Path: "/",
			Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour),
			SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
	}
	h.broken.Store(true)
	s.Add(mk("x"))
	s.Add(mk("y"))
	require.ErrorIs(t, s.Flush(ctx), errBroken)
	assert.Positive(t, heard.Load())
	h.broken.Store(false)
	require.NoError(t, s.Flush(ctx), "the retried batch is written")
	require.NoError(t, s.Close())

	s2, err := Open(Options{Client: c, Jar: jar})
	require.NoError(t, err)
	got, err := s2.Load(ctx)
	require.NoError(t, err)
	var names []string
	for _, c := range got {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"x", "y"}, names)
	require.NoError(t, s2.Close())
}

// TestTombstones: a deletion leaves a tombstone in the site's hash, which
// a full Load removes once it is older than TombstoneAge, and not before;
// a negative age keeps it.
func TestTombstones(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		age  time.Duration
		left int64 // fields in the hash after the Load
	}{
		{"older than the age", time.Nanosecond, 1},
		{"younger than the age", 0, 2},
		{"kept for ever", -1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			jar := newJar(t)
			s, err := Open(Options{Client: c, Jar: jar})
			require.NoError(t, err)
			kept, gone := storetest.SyntheticCookie(0), storetest.SyntheticCookie(1)
			s.Add(kept)
			s.Add(gone)
			s.Delete(gone)
			require.NoError(t, s.Close())
			key := s.siteKey(storageKeyOf(kept))
			require.Equal(t, int64(2), c.HLen(ctx, key).Val(), "a cookie and a tombstone")

			s, err = Open(Options{Client: c, Jar: jar, TombstoneAge: tc.age})
			require.NoError(t, err)
			got, err := s.Load(ctx)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, kept.Name, got[0].Name)
			require.NoError(t, s.Close())
			assert.Equal(t, tc.left, c.HLen(ctx, key).Val())
		})
	}
}

// storageKeyOf returns the storage key of a cookie under the default list.
func storageKeyOf(c *cookiemonster.CanonicalCookie) string {
	return cookiemonster.StorageKey(c.Domain, nil)
}
