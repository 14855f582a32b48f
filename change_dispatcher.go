package cookiemonster

import (
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// ChangeCause says why a cookie changed.
type ChangeCause uint8

// Change causes. Every cause but CauseInserted is a removal.
const (
	// CauseInserted: the cookie was added.
	CauseInserted ChangeCause = iota
	// CauseExplicit: removed by a delete call.
	CauseExplicit
	// CauseUnknownDeletion: removed for an unknown reason.
	CauseUnknownDeletion
	// CauseOverwrite: replaced by an equivalent cookie.
	CauseOverwrite
	// CauseExpired: removed because it expired, or by DeleteSessionCookies.
	CauseExpired
	// CauseEvicted: removed by garbage collection, or dropped at load for
	// control characters.
	CauseEvicted
	// CauseExpiredOverwrite: removed by an equivalent cookie that was
	// already expired.
	CauseExpiredOverwrite
)

// String returns the cause's name, such as "Overwrite".
func (c ChangeCause) String() string {
	switch c {
	case CauseInserted:
		return "Inserted"
	case CauseExplicit:
		return "Explicit"
	case CauseOverwrite:
		return "Overwrite"
	case CauseExpired:
		return "Expired"
	case CauseEvicted:
		return "Evicted"
	case CauseExpiredOverwrite:
		return "ExpiredOverwrite"
	}
	return "UnknownDeletion"
}

// WebExtensionName returns the cause as the WebExtension cookies.onChanged
// event names it: "explicit" (also for an insertion, with Removed false),
// "overwrite", "expired", "evicted" or "expired_overwrite".
func (c ChangeCause) WebExtensionName() string {
	switch c {
	case CauseOverwrite:
		return "overwrite"
	case CauseExpired:
		return "expired"
	case CauseEvicted:
		return "evicted"
	case CauseExpiredOverwrite:
		return "expired_overwrite"
	}
	return "explicit"
}

// Removed reports whether the cause is a removal.
func (c ChangeCause) Removed() bool { return c != CauseInserted }

// Change is one change to the store, as subscribers receive it.
type Change struct {
	// Cookie is a copy of the cookie inserted or removed.
	Cookie CanonicalCookie
	// Cause says why.
	Cause ChangeCause
	// Remote is set when another Monster sharing the store made the
	// change (see [Attacher]); Cause is the cause it had there.
	Remote bool
	// AccessResult is the result of the set for an insertion; for a
	// removal its EffectiveSameSite is EffectiveUndefined.
	AccessResult AccessResult
}

// ChangeDispatcher delivers the store's changes to subscribers.
// Subscriptions may be made and cancelled at any time, from any goroutine,
// callbacks included.
//
// Callbacks run outside the store's lock, never two at once for the same
// dispatcher. Each change is delivered exactly once to every subscription
// that wants it, was made before the change happened and is not cancelled
// before the delivery reaches it; every subscription gets its changes in
// the order they happened in the store.
//
// The changes are delivered by the calls that make them (reads too, when
// they remove expired cookies). A call that finds no delivery under way
// once it has made its changes delivers them, with any queued before,
// before it returns. If a delivery is under way, on any goroutine, the call
// returns at once instead, and that delivery delivers its changes: a
// delivery goes on until nothing is queued, so it delivers every change
// queued while it runs, in order, before it ends. So a call returns before
// its changes are delivered when it overlaps a delivery:
//
//   - a call from inside a callback, made directly or by a goroutine the
//     callback waits for: its changes are delivered after the callback
//     returns, which is what lets a callback change the store without
//     deadlock;
//   - a call on one goroutine while a call on another goroutine, or the
//     Monster loading its store, is delivering changes.
//
// Unless a callback panicked, every change has been delivered once the
// calls that changed the store have all returned and the [Monster] is not
// delivering changes found while loading its store.
//
// Writers do not wait for a slow callback: while it runs, the changes of
// other goroutines queue up (a copy of each changed cookie), so a callback
// that must keep up with a busy store should hand its work elsewhere.
//
// If a callback panics, the panic goes on through the call that was
// delivering. The changes not delivered yet, including the one in hand to
// the subscriptions after the panicking one, stay queued and are delivered
// by the next call that queues a change for some subscription.
//
// With no subscription, changes cost nothing.
type ChangeDispatcher struct {
	psl PublicSuffixList
	now func() time.Time

	// subMu guards the subscriptions; it is taken under the Monster's lock.
	subMu  sync.Mutex
	nextID uint64
	global map[uint64]*subscription
	// byKey holds URL and cookie subscriptions by the storage key of
	// their URL.
	byKey map[string]map[uint64]*subscription
	count atomic.Int64

	// qMu guards the queue and the delivery state. Queuing a change,
	// deciding to deliver and deciding to stop delivering are all done
	// under it, so a change is never queued unseen by a delivery that
	// ends.
	qMu        sync.Mutex
	queue      []pendingChange
	enqueued   uint64 // how many changes were ever queued (tests read it)
	delivering bool
}

type subscription struct {
	id        uint64
	fn        func(Change)
	url       *url.URL // nil for a global subscription
	req       requestURL
	name      string
	byName    bool
	partition PartitionKey
	cancelled atomic.Bool
}

type pendingChange struct {
	change Change
	subs   []*subscription
}

func newChangeDispatcher(psl PublicSuffixList, now func() time.Time) *ChangeDispatcher {
	return &ChangeDispatcher{
		psl:    psl,
		now:    now,
		global: make(map[uint64]*subscription),
		byKey:  make(map[string]map[uint64]*subscription),
	}
}

// SubscribeAll calls fn for every change in every partition, except the
// removal of duplicates found when loading a store.
//
// cancel ends the subscription. It does not wait for a call of fn to
// finish: once cancel returns, fn is not started again, but a call started
// before may still be running. So cancel may be called from any goroutine,
// from fn itself included, and more than once. To know when no call of fn
// runs any longer, synchronise with fn: for instance, let fn hold a mutex
// while it works and return at once when a flag guarded by that mutex is
// set; once the flag has been set under the mutex, from outside fn, any
// call that was running has finished and later calls do nothing.
//
// A nil fn subscribes to nothing.
func (d *ChangeDispatcher) SubscribeAll(fn func(Change)) (cancel func()) {
	if fn == nil {
		return func() {}
	}
	return d.add(&subscription{fn: fn}, "")
}

// SubscribeURL calls fn for every change of a cookie that would be sent to
// u in an all-inclusive context (domain, path and Secure apply; HttpOnly
// and [SameSite] do not). partition selects partitioned cookies: zero sees
// only unpartitioned cookies; a key sees that partition too; a nonced key
// sees only its partition. cancel is as for SubscribeAll: it does not wait
// for a call of fn that is running. A nil u or fn subscribes to nothing.
func (d *ChangeDispatcher) SubscribeURL(u *url.URL, partition PartitionKey, fn func(Change)) (cancel func()) {
	return d.subscribeURL(u, "", false, partition, fn)
}

// SubscribeCookie is SubscribeURL restricted to cookies named name.
func (d *ChangeDispatcher) SubscribeCookie(u *url.URL, name string, partition PartitionKey, fn func(Change)) (cancel func()) {
	return d.subscribeURL(u, name, true, partition, fn)
}

func (d *ChangeDispatcher) subscribeURL(u *url.URL, name string, byName bool, partition PartitionKey, fn func(Change)) func() {
	if u == nil || fn == nil {
		return func() {}
	}
	cp := *u
	s := &subscription{fn: fn, url: &cp, req: newRequestURL(&cp), name: name, byName: byName, partition: partition}
	key := ""
	if h, ok := canonicalURLHost(u); ok {
		key = keyOf(d.psl, h)
	}
	return d.add(s, key)
}

func (d *ChangeDispatcher) add(s *subscription, key string) func() {
	d.subMu.Lock()
	d.nextID++
	s.id = d.nextID
	if s.url == nil {
		d.global[s.id] = s
	} else {
		m := d.byKey[key]
		if m == nil {
			m = make(map[uint64]*subscription)
			d.byKey[key] = m
		}
		m[s.id] = s
	}
	d.count.Add(1)
	d.subMu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			// Changes already queued for s are skipped when their
			// delivery reaches s; later ones are not queued for it.
			s.cancelled.Store(true)
			d.subMu.Lock()
			defer d.subMu.Unlock()
			if s.url == nil {
				delete(d.global, s.id)
			} else if m := d.byKey[key]; m != nil {
				delete(m, s.id)
				if len(m) == 0 {
					delete(d.byKey, key)
				}
			}
			d.count.Add(-1)
		})
	}
}

