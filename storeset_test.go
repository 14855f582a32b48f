package cookiemonster_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

func ssSet(t *testing.T, m *cm.Monster, rawURL, line string) {
	t.Helper()
	res, err := m.SetCookieLine(context.Background(), jarURL(t, rawURL), line, cm.NavigationOptions())
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), "%s: %v", line, res.Status)
}

func ssHeader(t *testing.T, m *cm.Monster, rawURL string) string {
	t.Helper()
	h, err := m.CookieHeader(context.Background(), jarURL(t, rawURL), cm.NavigationOptions())
	require.NoError(t, err)
	return h
}

func ssNames(cs []*cm.CanonicalCookie) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Name+"="+c.Value)
	}
	return out
}

// TestStoreSetLifecycle creates, isolates, lists, closes, reopens and
// deletes stores, persistent and private, and checks what the backend
// keeps at each step.
func TestStoreSetLifecycle(t *testing.T) {
	ctx := context.Background()
	backend := cm.NewMemoryBackend(nil)
	set, err := cm.NewStoreSet(ctx, cm.StoreSetConfig{Config: cm.Config{Now: cm.NewFakeClock(jarT0).Now}, Backend: backend})
	require.NoError(t, err)

	def, err := set.Store(ctx, cm.DefaultStoreID)
	require.NoError(t, err)
	work, err := set.Create(ctx, "container-work", cm.StorePersistent)
	require.NoError(t, err)
	priv, err := set.Create(ctx, "private", cm.StorePrivate)
	require.NoError(t, err)
	_, err = set.Create(ctx, "container-work", cm.StorePersistent)
	assert.ErrorIs(t, err, cm.ErrStoreExists)

	ssSet(t, def, "https://example.com/", "who=default; Max-Age=3600")
	ssSet(t, work, "https://example.com/", "who=work; Max-Age=3600")
	ssSet(t, priv, "https://example.com/", "who=private; Max-Age=3600")
	assert.Equal(t, "who=default", ssHeader(t, def, "https://example.com/"))
	assert.Equal(t, "who=work", ssHeader(t, work, "https://example.com/"))
	assert.Equal(t, "who=private", ssHeader(t, priv, "https://example.com/"))

	list, err := set.Stores(ctx)
	require.NoError(t, err)
	assert.Equal(t, []cm.StoreInfo{
		{ID: "default", Kind: cm.StorePersistent, Open: true},
		{ID: "container-work", Kind: cm.StorePersistent, Open: true},
		{ID: "private", Kind: cm.StorePrivate, Open: true},
	}, list)
	ids, err := backend.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"container-work", "default"}, ids, "a private store is never written")

	// Closing: a persistent store comes back with its cookies, a private one
	// is gone.
	require.NoError(t, set.CloseStore("container-work"))
	require.NoError(t, set.CloseStore("private"))
	assert.Equal(t, []string{"who=work"}, ssNames(backend.Cookies("container-work")))
	_, err = set.Store(ctx, "private")
	assert.ErrorIs(t, err, cm.ErrNoStore)
	work, err = set.Store(ctx, "container-work")
	require.NoError(t, err)
	assert.Equal(t, "who=work", ssHeader(t, work, "https://example.com/"))
	list, err = set.Stores(ctx)
	require.NoError(t, err)
	assert.Equal(t, []cm.StoreInfo{
		{ID: "default", Kind: cm.StorePersistent, Open: true},
		{ID: "container-work", Kind: cm.StorePersistent, Open: true},
	}, list)

	// Deleting: gone from the set and from the backend.
	require.NoError(t, set.DeleteStore(ctx, "container-work"))
	_, err = work.AllCookies(ctx)
	assert.ErrorIs(t, err, cm.ErrClosed)
	ids, err = backend.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"default"}, ids)
	assert.ErrorIs(t, set.DeleteStore(ctx, "container-work"), cm.ErrNoStore)
	assert.Error(t, set.DeleteStore(ctx, cm.DefaultStoreID))

	require.NoError(t, set.Close())
	assert.ErrorIs(t, set.Close(), cm.ErrSetClosed)
	_, err = set.Store(ctx, cm.DefaultStoreID)
	assert.ErrorIs(t, err, cm.ErrSetClosed)
	assert.Equal(t, []string{"who=default"}, ssNames(backend.Cookies(cm.DefaultStoreID)))

	// A new set over the same backend finds the default store's cookies.
	again, err := cm.NewStoreSet(ctx, cm.StoreSetConfig{Config: cm.Config{Now: cm.NewFakeClock(jarT0).Now}, Backend: backend})
	require.NoError(t, err)
	def, err = again.Store(ctx, cm.DefaultStoreID)
	require.NoError(t, err)
	assert.Equal(t, "who=default", ssHeader(t, def, "https://example.com/"))
	require.NoError(t, again.Close())
}

