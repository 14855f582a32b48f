package cookiemonster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// CookieOrigin names the cookies of one site as session-only cleanup sees
// them: a cookie's Domain as stored and whether it was set from a secure
// origin. It is the pair by which Chromium's SessionCleanupCookieStore asks
// its settings and deletes when the browser closes. CookieOrigin is
// comparable and can be a map key.
type CookieOrigin struct {
	// Domain is [CanonicalCookie.Domain]: with its leading dot for a
	// domain cookie (".example.com"), without one for a host-only cookie.
	Domain string
	// Secure reports that the cookie was set from a secure origin
	// ([CanonicalCookie.SourceScheme] is SourceSchemeSecure), as Chromium
	// 156 decides (recorded: a cookie set over https without the Secure
	// attribute is cleared with its https site); not the Secure attribute.
	Secure bool
}

// cookieOriginOf returns the CookieOrigin of c, which is not nil.
func cookieOriginOf(c *CanonicalCookie) CookieOrigin {
	return CookieOrigin{Domain: c.Domain, Secure: c.SourceScheme == SourceSchemeSecure}
}

// OriginDeleter is an optional interface of a [PersistentStore]: a store
// that can delete every cookie of some [CookieOrigin]s at once, as
// Chromium's cookie database does for the sites cleared on exit
// (DeleteAllInList). The store made by [NewSessionCleanupStore] uses it
// when it closes; over a store without it, it deletes the cookies one by
// one.
type OriginDeleter interface {
	// DeleteAllInList commits the operations queued before the call,
	// then deletes every stored cookie whose [CookieOrigin] is one of
	// origins, loaded or not, in every partition, and
	// commits that deletion before it returns. Unlike Add and Delete it
	// may block on I/O. An empty list deletes nothing.
	//
	// When the queued operations fail to commit, it deletes nothing and
	// returns that error. After Close it returns an error wrapping
	// [ErrStoreClosed].
	DeleteAllInList(ctx context.Context, origins []CookieOrigin) error
}

// NewSessionCleanupStore returns a [PersistentStore] that keeps its
// cookies in store and deletes those of session-only sites (Chromium's
// "clear on exit" content setting) when it closes: Chromium's
// SessionCleanupCookieStore. deleteOnExit says whether the cookies of a
// Domain (as stored, with its leading dot for a domain cookie) and Secure
// flag go when the store closes; a nil deleteOnExit deletes nothing, and
// a nil store gives nil (a [Monster] without a store keeps its cookies in
// memory only).
//
// The returned store passes every call on to store. While the [Monster]
// runs, the cookies of session-only sites are kept, written and read like
// any other. In addition:
//
//   - Close asks deleteOnExit, once each, about every [CookieOrigin] of
//     the cookies that a load returned and this store kept or that were
//     added since it was made, whatever they were asked before: a site can
//     become session-only, or stop being one, while the Monster runs. It
//     deletes the cookies of the origins it answers true for, commits,
//     and then closes store. With a store that is an [OriginDeleter], in
//     one call of DeleteAllInList, which deletes every stored cookie of
//     those origins; with another store, by a Delete of each cookie of
//     those origins that it saw loaded or added and not deleted since,
//     which store's Close commits.
//   - Load and LoadKey drop the cookies that deleteOnExit answers true
//     for (asked once per origin and call), and delete them from store:
//     they are left over from a run that ended without Close, killed or
//     crashed, or from a site made session-only since. They are never
//     returned to the Monster; store commits their deletion with its next
//     commit (a Flush of the Monster, at the latest its Close).
//
// The errors of the deletion at Close are returned by Close, with those
// of store's Close; when the deletion fails, the cookies stay in store and
// the next load deletes them. Cookies added or loaded once Close has
// started are not deleted by it (a Monster adds none: it closes its store
// last). A second Close does nothing and returns nil.
//
// The returned store is a [KeyLoader] exactly when store is one, and a
// [SessionKeeper] exactly when store is one, so that the Monster loads and
// restores session cookies as it would through store itself. It is not an
// OriginDeleter. It is safe for concurrent use, and calls deleteOnExit
// from any of its callers' goroutines, never while it holds a lock of its
// own: deleteOnExit may call into other objects, and must be safe for
// concurrent use.
//
// To keep every cookie when the Monster closes (Chromium's "force keep
// session state", for a restart that restores the session), make
// deleteOnExit answer false.
func NewSessionCleanupStore(store PersistentStore, deleteOnExit func(domain string, secure bool) bool) PersistentStore {
	if store == nil {
		return nil
	}
	s := &sessionCleanup{
		store:        store,
		deleteOnExit: deleteOnExit,
		seen:         make(map[CookieOrigin]struct{}),
		closeDone:    make(chan struct{}),
	}
	s.deleter, _ = store.(OriginDeleter)
	if s.deleter == nil {
		s.keys = make(map[UniqueKey]storedKey)
	}
	kl, isKeyLoader := store.(KeyLoader)
	sk, isKeeper := store.(SessionKeeper)
	s.keyLoader, s.keeper = kl, sk
	switch {
	case isKeyLoader && isKeeper:
		return sessionCleanupKeyLoaderKeeper{s}
	case isKeyLoader:
		return sessionCleanupKeyLoader{s}
	case isKeeper:
		return sessionCleanupKeeper{s}
	}
	return s
}