// active reports whether anyone subscribes; the Monster skips building
// changes otherwise.
func (d *ChangeDispatcher) active() bool { return d.count.Load() > 0 }

// matches reports whether a URL subscription wants the change of c.
func (s *subscription) matches(c *CanonicalCookie, now time.Time) bool {
	if s.byName && c.Name != s.name {
		return false
	}
	_, nonced := s.partition.Nonce()
	switch {
	case !c.IsPartitioned():
		if nonced {
			return false
		}
	case c.Partition != s.partition:
		return false
	}
	all := AllInclusiveOptions()
	return c.includeFor(&s.req, &all, now).Status.IsInclude()
}

// enqueue queues a change for the subscriptions that want it, in the
// order given: the cookie's name subscriptions and URL subscriptions of its
// key, then the global ones when notifyGlobal. It reports whether anybody
// wants it. The Monster calls it under its lock, so the queue is in the
// order of the changes.
func (d *ChangeDispatcher) enqueue(ch Change, key string, notifyGlobal bool) bool {
	d.subMu.Lock()
	var subs []*subscription
	if m := d.byKey[key]; len(m) > 0 {
		now := d.now()
		var named, all []*subscription
		for _, s := range m {
			if s.matches(&ch.Cookie, now) {
				if s.byName {
					named = append(named, s)
				} else {
					all = append(all, s)
				}
			}
		}
		sortSubs(named)
		sortSubs(all)
		subs = append(named, all...)
	}
	if notifyGlobal && len(d.global) > 0 {
		start := len(subs)
		for _, s := range d.global {
			subs = append(subs, s)
		}
		sortSubs(subs[start:])
	}
	d.subMu.Unlock()
	if len(subs) == 0 {
		return false
	}
	d.qMu.Lock()
	d.enqueued++
	d.queue = append(d.queue, pendingChange{change: ch, subs: subs})
	d.qMu.Unlock()
	return true
}

