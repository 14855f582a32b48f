package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// DefaultStoreID is the ID of the store every [StoreSet] has: the one a
// browser uses for its ordinary windows.
const DefaultStoreID = "default"

// StoreKind says whether a store of a [StoreSet] is written to the set's
// backend.
type StoreKind int8

// Store kinds.
const (
	// StorePersistent: written to the set's backend, when it has one
	// (the default store, containers, named identities).
	StorePersistent StoreKind = iota
	// StorePrivate: memory only, never written, gone when closed (a
	// private or incognito window).
	StorePrivate
)

// String returns "persistent" or "private".
func (k StoreKind) String() string {
	switch k {
	case StorePersistent:
		return "persistent"
	case StorePrivate:
		return "private"
	}
	return fmt.Sprintf("StoreKind(%d)", int8(k))
}

// StoreBackend keeps the persistent stores of a [StoreSet], one
// [PersistentStore] per store ID, in one place (sqlitestore keeps them in
// one database file). It must be safe for concurrent use.
type StoreBackend interface {
	// StoreIDs lists the IDs of the stores the backend holds, sorted; the
	// default store's among them once it was opened.
	StoreIDs(ctx context.Context) ([]string, error)
	// OpenStore returns the persistent store of id, creating it when the
	// backend has none. The set opens an ID at most once at a time, and
	// closes that store (PersistentStore.Close) before opening it again.
	OpenStore(ctx context.Context, id string) (PersistentStore, error)
	// DeleteStore removes the store id and every cookie it holds. The set
	// calls it only while no PersistentStore of id is open.
	DeleteStore(ctx context.Context, id string) error
}

// StoreSetConfig configures a [StoreSet].
type StoreSetConfig struct {
	// Config configures every store's [Monster]; its Store must be nil:
	// the backend gives each persistent store its own.
	Config Config
	// Backend keeps the persistent stores; nil: every store lives in
	// memory only.
	Backend StoreBackend
}

// StoreInfo describes a store of a [StoreSet].
type StoreInfo struct {
	// ID names the store in its set.
	ID string
	// Kind says whether it is written to the backend.
	Kind StoreKind
	// Open reports whether its Monster is open; a persistent store the
	// backend holds may be closed, and opens on its first use.
	Open bool
}

// Errors of a StoreSet.
var (
	// ErrStoreExists: Create was given the ID of a store the set has.
	ErrStoreExists = errors.New("cookiemonster: store exists")
	// ErrNoStore: no store of the set has that ID.
	ErrNoStore = errors.New("cookiemonster: no such store")
	// ErrSetClosed: the StoreSet is closed.
	ErrSetClosed = errors.New("cookiemonster: store set is closed")
)

// StoreSet is a set of named cookie stores, each a [Monster], as a browser
// has them: the default store, containers and named identities (persistent,
// written to the set's backend), and private stores (memory only, gone
// when closed). Every cookie lives in exactly one store; a store sees only
// its own. A StoreSet is safe for concurrent use. Create one with
// [NewStoreSet]; the zero StoreSet is a set of memory-only stores with the
// zero Config, its default store opened on first use.
type StoreSet struct {
	cfg StoreSetConfig

	mu     sync.Mutex
	open   map[string]*setStore
	closed bool
	// closing holds the stores whose Monster CloseStore is closing, each
	// with a channel closed when it is: the store is not opened again
	// before.
	closing  map[string]chan struct{}
	watchers map[int]func(id string, m *Monster)
	nextW    int
}

// setStore is an open store of a set.
type setStore struct {
	m    *Monster
	kind StoreKind
}

// NewStoreSet returns a set of stores with its default store open.
func NewStoreSet(ctx context.Context, cfg StoreSetConfig) (*StoreSet, error) {
	if cfg.Config.Store != nil {
		return nil, errors.New("cookiemonster: StoreSetConfig.Config.Store must be nil: the backend gives each store its own")
	}
	s := &StoreSet{cfg: cfg, open: make(map[string]*setStore)}
	if _, err := s.Store(ctx, DefaultStoreID); err != nil {
		return nil, err
	}
	return s, nil
}

// Create adds a store with a new ID and returns its Monster. A persistent
// store is created in the backend (which may already hold cookies for the
// ID from an earlier run: use [StoreSet.Store] to open those). The ID must
// not be "" and must not be a store of the set (ErrStoreExists).
func (s *StoreSet) Create(ctx context.Context, id string, kind StoreKind) (*Monster, error) {
	if id == "" {
		return nil, fmt.Errorf("%w: an empty ID", ErrNoStore)
	}
	if kind != StorePersistent && kind != StorePrivate {
		return nil, fmt.Errorf("cookiemonster: store %q: unknown %v", id, kind)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.waitClosingLocked(ctx, id); err != nil {
		return nil, err
	}
	if _, ok := s.open[id]; ok {
		return nil, fmt.Errorf("%w: %q", ErrStoreExists, id)
	}
	// A private store may not take the ID of a persisted one either: the
	// persisted store would come back under that ID once it closed.
	if s.cfg.Backend != nil {
		ids, err := s.cfg.Backend.StoreIDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("cookiemonster: listing the stores: %w", err)
		}
		if slices.Contains(ids, id) {
			return nil, fmt.Errorf("%w: %q", ErrStoreExists, id)
		}
	}
	return s.openLocked(ctx, id, kind)
}