// sessionCleanup is the store of NewSessionCleanupStore over a store that
// is neither a KeyLoader nor a SessionKeeper; the types below add those
// methods for the stores that have them.
type sessionCleanup struct {
	store        PersistentStore
	deleteOnExit func(domain string, secure bool) bool
	deleter      OriginDeleter // store, when it is one
	keyLoader    KeyLoader     // store, when it is one
	keeper       SessionKeeper // store, when it is one

	// mu guards the fields below. It is never held while store or
	// deleteOnExit is called.
	mu sync.Mutex
	// seen holds the origin of every cookie loaded and kept, or added.
	seen map[CookieOrigin]struct{}
	// keys holds the cookies stored now, by UniqueKey, for a store that
	// is not an OriginDeleter (nil otherwise): Close deletes them one by
	// one.
	keys      map[UniqueKey]storedKey
	closing   bool
	closeDone chan struct{} // closed when the first Close has returned
}

// storedKey is what the session cleanup store knows of the stored cookies
// of one UniqueKey: the origin of the last one loaded or added, and the
// creation time of each. A load may return several cookies of one
// UniqueKey (a damaged store), of which the Monster deletes all but one.
type storedKey struct {
	origin  CookieOrigin
	created []time.Time
}

// sessionCleanupKeyLoader is the store of NewSessionCleanupStore over a
// KeyLoader.
type sessionCleanupKeyLoader struct{ *sessionCleanup }

// LoadKey passes the call on and drops the cookies of session-only sites.
func (s sessionCleanupKeyLoader) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	return s.loadKey(ctx, key)
}

// sessionCleanupKeeper is the store of NewSessionCleanupStore over a
// SessionKeeper.
type sessionCleanupKeeper struct{ *sessionCleanup }

// KeepSessionCookies passes the call on.
func (s sessionCleanupKeeper) KeepSessionCookies(keep bool) { s.keeper.KeepSessionCookies(keep) }

// sessionCleanupKeyLoaderKeeper is the store of NewSessionCleanupStore
// over a store that is both a KeyLoader and a SessionKeeper.
type sessionCleanupKeyLoaderKeeper struct{ *sessionCleanup }

// LoadKey passes the call on and drops the cookies of session-only sites.
func (s sessionCleanupKeyLoaderKeeper) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	return s.loadKey(ctx, key)
}

// KeepSessionCookies passes the call on.
func (s sessionCleanupKeyLoaderKeeper) KeepSessionCookies(keep bool) {
	s.keeper.KeepSessionCookies(keep)
}

