package webext

import (
	"sync"

	"github.com/cookiemonster-go/cookiemonster"
)

// OnChanged calls listener for every change to a cookie covered by the host
// permissions, in every store of the set, including stores opened later,
// as cookies.onChanged fires: an insertion is {removed: false, cause:
// "explicit"}; a set over an equivalent cookie is {removed: true, cause:
// "overwrite"} with the old cookie, then the insertion of the new one; a
// removal by Remove is "explicit", by expiry "expired", by eviction
// "evicted", by a set with an expiry in the past "expired_overwrite". The
// store's unknown-deletion cause, which Chrome never reports, is
// "explicit". Cookies of nonced (anonymous) partitions are not reported,
// as Chrome does not report them.
//
// The listener is called by the call that made the change, after the
// store has released its lock (so it may call the API), once for each
// change, in the order of the store's changes. Changes of different stores
// may be reported concurrently. cancel stops the calls (one under way may
// still finish); it may be called more than once, from the listener too.
// A nil listener hears nothing.
func (a *API) OnChanged(listener func(ChangeInfo)) (cancel func()) {
	if a == nil || listener == nil {
		return func() {}
	}
	var (
		mu      sync.Mutex
		stopped bool
		cancels []func()
	)
	stopWatch := a.storeSet().WatchStores(func(id string, m *cookiemonster.Monster) {
		stop := m.Changes().SubscribeAll(func(ch cookiemonster.Change) {
			if info, ok := a.changeInfo(id, &ch); ok {
				listener(info)
			}
		})
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			stop()
			return
		}
		cancels = append(cancels, stop)
	})
	return func() {
		stopWatch()
		mu.Lock()
		stopped = true
		list := cancels
		cancels = nil
		mu.Unlock()
		for _, stop := range list {
			stop()
		}
	}
}

// changeInfo maps a store's change to the event; ok is false for a change
// the API does not report.
func (a *API) changeInfo(storeID string, ch *cookiemonster.Change) (ChangeInfo, bool) {
	if !a.perms.coversCookie(&ch.Cookie) {
		return ChangeInfo{}, false
	}
	c, ok := CookieOf(&ch.Cookie, storeID)
	if !ok {
		return ChangeInfo{}, false
	}
	info := ChangeInfo{Removed: ch.Cause.Removed(), Cookie: c, Cause: CauseExplicit}
	switch ch.Cause {
	case cookiemonster.CauseOverwrite:
		info.Cause = CauseOverwrite
	case cookiemonster.CauseExpired:
		info.Cause = CauseExpired
	case cookiemonster.CauseEvicted:
		info.Cause = CauseEvicted
	case cookiemonster.CauseExpiredOverwrite:
		info.Cause = CauseExpiredOverwrite
	}
	return info, true
}