// sortSubs orders subscriptions by creation, so delivery is deterministic.
func sortSubs(s []*subscription) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].id < s[j-1].id; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// deliver is called, without the Monster's lock, by a call that queued
// changes. If a delivery is under way, on this goroutine or another, it
// returns at once: that delivery delivers the changes before it ends.
// Otherwise it delivers queued changes until none is left.
func (d *ChangeDispatcher) deliver() {
	d.qMu.Lock()
	if d.delivering || len(d.queue) == 0 {
		// A delivery is under way, maybe around this very call, or one
		// took the changes before this call came to deliver them.
		d.qMu.Unlock()
		return
	}
	d.delivering = true
	var (
		cur   pendingChange // the change being delivered
		next  int           // index in cur.subs of the next callback to run
		ended bool
	)
	defer func() {
		if ended {
			return
		}
		// A callback panicked or called runtime.Goexit: put back the
		// rest of the change in hand, for the next delivery to start
		// with, and end this delivery before the panic goes on.
		d.qMu.Lock()
		if next < len(cur.subs) {
			d.queue = slices.Insert(d.queue, 0, pendingChange{change: cur.change, subs: cur.subs[next:]})
		}
		d.delivering = false
		d.qMu.Unlock()
	}()
	for len(d.queue) > 0 {
		cur, next = d.queue[0], 0
		d.queue[0] = pendingChange{}
		d.queue = d.queue[1:]
		d.qMu.Unlock()
		for next < len(cur.subs) {
			s := cur.subs[next]
			next++
			if !s.cancelled.Load() {
				s.fn(cur.change)
			}
		}
		d.qMu.Lock()
	}
	// Seeing the queue empty and ending the delivery happen under qMu,
	// where a caller queues and then looks for a delivery under way: a
	// change queued after this point finds none and is delivered by its
	// own caller.
	d.queue = nil
	d.delivering = false
	d.qMu.Unlock()
	ended = true
}