// Load passes the call on and drops the cookies of session-only sites,
// deleting them from the wrapped store.
func (s *sessionCleanup) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	cookies, err := s.store.Load(ctx)
	return s.keep(cookies), err
}

// loadKey is LoadKey of the types over a KeyLoader.
func (s *sessionCleanup) loadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	cookies, err := s.keyLoader.LoadKey(ctx, key)
	return s.keep(cookies), err
}

// keep returns the loaded cookies that are not of session-only sites and
// records them; it deletes the others from the store. A nil cookie is
// passed on as it is.
func (s *sessionCleanup) keep(cookies []*CanonicalCookie) []*CanonicalCookie {
	if len(cookies) == 0 {
		return cookies
	}
	kept := cookies
	if s.deleteOnExit != nil {
		verdicts := make(map[CookieOrigin]bool)
		kept = make([]*CanonicalCookie, 0, len(cookies))
		for _, c := range cookies {
			if c == nil {
				kept = append(kept, c)
				continue
			}
			o := cookieOriginOf(c)
			drop, asked := verdicts[o]
			if !asked {
				drop = s.deleteOnExit(o.Domain, o.Secure)
				verdicts[o] = drop
			}
			if drop {
				s.store.Delete(c)
				continue
			}
			kept = append(kept, c)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closing {
		for _, c := range kept {
			s.recordLocked(c, true)
		}
	}
	return kept
}

// recordLocked records c as stored, loaded or added. s.mu must be held.
func (s *sessionCleanup) recordLocked(c *CanonicalCookie, loaded bool) {
	if c == nil || s.deleteOnExit == nil {
		// Without deleteOnExit, Close deletes nothing.
		return
	}
	o := cookieOriginOf(c)
	s.seen[o] = struct{}{}
	if s.keys == nil {
		return
	}
	k := c.UniqueKey()
	sk := s.keys[k]
	sk.origin = o
	if !loaded {
		// An Add replaces the stored cookie of its UniqueKey.
		sk.created = sk.created[:0]
	}
	sk.created = append(sk.created, c.Creation)
	s.keys[k] = sk
}

// Add passes the call on and records c's origin for Close.
func (s *sessionCleanup) Add(c *CanonicalCookie) {
	s.store.Add(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closing {
		s.recordLocked(c, false)
	}
}

// UpdateAccessTime passes the call on.
func (s *sessionCleanup) UpdateAccessTime(c *CanonicalCookie) { s.store.UpdateAccessTime(c) }

// Delete passes the call on.
func (s *sessionCleanup) Delete(c *CanonicalCookie) {
	s.store.Delete(c)
	s.forget(c)
}

// DeleteCause passes the call on, with its cause when the store wants it
// ([CauseRecorder]).
func (s *sessionCleanup) DeleteCause(c *CanonicalCookie, cause ChangeCause) {
	if cr, ok := s.store.(CauseRecorder); ok {
		cr.DeleteCause(c, cause)
	} else {
		s.store.Delete(c)
	}
	s.forget(c)
}

// forget drops the record of a deleted cookie.
func (s *sessionCleanup) forget(c *CanonicalCookie) {
	if c == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil || s.closing {
		return
	}
	k := c.UniqueKey()
	sk, ok := s.keys[k]
	if !ok {
		return
	}
	if len(sk.created) <= 1 {
		delete(s.keys, k)
		return
	}
	// Of several cookies of the key, the one created when c was, else any.
	i := max(0, slices.IndexFunc(sk.created, c.Creation.Equal))
	sk.created = slices.Delete(sk.created, i, i+1)
	s.keys[k] = sk
}

// Flush passes the call on.
func (s *sessionCleanup) Flush(ctx context.Context) error { return s.store.Flush(ctx) }

// Close deletes the cookies of the origins that are session-only now,
// commits, and closes the wrapped store. A second Close waits for the
// first to return and returns nil.
func (s *sessionCleanup) Close() error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		<-s.closeDone
		return nil
	}
	s.closing = true
	seen, keys := s.seen, s.keys
	s.seen, s.keys = nil, nil
	s.mu.Unlock()
	defer close(s.closeDone)
	err := s.cleanup(seen, keys)
	return errors.Join(err, s.store.Close())
}

// cleanup deletes from the wrapped store the cookies of the origins of
// seen that deleteOnExit answers true for: all at once through an
// OriginDeleter, else those of keys one by one.
func (s *sessionCleanup) cleanup(seen map[CookieOrigin]struct{}, keys map[UniqueKey]storedKey) error {
	if s.deleteOnExit == nil || len(seen) == 0 {
		return nil
	}
	// In a fixed order, so that deleteOnExit is asked, and the store
	// told, the same way on every run.
	origins := make([]CookieOrigin, 0, len(seen))
	for o := range seen {
		origins = append(origins, o)
	}
	slices.SortFunc(origins, compareOrigins)
	doomed := origins[:0]
	for _, o := range origins {
		if s.deleteOnExit(o.Domain, o.Secure) {
			doomed = append(doomed, o)
		}
	}
	if len(doomed) == 0 {
		return nil
	}
	if s.deleter != nil {
		if err := s.deleter.DeleteAllInList(context.Background(), doomed); err != nil {
			return fmt.Errorf("cookiemonster: deleting the cookies of %d session-only origins at close: %w", len(doomed), err)
		}
		return nil
	}
	marked := make(map[CookieOrigin]bool, len(doomed))
	for _, o := range doomed {
		marked[o] = true
	}
	victims := make([]UniqueKey, 0, len(keys))
	for k, sk := range keys {
		if marked[sk.origin] {
			victims = append(victims, k)
		}
	}
	slices.SortFunc(victims, compareUniqueKeys)
	for _, k := range victims {
		sk := keys[k]
		for _, created := range sk.created {
			s.store.Delete(cookieNamed(k, sk.origin.Secure, created))
		}
	}
	return nil
}

// cookieNamed returns a cookie with the UniqueKey k, the Secure flag
// secure and the creation time created, for Delete, which names a stored
// cookie by its UniqueKey (and, among the duplicates a MemoryStore may be
// created with, by its creation time).
func cookieNamed(k UniqueKey, secure bool, created time.Time) *CanonicalCookie {
	return &CanonicalCookie{
		Name: k.Name, Domain: k.Domain, Path: k.Path, Partition: k.Partition,
		SourceScheme: k.SourceScheme, SourcePort: k.SourcePort, FirstPartyDomain: k.FirstPartyDomain,
		Secure: secure, Creation: created,
	}
}

// compareOrigins orders origins by domain, the insecure one first.
func compareOrigins(a, b CookieOrigin) int {
	if c := strings.Compare(a.Domain, b.Domain); c != 0 {
		return c
	}
	switch {
	case a.Secure == b.Secure:
		return 0
	case b.Secure:
		return -1
	}
	return 1
}

// compareUniqueKeys orders unique keys field by field.
func compareUniqueKeys(a, b UniqueKey) int {
	return cmp.Or(
		strings.Compare(a.Domain, b.Domain),
		strings.Compare(a.Name, b.Name),
		strings.Compare(a.Path, b.Path),
		comparePartitionKeys(a.Partition, b.Partition),
		cmp.Compare(a.SourceScheme, b.SourceScheme),
		cmp.Compare(a.SourcePort, b.SourcePort),
		strings.Compare(a.FirstPartyDomain, b.FirstPartyDomain),
	)
}

var (
	_ PersistentStore = (*sessionCleanup)(nil)
	_ KeyLoader       = sessionCleanupKeyLoader{}
	_ SessionKeeper   = sessionCleanupKeeper{}
	_ KeyLoader       = sessionCleanupKeyLoaderKeeper{}
	_ SessionKeeper   = sessionCleanupKeyLoaderKeeper{}
)
