package cookiemonster

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
)

// PersistentStore is where a [Monster] keeps its cookies across restarts
// ([Config.Store]). It follows Chromium's PersistentCookieStore: the
// [Monster] loads every cookie once, then reports each change as it happens,
// and the store commits the changes in batches.
//
// # What the Monster calls, and when
//
// [New] starts Load in a goroutine of its own and returns at once. Until
// the store is loaded, an operation on one site waits for that site's
// cookies: with a store that implements [KeyLoader], for LoadKey of the
// site's [StorageKey]; without one, for the whole load. The store is loaded
// once Load and every LoadKey that started before it ended have returned
// and their cookies are in the Monster; operations on every cookie
// (AllCookies, DeleteAll, ...) and Close wait for that.
//
// Add, UpdateAccessTime and Delete are called with the Monster's lock held,
// for a cookie whose site is loaded:
//
//   - Add when a cookie is stored, new or overwriting another;
//   - Delete when a stored cookie goes: deleted, expired, evicted or
//     overwritten, and when a cookie that a load returned is unusable (not
//     canonical, or a domain cookie on a public suffix) or a duplicate;
//   - UpdateAccessTime when a read sends a cookie whose LastAccess is at
//     least a minute old, with the new LastAccess set.
//
// They are called only for persistent cookies (a non-zero Expiry), and for
// session cookies too when [Config.PersistSessionCookies] is set (an
// unusable loaded cookie is deleted whatever it is); never for a cookie
// whose partition has a nonce (see [PartitionKey.Serialize]). An overwrite
// is a Delete of the old cookie followed by an Add of the new one. Flush is
// called by [Monster.Flush], and by the Monster's Delete methods
// ([Monster.DeleteAll] and the others) when they deleted a cookie; Close by
// [Monster.Close], once, after Load has returned.
//
// # Identity
//
// A store holds at most one cookie per [UniqueKey]: partition, name,
// domain, path, source scheme and source port, the columns of the unique
// index of Chromium's cookie database. Delete and UpdateAccessTime name the
// stored cookie by the [UniqueKey] of their argument, whatever its other
// fields. The Monster deletes before it adds a cookie of the same UniqueKey;
// an Add over a stored cookie without that Delete may keep either one.
//
// # Copies
//
// The cookies passed to Add, UpdateAccessTime and Delete are the Monster's
// own, and it changes them after the call: a store must copy what it
// keeps before it returns. The cookies that Load and LoadKey return become
// the Monster's: it keeps and changes them, so a store must not keep or
// use them afterwards.
//
// # Not blocking
//
// Since Add, UpdateAccessTime and Delete run under the Monster's lock,
// every cookie operation of the Monster waits for them: they must not
// block on I/O or on a commit in progress. A store queues them and commits
// in the background, in batches; it must apply the queued operations of
// one UniqueKey in the order they were made (a Delete then an Add leaves
// the added cookie).
//
// # Errors
//
// Add, UpdateAccessTime and Delete return nothing: a store keeps their
// errors for the next Flush. Flush commits everything queued and returns
// every error since the previous Flush (or nil), each once. Errors of Load
// and LoadKey are reported by the Monster's next Flush.
//
// # Close
//
// Close commits what is queued and releases the store, returning the errors
// no Flush has returned. After Close, Load, LoadKey and Flush return an
// error wrapping [ErrStoreClosed]; Add, UpdateAccessTime and Delete do
// nothing (a store may report them elsewhere) and must not panic. A second
// Close does nothing.
//
// # Concurrency
//
// A store is used from several goroutines at once: Load and any number of
// LoadKey calls run concurrently with each other and with the other
// methods. It must be safe for concurrent use.
//
// Package storetest checks a store against this contract.
type PersistentStore interface {
	// Load returns every stored cookie not already returned by LoadKey.
	// The Monster calls it once, with context.Background(). It may return
	// cookies together with an error (a partial load): the Monster keeps
	// the cookies and reports the error.
	//
	// The Monster adds a cookie only once its storage key is loaded; Load
	// must not return such a cookie, added after LoadKey of its key: the
	// Monster has it already.
	Load(ctx context.Context) ([]*CanonicalCookie, error)
	// Add stores a copy of c. It must not block.
	Add(c *CanonicalCookie)
	// UpdateAccessTime records c.LastAccess as the last-access time of the
	// stored cookie with c's UniqueKey, and changes nothing else; it does
	// nothing when no such cookie is stored. It must not block.
	UpdateAccessTime(c *CanonicalCookie)
	// Delete removes the stored cookie with c's UniqueKey, if any. It must
	// not block.
	Delete(c *CanonicalCookie)
	// Flush commits every queued operation and returns the errors since
	// the previous Flush, joined, or nil. ctx bounds the wait.
	Flush(ctx context.Context) error
	// Close commits what is queued, releases the store and returns the
	// errors not yet returned by Flush.
	Close() error
}

