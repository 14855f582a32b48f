package sqlitestore

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// row is what the session cleanup tests read of a row of the file.
type row struct {
	Host, Name string
	Secure     bool
	TopFrame   string // top_frame_site_key: "" unless partitioned
}

func (r row) String() string {
	return fmt.Sprintf("%s %s secure=%v top=%q", r.Host, r.Name, r.Secure, r.TopFrame)
}

// rowsIn reads the rows of the file at path, from the cookies table
// (storeID "") or from the rows of storeID in store_cookies, ordered by
// host_key and name, through a connection of its own.
func rowsIn(t testing.TB, path, storeID string) []row {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	defer db.Close()
	q, args := `SELECT host_key, name, is_secure, top_frame_site_key FROM cookies ORDER BY host_key, name`, []any(nil)
	if storeID != "" {
		q = `SELECT host_key, name, is_secure, top_frame_site_key FROM store_cookies WHERE store_id = ? ORDER BY host_key, name`
		args = []any{storeID}
	}
	rs, err := db.Query(q, args...)
	require.NoError(t, err)
	defer rs.Close()
	out := []row{}
	for rs.Next() {
		var r row
		require.NoError(t, rs.Scan(&r.Host, &r.Name, &r.Secure, &r.TopFrame))
		out = append(out, r)
	}
	require.NoError(t, rs.Err())
	return out
}

// siteA makes the site a.example session-only: its host, its subdomains
// and its domain cookies, secure or not.
func siteA(domain string, _ bool) bool {
	d := strings.TrimPrefix(domain, ".")
	return d == "a.example" || strings.HasSuffix(d, ".a.example")
}

// cleanupLines are the cookies the session cleanup tests set: a.example's
// of every kind, and b.example's.
var cleanupLines = []struct {
	url, line string
	partition bool
}{
	{"https://a.example/", "h=1; Secure; Max-Age=3600", false},
	{"http://a.example/", "hp=2; Max-Age=3600", false},
	{"https://www.a.example/", "d=3; Domain=a.example; Secure; Max-Age=3600", false},
	{"https://www.a.example/", "w=4; Max-Age=3600", false},
	{"https://a.example/", "p=5; Secure; Partitioned; Max-Age=3600", true},
	{"https://a.example/", "s=6", false}, // a session cookie, written with PersistSessionCookies
	{"https://b.example/", "b=7; Secure; Max-Age=3600", false},
	{"https://www.b.example/", "bd=8; Domain=b.example; Max-Age=3600", false},
	{"https://b.example/", "bs=9", false},
}

// allCleanupRows are the rows of cleanupLines.
var allCleanupRows = []row{
	{".a.example", "d", true, ""},
	{".b.example", "bd", false, ""},
	{"a.example", "h", true, ""},
	{"a.example", "hp", false, ""},
	{"a.example", "p", true, "https://top1.com"},
	{"a.example", "s", false, ""},
	{"b.example", "b", true, ""},
	{"b.example", "bs", false, ""},
	{"www.a.example", "w", false, ""},
}

// setCleanupCookies sets cleanupLines through m.
func setCleanupCookies(t testing.TB, m *cookiemonster.Monster) {
	t.Helper()
	strict := cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)
	for _, sc := range cleanupLines {
		var part cookiemonster.PartitionKey
		if sc.partition {
			part = partitionKey(1, false)
		}
		res, err := m.SetCookieLine(context.Background(), mustURL(t, sc.url), sc.line, cookiemonster.HTTPOptions(strict, part))
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), "%s: %s", sc.line, res.Status)
	}
}

