package cookiemonster

import (
	"context"
	"errors"
	"sort"
	"sync"
)

// PersistentStore is where a Monster keeps its cookies across restarts. It
// follows Chromium's PersistentCookieStore contract:
//
//   - Load is called once, in the background, when the Monster is created.
//     It returns every stored cookie that LoadKey has not already returned.
//     It may return cookies together with an error (a partial load).
//   - Add, UpdateAccessTime and Delete record changes. They are called with
//     the Monster's lock held, so they must not block: a store queues them and
//     commits in batches. They are only called for persistent cookies, and
//     for session cookies too when Config.PersistSessionCookies is set.
//   - Flush commits what is queued and reports any error since the last
//     Flush; Close flushes and releases the store.
//
// A store may also implement KeyLoader for priority loading of one eTLD+1.
// The cookies passed to Add and Delete are the Monster's own: a store that
// keeps them must copy them.
type PersistentStore interface {
	Load(ctx context.Context) ([]*CanonicalCookie, error)
	Add(c *CanonicalCookie)
	UpdateAccessTime(c *CanonicalCookie)
	Delete(c *CanonicalCookie)
	Flush(ctx context.Context) error
	Close() error
}

// KeyLoader is implemented by stores that can load the cookies of one
// storage key (an eTLD+1, or the host itself when it has none) ahead of the
// full load, so that the first access to a site waits only for that site.
// LoadKey returns the cookies of that key that no earlier load returned; the
// later Load must not return them again. When LoadKey returns none, the
// Monster waits for the full load, which may be holding them.
type KeyLoader interface {
	LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error)
}

// ErrStoreClosed is returned by a MemoryStore after Close.
var ErrStoreClosed = errors.New("cookiemonster: store is closed")

// MemoryStore is a PersistentStore that keeps cookies in memory: for tests,
// and as the reference for the contract. It implements KeyLoader, using the
// PublicSuffixList given to NewMemoryStore to compute keys. The zero value is
// not usable; use NewMemoryStore.
type MemoryStore struct {
	mu        sync.Mutex
	psl       PublicSuffixList
	cookies   map[storeKey]*CanonicalCookie
	delivered map[storeKey]bool
	closed    bool
}

// storeKey identifies a stored cookie as Chromium's unique index does.
type storeKey struct {
	partition       PartitionKey
	name, domain    string
	path            string
	sourceScheme    SourceScheme
	sourcePort      int
	creationForDups int64
}

func keyOfStored(c *CanonicalCookie) storeKey {
	return storeKey{partition: c.Partition, name: c.Name, domain: c.Domain, path: c.Path,
		sourceScheme: c.SourceScheme, sourcePort: c.SourcePort}
}

// NewMemoryStore returns an empty store holding copies of cookies (which
// may include duplicates and invalid cookies, to exercise the Monster's load
// checks). psl computes keys for LoadKey; nil: the default list.
func NewMemoryStore(psl PublicSuffixList, cookies ...*CanonicalCookie) *MemoryStore {
	s := &MemoryStore{psl: psl, cookies: make(map[storeKey]*CanonicalCookie), delivered: make(map[storeKey]bool)}
	for i, c := range cookies {
		cp := *c
		k := keyOfStored(c)
		if _, dup := s.cookies[k]; dup {
			// Keep duplicates apart, as a damaged database might.
			k.creationForDups = int64(i) + 1
		}
		s.cookies[k] = &cp
	}
	return s
}

// Load returns copies of every cookie not yet returned by LoadKey.
func (s *MemoryStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrStoreClosed
	}
	return s.deliver(func(*CanonicalCookie) bool { return true }), ctx.Err()
}

// LoadKey returns copies of the cookies of key not yet returned.
func (s *MemoryStore) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrStoreClosed
	}
	return s.deliver(func(c *CanonicalCookie) bool { return keyOf(s.psl, c.Domain) == key }), ctx.Err()
}

// deliver returns copies of the undelivered cookies that match, in a stable
// order, and marks them delivered.
func (s *MemoryStore) deliver(match func(*CanonicalCookie) bool) []*CanonicalCookie {
	var out []*CanonicalCookie
	for k, c := range s.cookies {
		if !s.delivered[k] && match(c) {
			s.delivered[k] = true
			cp := *c
			out = append(out, &cp)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Creation.Before(out[j].Creation) })
	return out
}

// Add stores a copy of c, replacing a cookie with the same unique key.
func (s *MemoryStore) Add(c *CanonicalCookie) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := *c
	k := keyOfStored(c)
	s.cookies[k] = &cp
	s.delivered[k] = true
}

// UpdateAccessTime records c's last access time.
func (s *MemoryStore) UpdateAccessTime(c *CanonicalCookie) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.cookies[keyOfStored(c)]; ok {
		old.LastAccess = c.LastAccess
	}
}

// Delete removes the cookie with c's unique key.
func (s *MemoryStore) Delete(c *CanonicalCookie) {
	s.mu.Lock()
	defer s.mu.Unlock()
	base := keyOfStored(c)
	for k, x := range s.cookies {
		plain := k
		plain.creationForDups = 0
		if k.creationForDups != 0 && plain == base && x.Creation.Equal(c.Creation) {
			delete(s.cookies, k)
			return
		}
	}
	delete(s.cookies, base)
}

// Flush has nothing to commit: it returns ctx's error, or ErrStoreClosed
// after Close.
func (s *MemoryStore) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrStoreClosed
	}
	return ctx.Err()
}

// Close marks the store closed.
func (s *MemoryStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Cookies returns copies of the stored cookies, oldest first.
func (s *MemoryStore) Cookies() []*CanonicalCookie {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*CanonicalCookie, 0, len(s.cookies))
	for _, c := range s.cookies {
		cp := *c
		out = append(out, &cp)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Creation.Before(out[j].Creation) })
	return out
}
