package cookiemonster

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// psCountingStore is a MemoryStore that counts the calls of Add,
// UpdateAccessTime, Delete and Flush.
type psCountingStore struct {
	*MemoryStore
	mu    sync.Mutex
	calls [4]int // Add, UpdateAccessTime, Delete, Flush
}

func psNewCounting(cookies ...*CanonicalCookie) *psCountingStore {
	return &psCountingStore{MemoryStore: NewMemoryStore(nil, cookies...)}
}

func (s *psCountingStore) count(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[i]++
}

func (s *psCountingStore) Add(c *CanonicalCookie) {
	s.count(0)
	s.MemoryStore.Add(c)
}

func (s *psCountingStore) UpdateAccessTime(c *CanonicalCookie) {
	s.count(1)
	s.MemoryStore.UpdateAccessTime(c)
}

func (s *psCountingStore) Delete(c *CanonicalCookie) {
	s.count(2)
	s.MemoryStore.Delete(c)
}

func (s *psCountingStore) Flush(ctx context.Context) error {
	s.count(3)
	return s.MemoryStore.Flush(ctx)
}

// Calls returns how many times Add, UpdateAccessTime, Delete and Flush
// were called.
func (s *psCountingStore) Calls() (adds, updates, deletes, flushes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[0], s.calls[1], s.calls[2], s.calls[3]
}

// psBlockingStore is a counting MemoryStore whose Load waits until release
// is called, while LoadKey answers at once. It records the keys LoadKey
// gets.
type psBlockingStore struct {
	*psCountingStore
	gate    chan struct{}
	once    sync.Once
	loadErr error // added to Load's result
	keyErr  error // added to LoadKey's result

	mu   sync.Mutex
	keys []string
}

func psNewBlocking(cookies ...*CanonicalCookie) *psBlockingStore {
	return &psBlockingStore{psCountingStore: psNewCounting(cookies...), gate: make(chan struct{})}
}

func (s *psBlockingStore) release() { s.once.Do(func() { close(s.gate) }) }

func (s *psBlockingStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	<-s.gate
	cs, err := s.MemoryStore.Load(ctx)
	if s.loadErr != nil {
		err = s.loadErr
	}
	return cs, err
}

func (s *psBlockingStore) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	s.mu.Lock()
	s.keys = append(s.keys, key)
	s.mu.Unlock()
	cs, err := s.MemoryStore.LoadKey(ctx, key)
	if s.keyErr != nil {
		err = s.keyErr
	}
	return cs, err
}

func (s *psBlockingStore) loadedKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keys...)
}

// psNoKeyStore hides LoadKey: only the PersistentStore methods remain.
type psNoKeyStore struct{ PersistentStore }

// psNewLoading returns a Monster over store whose load is held until the
// returned release is called (at the latest when the test ends). New must
// return while Load is blocked.
func psNewLoading(t *testing.T, store PersistentStore, bs *psBlockingStore, cfg Config) (*Monster, *fakeClock) {
	t.Helper()
	cfg.Store = store
	type result struct {
		m   *Monster
		clk *fakeClock
	}
	done := make(chan result, 1)
	go func() {
		clk := newFakeClock(t0)
		cfg.Now = clk.Now
		m, err := New(cfg)
		if err != nil {
			panic(err)
		}
		done <- result{m, clk}
	}()
	select {
	case r := <-done:
		// Cleanups run last-in first-out: release the load, then Close.
		t.Cleanup(func() { _ = r.m.Close() })
		t.Cleanup(bs.release)
		return r.m, r.clk
	case <-time.After(5 * time.Second):
		bs.release()
		t.Fatal("New waited for the store to load")
		return nil, nil
	}
}

// psCookie makes a cookie as the store would hold it.
func psCookie(t *testing.T, rawURL, line string, creation time.Time, part PartitionKey) *CanonicalCookie {
	t.Helper()
	c, st := NewCanonicalCookie(mustURL(t, rawURL), line, creation, CreateOptions{Partition: part})
	require.NotNil(t, c, "%q from %s: %s", line, rawURL, st)
	return c
}

func psDescs(cs []*CanonicalCookie) []string { return mqDescs(cs) }

func psCalls(s *psCountingStore) [4]int {
	a, u, d, f := s.Calls()
	return [4]int{a, u, d, f}
}

func psShort(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

func psLong(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func psSet(t *testing.T, m *Monster, rawURL, line string, o Options) {
	t.Helper()
	res, err := m.SetCookieLine(context.Background(), mustURL(t, rawURL), line, o)
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), "%q: %s", line, res.Status)
}