// Store returns the Monster of the store id, opening a persistent store the
// backend holds. The default store is always there (opened again if it was
// closed); another unknown ID is ErrNoStore.
func (s *StoreSet) Store(ctx context.Context, id string) (*Monster, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.waitClosingLocked(ctx, id); err != nil {
		return nil, err
	}
	if st, ok := s.open[id]; ok {
		return st.m, nil
	}
	if id != DefaultStoreID {
		if s.cfg.Backend == nil {
			return nil, fmt.Errorf("%w: %q", ErrNoStore, id)
		}
		ids, err := s.cfg.Backend.StoreIDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("cookiemonster: listing the stores: %w", err)
		}
		if !slices.Contains(ids, id) {
			return nil, fmt.Errorf("%w: %q", ErrNoStore, id)
		}
	}
	return s.openLocked(ctx, id, StorePersistent)
}

// waitClosingLocked waits, with s.mu held on entry and on return, until the
// store id is not being closed, and reports a closed set or a cancelled
// wait.
func (s *StoreSet) waitClosingLocked(ctx context.Context, id string) error {
	for {
		if s.closed {
			return ErrSetClosed
		}
		ch, ok := s.closing[id]
		if !ok {
			return nil
		}
		s.mu.Unlock()
		select {
		case <-ch:
			s.mu.Lock()
		case <-ctx.Done():
			s.mu.Lock()
			return fmt.Errorf("cookiemonster: waiting for store %q to close: %w", id, ctx.Err())
		}
	}
}

// openLocked opens the Monster of id. s.mu is held.
func (s *StoreSet) openLocked(ctx context.Context, id string, kind StoreKind) (*Monster, error) {
	cfg := s.cfg.Config
	if kind == StorePersistent && s.cfg.Backend != nil {
		ps, err := s.cfg.Backend.OpenStore(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("cookiemonster: opening store %q: %w", id, err)
		}
		cfg.Store = ps
	}
	m, err := New(cfg)
	if err != nil {
		if cfg.Store != nil {
			err = errors.Join(err, cfg.Store.Close())
		}
		return nil, err
	}
	if s.open == nil {
		s.open = make(map[string]*setStore) // the zero StoreSet
	}
	s.open[id] = &setStore{m: m, kind: kind}
	for _, w := range s.sortedWatchersLocked() {
		w(id, m)
	}
	return m, nil
}

// sortedWatchersLocked returns the watchers in the order they came.
func (s *StoreSet) sortedWatchersLocked() []func(string, *Monster) {
	keys := make([]int, 0, len(s.watchers))
	for k := range s.watchers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]func(string, *Monster), len(keys))
	for i, k := range keys {
		out[i] = s.watchers[k]
	}
	return out
}

// WatchStores calls fn for every open store of the set, then for every
// store opened later (created, or a persistent store opened again), with
// the set locked: fn must not call the set, and should only subscribe to
// the Monster's changes. cancel stops the calls. It is how an API over the
// whole set (a WebExtension onChanged listener) hears every store.
func (s *StoreSet) WatchStores(fn func(id string, m *Monster)) (cancel func()) {
	if fn == nil {
		return func() {}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watchers == nil {
		s.watchers = make(map[int]func(string, *Monster))
	}
	k := s.nextW
	s.nextW++
	s.watchers[k] = fn
	ids := make([]string, 0, len(s.open))
	for id := range s.open {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fn(id, s.open[id].m)
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.watchers, k)
	}
}

// Config returns the configuration every store of the set is made with
// (StoreSetConfig.Config, its Store nil): APIs over the set read its
// public suffix list, its clock and whether it isolates first parties.
func (s *StoreSet) Config() Config {
	return s.cfg.Config
}

// Kind returns the kind of the open store id, and whether it is open.
func (s *StoreSet) Kind(id string) (StoreKind, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.open[id]
	if !ok {
		return StorePersistent, false
	}
	return st.kind, true
}

// Stores lists the stores of the set, open ones and the persistent ones
// the backend holds, sorted by ID, the default store first.
func (s *StoreSet) Stores(ctx context.Context) ([]StoreInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrSetClosed
	}
	byID := make(map[string]StoreInfo)
	if s.cfg.Backend != nil {
		ids, err := s.cfg.Backend.StoreIDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("cookiemonster: listing the stores: %w", err)
		}
		for _, id := range ids {
			byID[id] = StoreInfo{ID: id, Kind: StorePersistent}
		}
	}
	for id, st := range s.open {
		byID[id] = StoreInfo{ID: id, Kind: st.kind, Open: true}
	}
	out := make([]StoreInfo, 0, len(byID))
	for _, info := range byID {
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b StoreInfo) int {
		switch {
		case a.ID == b.ID:
			return 0
		case a.ID == DefaultStoreID:
			return -1
		case b.ID == DefaultStoreID:
			return 1
		case a.ID < b.ID:
			return -1
		}
		return 1
	})
	return out, nil
}

