package sqlitestore

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchema(t *testing.T) {
	path := dbPath(t)
	s := openT(t, path, nil, nil)
	require.NoError(t, s.Close())
	db := rawDB(t, path)

	type column struct {
		cid     int
		name    string
		typ     string
		notNull bool
		dflt    sql.NullString
		pk      int
	}
	rows, err := db.Query(`PRAGMA table_info(cookies)`)
	require.NoError(t, err)
	var cols []column
	for rows.Next() {
		var c column
		require.NoError(t, rows.Scan(&c.cid, &c.name, &c.typ, &c.notNull, &c.dflt, &c.pk))
		cols = append(cols, c)
	}
	require.NoError(t, rows.Err())
	want := []struct{ name, typ string }{
		{"creation_utc", "INTEGER"}, {"host_key", "TEXT"}, {"top_frame_site_key", "TEXT"}, {"name", "TEXT"},
		{"value", "TEXT"}, {"encrypted_value", "BLOB"}, {"path", "TEXT"}, {"expires_utc", "INTEGER"},
		{"is_secure", "INTEGER"}, {"is_httponly", "INTEGER"}, {"last_access_utc", "INTEGER"},
		{"has_expires", "INTEGER"}, {"is_persistent", "INTEGER"}, {"priority", "INTEGER"}, {"samesite", "INTEGER"},
		{"source_scheme", "INTEGER"}, {"source_port", "INTEGER"}, {"last_update_utc", "INTEGER"},
		{"source_type", "INTEGER"}, {"has_cross_site_ancestor", "INTEGER"},
	}
	require.Len(t, cols, len(want))
	for i, w := range want {
		assert.Equal(t, column{cid: i, name: w.name, typ: w.typ, notNull: true}, cols[i], "column %d", i)
	}

	var idx struct{ name, tbl, sql string }
	require.NoError(t, db.QueryRow(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name = 'cookies_unique_index'`).
		Scan(&idx.name, &idx.tbl, &idx.sql))
	assert.Equal(t, "cookies", idx.tbl)
	assert.Equal(t, "CREATE UNIQUE INDEX cookies_unique_index ON cookies("+
		"host_key, top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme, source_port)", idx.sql)
	var idxCols []string
	rows, err = db.Query(`PRAGMA index_info(cookies_unique_index)`)
	require.NoError(t, err)
	for rows.Next() {
		var seq, cid int
		var name string
		require.NoError(t, rows.Scan(&seq, &cid, &name))
		idxCols = append(idxCols, name)
	}
	assert.Equal(t, []string{"host_key", "top_frame_site_key", "has_cross_site_ancestor", "name", "path", "source_scheme", "source_port"}, idxCols)
	var unique int
	require.NoError(t, db.QueryRow(`SELECT "unique" FROM pragma_index_list('cookies') WHERE name = 'cookies_unique_index'`).Scan(&unique))
	assert.Equal(t, 1, unique)

	var metaSQL string
	require.NoError(t, db.QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).Scan(&metaSQL))
	assert.Equal(t, "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)", metaSQL)
	meta := map[string]string{}
	rows, err = db.Query(`SELECT key, value FROM meta`)
	require.NoError(t, err)
	for rows.Next() {
		var k, v string
		require.NoError(t, rows.Scan(&k, &v))
		meta[k] = v
	}
	assert.Equal(t, map[string]string{"version": "24", "last_compatible_version": "24"}, meta)

	var objects []string
	rows, err = db.Query(`SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
	require.NoError(t, err)
	for rows.Next() {
		var o string
		require.NoError(t, rows.Scan(&o))
		objects = append(objects, o)
	}
	assert.Equal(t, []string{"table cookiemonster_hosts", "trigger cookiemonster_hosts_delete", "trigger cookiemonster_hosts_insert",
		"index cookiemonster_hosts_reversed", "trigger cookiemonster_hosts_update", "table cookies", "index cookies_unique_index", "table meta"}, objects)

	var mode string
	require.NoError(t, db.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode, "the journal mode persists in the file")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

func TestOpenSettings(t *testing.T) {
	s := openT(t, dbPath(t), nil, nil)
	ctx := context.Background()
	conn, err := s.d.db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	var sync, busy int
	require.NoError(t, conn.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync))
	require.NoError(t, conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy))
	assert.Equal(t, 2, sync, "synchronous=FULL")
	assert.Equal(t, 10000, busy)
	assert.Equal(t, DefaultCommitInterval, s.d.interval)
	assert.Equal(t, DefaultBatchSize, s.d.batch)
}

func TestOpenCreatesDirectoryAndHandlesOddPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b", "c?d#e%20")
	path := filepath.Join(dir, "Cookies")
	s, err := Open(path, nil)
	require.NoError(t, err)
	s.Add(genCookie(1))
	require.NoError(t, s.Close())
	_, err = os.Stat(path)
	require.NoError(t, err, "the database is at the path given, not at an unescaped one")
	assert.Equal(t, 1, countRows(t, path))
}