func psRead(t *testing.T, m *Monster, rawURL string, o Options) []string {
	t.Helper()
	inc, _, err := m.Cookies(context.Background(), mustURL(t, rawURL), o)
	require.NoError(t, err)
	out := []string{}
	for i := range inc {
		out = append(out, mqDesc(&inc[i].Cookie))
	}
	return out
}

var psNav = NavigationOptions()

func TestPersistAddsPersistentCookiesOnly(t *testing.T) {
	store := psNewCounting()
	m, clk := mqNew(t, Config{Store: store})
	psSet(t, m, "https://example.com/", "p=1; Max-Age=3600", psNav)
	clk.Advance(time.Second)
	psSet(t, m, "https://example.com/", "s=2", psNav)
	assert.Equal(t, []string{"p=1 example.com /"}, psDescs(store.Cookies()))
	assert.Equal(t, [4]int{1, 0, 0, 0}, psCalls(store))

	// The stored cookie is the Monster's, field for field.
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, *all[0], *store.Cookies()[0])

	// Removing a session cookie does not touch the store.
	removed, err := m.Remove(context.Background(), mustURL(t, "https://example.com/"), "s", PartitionKey{})
	require.NoError(t, err)
	assert.Equal(t, []string{"s=2 example.com /"}, psDescs(removed))
	assert.Equal(t, [4]int{1, 0, 0, 0}, psCalls(store))
}

func TestPersistSessionCookies(t *testing.T) {
	store := psNewCounting()
	kA, _ := mqPartKeys(t)
	m, clk := mqNew(t, Config{Store: store, PersistSessionCookies: true})
	psSet(t, m, "https://example.com/", "p=1; Max-Age=3600", psNav)
	clk.Advance(time.Second)
	psSet(t, m, "https://example.com/", "s=2", psNav)
	clk.Advance(time.Second)
	psSet(t, m, "https://example.com/", "ps=3; Secure; Partitioned", HTTPOptions(MakeSameSiteContext(ContextStrict), kA))
	assert.Equal(t, []string{"p=1 example.com /", "s=2 example.com /", "ps=3 example.com / @https://top-a.com"},
		psDescs(store.Cookies()))
	assert.Equal(t, [4]int{3, 0, 0, 0}, psCalls(store))

	n, err := m.DeleteSessionCookies(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"p=1 example.com /"}, psDescs(store.Cookies()))
	adds, _, deletes, _ := store.Calls()
	assert.Equal(t, 3, adds)
	assert.Equal(t, 2, deletes)
}

func TestPersistUpdateAccessTime(t *testing.T) {
	store := psNewCounting()
	m, clk := mqNew(t, Config{Store: store})
	psSet(t, m, "https://example.com/", "p=1; Max-Age=3600", psNav)
	psSet(t, m, "https://example.com/", "s=2", psNav)

	clk.Advance(30 * time.Second)
	assert.Equal(t, []string{"p=1 example.com /", "s=2 example.com /"}, psRead(t, m, "https://example.com/", psNav))
	assert.Equal(t, [4]int{1, 0, 0, 0}, psCalls(store), "30 s after creation: no update")

	clk.Advance(30 * time.Second) // exactly 60 s
	psRead(t, m, "https://example.com/", psNav)
	assert.Equal(t, [4]int{1, 1, 0, 0}, psCalls(store), "60 s: the persistent cookie only")
	require.Len(t, store.Cookies(), 1)
	assert.Equal(t, t0.Add(time.Minute), store.Cookies()[0].LastAccess)

	clk.Advance(59 * time.Second)
	psRead(t, m, "https://example.com/", psNav)
	assert.Equal(t, [4]int{1, 1, 0, 0}, psCalls(store), "59 s after the last update")

	// Reads that do not update the access time.
	clk.Advance(5 * time.Minute)
	got, err := m.Get(context.Background(), mustURL(t, "https://example.com/"), "p", PartitionKey{})
	require.NoError(t, err)
	require.NotNil(t, got)
	_, err = m.GetAll(context.Background(), CookieFilter{})
	require.NoError(t, err)
	o := psNav
	o.SkipAccessTimeUpdate = true
	psRead(t, m, "https://example.com/", o)
	assert.Equal(t, []string{}, psRead(t, m, "https://other.org/", psNav))
	assert.Equal(t, [4]int{1, 1, 0, 0}, psCalls(store), "Get, GetAll, SkipAccessTimeUpdate, another site")

	psRead(t, m, "https://example.com/", psNav)
	assert.Equal(t, [4]int{1, 2, 0, 0}, psCalls(store))
	assert.Equal(t, t0.Add(7*time.Minute-time.Second), store.Cookies()[0].LastAccess)
}