// CloseStore closes the store id: its Monster flushes and closes its
// persistent store; a private store's cookies are gone. A persistent store
// opens again on its next use. An ID that is not open is ErrNoStore.
func (s *StoreSet) CloseStore(id string) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrSetClosed
	}
	st, ok := s.open[id]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: %q is not open", ErrNoStore, id)
	}
	delete(s.open, id)
	// Until its Monster has closed (and flushed its persistent store), the
	// store is not opened again nor deleted.
	done := make(chan struct{})
	if s.closing == nil {
		s.closing = make(map[string]chan struct{})
	}
	s.closing[id] = done
	s.mu.Unlock()
	err := st.m.Close()
	s.mu.Lock()
	delete(s.closing, id)
	close(done)
	s.mu.Unlock()
	return err
}

// DeleteStore closes the store id and deletes it with every cookie it
// holds, from the backend too. The default store cannot be deleted (its
// cookies can: Monster.DeleteAll).
func (s *StoreSet) DeleteStore(ctx context.Context, id string) error {
	if id == DefaultStoreID {
		return fmt.Errorf("cookiemonster: the default store cannot be deleted")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.waitClosingLocked(ctx, id); err != nil {
		return err
	}
	st, open := s.open[id]
	kind := StorePersistent
	var err error
	if open {
		kind = st.kind
		delete(s.open, id)
		err = st.m.Close()
	}
	if kind == StorePersistent && s.cfg.Backend != nil {
		ids, lerr := s.cfg.Backend.StoreIDs(ctx)
		if lerr != nil {
			return errors.Join(err, fmt.Errorf("cookiemonster: listing the stores: %w", lerr))
		}
		if !slices.Contains(ids, id) {
			if !open {
				return fmt.Errorf("%w: %q", ErrNoStore, id)
			}
			return err
		}
		if derr := s.cfg.Backend.DeleteStore(ctx, id); derr != nil {
			return errors.Join(err, fmt.Errorf("cookiemonster: deleting store %q: %w", id, derr))
		}
		return err
	}
	if !open {
		return fmt.Errorf("%w: %q", ErrNoStore, id)
	}
	return err
}

// Close closes every open store; later calls fail with ErrSetClosed.
func (s *StoreSet) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrSetClosed
	}
	s.closed = true
	open := s.open
	s.open = nil
	s.mu.Unlock()
	ids := make([]string, 0, len(open))
	for id := range open {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var errs []error
	for _, id := range ids {
		if err := open[id].m.Close(); err != nil {
			errs = append(errs, fmt.Errorf("cookiemonster: closing store %q: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

// MemoryBackend is a [StoreBackend] in memory, each store a [MemoryStore]
// that outlives the store's Monster: a store closed and opened again finds
// its persistent cookies. It is the reference backend, for tests.
type MemoryBackend struct {
	psl    PublicSuffixList
	mu     sync.Mutex
	stores map[string]*MemoryStore
}

// NewMemoryBackend returns an empty MemoryBackend whose stores use psl (nil:
// the default list), as NewMemoryStore does.
func NewMemoryBackend(psl PublicSuffixList) *MemoryBackend {
	return &MemoryBackend{psl: psl, stores: make(map[string]*MemoryStore)}
}

// StoreIDs lists the stores the backend holds, sorted.
func (b *MemoryBackend) StoreIDs(ctx context.Context) ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ids := make([]string, 0, len(b.stores))
	for id := range b.stores {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// OpenStore returns a MemoryStore holding the cookies the store id had
// when it was last closed.
func (b *MemoryBackend) OpenStore(ctx context.Context, id string) (PersistentStore, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stores == nil {
		b.stores = make(map[string]*MemoryStore) // the zero MemoryBackend
	}
	var kept []*CanonicalCookie
	if old := b.stores[id]; old != nil {
		kept = old.Cookies()
	}
	st := NewMemoryStore(b.psl, kept...)
	b.stores[id] = st
	return st, nil
}

// DeleteStore forgets the store id and its cookies.
func (b *MemoryBackend) DeleteStore(ctx context.Context, id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.stores[id]; !ok {
		return fmt.Errorf("%w: %q", ErrNoStore, id)
	}
	delete(b.stores, id)
	return nil
}

// Cookies returns copies of the cookies the backend holds for id, in the
// order of MemoryStore.Cookies; nil for an unknown ID.
func (b *MemoryBackend) Cookies(id string) []*CanonicalCookie {
	b.mu.Lock()
	st := b.stores[id]
	b.mu.Unlock()
	if st == nil {
		return nil
	}
	return st.Cookies()
}