func setMeta(t *testing.T, path, key string, v int) {
	db := rawDB(t, path)
	_, err := db.Exec(`UPDATE meta SET value = ? WHERE key = ?`, v, key)
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

func TestOpenRefusesNewerCompatibleVersion(t *testing.T) {
	path := dbPath(t)
	s := openT(t, path, nil, nil)
	require.NoError(t, s.Close())
	setMeta(t, path, "version", 26)
	setMeta(t, path, "last_compatible_version", 25)
	_, err := Open(path, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTooNew)
	assert.Equal(t, "sqlitestore: open "+path+": database is too new: its last compatible version is 25, this package writes version 24", err.Error())

	// A newer version that is still compatible with 24 opens.
	setMeta(t, path, "last_compatible_version", 24)
	s, err = Open(path, nil)
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// TestColumnEncodings checks each column of a written row against
// Chromium's encodings.
func TestColumnEncodings(t *testing.T) {
	path := dbPath(t)
	s := openKeep(t, path, nil, nil)
	creation := time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC)
	part := partitionKey(1, false)
	cookies := []*cookiemonster.CanonicalCookie{
		{Name: "a", Value: "1", Domain: ".example.com", Path: "/", Creation: creation, LastAccess: creation.Add(time.Second),
			LastUpdate: creation.Add(2 * time.Second), Expiry: creation.Add(24 * time.Hour), Secure: true, HTTPOnly: true,
			SameSite: cookiemonster.SameSiteStrict, Priority: cookiemonster.PriorityHigh, Partition: part,
			SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443},
		{Name: "b", Value: "2", Domain: "www.example.com", Path: "/x", Creation: creation,
			SameSite: cookiemonster.SameSiteUnspecified, Priority: cookiemonster.PriorityLow,
			SourceScheme: cookiemonster.SourceSchemeNonSecure, SourcePort: cookiemonster.PortUnspecified},
		{Name: "c", Value: "3", Domain: "www.example.com", Path: "/", Creation: creation, Expiry: creation.Add(time.Hour),
			SameSite: cookiemonster.SameSiteNone, Priority: cookiemonster.PriorityMedium, Secure: true, SourcePort: 80},
		{Name: "d", Value: "4", Domain: "www.example.com", Path: "/", Creation: creation, SameSite: cookiemonster.SameSiteLax,
			SourcePort: cookiemonster.PortInvalid},
	}
	for _, c := range cookies {
		s.Add(c)
	}
	require.NoError(t, s.Flush(context.Background()))

	db := rawDB(t, path)
	type row struct {
		creation, expires, lastAccess, lastUpdate            int64
		host, site, name, value                              string
		encType                                              string
		encLen                                               int
		path                                                 string
		secure, httpOnly, hasExpires, persistent             int
		priority, sameSite, scheme, port, srcType, crossSite int
	}
	rows, err := db.Query(`SELECT creation_utc, expires_utc, last_access_utc, last_update_utc, host_key, top_frame_site_key,
		name, value, typeof(encrypted_value), length(encrypted_value), path, is_secure, is_httponly, has_expires, is_persistent,
		priority, samesite, source_scheme, source_port, source_type, has_cross_site_ancestor FROM cookies ORDER BY name`)
	require.NoError(t, err)
	var got []row
	for rows.Next() {
		var r row
		require.NoError(t, rows.Scan(&r.creation, &r.expires, &r.lastAccess, &r.lastUpdate, &r.host, &r.site, &r.name, &r.value,
			&r.encType, &r.encLen, &r.path, &r.secure, &r.httpOnly, &r.hasExpires, &r.persistent, &r.priority, &r.sameSite,
			&r.scheme, &r.port, &r.srcType, &r.crossSite))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())
	// 2026-01-02T03:04:05.678901Z in µs since 1601-01-01.
	const c = int64(13411796645678901)
	const day, hour, sec = int64(86400e6), int64(3600e6), int64(1e6)
	assert.Equal(t, []row{
		{c, c + day, c + sec, c + 2*sec, ".example.com", "https://top1.com", "a", "1", "blob", 0, "/", 1, 1, 1, 1, 2, 2, 2, 443, 0, 0},
		{c, 0, 0, 0, "www.example.com", "", "b", "2", "blob", 0, "/x", 0, 0, 0, 0, 0, -1, 1, -1, 0, 1},
		{c, c + hour, 0, 0, "www.example.com", "", "c", "3", "blob", 0, "/", 1, 0, 1, 1, 1, 0, 0, 80, 0, 1},
		{c, 0, 0, 0, "www.example.com", "", "d", "4", "blob", 0, "/", 0, 0, 0, 0, 1, 1, 0, -2, 0, 1},
	}, got)
	assert.Equal(t, c, toDB(creation))
	assert.Equal(t, creation, fromDB(c))
	assert.Equal(t, int64(0), toDB(time.Time{}))

	// The row loads back field for field.
	require.NoError(t, s.Close())
	assert.Equal(t, sorted(cookies), sorted(loadAllKeep(t, path, nil)))
}

// TestSourcePortColumn: -1 in the database is an unspecified port, -2 an
// invalid one, whatever the values of cookiemonster.PortUnspecified and
// PortInvalid; other values outside 0..65535 read as invalid.
func TestSourcePortColumn(t *testing.T) {
	cases := []struct {
		port int
		db   int64
	}{
		{cookiemonster.PortUnspecified, -1},
		{cookiemonster.PortInvalid, -2},
		{1, 1},
		{443, 443},
		{65535, 65535},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.db, portToDB(tc.port), "portToDB(%d)", tc.port)
		assert.Equal(t, tc.port, portFromDB(tc.db), "portFromDB(%d)", tc.db)
	}
	assert.Equal(t, 0, portFromDB(0))
	for _, v := range []int64{-3, -65536, 65536, 1 << 40, -1 << 40} {
		assert.Equal(t, cookiemonster.PortInvalid, portFromDB(v), "portFromDB(%d)", v)
	}

	// Through the database.
	path := dbPath(t)
	s := openT(t, path, nil, nil)
	c := genCookie(4) // PortUnspecified
	require.Equal(t, cookiemonster.PortUnspecified, c.SourcePort)
	require.True(t, c.IsPersistent())
	s.Add(c)
	require.NoError(t, s.Close())
	var port int64
	require.NoError(t, rawDB(t, path).QueryRow(`SELECT source_port FROM cookies`).Scan(&port))
	assert.Equal(t, int64(-1), port)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{c}, loadAll(t, path, nil))

	insertBadRow(t, rawDB(t, path), map[string]any{"name": "big", "source_port": 70000})
	big := &cookiemonster.CanonicalCookie{Name: "big", Value: "v", Domain: "b.example.com", Path: "/",
		Creation: t0, Expiry: t0.Add(time.Hour), LastAccess: t0, LastUpdate: t0, Secure: true,
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: cookiemonster.PortInvalid}
	assert.Equal(t, sorted([]*cookiemonster.CanonicalCookie{c, big}), sorted(loadAll(t, path, nil)))
}