func TestPersistDeleteOnRemoval(t *testing.T) {
	ctx := context.Background()
	u := mustURL(t, "https://example.com/")
	cases := []struct {
		name    string
		act     func(t *testing.T, m *Monster, clk *fakeClock)
		left    []string
		adds    int
		deletes int
	}{
		{"Remove", func(t *testing.T, m *Monster, _ *fakeClock) {
			_, err := m.Remove(ctx, u, "p", PartitionKey{})
			require.NoError(t, err)
		}, []string{"q=2 example.com /"}, 2, 1},
		{"overwrite: delete, then add", func(t *testing.T, m *Monster, _ *fakeClock) {
			psSet(t, m, "https://example.com/", "p=new; Max-Age=3600", psNav)
		}, []string{"q=2 example.com /", "p=new example.com /"}, 3, 1},
		{"overwrite by an expired cookie", func(t *testing.T, m *Monster, _ *fakeClock) {
			psSet(t, m, "https://example.com/", "p=gone; Max-Age=0", psNav)
		}, []string{"q=2 example.com /"}, 2, 1},
		{"persistent replaced by a session cookie", func(t *testing.T, m *Monster, _ *fakeClock) {
			psSet(t, m, "https://example.com/", "p=session", psNav)
		}, []string{"q=2 example.com /"}, 2, 1},
		{"expired on read", func(t *testing.T, m *Monster, clk *fakeClock) {
			clk.Advance(time.Hour)
			assert.Equal(t, []string{"q=2 example.com /", "s=3 example.com /"}, psRead(t, m, "https://example.com/", psNav))
		}, []string{"q=2 example.com /"}, 2, 1},
		{"DeleteCanonicalCookie", func(t *testing.T, m *Monster, _ *fakeClock) {
			all, err := m.GetAll(ctx, CookieFilter{Name: mqPtr("p")})
			require.NoError(t, err)
			require.Len(t, all, 1)
			n, err := m.DeleteCanonicalCookie(ctx, all[0])
			require.NoError(t, err)
			assert.Equal(t, 1, n)
		}, []string{"q=2 example.com /"}, 2, 1},
		{"DeleteAll", func(t *testing.T, m *Monster, _ *fakeClock) {
			n, err := m.DeleteAll(ctx)
			require.NoError(t, err)
			assert.Equal(t, 3, n)
		}, []string{}, 2, 2},
		{"DeleteMatching", func(t *testing.T, m *Monster, _ *fakeClock) {
			n, err := m.DeleteMatching(ctx, DeletionInfo{Name: mqPtr("q")})
			require.NoError(t, err)
			assert.Equal(t, 1, n)
		}, []string{"p=1 example.com /"}, 2, 1},
		{"DeleteSessionCookies leaves the store alone", func(t *testing.T, m *Monster, _ *fakeClock) {
			n, err := m.DeleteSessionCookies(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, n)
		}, []string{"p=1 example.com /", "q=2 example.com /"}, 2, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := psNewCounting()
			m, clk := mqNew(t, Config{Store: store})
			psSet(t, m, "https://example.com/", "p=1; Max-Age=60", psNav)
			clk.Advance(time.Second)
			psSet(t, m, "https://example.com/", "q=2; Max-Age=86400", psNav)
			clk.Advance(time.Second)
			psSet(t, m, "https://example.com/", "s=3", psNav)
			tc.act(t, m, clk)
			assert.Equal(t, tc.left, psDescs(store.Cookies()))
			adds, _, deletes, _ := store.Calls()
			assert.Equal(t, tc.adds, adds, "adds")
			assert.Equal(t, tc.deletes, deletes, "deletes")
		})
	}
}

func TestPersistGlobalDeletesFlush(t *testing.T) {
	store := psNewCounting()
	m, _ := mqNew(t, Config{Store: store})
	psSet(t, m, "https://example.com/", "p=1; Max-Age=3600", psNav)
	n, err := m.DeleteAll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, _, deletes, flushes := store.Calls()
	assert.Equal(t, 1, deletes)
	assert.Equal(t, 1, flushes, "a deletion is flushed")
}

