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

func TestRemove(t *testing.T) {
	// The fixture of TestGetFilters:
	// a=1 www.example.com /, b=2 .example.com /docs Secure, c=3 example.com /
	// HttpOnly, a=4 sub.www.example.com /, e=5 other.test /.
	a1, b2, c3, a4, e5 := pair{"a", "1"}, pair{"b", "2"}, pair{"c", "3"}, pair{"a", "4"}, pair{"e", "5"}
	tests := []struct {
		name            string
		url, cookieName string
		left            []pair
	}{
		{"host-only cookie", "https://www.example.com/", "a", []pair{b2, c3, a4, e5}},
		{"deeper path", "https://www.example.com/x/y", "a", []pair{b2, c3, a4, e5}},
		{"not the cookies of other hosts", "https://sub.www.example.com/", "a", []pair{b2, a1, c3, e5}},
		{"domain cookie from a subdomain", "https://www.example.com/docs/p", "b", []pair{a1, c3, a4, e5}},
		{"not a Secure cookie from http", "http://www.example.com/docs/p", "b", []pair{b2, a1, c3, a4, e5}},
		{"not off its path", "https://www.example.com/", "b", []pair{b2, a1, c3, a4, e5}},
		{"HttpOnly cookie", "http://example.com/", "c", []pair{b2, a1, a4, e5}},
		{"name must match", "https://www.example.com/", "A", []pair{b2, a1, c3, a4, e5}},
		{"empty name", "https://www.example.com/", "", []pair{b2, a1, c3, a4, e5}},
		{"url that does not parse", "https://www.example.com/%zz", "a", []pair{b2, a1, c3, a4, e5}},
		{"empty url", "", "a", []pair{b2, a1, c3, a4, e5}},
		{"url without scheme", "www.example.com", "a", []pair{b2, a1, c3, a4, e5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := getFixture(t)
			require.NoError(t, c.Remove(context.Background(), tt.url, tt.cookieName))
			got, err := c.Get(context.Background(), electron.Filter{})
			require.NoError(t, err)
			assert.Equal(t, tt.left, pairs(got))
		})
	}
}

func TestRemoveEveryPartition(t *testing.T) {
	// Chromium's CookieDeletionInfo, which Electron's remove fills with a
	// URL and a name, selects every partition.
	clk := newClock()
	set := newSet(t, clk, nil, cookiemonster.Limits{})
	c := session(t, set, "")
	m, err := set.Store(context.Background(), cookiemonster.DefaultStoreID)
	require.NoError(t, err)
	top, err := cookiemonster.NewPartitionKey(mustURL(t, "https://top.test/"), false)
	require.NoError(t, err)
	o := cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict), top)
	_, err = m.SetCookieLine(context.Background(), mustURL(t, "https://embed.test/"), "p=1; Secure; Partitioned; SameSite=None", o)
	require.NoError(t, err)
	mustSet(t, clk, c, electron.Details{URL: "https://embed.test/", Name: "p", Value: "2"})

	require.NoError(t, c.Remove(context.Background(), "https://embed.test/", "p"))
	got, err := c.Get(context.Background(), electron.Filter{})
	require.NoError(t, err)
	assert.Equal(t, []pair{}, pairs(got))
}

func TestFlushStore(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	backend := cookiemonster.NewMemoryBackend(nil)
	set := newSet(t, clk, backend, cookiemonster.Limits{})
	for _, partition := range []string{"", "persist:work"} {
		c := session(t, set, partition)
		mustSet(t, clk, c,
			electron.Details{URL: "https://example.com/", Name: "kept", Value: "1", ExpirationDate: at(time.Hour)},
			electron.Details{URL: "https://example.com/", Name: "session", Value: "2"},
		)
		require.NoError(t, c.FlushStore(ctx))

		var names []string
		for _, bc := range backend.Cookies(c.StoreID()) {
			names = append(names, bc.Name+"="+bc.Value)
		}
		assert.Equal(t, []string{"kept=1"}, names, "partition %q: session cookies are not persisted", partition)
	}
	// An in-memory partition writes nothing.
	c := session(t, set, "temp")
	mustSet(t, clk, c, electron.Details{URL: "https://example.com/", Name: "n", ExpirationDate: at(time.Hour)})
	require.NoError(t, c.FlushStore(ctx))
	ids, err := backend.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"default", "persist:work"}, ids)
}
