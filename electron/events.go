package electron

import (
	"sync"

	"github.com/cookiemonster-go/cookiemonster"
)

// Cause is why a cookie changed, as the 'changed' event names it.
type Cause string

// Causes of the 'changed' event.
const (
	// CauseExplicit: the cookie was inserted (removed false), or deleted
	// by a call such as Remove (removed true).
	CauseExplicit Cause = "explicit"
	// CauseOverwrite: the cookie was removed because an insertion
	// replaced it.
	CauseOverwrite Cause = "overwrite"
	// CauseExpired: the cookie was removed because it expired.
	CauseExpired Cause = "expired"
	// CauseEvicted: the cookie was evicted by garbage collection.
	CauseEvicted Cause = "evicted"
	// CauseExpiredOverwrite: the cookie was removed by a cookie set with
	// an expiration date already past.
	CauseExpiredOverwrite Cause = "expired-overwrite"
	// CauseUnknown: the cookie was removed for a reason the store does
	// not know; Electron names every other cause so.
	CauseUnknown Cause = "unknown"
)

// ChangedEvent is one 'changed' event: the arguments Electron passes to a
// listener after the event object.
type ChangedEvent struct {
	// Cookie is the cookie that was inserted or removed.
	Cookie Cookie `json:"cookie"`
	// Cause says why.
	Cause Cause `json:"cause"`
	// Removed is true when the cookie was removed, false when inserted.
	Removed bool `json:"removed"`
}

// changedEventOf converts a change of the store as Electron's
// OnCookieChanged does.
func changedEventOf(ch *cookiemonster.Change) ChangedEvent {
	return ChangedEvent{
		Cookie:  cookieOf(&ch.Cookie),
		Cause:   causeOf(ch.Cause),
		Removed: ch.Cause != cookiemonster.CauseInserted,
	}
}

// causeOf names c as Electron's CookieChangeCause converter does.
func causeOf(c cookiemonster.ChangeCause) Cause {
	switch c {
	case cookiemonster.CauseInserted, cookiemonster.CauseExplicit:
		return CauseExplicit
	case cookiemonster.CauseOverwrite:
		return CauseOverwrite
	case cookiemonster.CauseExpired:
		return CauseExpired
	case cookiemonster.CauseEvicted:
		return CauseEvicted
	case cookiemonster.CauseExpiredOverwrite:
		return CauseExpiredOverwrite
	}
	return CauseUnknown
}

// OnChanged calls listener for every change of the session's cookies, as
// cookies.on('changed', listener) does, until cancel is called. It hears
// the session's store only, in the order of its changes, also after a
// persistent store was closed and opened again. listener runs on the
// goroutine that made the change, after the store's lock is released, never
// twice at once for one store (see [cookiemonster.ChangeDispatcher]).
//
// cancel, like [cookiemonster.ChangeDispatcher.SubscribeAll]'s, does not
// wait for a call of listener that is running; it may be called more than
// once and from listener. A nil listener hears nothing.
func (c *Cookies) OnChanged(listener func(ChangedEvent)) (cancel func()) {
	if c == nil || listener == nil {
		return func() {}
	}
	set, id := c.storeSet()
	s := &subscription{}
	s.unwatch = set.WatchStores(func(storeID string, m *cookiemonster.Monster) {
		if storeID != id {
			return
		}
		// WatchStores holds the set's lock: subscribing is all this does.
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.done {
			return
		}
		s.cancels = append(s.cancels, m.Changes().SubscribeAll(func(ch cookiemonster.Change) {
			listener(changedEventOf(&ch))
		}))
	})
	return s.cancel
}

// subscription is one OnChanged listener's hold on the Monsters its store
// has had.
type subscription struct {
	unwatch func()

	mu      sync.Mutex
	done    bool
	cancels []func()
}

// cancel ends the subscription. The set's lock is not taken under s.mu,
// which WatchStores' callback takes under the set's lock.
func (s *subscription) cancel() {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return
	}
	s.done = true
	cancels := s.cancels
	s.cancels = nil
	s.mu.Unlock()
	s.unwatch()
	for _, c := range cancels {
		c()
	}
}