func TestPersistNoncedPartitionNeverPersisted(t *testing.T) {
	nonced, err := NewNoncedPartitionKey(mustURL(t, "https://top-n.com/"), Nonce{7})
	require.NoError(t, err)
	kA, _ := mqPartKeys(t)
	store := psNewCounting()
	m, clk := mqNew(t, Config{Store: store, PersistSessionCookies: true})
	on := HTTPOptions(MakeSameSiteContext(ContextStrict), nonced)
	psSet(t, m, "https://example.com/", "n=1; Max-Age=3600", on)
	psSet(t, m, "https://example.com/", "np=2; Secure; Partitioned; Max-Age=3600", on)
	psSet(t, m, "https://example.com/", "ns=3", on)
	assert.Empty(t, store.Cookies())
	assert.Equal(t, [4]int{0, 0, 0, 0}, psCalls(store))

	all, err := m.GetAll(context.Background(), CookieFilter{Partitions: AllPartitions()})
	require.NoError(t, err)
	require.Len(t, all, 3)
	for _, c := range all {
		assert.Equal(t, nonced, c.Partition, "%s", mqDesc(c))
	}

	// Reads past the threshold, overwrites, removals: still nothing.
	clk.Advance(2 * time.Minute)
	assert.Len(t, psRead(t, m, "https://example.com/", on), 3)
	psSet(t, m, "https://example.com/", "n=changed; Max-Age=3600", on)
	removed, err := m.Remove(context.Background(), mustURL(t, "https://example.com/"), "np", nonced)
	require.NoError(t, err)
	assert.Len(t, removed, 1)
	n, err := m.DeleteAll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	adds, updates, deletes, _ := store.Calls()
	assert.Equal(t, [3]int{0, 0, 0}, [3]int{adds, updates, deletes})

	// A partition without a nonce is persisted.
	psSet(t, m, "https://example.com/", "p=4; Secure; Partitioned", HTTPOptions(MakeSameSiteContext(ContextStrict), kA))
	assert.Equal(t, []string{"p=4 example.com / @https://top-a.com"}, psDescs(store.Cookies()))
}

// psLoadFixture: example.com (3 cookies, one partitioned) and other.org.
func psLoadFixture(t *testing.T) []*CanonicalCookie {
	kA, _ := mqPartKeys(t)
	return []*CanonicalCookie{
		psCookie(t, "https://example.com/", "a=1; Max-Age=86400", t0.Add(-4*time.Hour), PartitionKey{}),
		psCookie(t, "https://www.example.com/", "b=2; Domain=example.com; Max-Age=86400", t0.Add(-3*time.Hour), PartitionKey{}),
		psCookie(t, "https://example.com/", "c=3; Secure; Partitioned; Max-Age=86400", t0.Add(-2*time.Hour), kA),
		psCookie(t, "https://other.org/", "d=4; Max-Age=86400", t0.Add(-time.Hour), PartitionKey{}),
	}
}

func TestLoadPerKeyWhileFullLoadBlocked(t *testing.T) {
	bs := psNewBlocking(psLoadFixture(t)...)
	m, _ := psNewLoading(t, bs, bs, Config{})
	kA, _ := mqPartKeys(t)

	// A per-site read waits only for that site's key.
	inc, _, err := m.Cookies(psLong(t), mustURL(t, "https://www.example.com/"), psNav)
	require.NoError(t, err)
	assert.Len(t, inc, 1)
	assert.Equal(t, []string{"a=1 example.com /", "b=2 .example.com /"}, psRead(t, m, "https://example.com/", psNav))
	got, err := m.Get(psLong(t), mustURL(t, "https://example.com/"), "c", kA)
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, []string{"example.com"}, bs.loadedKeys(), "one priority load for the key")

	// A per-site set works too.
	psSet(t, m, "https://example.com/", "new=5; Max-Age=86400", psNav)

	// Global operations wait for the full load.
	_, err = m.AllCookies(psShort(t))
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "AllCookies: %v", err)
	_, err = m.GetAll(psShort(t), CookieFilter{})
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "GetAll: %v", err)
	n, err := m.DeleteAll(psShort(t))
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "DeleteAll: %v", err)
	assert.Equal(t, 0, n)

	bs.release()
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"a=1 example.com /", "b=2 .example.com /", "c=3 example.com / @https://top-a.com",
		"d=4 other.org /", "new=5 example.com /",
	}, psDescs(all), "the key's cookies are not loaded twice")
	assert.Equal(t, []string{"a=1 example.com /", "b=2 .example.com /", "new=5 example.com /"},
		psRead(t, m, "https://example.com/", psNav))
	_, _, deletes, _ := bs.Calls()
	assert.Equal(t, 0, deletes)
	assert.Len(t, bs.Cookies(), 5)
	assert.NoError(t, m.Flush(context.Background()))
}

func TestLoadPerKeyOtherSitesNotLoaded(t *testing.T) {
	bs := psNewBlocking(psLoadFixture(t)...)
	m, _ := psNewLoading(t, bs, bs, Config{})
	// other.org is loaded on its own; example.com is not visible through it.
	assert.Equal(t, []string{"d=4 other.org /"}, psRead(t, m, "https://other.org/", psNav))
	assert.Equal(t, []string{"other.org"}, bs.loadedKeys())
	bs.release()
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err)
	assert.Len(t, all, 4)
}