// KeyLoader is an optional interface of a [PersistentStore]: a store that
// can load the cookies of one storage key ahead of the rest, so that the
// first access to a site waits only for that site, not for the whole
// store. The key is the [StorageKey] of a cookie's Domain under the
// [Monster]'s public suffix list (a store computing keys must be given the
// same list).
//
// A store without KeyLoader works: every operation of the Monster then
// waits for the whole Load.
type KeyLoader interface {
	// LoadKey returns the stored cookies whose Domain has the storage key
	// key (partitioned ones included) that no earlier Load or LoadKey call
	// returned, and marks them returned: a later Load or LoadKey must not
	// return them again. The Monster calls it at most once per key, with
	// context.Background(), until Load has returned and its cookies are in
	// the Monster, concurrently with Load. LoadKey must return: the
	// Monster is not loaded, and its Close does not return, while a LoadKey
	// runs.
	//
	// A LoadKey that returns no cookies makes the Monster wait for Load,
	// since a Load in progress may hold that key's cookies without having
	// returned them yet. Cookies returned with an error are kept, as with
	// Load.
	LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error)
}

// SessionKeeper is implemented by a [PersistentStore] that, like
// Chromium's, deletes the session cookies of an earlier run when it loads,
// unless told to keep them. [New] calls KeepSessionCookies with
// [Config.PersistSessionCookies] before the load starts, so that one switch
// both writes session cookies and restores them.
type SessionKeeper interface {
	// KeepSessionCookies says whether the next load keeps the stored
	// session cookies (true) or deletes them (false).
	KeepSessionCookies(keep bool)
}

// ErrStoreClosed is wrapped by the errors of a [PersistentStore]'s Load,
// LoadKey and Flush after Close.
var ErrStoreClosed = errors.New("cookiemonster: store is closed")

// UniqueKey identifies a cookie in a [PersistentStore]: a store holds at
// most one cookie per UniqueKey. It has the fields of the unique index of
// Chromium's cookie database (Chromium's StrictlyUniqueKey), more than
// [CanonicalCookie.IsEquivalent] compares: a cookie overwritten by an
// equivalent one set from another port is a Delete of one UniqueKey and an
// Add of another. UniqueKey is comparable and can be a map key.
type UniqueKey struct {
	Partition    PartitionKey
	Name         string
	Domain       string
	Path         string
	SourceScheme SourceScheme
	SourcePort   int
	// FirstPartyDomain is not a column of Chromium's index: a store that
	// keeps first-party domains keys them too.
	FirstPartyDomain string
}

// UniqueKey returns the [UniqueKey] of c.
func (c *CanonicalCookie) UniqueKey() UniqueKey {
	return UniqueKey{Partition: c.Partition, Name: c.Name, Domain: c.Domain, Path: c.Path,
		SourceScheme: c.SourceScheme, SourcePort: c.SourcePort, FirstPartyDomain: c.FirstPartyDomain}
}

// MemoryStore is a [PersistentStore] and [KeyLoader] that keeps cookies in
// memory: for tests, and as the reference implementation of the contract.
// It computes storage keys with the [PublicSuffixList] given to
// [NewMemoryStore]. Create it with [NewMemoryStore].
type MemoryStore struct {
	mu        sync.Mutex
	psl       PublicSuffixList
	cookies   map[memKey]*CanonicalCookie
	delivered map[memKey]bool
	closed    bool
}

// memKey is a stored cookie's UniqueKey; dup tells apart the duplicates a
// store was created with.
type memKey struct {
	UniqueKey
	dup int
}

// NewMemoryStore returns a store holding copies of cookies, as if they had
// been stored by an earlier run: Load and LoadKey return them. cookies may
// include cookies the [Monster] rejects when it loads them, and several with
// one [UniqueKey], as a damaged database might hold. psl computes the keys
// of LoadKey; nil: the Monster's default (see [StorageKey]).
func NewMemoryStore(psl PublicSuffixList, cookies ...*CanonicalCookie) *MemoryStore {
	s := &MemoryStore{psl: psl, cookies: make(map[memKey]*CanonicalCookie), delivered: make(map[memKey]bool)}
	for i, c := range cookies {
		if c == nil {
			continue
		}
		k := memKey{UniqueKey: c.UniqueKey()}
		if _, dup := s.cookies[k]; dup {
			k.dup = i + 1
		}
		cp := *c
		s.cookies[k] = &cp
	}
	return s
}