// TestSessionCleanupMonster: through a Monster over the session cleanup
// store of a Store, the rows of the session-only origins are gone from
// the file after Close, and every other row is there; for the Store of
// Open (Chromium's cookies table), the default store of a Backend and
// another store of a Backend (store_cookies, whose other stores keep
// their rows).
func TestSessionCleanupMonster(t *testing.T) {
	cases := []struct {
		name  string
		match func(domain string, secure bool) bool
		want  []row
	}{
		{"site a.example session-only", siteA, []row{
			{".b.example", "bd", false, ""},
			{"b.example", "b", true, ""},
			{"b.example", "bs", false, ""},
		}},
		// Set from https: h, p and s (no Secure attribute, but a secure
		// source); hp was set from http.
		{"secure a.example only", func(d string, secure bool) bool { return d == "a.example" && secure }, []row{
			{".a.example", "d", true, ""},
			{".b.example", "bd", false, ""},
			{"a.example", "hp", false, ""},
			{"b.example", "b", true, ""},
			{"b.example", "bs", false, ""},
			{"www.a.example", "w", false, ""},
		}},
		{"nothing session-only", func(string, bool) bool { return false }, allCleanupRows},
	}
	stores := []struct {
		name    string
		storeID string // "": the cookies table
		open    func(t *testing.T, path string) (cookiemonster.PersistentStore, func() error)
	}{
		{"Open", "", func(t *testing.T, path string) (cookiemonster.PersistentStore, func() error) {
			return openT(t, path, nil, nil), func() error { return nil }
		}},
		{"default store of a Backend", "", func(t *testing.T, path string) (cookiemonster.PersistentStore, func() error) {
			b := openBackendT(t, path, nil, nil)
			return storeT(t, b, cookiemonster.DefaultStoreID, false), b.Close
		}},
		{"store of a Backend", "alice", func(t *testing.T, path string) (cookiemonster.PersistentStore, func() error) {
			b := openBackendT(t, path, nil, nil)
			// Bob has rows of the same origins, which are not Alice's.
			bob := storeT(t, b, "bob", true)
			for _, c := range []*cookiemonster.CanonicalCookie{
				{Name: "bob-a", Value: "1", Domain: "a.example", Path: "/", Secure: true, Creation: t0, LastAccess: t0, LastUpdate: t0,
					Expiry: t0.Add(time.Hour), SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443},
			} {
				bob.Add(c)
			}
			require.NoError(t, bob.Close())
			return storeT(t, b, "alice", false), b.Close
		}},
	}
	for _, st := range stores {
		for _, tc := range cases {
			t.Run(st.name+"/"+tc.name, func(t *testing.T) {
				path := dbPath(t)
				inner, closeAll := st.open(t, path)
				m, err := cookiemonster.New(cookiemonster.Config{
					Store:                 cookiemonster.NewSessionCleanupStore(inner, tc.match),
					PersistSessionCookies: true,
					Now:                   (&clock{t: t0}).Now,
				})
				require.NoError(t, err)
				setCleanupCookies(t, m)
				require.NoError(t, m.Flush(context.Background()))
				assert.Equal(t, allCleanupRows, rowsIn(t, path, st.storeID), "every row is written while the Monster runs")
				require.NoError(t, m.Close())
				require.NoError(t, closeAll())
				assert.Equal(t, tc.want, rowsIn(t, path, st.storeID))
				if st.storeID == "alice" {
					assert.Equal(t, []row{{"a.example", "bob-a", true, ""}}, rowsIn(t, path, "bob"), "another store's rows stay")
				}
			})
		}
	}
}