func TestLoadWithoutKeyLoaderWaitsForFullLoad(t *testing.T) {
	bs := psNewBlocking(psLoadFixture(t)...)
	store := psNoKeyStore{bs}
	_, isKeyLoader := PersistentStore(store).(KeyLoader)
	require.False(t, isKeyLoader)
	m, _ := psNewLoading(t, store, bs, Config{})

	_, _, err := m.Cookies(psShort(t), mustURL(t, "https://example.com/"), psNav)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "Cookies: %v", err)
	_, err = m.SetCookieLine(psShort(t), mustURL(t, "https://example.com/"), "x=1", psNav)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "SetCookieLine: %v", err)
	_, err = m.Get(psShort(t), mustURL(t, "https://example.com/"), "a", PartitionKey{})
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "Get: %v", err)
	assert.Empty(t, bs.loadedKeys())

	bs.release()
	inc, _, err := m.Cookies(psLong(t), mustURL(t, "https://example.com/"), psNav)
	require.NoError(t, err)
	assert.Len(t, inc, 2)
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err)
	assert.Len(t, all, 4, "the cancelled set stored nothing")
}

func TestLoadFiresNoInsertedEvents(t *testing.T) {
	bs := psNewBlocking(psLoadFixture(t)...)
	m, _ := psNewLoading(t, bs, bs, Config{})
	var mu sync.Mutex
	var events []string
	record := func(ch Change) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, ch.Cause.String()+" "+mqDesc(&ch.Cookie))
	}
	kA, _ := mqPartKeys(t)
	m.Changes().SubscribeAll(record)
	m.Changes().SubscribeURL(mustURL(t, "https://example.com/"), kA, record)
	m.Changes().SubscribeCookie(mustURL(t, "https://other.org/"), "d", PartitionKey{}, record)

	assert.Len(t, psRead(t, m, "https://example.com/", psNav), 2) // priority load
	bs.release()
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err)
	assert.Len(t, all, 4)
	mu.Lock()
	assert.Empty(t, events)
	mu.Unlock()

	// Events flow after loading.
	psSet(t, m, "https://other.org/", "d=changed; Max-Age=60", psNav)
	mu.Lock()
	assert.Equal(t, []string{
		"Overwrite d=4 other.org /", "Overwrite d=4 other.org /",
		"Inserted d=changed other.org /", "Inserted d=changed other.org /",
	}, events)
	mu.Unlock()
}

func TestLoadDuplicates(t *testing.T) {
	kA, _ := mqPartKeys(t)
	at := func(h int) time.Time { return t0.Add(time.Duration(h-10) * time.Hour) }
	mk := func(t *testing.T, rawURL, line string, h int, part PartitionKey) *CanonicalCookie {
		return psCookie(t, rawURL, line, at(h), part)
	}
	cases := []struct {
		name    string
		cookies func(t *testing.T) []*CanonicalCookie
		want    []string
		deletes int
	}{
		{"older first", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://example.com/", "a=old; Max-Age=86400", 1, PartitionKey{}),
				mk(t, "https://example.com/", "a=new; Max-Age=86400", 2, PartitionKey{}),
			}
		}, []string{"a=new example.com /"}, 1},
		{"newer first", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://example.com/", "a=new; Max-Age=86400", 2, PartitionKey{}),
				mk(t, "https://example.com/", "a=old; Max-Age=86400", 1, PartitionKey{}),
			}
		}, []string{"a=new example.com /"}, 1},
		{"three copies", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://example.com/", "a=mid; Max-Age=86400", 2, PartitionKey{}),
				mk(t, "https://example.com/", "a=new; Max-Age=86400", 3, PartitionKey{}),
				mk(t, "https://example.com/", "a=old; Max-Age=86400", 1, PartitionKey{}),
			}
		}, []string{"a=new example.com /"}, 2},
		{"domain cookies", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://www.example.com/", "a=old; Domain=example.com; Max-Age=86400", 1, PartitionKey{}),
				mk(t, "https://example.com/", "a=new; Domain=example.com; Max-Age=86400", 2, PartitionKey{}),
			}
		}, []string{"a=new .example.com /"}, 1},
		{"partitioned", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://example.com/", "a=new; Secure; Partitioned; Max-Age=86400", 2, kA),
				mk(t, "https://example.com/", "a=old; Secure; Partitioned; Max-Age=86400", 1, kA),
			}
		}, []string{"a=new example.com / @https://top-a.com"}, 1},
		{"not duplicates: host-only vs domain, other path, other partition", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://example.com/", "a=1; Max-Age=86400", 1, PartitionKey{}),
				mk(t, "https://example.com/", "a=2; Domain=example.com; Max-Age=86400", 2, PartitionKey{}),
				mk(t, "https://example.com/", "a=3; Path=/p; Max-Age=86400", 3, PartitionKey{}),
				mk(t, "https://example.com/", "a=4; Secure; Partitioned; Max-Age=86400", 4, kA),
			}
		}, []string{"a=3 example.com /p", "a=1 example.com /", "a=2 .example.com /", "a=4 example.com / @https://top-a.com"}, 0},
		{"duplicates among others", func(t *testing.T) []*CanonicalCookie {
			return []*CanonicalCookie{
				mk(t, "https://example.com/", "b=keep; Max-Age=86400", 1, PartitionKey{}),
				mk(t, "https://example.com/", "a=new; Max-Age=86400", 5, PartitionKey{}),
				mk(t, "https://other.org/", "a=other; Max-Age=86400", 3, PartitionKey{}),
				mk(t, "https://example.com/", "a=old; Max-Age=86400", 2, PartitionKey{}),
			}
		}, []string{"b=keep example.com /", "a=other other.org /", "a=new example.com /"}, 1},
	}
	for _, tc := range cases {
		for _, perKey := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{false: "/full load", true: "/key load"}[perKey], func(t *testing.T) {
				store := psNewCounting(tc.cookies(t)...)
				m, _ := mqNew(t, Config{Store: store})
				if perKey {
					psRead(t, m, "https://example.com/", psNav)
				}
				assert.Equal(t, tc.want, mqAll(t, m))
				// The losers are deleted from the store.
				var stored []*CanonicalCookie
				stored = append(stored, store.Cookies()...)
				SortCookies(stored)
				assert.Equal(t, tc.want, psDescs(stored))
				adds, _, deletes, _ := store.Calls()
				assert.Equal(t, 0, adds)
				assert.Equal(t, tc.deletes, deletes)
			})
		}
	}
}