// TestSessionCookiesDeletedAtFirstLoadUnlessKept: the session rows of an
// earlier run stay through Open and Close; the first Load deletes them
// unless KeepSessionCookies(true) came first; a later call changes
// nothing.
func TestSessionCookiesDeletedAtFirstLoadUnlessKept(t *testing.T) {
	path := dbPath(t)
	s := openKeep(t, path, nil, nil)
	var persistent, session []*cookiemonster.CanonicalCookie
	for i := 1; i <= 40; i++ {
		c := genCookie(i)
		s.Add(c)
		if c.IsPersistent() {
			persistent = append(persistent, c)
		} else {
			session = append(session, c)
		}
	}
	require.Len(t, session, 5)
	require.NoError(t, s.Close())

	require.NoError(t, openT(t, path, nil, nil).Close())
	assert.Equal(t, 40, countRows(t, path), "Open and Close without a load delete nothing")
	assert.Equal(t, sorted(append(persistent, session...)), sorted(loadAllKeep(t, path, nil)))
	assert.Equal(t, 40, countRows(t, path), "a load keeping the session cookies deletes nothing")

	// Told to keep them, then not to, before the load: the last word wins.
	s = openT(t, path, nil, nil)
	s.KeepSessionCookies(true)
	s.KeepSessionCookies(false)
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	assert.Equal(t, sorted(persistent), sorted(got))
	assert.Equal(t, 35, countRows(t, path), "the first load deleted the session rows")
	// Too late to keep them.
	s.KeepSessionCookies(true)
	got, err = s.LoadKey(context.Background(), "site1.com")
	require.NoError(t, err)
	assert.Empty(t, got)
	require.NoError(t, s.Close())

	// The first LoadKey deletes them as well.
	s = openKeep(t, path, nil, nil)
	for _, c := range session {
		s.Add(c)
	}
	require.NoError(t, s.Close())
	require.Equal(t, 40, countRows(t, path))
	s = openT(t, path, nil, nil)
	got, err = s.LoadKey(context.Background(), "site1.com")
	require.NoError(t, err)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{genCookie(1)}, got)
	// In the background: Close waits for the deletion.
	require.NoError(t, s.Close())
	assert.Equal(t, 35, countRows(t, path))
}

