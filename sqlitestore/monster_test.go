package sqlitestore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMonsterRestart: a Monster over the store, closed and reopened on the
// same file, comes back with every field of every cookie intact.
func TestMonsterRestart(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	kA := partitionKey(1, true)
	kB := partitionKey(2, false)
	strict := cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)

	clk := &clock{t: t0}
	s := openKeep(t, path, nil, nil)
	a, err := cookiemonster.New(cookiemonster.Config{Store: s, PersistSessionCookies: true, Now: clk.Now})
	require.NoError(t, err)
	seeds := []struct {
		url, line string
		part      cookiemonster.PartitionKey
	}{
		{"https://example.com/", "pers=1; Max-Age=86400", cookiemonster.PartitionKey{}},
		{"https://example.com/", "sess=2", cookiemonster.PartitionKey{}},
		{"https://www.example.com/p/q", "dom=3; Domain=example.com; Path=/p; Max-Age=3600", cookiemonster.PartitionKey{}},
		{"https://example.com/", "lo=4; Priority=Low; SameSite=Lax; Max-Age=600", cookiemonster.PartitionKey{}},
		{"https://example.com/", "hi=5; Priority=High; SameSite=Strict; HttpOnly", cookiemonster.PartitionKey{}},
		{"https://example.com/", "none=6; SameSite=None; Secure; Max-Age=600", cookiemonster.PartitionKey{}},
		{"https://example.com/", "part=7; Secure; Partitioned; Max-Age=600", kA},
		{"https://example.com/", "part=8; Secure; Partitioned; SameSite=None", kB},
		{"http://example.com:8080/x/y", "port=9; Max-Age=600", cookiemonster.PartitionKey{}},
		{"http://localhost/", "lh=10; Secure; Max-Age=600", cookiemonster.PartitionKey{}},
		{"http://192.168.1.2/", "ip=11; Priority=Medium", cookiemonster.PartitionKey{}},
		{"https://example.com/", "=nameless; Max-Age=600", cookiemonster.PartitionKey{}},
		{"https://sub.example.co.uk/", "__Host-h=13; Secure; Path=/", cookiemonster.PartitionKey{}},
		{"https://sub.example.co.uk/", "__Secure-s=14; Secure; Domain=example.co.uk; HttpOnly", cookiemonster.PartitionKey{}},
		{"https://bücher.example.com/", "idn=15; Max-Age=1000", cookiemonster.PartitionKey{}},
		{"wss://ws.example.net/", "ws=16; Secure; SameSite=Lax; Max-Age=1000", cookiemonster.PartitionKey{}},
	}
	for _, sd := range seeds {
		res, err := a.SetCookieLine(ctx, mustURL(t, sd.url), sd.line, cookiemonster.HTTPOptions(strict, sd.part))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %s", sd.line, res.Status)
		clk.Advance(time.Second + 1234*time.Microsecond)
	}
	// Overwrite one, delete one, and read two past the access-time
	// threshold, so that every kind of write reaches the database.
	_, err = a.SetCookieLine(ctx, mustURL(t, "https://example.com/"), "pers=changed; Max-Age=7200", cookiemonster.HTTPOptions(strict, cookiemonster.PartitionKey{}))
	require.NoError(t, err)
	_, err = a.SetCookieLine(ctx, mustURL(t, "https://example.com/"), "lo=; Max-Age=0", cookiemonster.HTTPOptions(strict, cookiemonster.PartitionKey{}))
	require.NoError(t, err)
	clk.Advance(2 * time.Minute)
	_, _, err = a.Cookies(ctx, mustURL(t, "https://www.example.com/p/x"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	_, _, err = a.Cookies(ctx, mustURL(t, "https://example.com/"), cookiemonster.HTTPOptions(strict, kA))
	require.NoError(t, err)

	want, err := a.AllCookies(ctx)
	require.NoError(t, err)
	require.Len(t, want, len(seeds)-1)
	require.NoError(t, a.Close())

	clkB := &clock{t: clk.Now()}
	s2 := openKeep(t, path, nil, nil)
	b, err := cookiemonster.New(cookiemonster.Config{Store: s2, PersistSessionCookies: true, Now: clkB.Now})
	require.NoError(t, err)
	got, err := b.AllCookies(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	require.NoError(t, b.Flush(ctx))
	require.NoError(t, b.Close())

	// Without PersistSessionCookies, the session cookies are gone.
	var persistent []*cookiemonster.CanonicalCookie
	for _, c := range want {
		if c.IsPersistent() {
			persistent = append(persistent, c)
		}
	}
	require.Less(t, len(persistent), len(want))
	s3 := openT(t, path, nil, nil)
	m3, err := cookiemonster.New(cookiemonster.Config{Store: s3, Now: clkB.Now})
	require.NoError(t, err)
	got, err = m3.AllCookies(ctx)
	require.NoError(t, err)
	assert.Equal(t, persistent, got)
	require.NoError(t, m3.Close())
}

// TestMonsterPersistSessionCookies: Config.PersistSessionCookies alone
// decides whether a session cookie survives a restart. With it, the
// Monster writes the session cookie and the next Monster with it loads it
// back; the next one without it loads only the persistent cookie, and the
// session row is deleted from the file.
func TestMonsterPersistSessionCookies(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	clk := &clock{t: t0}
	u := mustURL(t, "https://www.example.com/")
	start := func(persist bool) *cookiemonster.Monster {
		t.Helper()
		m, err := cookiemonster.New(cookiemonster.Config{Store: openT(t, path, nil, nil), PersistSessionCookies: persist, Now: clk.Now})
		require.NoError(t, err)
		t.Cleanup(func() { _ = m.Close() })
		return m
	}
	a := start(true)
	for _, line := range []string{"pers=1; Max-Age=86400", "sid=2"} {
		res, err := a.SetCookieLine(ctx, u, line, cookiemonster.NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %s", line, res.Status)
	}
	set, err := a.AllCookies(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Close())
	require.Len(t, set, 2)
	pers, sid := set[0], set[1]
	require.Equal(t, []string{"pers", "1", "sid", "2"}, []string{pers.Name, pers.Value, sid.Name, sid.Value})
	assert.Equal(t, t0.Add(24*time.Hour), pers.Expiry)
	assert.True(t, sid.Expiry.IsZero(), "a session cookie")

	clk.Advance(time.Second)
	b := start(true)
	got, err := b.AllCookies(ctx)
	require.NoError(t, err)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{pers, sid}, got)
	require.NoError(t, b.Close())
	assert.Equal(t, 2, countRows(t, path))

	clk.Advance(time.Second)
	c := start(false)
	got, err = c.AllCookies(ctx)
	require.NoError(t, err)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{pers}, got)
	require.NoError(t, c.Close())
	assert.Equal(t, 1, countRows(t, path), "the session row is gone from the file")
	var name string
	require.NoError(t, rawDB(t, path).QueryRow(`SELECT name FROM cookies`).Scan(&name))
	assert.Equal(t, "pers", name)
}

// fillSites stores n cookies on each of the sites s0.com … s<k-1>.com.
func fillSites(t *testing.T, path string, sites, n int) {
	t.Helper()
	s := openT(t, path, nil, nil)
	for i := 0; i < sites; i++ {
		for j := 0; j < n; j++ {
			c := &cookiemonster.CanonicalCookie{Name: fmt.Sprintf("c%d", j), Value: "v", Domain: fmt.Sprintf(".s%d.com", i),
				Path: "/", Creation: t0.Add(time.Duration(j) * time.Second), Expiry: t0.Add(24 * time.Hour)}
			c.LastAccess, c.LastUpdate = c.Creation, c.Creation
			s.Add(c)
		}
	}
	require.NoError(t, s.Close())
}

// TestPriorityLoad: while the full load is held up, the first lookup on a
// site loads only that site (through LoadKey) and returns; a global
// operation waits for the full load.
func TestPriorityLoad(t *testing.T) {
	path := dbPath(t)
	fillSites(t, path, 600, 2) // three load chunks of 500 rows
	release := make(chan struct{})
	chunks := make(chan struct{}, 100)
	s := openT(t, path, nil, &testHooks{loadChunkRows: 500, beforeLoadChunk: func() {
		chunks <- struct{}{}
		<-release
	}})
	m, err := cookiemonster.New(cookiemonster.Config{Store: s, Now: func() time.Time { return t0.Add(time.Hour) }})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	<-chunks // Load is blocked before its first chunk

	ctx := context.Background()
	hdr, err := m.CookieHeader(ctx, mustURL(t, "https://www.s599.com/"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "c0=v; c1=v", hdr, "the priority load returned the site's cookies while Load is blocked")
	hdr, err = m.CookieHeader(ctx, mustURL(t, "https://s7.com/"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "c0=v; c1=v", hdr)

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = m.AllCookies(short)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a global operation waits for the full load")

	close(release)
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	assert.Len(t, all, 1200, "every cookie once: LoadKey's sites are not delivered twice")
	assert.Len(t, chunks, 2, "Load read the remaining two chunks")
	require.NoError(t, m.Flush(ctx))
}

// TestLoadKeyThenLoad checks the store's side of priority loading: LoadKey
// returns one eTLD+1 group (all its hosts), Load the rest, nothing twice.
func TestLoadKeyThenLoad(t *testing.T) {
	path := dbPath(t)
	s := openT(t, path, nil, nil)
	mk := func(name, domain string) *cookiemonster.CanonicalCookie {
		return &cookiemonster.CanonicalCookie{Name: name, Value: "v", Domain: domain, Path: "/", Creation: t0,
			LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour)}
	}
	group := []*cookiemonster.CanonicalCookie{mk("a", ".example.co.uk"), mk("b", "www.example.co.uk"), mk("c", "x.y.example.co.uk")}
	others := []*cookiemonster.CanonicalCookie{mk("d", "other.co.uk"), mk("e", "example.com"), mk("f", "localhost"), mk("g", "10.0.0.1")}
	for _, c := range append(append([]*cookiemonster.CanonicalCookie{}, group...), others...) {
		s.Add(c)
	}
	require.NoError(t, s.Close())

	s = openT(t, path, nil, nil)
	ctx := context.Background()
	got, err := s.LoadKey(ctx, "example.co.uk")
	require.NoError(t, err)
	assert.Equal(t, sorted(group), sorted(got))
	got, err = s.LoadKey(ctx, "example.co.uk")
	require.NoError(t, err)
	assert.Empty(t, got, "nothing twice")
	got, err = s.LoadKey(ctx, "localhost")
	require.NoError(t, err)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{others[2]}, got)
	got, err = s.LoadKey(ctx, "nothing.test")
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = s.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, sorted([]*cookiemonster.CanonicalCookie{others[0], others[1], others[3]}), sorted(got))
	got, err = s.Load(ctx)
	require.NoError(t, err)
	assert.Empty(t, got)
}

// TestLoadCancelled: a Load whose context is done returns nothing and
// leaves every group for the next Load or LoadKey.
func TestLoadCancelled(t *testing.T) {
	path := dbPath(t)
	fillSites(t, path, 10, 3)
	s := openT(t, path, nil, &testHooks{loadChunkRows: 4})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := s.Load(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, got)
	_, err = s.LoadKey(ctx, "s1.com")
	assert.ErrorIs(t, err, context.Canceled)
	got, err = s.LoadKey(context.Background(), "s1.com")
	require.NoError(t, err)
	assert.Len(t, got, 3)
	got, err = s.Load(context.Background())
	require.NoError(t, err)
	assert.Len(t, got, 27)
}