func TestLoadControlCharacters(t *testing.T) {
	good := psCookie(t, "https://example.com/", "good=1; Max-Age=86400", t0.Add(-4*time.Hour), PartitionKey{})
	// A tab inside a value cannot come from a Set-Cookie line (Chromium 156
	// refuses it), so a stored one is dropped like other control bytes.
	tab := *good
	tab.Name, tab.Value, tab.Creation = "tab", "a\tb", t0.Add(-3*time.Hour)
	badValue := *good
	badValue.Name, badValue.Value, badValue.Creation = "v", "a\x01b", t0.Add(-2*time.Hour)
	badName := *good
	badName.Name, badName.Value, badName.Creation = "n\x7f", "1", t0.Add(-time.Hour)
	badSession := *good
	badSession.Name, badSession.Value, badSession.Expiry, badSession.Creation = "s", "x\ny", time.Time{}, t0.Add(-30*time.Minute)

	for _, perKey := range []bool{false, true} {
		t.Run(map[bool]string{false: "full load", true: "key load"}[perKey], func(t *testing.T) {
			store := psNewCounting(good, &tab, &badValue, &badName, &badSession)
			m, _ := mqNew(t, Config{Store: store})
			events := mqCollect(m)
			if perKey {
				assert.Equal(t, []string{"good=1 example.com /"},
					psRead(t, m, "https://example.com/", psNav))
			}
			assert.Equal(t, []string{"good=1 example.com /"}, mqAll(t, m))
			assert.Equal(t, []string{"good=1 example.com /"}, psDescs(store.Cookies()),
				"the cookies with control characters are deleted from the store, session one included")
			adds, _, deletes, _ := store.Calls()
			assert.Equal(t, 0, adds)
			assert.Equal(t, 4, deletes)
			for _, e := range events() {
				assert.NotContains(t, e, "Inserted")
			}
		})
	}
}

func TestLoadExpiredCookies(t *testing.T) {
	live := psCookie(t, "https://example.com/", "live=1; Max-Age=86400", t0.Add(-time.Hour), PartitionKey{})
	dead := psCookie(t, "https://example.com/", "dead=2; Max-Age=3600", t0.Add(-48*time.Hour), PartitionKey{})
	for _, perKey := range []bool{false, true} {
		t.Run(map[bool]string{false: "full load", true: "key load"}[perKey], func(t *testing.T) {
			store := psNewCounting(live, dead)
			m, _ := mqNew(t, Config{Store: store})
			events := mqCollect(m)
			if perKey {
				assert.Equal(t, []string{"live=1 example.com /"}, psRead(t, m, "https://example.com/", psNav))
			}
			assert.Equal(t, []string{"live=1 example.com /"}, mqAll(t, m))
			assert.Equal(t, []string{"live=1 example.com /"}, psDescs(store.Cookies()))
			assert.Equal(t, []string{"Expired dead=2 example.com /"}, events())
			adds, _, deletes, _ := store.Calls()
			assert.Equal(t, [2]int{0, 1}, [2]int{adds, deletes})
		})
	}
}