// sessionFixture stores cookies 1 to 40 of genCookie, session ones
// included, and returns the persistent ones.
func sessionFixture(t *testing.T, path string) []*cookiemonster.CanonicalCookie {
	t.Helper()
	s := openKeep(t, path, nil, nil)
	var persistent []*cookiemonster.CanonicalCookie
	for i := 1; i <= 40; i++ {
		c := genCookie(i)
		s.Add(c)
		if c.IsPersistent() {
			persistent = append(persistent, c)
		}
	}
	require.NoError(t, s.Close())
	require.Equal(t, 40, countRows(t, path))
	return persistent
}

// TestSessionCookiesDeletedOnceUnderConcurrentLoads: a Load and LoadKeys
// of every site started together delete the session rows once, before any
// of them reads, and none returns a session cookie.
func TestSessionCookiesDeletedOnceUnderConcurrentLoads(t *testing.T) {
	path := dbPath(t)
	persistent := sessionFixture(t, path)
	s := openT(t, path, nil, nil)
	ctx := context.Background()
	keys := []string{""} // "": Load
	for i := 1; i <= 40; i++ {
		keys = append(keys, cookiemonster.StorageKey(genCookie(i).Domain, nil))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	results := make([][]*cookiemonster.CanonicalCookie, len(keys))
	errs := make([]error, len(keys))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if k == "" {
				results[i], errs[i] = s.Load(ctx)
			} else {
				results[i], errs[i] = s.LoadKey(ctx, k)
			}
		}()
	}
	close(start)
	wg.Wait()
	var got []*cookiemonster.CanonicalCookie
	for i := range keys {
		require.NoError(t, errs[i], keys[i])
		got = append(got, results[i]...)
	}
	assert.Equal(t, sorted(persistent), sorted(got))
	require.NoError(t, s.Close())
	assert.Equal(t, len(persistent), countRows(t, path))
}