// TestDeleteAllInList: Store.DeleteAllInList commits what is queued,
// then deletes every row of the listed (host_key, secure source) pairs, in
// every partition and, for the default store of a Backend, in both of its
// tables; an empty list commits nothing; a closed store fails.
func TestDeleteAllInList(t *testing.T) {
	// ck returns a cookie set over https with the Secure attribute (secure),
	// or over http without it.
	ck := func(name, domain string, secure bool, fpd string) *cookiemonster.CanonicalCookie {
		scheme, port := cookiemonster.SourceSchemeNonSecure, 80
		if secure {
			scheme, port = cookiemonster.SourceSchemeSecure, 443
		}
		return &cookiemonster.CanonicalCookie{Name: name, Value: "v", Domain: domain, Path: "/", Secure: secure,
			Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour),
			SourceScheme: scheme, SourcePort: port, FirstPartyDomain: fpd}
	}
	partitioned := ck("part", "a.example", true, "")
	partitioned.Partition = partitionKey(2, true)
	ctx := context.Background()

	t.Run("queued operations first, then the listed pairs", func(t *testing.T) {
		path := dbPath(t)
		s := openKeep(t, path, nil, nil)
		_, err := s.Load(ctx)
		require.NoError(t, err)
		for _, c := range []*cookiemonster.CanonicalCookie{
			ck("x", "a.example", true, ""), ck("y", "a.example", false, ""), ck("z", ".a.example", true, ""),
			ck("b", "b.example", true, ""), partitioned,
		} {
			s.Add(c)
		}
		require.NoError(t, s.Flush(ctx))
		// Queued, not committed: an added row of a listed pair, one of
		// another pair, and the deletion of b.
		s.Add(ck("late", "a.example", true, ""))
		s.Add(ck("c", "c.example", false, ""))
		s.Delete(ck("b", "b.example", true, ""))
		require.NoError(t, s.DeleteAllInList(ctx, []cookiemonster.CookieOrigin{{Domain: "a.example", Secure: true}}))
		assert.Equal(t, []row{
			{".a.example", "z", true, ""},
			{"a.example", "y", false, ""},
			{"c.example", "c", false, ""},
		}, rowsIn(t, path, ""))

		// An empty list commits nothing.
		s.Add(ck("queued", "d.example", false, ""))
		require.NoError(t, s.DeleteAllInList(ctx, nil))
		assert.Len(t, rowsIn(t, path, ""), 3)
		require.NoError(t, s.Close())
		assert.Len(t, rowsIn(t, path, ""), 4)

		err = s.DeleteAllInList(ctx, []cookiemonster.CookieOrigin{{Domain: "a.example"}})
		require.ErrorIs(t, err, ErrClosed)
		require.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
		assert.True(t, strings.HasPrefix(err.Error(), "sqlitestore: "), err.Error())
		assert.Equal(t, 1, strings.Count(err.Error(), "sqlitestore: "), err.Error())
	})

	t.Run("both tables of a Backend's default store", func(t *testing.T) {
		path := dbPath(t)
		b := openBackendT(t, path, nil, nil)
		def := storeT(t, b, cookiemonster.DefaultStoreID, true)
		other := storeT(t, b, "other", true)
		def.Add(ck("plain", "a.example", true, ""))
		def.Add(ck("fpd", "a.example", true, "first.example"))
		def.Add(ck("keep", "a.example", false, "first.example"))
		other.Add(ck("other", "a.example", true, ""))
		require.NoError(t, def.DeleteAllInList(ctx, []cookiemonster.CookieOrigin{{Domain: "a.example", Secure: true}}))
		assert.Equal(t, []row{}, rowsIn(t, path, ""))
		assert.Equal(t, []row{{"a.example", "keep", false, ""}}, rowsIn(t, path, cookiemonster.DefaultStoreID))
		assert.Equal(t, []row{{"a.example", "other", true, ""}}, rowsIn(t, path, "other"),
			"the commit wrote the other store's queue; the deletion left its rows")
		require.NoError(t, b.Close())
	})

	t.Run("a canceled context", func(t *testing.T) {
		path := dbPath(t)
		s := openKeep(t, path, nil, nil)
		s.Add(ck("x", "a.example", true, ""))
		require.NoError(t, s.Flush(ctx))
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		err := s.DeleteAllInList(canceled, []cookiemonster.CookieOrigin{{Domain: "a.example", Secure: true}})
		require.ErrorIs(t, err, context.Canceled)
		assert.Len(t, rowsIn(t, path, ""), 1, "nothing deleted")
		require.NoError(t, s.Close())
	})

	t.Run("the zero Store", func(t *testing.T) {
		var s Store
		require.ErrorIs(t, s.DeleteAllInList(ctx, nil), ErrClosed)
	})
}

// TestSessionCleanupConformance runs the store conformance suite over
// the session cleanup store of a Store, with settings that make nothing
// session-only, faults included.
func TestSessionCleanupConformance(t *testing.T) {
	logs := &logSink{}
	open := conformanceOpener(t, true, logs)
	storetest.Run(t, func() (*storetest.Backing, error) {
		b, err := open()
		if err != nil {
			return nil, err
		}
		inner := b.Open
		b.Open = func() (cookiemonster.PersistentStore, error) {
			s, err := inner()
			if err != nil {
				return nil, err
			}
			return cookiemonster.NewSessionCleanupStore(s, func(string, bool) bool { return false }), nil
		}
		return b, nil
	})
	assert.Empty(t, logs.all(), "nothing dropped or skipped")
}

// sessionOnlyA returns cookie settings that make a.example session-only,
// as siteA does: given as the Monster's Policy, they clean its Store.
func sessionOnlyA(t testing.TB) *cookiemonster.CookieSettings {
	s := &cookiemonster.CookieSettings{}
	require.NoError(t, s.SetContentSetting("[*.]a.example", "", cookiemonster.SettingSessionOnly))
	return s
}

// The SIGKILL test's child: it writes the cleanup cookies through a
// Monster whose CookieSettings make a.example session-only, flushes, says so and waits to
// be killed.
const cleanupEnvDB = "SQLITESTORE_CLEANUP_CHILD_DB"