// TestStoreSetWithoutBackend: every store is in memory; closing one loses
// its cookies; unknown IDs are ErrNoStore; a Config with a Store is refused.
func TestStoreSetWithoutBackend(t *testing.T) {
	ctx := context.Background()
	set, err := cm.NewStoreSet(ctx, cm.StoreSetConfig{})
	require.NoError(t, err)
	m, err := set.Create(ctx, "bot-1", cm.StorePersistent)
	require.NoError(t, err)
	ssSet(t, m, "https://example.com/", "a=1")
	require.NoError(t, set.CloseStore("bot-1"))
	_, err = set.Store(ctx, "bot-1")
	assert.ErrorIs(t, err, cm.ErrNoStore)
	assert.ErrorIs(t, set.CloseStore("bot-1"), cm.ErrNoStore)
	_, err = set.Create(ctx, "", cm.StorePersistent)
	assert.ErrorIs(t, err, cm.ErrNoStore)
	require.NoError(t, set.Close())

	_, err = cm.NewStoreSet(ctx, cm.StoreSetConfig{Config: cm.Config{Store: cm.NewMemoryStore(nil)}})
	assert.EqualError(t, err, "cookiemonster: StoreSetConfig.Config.Store must be nil: the backend gives each store its own")

	var zero cm.StoreSet
	d, err := zero.Store(ctx, cm.DefaultStoreID)
	require.NoError(t, err)
	ssSet(t, d, "https://example.com/", "z=1")
	assert.Equal(t, "z=1", ssHeader(t, d, "https://example.com/"))
}

// TestStoreSetWatchStores: a watcher hears the open stores, then each store
// opened later, until cancelled.
func TestStoreSetWatchStores(t *testing.T) {
	ctx := context.Background()
	set, err := cm.NewStoreSet(ctx, cm.StoreSetConfig{Backend: cm.NewMemoryBackend(nil)})
	require.NoError(t, err)
	defer set.Close()
	_, err = set.Create(ctx, "b", cm.StorePersistent)
	require.NoError(t, err)
	var heard []string
	cancel := set.WatchStores(func(id string, m *cm.Monster) { heard = append(heard, id) })
	_, err = set.Create(ctx, "p", cm.StorePrivate)
	require.NoError(t, err)
	require.NoError(t, set.CloseStore("b"))
	_, err = set.Store(ctx, "b")
	require.NoError(t, err)
	cancel()
	_, err = set.Create(ctx, "c", cm.StorePersistent)
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "default", "p", "b"}, heard)
	kind, open := set.Kind("p")
	assert.Equal(t, cm.StorePrivate, kind)
	assert.True(t, open)
	_, open = set.Kind("nope")
	assert.False(t, open)
}

// ssGateBackend is a MemoryBackend whose stores' Close waits for a gate,
// and which counts OpenStore calls made while a store of the same ID is
// still open.
type ssGateBackend struct {
	*cm.MemoryBackend
	gate       chan struct{}
	mu         sync.Mutex
	open       map[string]bool
	violations int
}

type ssGateStore struct {
	cm.PersistentStore
	b  *ssGateBackend
	id string
}

func (s *ssGateStore) LoadKey(ctx context.Context, key string) ([]*cm.CanonicalCookie, error) {
	return s.PersistentStore.(cm.KeyLoader).LoadKey(ctx, key)
}

func (s *ssGateStore) Close() error {
	<-s.b.gate
	err := s.PersistentStore.Close()
	s.b.mu.Lock()
	s.b.open[s.id] = false
	s.b.mu.Unlock()
	return err
}

func (b *ssGateBackend) OpenStore(ctx context.Context, id string) (cm.PersistentStore, error) {
	b.mu.Lock()
	if b.open[id] {
		b.violations++
	}
	b.open[id] = true
	b.mu.Unlock()
	ps, err := b.MemoryBackend.OpenStore(ctx, id)
	return &ssGateStore{PersistentStore: ps, b: b, id: id}, err
}

// TestStoreSetCloseStoreThenReopen: a store is not opened again, nor
// deleted, while CloseStore is still closing it; a private store cannot
// take a persisted store's ID; a closed set refuses CloseStore.
func TestStoreSetCloseStoreThenReopen(t *testing.T) {
	ctx := context.Background()
	b := &ssGateBackend{MemoryBackend: cm.NewMemoryBackend(nil), gate: make(chan struct{}), open: map[string]bool{}}
	close(b.gate) // the default store and "x" open and close freely at first
	set, err := cm.NewStoreSet(ctx, cm.StoreSetConfig{Config: cm.Config{Now: cm.NewFakeClock(jarT0).Now}, Backend: b})
	require.NoError(t, err)
	x, err := set.Create(ctx, "x", cm.StorePersistent)
	require.NoError(t, err)
	ssSet(t, x, "https://example.com/", "a=1; Max-Age=3600")

	b.gate = make(chan struct{}) // x's Close now waits
	closed := make(chan error)
	go func() { closed <- set.CloseStore("x") }()
	for { // until CloseStore has taken x out of the open stores
		if _, open := set.Kind("x"); !open {
			break
		}
		runtime.Gosched()
	}
	reopened := make(chan *cm.Monster)
	go func() {
		m, err := set.Store(ctx, "x")
		assert.NoError(t, err)
		reopened <- m
	}()
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = set.Store(short, "x")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "waits while x closes")
	close(b.gate)
	require.NoError(t, <-closed)
	x2 := <-reopened
	assert.Equal(t, "a=1", ssHeader(t, x2, "https://example.com/"))
	assert.Zero(t, b.violations, "x was opened again before it had closed")

	require.NoError(t, set.CloseStore("x"))
	_, err = set.Create(ctx, "x", cm.StorePrivate)
	assert.ErrorIs(t, err, cm.ErrStoreExists, "a private store over a persisted ID")

	require.NoError(t, set.Close())
	assert.ErrorIs(t, set.CloseStore("default"), cm.ErrSetClosed)
}