// TestSessionCookiesDeletionFailure: a deletion that fails is reported by
// a Load, which waits for it and still returns the persistent cookies
// only; a LoadKey does not wait for it, and Close reports it when no Load
// did. The session rows stay for the next Store.
func TestSessionCookiesDeletionFailure(t *testing.T) {
	cases := []struct {
		name string
		// load loads with s and returns what it got and the error of
		// Close.
		load func(t *testing.T, s *Store, path string) (got []*cookiemonster.CanonicalCookie, closeErr error)
		want func(persistent []*cookiemonster.CanonicalCookie) []*cookiemonster.CanonicalCookie
	}{
		{"Load", func(t *testing.T, s *Store, path string) ([]*cookiemonster.CanonicalCookie, error) {
			got, err := s.Load(context.Background())
			require.Error(t, err)
			assert.Equal(t, "sqlitestore: load "+path+": deleting the session cookies: constraint failed: no deletions (1811)", err.Error())
			return got, s.Close()
		}, func(p []*cookiemonster.CanonicalCookie) []*cookiemonster.CanonicalCookie { return p }},
		{"LoadKey", func(t *testing.T, s *Store, path string) ([]*cookiemonster.CanonicalCookie, error) {
			got, err := s.LoadKey(context.Background(), "site1.com")
			require.NoError(t, err, "LoadKey does not wait for the deletion")
			err = s.Close()
			require.Error(t, err)
			assert.Equal(t, "sqlitestore: close "+path+": deleting the session cookies: constraint failed: no deletions (1811)", err.Error())
			return got, nil
		}, func([]*cookiemonster.CanonicalCookie) []*cookiemonster.CanonicalCookie {
			return []*cookiemonster.CanonicalCookie{genCookie(1)}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := dbPath(t)
			persistent := sessionFixture(t, path)
			db := rawDB(t, path)
			_, err := db.Exec(`CREATE TRIGGER refuse BEFORE DELETE ON cookies BEGIN SELECT RAISE(ABORT, 'no deletions'); END`)
			require.NoError(t, err)
			got, closeErr := tc.load(t, openT(t, path, nil, nil), path)
			require.NoError(t, closeErr)
			assert.Equal(t, sorted(tc.want(persistent)), sorted(got), "the session rows are not read")
			assert.Equal(t, 40, countRows(t, path))

			_, err = db.Exec(`DROP TRIGGER refuse`)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			assert.Equal(t, sorted(persistent), sorted(loadAll(t, path, nil)))
			assert.Equal(t, len(persistent), countRows(t, path), "deleted by the next Store")
		})
	}
}

// TestSourcePortZeroRow: a row written with an explicit port 0 reads as an
// unspecified port, and the store still finds it to update and delete it.
func TestSourcePortZeroRow(t *testing.T) {
	path := dbPath(t)
	require.NoError(t, openT(t, path, nil, nil).Close())
	insertBadRow(t, rawDB(t, path), map[string]any{"name": "zero", "source_port": 0})

	s := openT(t, path, nil, nil)
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	require.Len(t, got, 1)
	c := got[0]
	assert.Equal(t, "zero", c.Name)
	assert.Equal(t, cookiemonster.PortUnspecified, c.SourcePort)

	c.LastAccess = t0.Add(time.Minute)
	s.UpdateAccessTime(c)
	require.NoError(t, s.Flush(context.Background()))
	var access int64
	require.NoError(t, rawDB(t, path).QueryRow(`SELECT last_access_utc FROM cookies WHERE name = 'zero'`).Scan(&access))
	assert.Equal(t, toDB(t0.Add(time.Minute)), access)

	s.Delete(c)
	require.NoError(t, s.Close())
	assert.Empty(t, loadAll(t, path, nil))
}