// Load returns copies of the cookies not yet returned, oldest first.
func (s *MemoryStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrStoreClosed
	}
	return s.deliver(func(*CanonicalCookie) bool { return true }), ctx.Err()
}

// LoadKey returns copies of the cookies of key not yet returned, oldest
// first.
func (s *MemoryStore) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrStoreClosed
	}
	return s.deliver(func(c *CanonicalCookie) bool { return StorageKey(c.Domain, s.psl) == key }), ctx.Err()
}

// deliver returns copies of the undelivered cookies that match, oldest
// first, and marks them delivered. s.mu must be held.
func (s *MemoryStore) deliver(match func(*CanonicalCookie) bool) []*CanonicalCookie {
	var out []*CanonicalCookie
	for k, c := range s.cookies {
		if !s.delivered[k] && match(c) {
			s.delivered[k] = true
			cp := *c
			out = append(out, &cp)
		}
	}
	sortOldestFirst(out)
	return out
}

// sortOldestFirst sorts cookies by creation time, then by their
// UniqueKey, so that the order does not depend on a map's.
func sortOldestFirst(cs []*CanonicalCookie) {
	slices.SortFunc(cs, func(a, b *CanonicalCookie) int {
		return cmp.Or(a.Creation.Compare(b.Creation), compareUniqueKeys(a.UniqueKey(), b.UniqueKey()))
	})
}

// Add stores a copy of c, replacing a cookie with the same [UniqueKey]. It
// does nothing after Close.
func (s *MemoryStore) Add(c *CanonicalCookie) {
	if c == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	cp := *c
	k := memKey{UniqueKey: c.UniqueKey()}
	s.cookies[k] = &cp
	// The Monster has it: a load must not return it.
	s.delivered[k] = true
}

// UpdateAccessTime records c's LastAccess in the stored cookie with c's
// [UniqueKey]. It does nothing after Close.
func (s *MemoryStore) UpdateAccessTime(c *CanonicalCookie) {
	if c == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if old, ok := s.cookies[memKey{UniqueKey: c.UniqueKey()}]; ok {
		old.LastAccess = c.LastAccess
	}
}

// Delete removes the stored cookie with c's [UniqueKey]; among duplicates
// the store was created with, the one created when c was. It does nothing
// after Close.
func (s *MemoryStore) Delete(c *CanonicalCookie) {
	if c == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	base := memKey{UniqueKey: c.UniqueKey()}
	for k, x := range s.cookies {
		if k.dup != 0 && k.UniqueKey == base.UniqueKey && x.Creation.Equal(c.Creation) {
			delete(s.cookies, k)
			return
		}
	}
	delete(s.cookies, base)
}

// Flush has nothing to commit: it returns ctx's error, or [ErrStoreClosed]
// after Close.
func (s *MemoryStore) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrStoreClosed
	}
	return ctx.Err()
}

// Close marks the store closed. The cookies stay readable with Cookies.
func (s *MemoryStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Cookies returns copies of the stored cookies, oldest first, whether
// loaded or not, also after Close: what a [Monster] has persisted. Passed to
// [NewMemoryStore], they start a new store where the Monster left this one,
// as a restart would.
func (s *MemoryStore) Cookies() []*CanonicalCookie {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*CanonicalCookie, 0, len(s.cookies))
	for _, c := range s.cookies {
		cp := *c
		out = append(out, &cp)
	}
	sortOldestFirst(out)
	return out
}

// DeleteAllInList deletes every stored cookie, loaded or not, whose Domain
// and source scheme are those of one of origins ([OriginDeleter]). It
// returns ctx's error, deleting nothing, when ctx is done, and
// [ErrStoreClosed] after Close.
func (s *MemoryStore) DeleteAllInList(ctx context.Context, origins []CookieOrigin) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrStoreClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	doomed := make(map[CookieOrigin]bool, len(origins))
	for _, o := range origins {
		doomed[o] = true
	}
	for k, c := range s.cookies {
		if doomed[cookieOriginOf(c)] {
			delete(s.cookies, k)
			delete(s.delivered, k)
		}
	}
	return nil
}
