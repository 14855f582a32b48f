package electron_test

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/electron"
)

// t0 is the time every test clock starts at.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// clock is a settable clock for Config.Now, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newSet returns a store set on clk over backend (nil: memory only) with
// limits, closed when the test ends.
func newSet(t *testing.T, clk *clock, backend cookiemonster.StoreBackend, limits cookiemonster.Limits) *cookiemonster.StoreSet {
	t.Helper()
	set, err := cookiemonster.NewStoreSet(context.Background(), cookiemonster.StoreSetConfig{
		Config:  cookiemonster.Config{Now: clk.Now, Limits: limits},
		Backend: backend,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = set.Close() })
	return set
}

// session returns the session of partition in set.
func session(t *testing.T, set *cookiemonster.StoreSet, partition string) *electron.Cookies {
	t.Helper()
	c, err := electron.FromPartition(context.Background(), set, partition)
	require.NoError(t, err)
	return c
}

// at returns the expiration date d after the clock's start, in seconds.
func at(d time.Duration) *float64 { return electron.UnixSeconds(t0.Add(d)) }

// pair is a cookie's name and value.
type pair struct{ Name, Value string }

// pairs returns the names and values of cookies, in order.
func pairs(cookies []electron.Cookie) []pair {
	out := []pair{}
	for _, c := range cookies {
		out = append(out, pair{c.Name, c.Value})
	}
	return out
}

// mustSet sets each of details in order, the clock advancing a second
// before each, so that every cookie has its own creation time.
func mustSet(t *testing.T, clk *clock, c *electron.Cookies, details ...electron.Details) {
	t.Helper()
	for _, d := range details {
		clk.Advance(time.Second)
		require.NoError(t, c.Set(context.Background(), d), "%+v", d)
	}
}

// mustURL parses s.
func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// change is what a test checks of a ChangedEvent.
type change struct {
	Cause       electron.Cause
	Removed     bool
	Name, Value string
}

// changes returns the causes, removed flags, names and values of events.
func changes(events []electron.ChangedEvent) []change {
	out := []change{}
	for _, e := range events {
		out = append(out, change{e.Cause, e.Removed, e.Cookie.Name, e.Cookie.Value})
	}
	return out
}
