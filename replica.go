package cookiemonster

import (
	"context"
	"time"
)

// Attacher is a [PersistentStore] that several Monsters share, each in its
// own process or with its own connection, such as redisstore's: it applies
// to each Monster's memory the changes the others make. [New] calls Attach
// once, before the Monster starts loading the store; the store then applies
// the others' changes with [Monster.Replicate].
type Attacher interface {
	Attach(m *Monster)
}

// CauseRecorder is an optional interface of a [PersistentStore]: a store
// that wants to know why the Monster deletes each cookie, as a shared store
// tells the other Monsters. The Monster calls DeleteCause instead of Delete
// for every deletion with a cause; it must not block.
type CauseRecorder interface {
	DeleteCause(c *CanonicalCookie, cause ChangeCause)
}

// Replicate waits until the Monster has loaded its store, then runs fn
// with the Monster locked: the changes fn makes through r are atomic with
// respect to every other call. fn must not call the Monster's methods, or
// wait for anything that does; the Monster calls its store with the lock
// held, so a store must not hold its own locks while it calls r either.
// The changes are delivered to subscribers after fn returns. Replicate
// fails with [ErrClosed] once the Monster is closed, and with ctx's error
// if ctx ends during the load.
//
// It is for stores ([Attacher]); programs do not need it.
func (m *Monster) Replicate(ctx context.Context, fn func(r *Replica)) error {
	m.ready()
	if err := m.waitAll(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	r := Replica{m: m}
	defer func() {
		r.m = nil // a Replica kept past fn is inert
		m.unlockAndDeliver()
	}()
	fn(&r)
	return nil
}

// Replica changes a Monster's memory on behalf of another Monster that
// shares its store, inside [Monster.Replicate]. Its changes are not written
// to the store, which holds them already, except the removals an Insert
// makes to settle a conflict and the evictions it causes; subscribers get
// them with Change.Remote set. A Replica is only valid during the call of
// Replicate that made it; after, its methods do nothing.
type Replica struct {
	m *Monster
}

// find returns the stored cookie with the unique key k and its key.
func (r *Replica) find(k UniqueKey) (string, *CanonicalCookie) {
	m := r.m
	key := m.keyLocked(k.Domain)
	for _, c := range m.listLocked(key, k.Partition) {
		if c.UniqueKey() == k {
			return key, c
		}
	}
	return key, nil
}

// Lookup returns a copy of the cookie in memory with the unique key k.
func (r *Replica) Lookup(k UniqueKey) (CanonicalCookie, bool) {
	if r.m == nil {
		return CanonicalCookie{}, false
	}
	if _, c := r.find(k); c != nil {
		return *c, true
	}
	return CanonicalCookie{}, false
}

// Each calls fn with a copy of every cookie in memory.
func (r *Replica) Each(fn func(c CanonicalCookie)) {
	if r.m == nil {
		return
	}
	r.m.eachLocked(func(_ string, c *CanonicalCookie) { fn(*c) })
}

// Remove removes the cookie with the unique key k from memory and reports
// whether there was one; subscribers get the removal with cause, marked
// remote. The store is not written.
func (r *Replica) Remove(k UniqueKey, cause ChangeCause) bool {
	if r.m == nil || !cause.Removed() {
		return false
	}
	key, c := r.find(k)
	if c == nil {
		return false
	}
	r.m.detachLocked(key, c)
	r.queueRemote(*c, key, cause)
	return true
}

// Touch sets the last-access time of the cookie with the unique key k to
// at, when at is later, and reports whether it did. No change is delivered
// and the store is not written.
func (r *Replica) Touch(k UniqueKey, at time.Time) bool {
	if r.m == nil {
		return false
	}
	if _, c := r.find(k); c != nil && at.After(c.LastAccess) {
		c.LastAccess = at
		return true
	}
	return false
}

// Insert inserts a copy of c, made by another Monster, into memory and
// reports whether it did. A cookie in memory with the same unique key is
// replaced (its removal has cause Overwrite). Against the cookies it
// conflicts with, newer(other) decides which of the two was written later:
//
//   - an equivalent cookie with another unique key loses if it is older,
//     else c loses;
//   - under Leave Secure Cookies Alone, a non-Secure cookie set from an
//     insecure origin loses to a Secure one if it is the newer of the two,
//     as it would have been refused had the Secure one been there first.
//
// A cookie in memory that loses is removed with cause Overwrite and deleted
// from the store, as this Monster's own change. If c loses, Insert reports
// false and the caller deletes c from the store; as the other Monster
// replaced the cookie with c's unique key, that cookie is removed from
// memory too (cause Overwrite, remote), and nothing else changes. A cookie
// that is not canonical, or a domain cookie on a public suffix, is not
// inserted either, and is handled as one that loses. Insert does not evict:
// the Monster that set c evicted what its set called for, and its
// evictions follow; see EnforceLimits.
func (r *Replica) Insert(c *CanonicalCookie, newer func(other *CanonicalCookie) bool) bool {
	m := r.m
	if m == nil || c == nil {
		return false
	}
	if newer == nil {
		newer = func(*CanonicalCookie) bool { return true }
	}
	n := *c
	n.SourcePort = storedPort(n.SourcePort)
	uk := n.UniqueKey()
	// lose leaves c out; the cookie it replaced in the store goes, since the
	// caller deletes c's row.
	lose := func() bool {
		r.Remove(uk, CauseOverwrite)
		return false
	}
	if !n.isCanonicalForFromStorage() || !m.domainAllowed(&n) {
		return lose()
	}
	key := m.keyLocked(n.Domain)
	var same *CanonicalCookie
	var losers []*CanonicalCookie
	for _, ex := range m.listLocked(key, n.Partition) {
		switch {
		case ex.UniqueKey() == uk:
			same = ex
		case n.IsEquivalent(ex):
			if !newer(ex) {
				return lose()
			}
			losers = append(losers, ex)
		case ex.Secure && !n.Secure && n.SourceScheme == SourceSchemeNonSecure && n.isEquivalentForSecureCookieMatching(ex):
			if newer(ex) {
				return lose()
			}
		case n.Secure && !ex.Secure && ex.SourceScheme == SourceSchemeNonSecure && ex.isEquivalentForSecureCookieMatching(&n):
			if !newer(ex) {
				losers = append(losers, ex)
			}
		}
	}
	if same != nil {
		m.detachLocked(key, same)
		r.queueRemote(*same, key, CauseOverwrite)
	}
	for _, ex := range losers {
		m.removeLocked(key, ex, CauseOverwrite, true, true)
	}
	keep := new(CanonicalCookie)
	*keep = n
	m.insertLocked(key, keep)
	if m.earliestAccess.IsZero() || keep.LastAccess.Before(m.earliestAccess) {
		m.earliestAccess = keep.LastAccess
	}
	if m.changes.active() {
		m.queueLocked(Change{Cookie: *keep, Cause: CauseInserted, Remote: true, AccessResult: AccessResult{
			EffectiveSameSite:            EffectiveUndefined,
			AllowedToAccessSecureCookies: true,
		}}, key, true)
	}
	return true
}

// EnforceLimits evicts as a set of c would: when c's storage key (in c's
// partition) or the whole store is above its limits. Several Monsters that
// inserted cookies at once, before seeing each other's, can together go
// above a limit that each kept; a store calls EnforceLimits when that
// lasts. What it evicts is this Monster's own change, written to the store.
func (r *Replica) EnforceLimits(c *CanonicalCookie) {
	if r.m == nil || c == nil {
		return
	}
	key, now := r.m.keyLocked(c.Domain), r.m.now()
	if c.IsPartitioned() {
		r.m.gcPartitionLocked(key, c.Partition, now)
	} else {
		r.m.gcLocked(key, now)
	}
	r.m.capLocked(now)
}

// queueRemote queues the removal of c, marked remote.
func (r *Replica) queueRemote(c CanonicalCookie, key string, cause ChangeCause) {
	if r.m.changes.active() {
		r.m.queueLocked(Change{Cookie: c, Cause: cause, Remote: true, AccessResult: AccessResult{
			EffectiveSameSite:            EffectiveUndefined,
			AllowedToAccessSecureCookies: true,
		}}, key, true)
	}
}
