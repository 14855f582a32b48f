package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStressSubscribersCancelEachOther: two subscriptions cancel each
// other, and a third cancels itself, from their callbacks while four
// writers set cookies; a fourth subscribes anew from inside callbacks. No
// callback runs after its cancel has returned to the callback that
// cancelled it, nothing deadlocks, and a subscription kept to the end sees
// every change.
func TestStressSubscribersCancelEachOther(t *testing.T) {
	m, err := New(Config{})
	require.NoError(t, err)
	defer m.Close()
	ctx := context.Background()

	var (
		cancelA, cancelB, cancelSelf atomic.Pointer[func()]
		aDone, bDone, selfDone       atomic.Bool
		lateA, lateB, lateSelf       atomic.Int64
		nested                       atomic.Int64
		progress                     atomic.Int64
	)
	a := m.Changes().SubscribeAll(func(Change) {
		if aDone.Load() {
			lateA.Add(1)
		}
		if f := cancelB.Load(); f != nil && !bDone.Load() {
			(*f)()
			bDone.Store(true)
		}
	})
	b := m.Changes().SubscribeAll(func(Change) {
		if bDone.Load() {
			lateB.Add(1)
		}
		if f := cancelA.Load(); f != nil && !aDone.Load() {
			(*f)()
			aDone.Store(true)
		}
	})
	cancelA.Store(&a)
	cancelB.Store(&b)
	self := m.Changes().SubscribeAll(func(ch Change) {
		if selfDone.Load() {
			lateSelf.Add(1)
			return
		}
		if ch.Cause == CauseInserted {
			(*cancelSelf.Load())()
			selfDone.Store(true)
		}
	})
	cancelSelf.Store(&self)
	renew := m.Changes().SubscribeAll(func(ch Change) {
		if ch.Cause == CauseInserted && ch.Cookie.Name == "w0" {
			c := m.Changes().SubscribeAll(func(Change) { nested.Add(1) })
			c()
		}
	})
	defer renew()
	var all atomic.Int64
	keep := m.Changes().SubscribeAll(func(Change) { all.Add(1) })
	defer keep()

	const workers, sets = 4, 300
	var stored atomic.Int64
	stressWithTimeout(t, 30*time.Second, progress.Load, func() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range sets {
					u := mustURL(t, fmt.Sprintf("https://s%d.example/", i%20))
					res, err := m.SetCookieLine(ctx, u, fmt.Sprintf("w%d=%d", w, i), NavigationOptions())
					assert.NoError(t, err)
					if res.Status.IsInclude() {
						stored.Add(1)
					}
					progress.Add(1)
				}
			}()
		}
		wg.Wait()
	})
	// Each callback records whether it ran after the one cancelling it
	// had returned from cancel: a cancel from another callback does not
	// wait for a running callback, so at most the one already running
	// may finish.
	assert.LessOrEqual(t, lateA.Load(), int64(1))
	assert.LessOrEqual(t, lateB.Load(), int64(1))
	assert.Zero(t, lateSelf.Load(), "a callback that cancels itself is never called again")
	assert.True(t, aDone.Load() || bDone.Load())
	// Every set stored a cookie (an insertion) and, after the first
	// round, overwrote one (an overwrite): the kept subscription saw each.
	assert.Equal(t, int64(workers*sets), stored.Load())
	assert.Equal(t, int64(workers*sets+workers*(sets-20)), all.Load(), "insertions and overwrites")
}

// TestStressCloseDuringTraffic: Close while eight goroutines set, read and
// subscribe. Close returns within a bound; every call after it fails with
// ErrClosed; no call panics or hangs.
func TestStressCloseDuringTraffic(t *testing.T) {
	m, err := New(Config{Store: NewMemoryStore(nil)})
	require.NoError(t, err)
	ctx := context.Background()
	var (
		calls   atomic.Int64
		closedN atomic.Int64
		other   atomic.Int64
		wg      sync.WaitGroup
	)
	stop := make(chan struct{})
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				u := mustURL(t, fmt.Sprintf("https://s%d.example/", i%50))
				var err error
				switch (w + i) % 4 {
				case 0:
					_, err = m.SetCookieLine(ctx, u, fmt.Sprintf("c%d=%d", w, i), NavigationOptions())
				case 1:
					_, err = m.CookieHeader(ctx, u, NavigationOptions())
				case 2:
					cancel := m.Changes().SubscribeURL(u, PartitionKey{}, func(Change) {})
					cancel()
				case 3:
					_, err = m.AllCookies(ctx)
				}
				calls.Add(1)
				switch {
				case err == nil:
				case errors.Is(err, ErrClosed):
					closedN.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	for calls.Load() < 2000 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	require.NoError(t, m.Close())
	took := time.Since(start)
	before := calls.Load()
	for calls.Load() < before+200 {
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	assert.Less(t, took, 5*time.Second, "Close returns within a bound")
	assert.Positive(t, closedN.Load(), "calls after Close fail with ErrClosed")
	assert.Zero(t, other.Load(), "no other error")
	_, err = m.SetCookieLine(ctx, mustURL(t, "https://s1.example/"), "late=1", NavigationOptions())
	assert.ErrorIs(t, err, ErrClosed)
	_, err = m.CookieHeader(ctx, mustURL(t, "https://s1.example/"), NavigationOptions())
	assert.ErrorIs(t, err, ErrClosed)
	assert.ErrorIs(t, m.Close(), ErrClosed, "a second Close")
}