// TestSessionCleanupKillChild is the child process of
// TestSessionCleanupAfterKill; it does nothing unless started by it.
func TestSessionCleanupKillChild(t *testing.T) {
	path := os.Getenv(cleanupEnvDB)
	if path == "" {
		t.Skip("the child process of TestSessionCleanupAfterKill")
	}
	s, err := Open(path, nil)
	require.NoError(t, err)
	m, err := cookiemonster.New(cookiemonster.Config{
		Store:                 s,
		Policy:                sessionOnlyA(t),
		PersistSessionCookies: true,
		Now:                   (&clock{t: t0}).Now,
	})
	require.NoError(t, err)
	setCleanupCookies(t, m)
	require.NoError(t, m.Flush(context.Background()))
	fmt.Println("FLUSHED")
	time.Sleep(30 * time.Second)
	t.Fatal("not killed")
}

// TestSessionCleanupAfterKill: a process killed with SIGKILL never
// closes its store, so the rows of the session-only site stay in the
// file; the next Monster whose CookieSettings make the site session-only
// (which wrap its Store in the session cleanup store) neither loads
// them nor keeps them: they are gone from the file once it flushes, and
// after it closes, while the other site's rows stay.
func TestSessionCleanupAfterKill(t *testing.T) {
	if os.Getenv(cleanupEnvDB) != "" {
		t.Skip("in the child")
	}
	path := dbPath(t)
	cmd := childTest("TestSessionCleanupKillChild", cleanupEnvDB+"="+path)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	flushed := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "FLUSHED" {
				flushed <- true
				break
			}
		}
		close(flushed)
		// Drain, so that the child never blocks on its output.
		for sc.Scan() {
		}
	}()
	select {
	case ok := <-flushed:
		require.True(t, ok, "the child ended without flushing")
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the child did not flush in time")
	}
	require.NoError(t, cmd.Process.Kill()) // SIGKILL
	_ = cmd.Wait()

	assert.Equal(t, allCleanupRows, rowsIn(t, path, ""), "the killed run left every row, the session-only ones too")

	bOnly := []row{
		{".b.example", "bd", false, ""},
		{"b.example", "b", true, ""},
		{"b.example", "bs", false, ""},
	}
	ctx := context.Background()
	s := openT(t, path, nil, nil)
	m, err := cookiemonster.New(cookiemonster.Config{
		Store:                 s,
		Policy:                sessionOnlyA(t),
		PersistSessionCookies: true,
		Now:                   (&clock{t: t0.Add(time.Minute)}).Now,
	})
	require.NoError(t, err)
	// The first access is to the session-only site (a priority load of
	// its key, unless the full load has returned already).
	included, _, err := m.Cookies(ctx, mustURL(t, "https://a.example/"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Empty(t, included, "a.example's cookies are not loaded")
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	var loaded []string
	for _, c := range all {
		loaded = append(loaded, c.Domain+" "+c.Name)
	}
	assert.ElementsMatch(t, []string{".b.example bd", "b.example b", "b.example bs"}, loaded)

	require.NoError(t, m.Flush(ctx))
	assert.Equal(t, bOnly, rowsIn(t, path, ""), "after Flush")
	require.NoError(t, m.Close())
	assert.Equal(t, bOnly, rowsIn(t, path, ""), "after Close")
}

// TestSessionOnlySettingsAtClose: a Monster whose CookieSettings make
// a.example session-only keeps its cookies while it runs (they are in the
// file after Flush) and deletes them from the file at Close; the other
// site's rows stay.
func TestSessionOnlySettingsAtClose(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	m, err := cookiemonster.New(cookiemonster.Config{
		Store:                 openT(t, path, nil, nil),
		Policy:                sessionOnlyA(t),
		PersistSessionCookies: true,
		Now:                   (&clock{t: t0}).Now,
	})
	require.NoError(t, err)
	setCleanupCookies(t, m)
	h, err := m.CookieHeader(ctx, mustURL(t, "https://a.example/"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "h=1; hp=2; d=3; s=6", h, "a session-only site's cookies work while the store runs")
	require.NoError(t, m.Flush(ctx))
	assert.Equal(t, allCleanupRows, rowsIn(t, path, ""), "written while running")
	require.NoError(t, m.Close())
	assert.Equal(t, []row{
		{".b.example", "bd", false, ""},
		{"b.example", "b", true, ""},
		{"b.example", "bs", false, ""},
	}, rowsIn(t, path, ""), "after Close")
}
