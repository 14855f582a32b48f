package sqlitestore

import (
	"context"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test100kCookies: 100,000 cookies (host-only and domain, partitioned
// with both ancestor bits, session and persistent, every priority,
// SameSite, source scheme and several ports), written through the store,
// survive close and reopen field for field: a Monster over the reopened
// store returns them all from AllCookies.
func Test100kCookies(t *testing.T) {
	if testing.Short() {
		t.Skip("100k cookies: skipped with -short")
	}
	const n = 100_000
	start := time.Now()
	path := dbPath(t)
	want := make([]*cookiemonster.CanonicalCookie, n)
	kinds := map[string]int{}
	for i := range want {
		c := genCookie(i)
		want[i] = c
		if c.IsPartitioned() {
			kinds["partitioned"]++
		}
		if !c.IsPersistent() {
			kinds["session"]++
		}
		kinds["priority "+c.Priority.String()]++
	}
	assert.Equal(t, map[string]int{"partitioned": 20000, "session": 14286, "priority Low": 33334,
		"priority Medium": 33333, "priority High": 33333}, kinds)

	s := openKeep(t, path, nil, nil)
	for _, c := range want {
		s.Add(c)
	}
	require.NoError(t, s.Close())
	t.Logf("wrote %d cookies in %v", n, time.Since(start))
	require.Equal(t, n, countRows(t, path))

	// Reopened under a Monster that persists session cookies (so that the
	// store's Load and the Monster's load path both run), AllCookies is the
	// same jar, sorted for the Cookie header.
	mid := time.Now()
	s = openKeep(t, path, nil, nil)
	now := t0.Add(-5 * 24 * time.Hour) // before every expiry
	m, err := cookiemonster.New(cookiemonster.Config{Store: s, PersistSessionCookies: true, Now: func() time.Time { return now }})
	require.NoError(t, err)
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	require.NoError(t, m.Close())
	t.Logf("Monster reload of %d cookies in %v", len(all), time.Since(mid))
	exp := sorted(want)
	cookiemonster.SortCookies(exp)
	assert.Equal(t, exp, all)
	t.Logf("total %v", time.Since(start))
}
