package redisstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// TestCloseFromCallback: a subscriber that closes its Monster when it
// hears of another worker's change runs on the goroutine that follows the
// log (inside Monster.Replicate); the Close returns all the same.
func TestCloseFromCallback(t *testing.T) {
	client(t)
	jar := newJar(t)
	a := newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{})
	b := newWorker(t, "b", testRedis.addr, jar, cookiemonster.Config{})
	settle(t, a, b)
	closed := make(chan error, 1)
	var once sync.Once
	b.m.Changes().SubscribeAll(func(c cookiemonster.Change) {
		if c.Remote {
			once.Do(func() { closed <- b.m.Close() })
		}
	})
	require.True(t, setLine(t, a, "https://www.example.com/", "logout=1; Max-Age=3600"))
	require.NoError(t, a.m.Flush(t.Context()))
	select {
	case err := <-closed:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Monster.Close called from a change callback does not return")
	}
}

// TestCatchUpDuringClose: a CatchUp waiting for the log when its store
// closes returns ErrClosed at once.
func TestCatchUpDuringClose(t *testing.T) {
	client(t)
	jar := newJar(t)
	a := newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{})
	b, gate := gatedWorker(t, "b", jar, Options{})
	settle(t, a, b)
	gate.close()
	require.True(t, setLine(t, a, "https://www.example.com/", "x=1; Max-Age=3600"))
	require.NoError(t, a.m.Flush(t.Context()))
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.store.CatchUp(ctx) }()
	time.Sleep(100 * time.Millisecond) // CatchUp waits
	start := time.Now()
	require.NoError(t, b.m.Close())
	select {
	case err := <-done:
		require.ErrorIs(t, err, ErrClosed)
		require.Less(t, time.Since(start), 5*time.Second)
	case <-ctx.Done():
		t.Fatal("CatchUp still waits after Close")
	}
}
