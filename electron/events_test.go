package electron_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/electron"
)

// recorder collects the events of a session.
type recorder struct {
	mu     sync.Mutex
	events []electron.ChangedEvent
}

func (r *recorder) listen(e electron.ChangedEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// take returns the changes heard since the last take.
func (r *recorder) take() []change {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := changes(r.events)
	r.events = nil
	return out
}

func TestChangedEvents(t *testing.T) {
	const u = "https://example.com/"
	ctx := context.Background()
	clk := newClock()
	c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "persist:events")
	var rec recorder
	cancel := c.OnChanged(rec.listen)
	defer cancel()

	// Insert.
	mustSet(t, clk, c, electron.Details{URL: u, Name: "a", Value: "1"})
	assert.Equal(t, []change{{"explicit", false, "a", "1"}}, rec.take())

	// Update: the old cookie is overwritten, then the new one inserted.
	mustSet(t, clk, c, electron.Details{URL: u, Name: "a", Value: "2"})
	assert.Equal(t, []change{{"overwrite", true, "a", "1"}, {"explicit", false, "a", "2"}}, rec.take())

	// The same value again: still an overwrite and an insertion.
	mustSet(t, clk, c, electron.Details{URL: u, Name: "a", Value: "2"})
	assert.Equal(t, []change{{"overwrite", true, "a", "2"}, {"explicit", false, "a", "2"}}, rec.take())

	// Remove.
	require.NoError(t, c.Remove(ctx, u, "a"))
	assert.Equal(t, []change{{"explicit", true, "a", "2"}}, rec.take())

	// Remove of nothing.
	require.NoError(t, c.Remove(ctx, u, "a"))
	assert.Equal(t, []change{}, rec.take())

	// Expiry: noticed by the first read after the clock passes it.
	mustSet(t, clk, c, electron.Details{URL: u, Name: "e", Value: "1", ExpirationDate: at(time.Minute)})
	assert.Equal(t, []change{{"explicit", false, "e", "1"}}, rec.take())
	clk.Advance(2 * time.Minute)
	assert.Equal(t, []change{}, rec.take())
	got, err := c.Get(ctx, electron.Filter{URL: u})
	require.NoError(t, err)
	assert.Equal(t, []pair{}, pairs(got))
	assert.Equal(t, []change{{"expired", true, "e", "1"}}, rec.take())

	// Expired overwrite: a past expirationDate deletes the cookie and
	// stores nothing.
	mustSet(t, clk, c, electron.Details{URL: u, Name: "x", Value: "1"})
	assert.Equal(t, []change{{"explicit", false, "x", "1"}}, rec.take())
	require.NoError(t, c.Set(ctx, electron.Details{URL: u, Name: "x", Value: "2", ExpirationDate: at(-time.Hour)}))
	assert.Equal(t, []change{{"expired-overwrite", true, "x", "1"}}, rec.take())
	got, err = c.Get(ctx, electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{}, pairs(got))

	// A refused set changes nothing.
	require.Error(t, c.Set(ctx, electron.Details{URL: "http://example.com/", Name: "s", Secure: new(true)}))
	assert.Equal(t, []change{}, rec.take())

	// After cancel, nothing is heard; cancel may be called again.
	cancel()
	cancel()
	mustSet(t, clk, c, electron.Details{URL: u, Name: "late", Value: "1"})
	assert.Equal(t, []change{}, rec.take())
}

func TestChangedEventCookie(t *testing.T) {
	clk := newClock()
	c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
	var rec recorder
	defer c.OnChanged(rec.listen)()
	mustSet(t, clk, c, electron.Details{URL: "https://www.example.com/a/b", Name: "n", Value: "v", Domain: "example.com",
		Secure: new(true), HTTPOnly: true, ExpirationDate: at(time.Hour), SameSite: electron.SameSiteStrict})
	require.Len(t, rec.events, 1)
	assert.Equal(t, electron.ChangedEvent{
		Cookie: electron.Cookie{Name: "n", Value: "v", Domain: ".example.com", Path: "/a", Secure: true, HTTPOnly: true,
			ExpirationDate: float64(t0.Add(time.Hour).Unix()), SameSite: "strict"},
		Cause: "explicit",
	}, rec.events[0])
}

func TestChangedEventsEviction(t *testing.T) {
	// Above 3 cookies for a site, eviction brings it down to 2, the least
	// recently used first.
	clk := newClock()
	c := session(t, newSet(t, clk, nil, cookiemonster.Limits{MaxCookiesPerKey: 3, PurgeCookiesPerKeyTo: 2}), "")
	var rec recorder
	defer c.OnChanged(rec.listen)()
	for _, n := range []string{"a", "b", "c"} {
		mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: n, Value: "1"})
	}
	assert.Equal(t, []change{{"explicit", false, "a", "1"}, {"explicit", false, "b", "1"}, {"explicit", false, "c", "1"}}, rec.take())

	mustSet(t, clk, c, electron.Details{URL: "https://www.example.com/", Name: "d", Value: "1"})
	assert.Equal(t, []change{{"explicit", false, "d", "1"}, {"evicted", true, "a", "1"}, {"evicted", true, "b", "1"}}, rec.take())
	got, err := c.Get(context.Background(), electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"c", "1"}, {"d", "1"}}, pairs(got))
}

func TestChangedEventsOwnStoreOnly(t *testing.T) {
	clk := newClock()
	set := newSet(t, clk, nil, cookiemonster.Limits{})
	sessions := []*electron.Cookies{session(t, set, ""), session(t, set, "persist:x"), session(t, set, "x")}
	recs := make([]recorder, len(sessions))
	for i, c := range sessions {
		defer c.OnChanged(recs[i].listen)()
	}
	for i, c := range sessions {
		mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: c.StoreID(), Value: string(rune('0' + i))})
	}
	for i, c := range sessions {
		assert.Equal(t, []change{{"explicit", false, c.StoreID(), string(rune('0' + i))}}, recs[i].take(), c.StoreID())
	}
}

func TestChangedEventsAfterReopen(t *testing.T) {
	// A persistent store closed and opened again is still heard; a
	// listener cancelled meanwhile is not.
	ctx := context.Background()
	clk := newClock()
	set := newSet(t, clk, cookiemonster.NewMemoryBackend(nil), cookiemonster.Limits{})
	c := session(t, set, "persist:work")
	var kept, dropped recorder
	defer c.OnChanged(kept.listen)()
	cancel := c.OnChanged(dropped.listen)
	mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: "a", Value: "1", ExpirationDate: at(time.Hour)})
	require.NoError(t, set.CloseStore(c.StoreID()))
	cancel()

	require.NoError(t, c.Remove(ctx, "https://example.com/", "a")) // opens the store again
	assert.Equal(t, []change{{"explicit", false, "a", "1"}, {"explicit", true, "a", "1"}}, kept.take())
	assert.Equal(t, []change{{"explicit", false, "a", "1"}}, dropped.take())
}

func TestChangedEventsCancelFromListener(t *testing.T) {
	clk := newClock()
	c := session(t, newSet(t, clk, nil, cookiemonster.Limits{}), "")
	var rec recorder
	var cancel func()
	cancel = c.OnChanged(func(e electron.ChangedEvent) {
		rec.listen(e)
		cancel()
	})
	mustSet(t, clk, c,
		electron.Details{URL: "https://example.com/", Name: "a", Value: "1"},
		electron.Details{URL: "https://example.com/", Name: "b", Value: "1"},
	)
	assert.Equal(t, []change{{"explicit", false, "a", "1"}}, rec.take())
}