func TestLoadErrorReportedByNextFlush(t *testing.T) {
	errBoom := errors.New("boom: database is damaged")
	bs := psNewBlocking(psLoadFixture(t)...)
	bs.loadErr = errBoom
	m, _ := psNewLoading(t, bs, bs, Config{})
	assert.NoError(t, m.Flush(context.Background()), "no error while the load is still running")
	bs.release()
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err, "a partial load still serves its cookies")
	assert.Len(t, all, 4)
	err = m.Flush(context.Background())
	assert.True(t, errors.Is(err, errBoom), "first Flush: %v", err)
	assert.NoError(t, m.Flush(context.Background()), "reported once")
	assert.NoError(t, m.Flush(context.Background()))
}

func TestLoadKeyErrorReportedByNextFlush(t *testing.T) {
	errKey := errors.New("boom: key failed")
	bs := psNewBlocking(psLoadFixture(t)...)
	bs.keyErr = errKey
	m, _ := psNewLoading(t, bs, bs, Config{})
	assert.Len(t, psRead(t, m, "https://example.com/", psNav), 2)
	err := m.Flush(context.Background())
	assert.True(t, errors.Is(err, errKey), "first Flush: %v", err)
	assert.NoError(t, m.Flush(context.Background()), "reported once")
	bs.release()
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err)
	assert.Len(t, all, 4)
	assert.NoError(t, m.Flush(context.Background()))
}

func TestLoadKeyErrorSurvivesFullLoad(t *testing.T) {
	errKey := errors.New("boom: key failed")
	bs := psNewBlocking(psLoadFixture(t)...)
	bs.keyErr = errKey
	m, _ := psNewLoading(t, bs, bs, Config{})
	assert.Len(t, psRead(t, m, "https://example.com/", psNav), 2)
	bs.release() // the full load succeeds after the key load failed
	all, err := m.AllCookies(psLong(t))
	require.NoError(t, err)
	assert.Len(t, all, 4)
	err = m.Flush(context.Background())
	assert.True(t, errors.Is(err, errKey), "first Flush after the full load: %v", err)
	assert.NoError(t, m.Flush(context.Background()), "reported once")
}

func TestRestartRoundTrip(t *testing.T) {
	kA, kB := mqPartKeys(t)
	nonced, err := NewNoncedPartitionKey(mustURL(t, "https://top-n.com/"), Nonce{9})
	require.NoError(t, err)
	strict := MakeSameSiteContext(ContextStrict)

	storeA := NewMemoryStore(nil)
	a, clk := mqNew(t, Config{Store: storeA, PersistSessionCookies: true})
	seeds := []mqSeed{
		{url: "https://example.com/", line: "pers=1; Max-Age=86400"},
		{url: "https://example.com/", line: "sess=2"},
		{url: "https://www.example.com/p/q", line: "dom=3; Domain=example.com; Path=/p; Max-Age=3600"},
		{url: "https://example.com/", line: "lo=4; Priority=Low; SameSite=Lax; Max-Age=600"},
		{url: "https://example.com/", line: "hi=5; Priority=High; SameSite=Strict; HttpOnly"},
		{url: "https://example.com/", line: "none=6; SameSite=None; Secure; Max-Age=600"},
		{url: "https://example.com/", line: "part=7; Secure; Partitioned; Max-Age=600", part: kA},
		{url: "https://example.com/", line: "part=8; Secure; Partitioned; SameSite=None", part: kB},
		{url: "http://example.com:8080/x/y", line: "port=9; Max-Age=600"},
		{url: "http://localhost/", line: "lh=10; Secure; Max-Age=600"},
		{url: "http://192.168.1.2/", line: "ip=11; Priority=Medium"},
		{url: "https://example.com/", line: "nonced=12; Max-Age=600", part: nonced},
		{url: "https://example.com/", line: "=nameless; Max-Age=600"},
		{url: "https://sub.example.co.uk/", line: "__Host-h=13; Secure; Path=/"},
		{url: "https://sub.example.co.uk/", line: "__Secure-s=14; Secure; Domain=example.co.uk; HttpOnly"},
	}
	for _, s := range seeds {
		psSet(t, a, s.url, s.line, HTTPOptions(strict, s.part))
		clk.Advance(time.Second)
	}
	set, st, err := a.Set(context.Background(), CookieDetails{
		URL: mustURL(t, "https://example.com/"), Name: "api", Value: "v", Domain: "example.com", Path: "/api",
		Secure: true, HTTPOnly: true, SameSite: SameSiteStrict, Priority: PriorityHigh,
		Expiry: clk.Now().Add(48 * time.Hour), Creation: t0.Add(-time.Hour), LastAccess: t0.Add(-30 * time.Minute),
	})
	require.NoError(t, err)
	require.NotNil(t, set, "%s", st)
	// Reads past the threshold update (and persist) access times.
	clk.Advance(2 * time.Minute)
	psRead(t, a, "https://www.example.com/p/x", psNav)
	psRead(t, a, "https://example.com/", HTTPOptions(strict, kA))

	wantA, err := a.AllCookies(context.Background())
	require.NoError(t, err)
	require.Len(t, wantA, len(seeds)+1)
	var want []*CanonicalCookie
	for _, c := range wantA {
		if _, ok := c.Partition.Nonce(); !ok {
			want = append(want, c)
		}
	}
	require.Len(t, want, len(seeds))
	require.NoError(t, a.Close())
	saved := storeA.Cookies()
	assert.Len(t, saved, len(seeds), "everything but the nonced cookie is stored")

	storeB := psNewCounting(saved...)
	clkB := &fakeClock{t: clk.Now()}
	b, err := New(Config{Store: storeB, PersistSessionCookies: true, Now: clkB.Now})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	got, err := b.AllCookies(context.Background())
	require.NoError(t, err)
	assert.Equal(t, want, got)
	adds, updates, deletes, _ := storeB.Calls()
	assert.Equal(t, [3]int{0, 0, 0}, [3]int{adds, updates, deletes}, "loading writes nothing back")
}

