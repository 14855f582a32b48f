package electron_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/electron"
)

func TestPartitionStores(t *testing.T) {
	set := newSet(t, newClock(), cookiemonster.NewMemoryBackend(nil), cookiemonster.Limits{})
	tests := []struct {
		partition string
		id        string
		kind      cookiemonster.StoreKind
	}{
		{"", "default", cookiemonster.StorePersistent},
		{"persist:", "default", cookiemonster.StorePersistent},
		{"persist:work", "persist:work", cookiemonster.StorePersistent},
		{"persist:default", "persist:default", cookiemonster.StorePersistent},
		{"temp", "memory:temp", cookiemonster.StorePrivate},
		{"default", "memory:default", cookiemonster.StorePrivate},
		{"Persist:x", "memory:Persist:x", cookiemonster.StorePrivate},
		{"memory:x", "memory:memory:x", cookiemonster.StorePrivate},
	}
	for _, tt := range tests {
		t.Run(tt.partition, func(t *testing.T) {
			c := session(t, set, tt.partition)
			assert.Equal(t, tt.partition, c.Partition())
			assert.Equal(t, tt.id, c.StoreID())
			kind, open := set.Kind(tt.id)
			assert.True(t, open)
			assert.Equal(t, tt.kind, kind)
		})
	}
	d, err := electron.DefaultSession(context.Background(), set)
	require.NoError(t, err)
	assert.Equal(t, "", d.Partition())
	assert.Equal(t, "default", d.StoreID())
}

func TestPartitionsAreIsolated(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	set := newSet(t, clk, cookiemonster.NewMemoryBackend(nil), cookiemonster.Limits{})
	partitions := []string{"", "persist:a", "persist:b", "a", "b"}
	for i, p := range partitions {
		mustSet(t, clk, session(t, set, p), electron.Details{URL: "https://example.com/", Name: "n", Value: string(rune('0' + i))})
	}
	for i, p := range partitions {
		got, err := session(t, set, p).Get(ctx, electron.Filter{})
		require.NoError(t, err)
		assert.Equal(t, []pair{{"n", string(rune('0' + i))}}, pairs(got), "partition %q", p)
	}
	// "persist:" is the default session.
	got, err := session(t, set, "persist:").Get(ctx, electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"n", "0"}}, pairs(got))
}

func TestSamePartitionSameSession(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	set := newSet(t, clk, nil, cookiemonster.Limits{})
	for _, p := range []string{"", "persist:x", "x"} {
		one, two := session(t, set, p), session(t, set, p)
		var heard []electron.ChangedEvent
		cancel := two.OnChanged(func(e electron.ChangedEvent) { heard = append(heard, e) })
		mustSet(t, clk, one, electron.Details{URL: "https://example.com/", Name: "n", Value: p})
		cancel()
		got, err := two.Get(ctx, electron.Filter{})
		require.NoError(t, err)
		assert.Equal(t, []pair{{"n", p}}, pairs(got), "partition %q", p)
		require.Len(t, heard, 1)
		assert.Equal(t, pair{"n", p}, pair{heard[0].Cookie.Name, heard[0].Cookie.Value})
	}
}

func TestPersistentPartitionSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	backend := cookiemonster.NewMemoryBackend(nil)
	set := newSet(t, clk, backend, cookiemonster.Limits{})
	for _, p := range []string{"", "persist:work", "temp"} {
		mustSet(t, clk, session(t, set, p),
			electron.Details{URL: "https://example.com/", Name: "kept", Value: p, ExpirationDate: at(time.Hour)},
			electron.Details{URL: "https://example.com/", Name: "session", Value: p},
		)
	}
	require.NoError(t, set.Close())

	set = newSet(t, clk, backend, cookiemonster.Limits{})
	for _, tt := range []struct {
		partition string
		want      []pair
	}{
		{"", []pair{{"kept", ""}}},
		{"persist:work", []pair{{"kept", "persist:work"}}},
		{"temp", []pair{}},
	} {
		got, err := session(t, set, tt.partition).Get(ctx, electron.Filter{})
		require.NoError(t, err)
		assert.Equal(t, tt.want, pairs(got), "partition %q", tt.partition)
	}
}

func TestClosedStores(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	set := newSet(t, clk, cookiemonster.NewMemoryBackend(nil), cookiemonster.Limits{})
	work, temp := session(t, set, "persist:work"), session(t, set, "temp")
	for _, c := range []*electron.Cookies{work, temp} {
		mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: "n", Value: "1", ExpirationDate: at(time.Hour)})
		require.NoError(t, set.CloseStore(c.StoreID()))
	}

	// A persistent store opens again, with its cookies.
	got, err := work.Get(ctx, electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"n", "1"}}, pairs(got))

	// An in-memory one is gone.
	_, err = temp.Get(ctx, electron.Filter{})
	require.ErrorIs(t, err, cookiemonster.ErrNoStore)
	assert.Equal(t, `electron: session "temp": cookiemonster: no such store: "memory:temp"`, err.Error())
	// Until the partition is asked for again: a new, empty session.
	again := session(t, set, "temp")
	for _, c := range []*electron.Cookies{again, temp} {
		got, err = c.Get(ctx, electron.Filter{})
		require.NoError(t, err)
		assert.Equal(t, []pair{}, pairs(got))
	}
}

func TestPartitionKindConflict(t *testing.T) {
	ctx := context.Background()
	set := newSet(t, newClock(), nil, cookiemonster.Limits{})
	_, err := set.Create(ctx, "memory:x", cookiemonster.StorePersistent)
	require.NoError(t, err)
	_, err = set.Create(ctx, "persist:y", cookiemonster.StorePrivate)
	require.NoError(t, err)

	_, err = electron.FromPartition(ctx, set, "x")
	assert.EqualError(t, err, `electron: session "x": store "memory:x" is persistent, not private`)
	_, err = electron.FromPartition(ctx, set, "persist:y")
	assert.EqualError(t, err, `electron: session "persist:y": store "persist:y" is private, not persistent`)
}

func TestZeroAndNilCookies(t *testing.T) {
	ctx := context.Background()
	var zero electron.Cookies
	assert.Equal(t, "", zero.Partition())
	assert.Equal(t, "default", zero.StoreID())
	var heard []electron.ChangedEvent
	cancel := zero.OnChanged(func(e electron.ChangedEvent) { heard = append(heard, e) })
	defer cancel()
	require.NoError(t, zero.Set(ctx, electron.Details{URL: "https://example.com/", Name: "n", Value: "v"}))
	got, err := zero.Get(ctx, electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{{"n", "v"}}, pairs(got))
	require.NoError(t, zero.FlushStore(ctx))
	require.NoError(t, zero.Remove(ctx, "https://example.com/", "n"))
	assert.Equal(t, []change{{"explicit", false, "n", "v"}, {"explicit", true, "n", "v"}}, changes(heard))

	var nilc *electron.Cookies
	assert.Equal(t, "", nilc.Partition())
	assert.Equal(t, "default", nilc.StoreID())
	_, err = nilc.Get(ctx, electron.Filter{})
	assert.ErrorIs(t, err, electron.ErrNilCookies)
	assert.ErrorIs(t, nilc.Set(ctx, electron.Details{URL: "https://example.com/"}), electron.ErrNilCookies)
	assert.ErrorIs(t, nilc.Remove(ctx, "https://example.com/", "n"), electron.ErrNilCookies)
	assert.ErrorIs(t, nilc.FlushStore(ctx), electron.ErrNilCookies)
	nilc.OnChanged(func(electron.ChangedEvent) {})()
	zero.OnChanged(nil)()
}
