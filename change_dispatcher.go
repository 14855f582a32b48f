package cookiemonster

import (
	"net/url"
	"runtime"
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
	// AccessResult is the result of the set for an insertion; for a
	// removal its EffectiveSameSite is EffectiveUndefined.
	AccessResult AccessResult
}

// ChangeDispatcher delivers changes to subscribers. Subscriptions may be
// made at any time; a callback runs outside the store's lock, never two at
// once for the same dispatcher, and in the order the changes happened. A
// callback may call back into the Monster: the changes that causes are
// delivered right after the callback returns. Otherwise a call that changes
// the store returns only after its changes have been delivered.
//
// With no subscription, changes cost nothing.
type ChangeDispatcher struct {
	psl PublicSuffixList
	now func() time.Time

	// subMu guards the subscriptions; it is taken under the Monster's lock.
	subMu   sync.Mutex
	subCond *sync.Cond
	// running is the subscription whose callback runs now; cancel waits
	// for it.
	running *subscription
	nextID  uint64
	global  map[uint64]*subscription
	// byKey holds URL and cookie subscriptions by the storage key of
	// their URL.
	byKey map[string]map[uint64]*subscription
	count atomic.Int64

	// qMu guards the queue and the delivery state.
	qMu        sync.Mutex
	cond       *sync.Cond
	queue      []pendingChange
	enqueued   uint64 // sequence number of the last queued change
	delivered  uint64 // sequence number of the last delivered change
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
	cancelled bool
}

type pendingChange struct {
	seq    uint64
	change Change
	subs   []*subscription
}

func newChangeDispatcher(psl PublicSuffixList, now func() time.Time) *ChangeDispatcher {
	d := &ChangeDispatcher{
		psl:    psl,
		now:    now,
		global: make(map[uint64]*subscription),
		byKey:  make(map[string]map[uint64]*subscription),
	}
	d.cond = sync.NewCond(&d.qMu)
	d.subCond = sync.NewCond(&d.subMu)
	return d
}

// SubscribeAll calls fn for every change in every partition, except the
// removal of duplicates found when loading a store. cancel ends the
// subscription; fn is not called after cancel returns, unless cancel is
// called from fn itself.
func (d *ChangeDispatcher) SubscribeAll(fn func(Change)) (cancel func()) {
	return d.add(&subscription{fn: fn}, "")
}

// SubscribeURL calls fn for every change of a cookie that would be sent to
// u in an all-inclusive context (domain, path and Secure apply; HttpOnly
// and SameSite do not). partition selects partitioned cookies: zero sees
// only unpartitioned cookies; a key sees that partition too; a nonced key
// sees only its partition.
func (d *ChangeDispatcher) SubscribeURL(u *url.URL, partition PartitionKey, fn func(Change)) (cancel func()) {
	return d.subscribeURL(u, "", false, partition, fn)
}

// SubscribeCookie is SubscribeURL restricted to cookies named name.
func (d *ChangeDispatcher) SubscribeCookie(u *url.URL, name string, partition PartitionKey, fn func(Change)) (cancel func()) {
	return d.subscribeURL(u, name, true, partition, fn)
}

func (d *ChangeDispatcher) subscribeURL(u *url.URL, name string, byName bool, partition PartitionKey, fn func(Change)) func() {
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
			d.subMu.Lock()
			defer d.subMu.Unlock()
			s.cancelled = true
			// A callback of s running elsewhere finishes before cancel
			// returns; from inside a callback, cancel cannot wait.
			if d.running == s && !insideCallback() {
				for d.running == s {
					d.subCond.Wait()
				}
			}
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
	return c.includeFor(&s.req, AllInclusiveOptions(), now).Status.IsInclude()
}

// enqueue queues a change for the subscriptions that want it, in the
// order given: the cookie's name subscriptions and URL subscriptions of its
// key, then the global ones when notifyGlobal. It returns the change's
// sequence number, 0 when nobody wants it. The Monster calls it under its
// lock, so the queue is in the order of the changes.
func (d *ChangeDispatcher) enqueue(ch Change, key string, notifyGlobal bool) uint64 {
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
		return 0
	}
	d.qMu.Lock()
	d.enqueued++
	seq := d.enqueued
	d.queue = append(d.queue, pendingChange{seq: seq, change: ch, subs: subs})
	d.qMu.Unlock()
	return seq
}

// sortSubs orders subscriptions by creation, so delivery is deterministic.
func sortSubs(s []*subscription) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].id < s[j-1].id; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// deliver delivers queued changes until the one numbered seq has been
// delivered. When another goroutine is delivering, it waits for it, unless
// that goroutine is this one (a callback calling into the Monster): then the
// outer delivery goes on once the callback returns.
func (d *ChangeDispatcher) deliver(seq uint64) {
	if seq == 0 {
		return
	}
	d.qMu.Lock()
	checked := false
	for d.delivered < seq && d.delivering {
		if !checked {
			// A call from inside a callback must not wait for the
			// delivery it is part of: the outer one goes on after it.
			checked = true
			if insideCallback() {
				d.qMu.Unlock()
				return
			}
		}
		d.cond.Wait()
	}
	if d.delivered >= seq {
		d.qMu.Unlock()
		return
	}
	d.delivering = true
	for len(d.queue) > 0 {
		p := d.queue[0]
		d.queue[0] = pendingChange{}
		d.queue = d.queue[1:]
		d.qMu.Unlock()
		for _, s := range p.subs {
			d.subMu.Lock()
			cancelled := s.cancelled
			if !cancelled {
				d.running = s
			}
			d.subMu.Unlock()
			if !cancelled {
				d.run(s.fn, p.change)
				d.endRun()
			}
		}
		d.qMu.Lock()
		d.delivered = p.seq
		d.cond.Broadcast()
	}
	d.queue = nil
	d.delivering = false
	d.cond.Broadcast()
	d.qMu.Unlock()
}

// run calls a callback; a panicking callback does not stop the delivery
// of the other changes, and its panic is re-raised on the delivering
// goroutine only after the queue state is consistent.
func (d *ChangeDispatcher) run(fn func(Change), ch Change) {
	defer func() {
		if r := recover(); r != nil {
			d.endRun()
			d.qMu.Lock()
			d.delivering = false
			d.cond.Broadcast()
			d.qMu.Unlock()
			panic(r)
		}
	}()
	fn(ch)
}

// endRun marks the end of a callback and wakes cancels waiting for it.
func (d *ChangeDispatcher) endRun() {
	d.subMu.Lock()
	d.running = nil
	d.subCond.Broadcast()
	d.subMu.Unlock()
}

// runFunc is the name of the function every callback runs under.
const runFunc = "github.com/cookiemonster-go/cookiemonster.(*ChangeDispatcher).run"

// insideCallback reports whether the calling goroutine is running a change
// callback, that is, whether ChangeDispatcher.run is on its stack. Only the
// delivering goroutine runs callbacks, so this tells a call from inside a
// callback from a call by another goroutine. It walks the stack, so it is
// only asked when a delivery is already under way.
func insideCallback() bool {
	var pcs [64]uintptr
	for skip := 2; ; skip += len(pcs) {
		n := runtime.Callers(skip, pcs[:])
		frames := runtime.CallersFrames(pcs[:n])
		for {
			f, more := frames.Next()
			if f.Function == runFunc {
				return true
			}
			if !more {
				break
			}
		}
		if n < len(pcs) {
			return false
		}
	}
}