// psSlowKeyStore hands over a priority load's cookies only when released,
// and finishes the full load as soon as the priority load has taken its
// cookies from the store.
type psSlowKeyStore struct {
	*MemoryStore
	taken, loaded, release chan struct{}
}

func (s *psSlowKeyStore) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	cs, err := s.MemoryStore.LoadKey(ctx, key)
	close(s.taken)
	<-s.release
	return cs, err
}

func (s *psSlowKeyStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	<-s.taken
	defer close(s.loaded)
	return s.MemoryStore.Load(ctx)
}

// TestLoadPerKeyInFlightWhenFullLoadEnds: the full load ends while a
// priority load still holds its key's cookies; a read of that key waits for
// them, and so does a global read.
func TestLoadPerKeyInFlightWhenFullLoadEnds(t *testing.T) {
	s := &psSlowKeyStore{MemoryStore: NewMemoryStore(nil, psLoadFixture(t)...),
		taken: make(chan struct{}), loaded: make(chan struct{}), release: make(chan struct{})}
	m, _ := mqNew(t, Config{Store: s})

	header := make(chan string, 1)
	go func() {
		h, err := m.CookieHeader(psLong(t), mustURL(t, "https://example.com/"), psNav)
		assert.NoError(t, err)
		header <- h
	}()
	<-s.loaded
	all := make(chan []*CanonicalCookie, 1)
	go func() {
		cs, err := m.AllCookies(psLong(t))
		assert.NoError(t, err)
		all <- cs
	}()
	// Let the full load insert its cookies and reach its wait for the
	// priority load before that hands its cookies over.
	require.Eventually(t, func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.fullLoaded
	}, 10*time.Second, time.Millisecond)
	close(s.release)

	assert.Equal(t, "a=1; b=2", <-header)
	assert.Equal(t, []string{
		"a=1 example.com /", "b=2 .example.com /", "c=3 example.com / @https://top-a.com", "d=4 other.org /",
	}, psDescs(<-all))
}

// psKeeperStore records what KeepSessionCookies was told and whether Load
// had started by then.
type psKeeperStore struct {
	*MemoryStore
	mu     sync.Mutex
	calls  []bool
	loaded bool
	early  bool // KeepSessionCookies came after Load started
}

func (s *psKeeperStore) KeepSessionCookies(keep bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, keep)
	s.early = s.early || s.loaded
}

func (s *psKeeperStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	s.mu.Lock()
	s.loaded = true
	s.mu.Unlock()
	return s.MemoryStore.Load(ctx)
}

// TestSessionKeeperToldBeforeLoad checks that New passes
// PersistSessionCookies to a SessionKeeper store once, before its load.
func TestSessionKeeperToldBeforeLoad(t *testing.T) {
	for _, persist := range []bool{true, false} {
		store := &psKeeperStore{MemoryStore: NewMemoryStore(nil)}
		m, err := New(Config{Store: store, PersistSessionCookies: persist})
		require.NoError(t, err)
		_, err = m.AllCookies(context.Background())
		require.NoError(t, err)
		require.NoError(t, m.Close())
		store.mu.Lock()
		assert.Equal(t, []bool{persist}, store.calls, "persist=%v", persist)
		assert.False(t, store.early, "persist=%v: told after Load started", persist)
		store.mu.Unlock()
	}
}
